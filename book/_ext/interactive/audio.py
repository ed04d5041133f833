"""The `audio-overview` directive: a narrated overview card with native controls, captions and a transcript."""

import json
from html import escape

from docutils import nodes

from .files import require
from .media_files import BuiltMediaDirective, register_media, setup_media
from .widgets import add_assets_for, add_widget_node


class audio_overview(nodes.General, nodes.Element):
    """An audio card: title, audio_url, captions_url, duration, paragraphs, mime."""


class AudioOverview(BuiltMediaDirective):
    """```{audio-overview} audio/02_activations``` with an optional :title:; reads the manifest `make audio` writes."""

    def run(self):
        manifest_path = self.built_file(".json", "audio")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.env.note_dependency(str(manifest_path))
        docname = self.env.docname
        files = {key: manifest_path.with_name(manifest[key]) for key in ("audio", "captions")}
        for path in files.values():
            require(path, "run `make audio`")
        urls = {key: register_media(self.env, docname, path) for key, path in files.items()}
        return [audio_overview(
            title=self.options.get("title", "Audio overview"),
            audio_url=urls["audio"],
            captions_url=urls["captions"],
            duration=float(manifest["duration"]),
            paragraphs=manifest["paragraphs"],
            mime=manifest.get("mime", "audio/mpeg"),
        )]


def visit_audio_overview_html(translator, node):
    fields = ("title", "audio_url", "captions_url", "duration", "paragraphs", "mime")
    translator.body.append(card_html(**{field: node[field] for field in fields}))


def format_duration(seconds: float) -> str:
    """Seconds as m:ss counting whole seconds only, as the browser's player does: 305.9 -> '5:05' (audio.js agrees)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def card_html(title, audio_url, captions_url, duration, paragraphs, mime) -> str:
    """The card's markup: a plain <audio controls> that works without the script, which adds captions on screen."""
    t, a, c = escape(title), escape(audio_url), escape(captions_url)
    transcript = "\n".join(f"    <p>{escape(' '.join(sentences))}</p>" for sentences in paragraphs)
    words = sum(len(s.split()) for sentences in paragraphs for s in sentences)
    return f"""
<section class="tt-audio" data-duration="{duration:.2f}" aria-label="{t}">
  <div class="tt-audio__head">
    <span class="tt-audio__title">{t}</span>
    <span class="tt-audio__badge">synthesized voice</span>
    <span class="tt-audio__duration">Length <span data-role="duration">{format_duration(duration)}</span></span>
  </div>
  <audio class="tt-audio__player" controls preload="metadata" aria-label="{t} (synthesized voice)">
    <source src="{a}" type="{escape(mime)}">
    <track kind="captions" src="{c}" srclang="en" label="English captions" default>
    <a href="{a}" download>Download the audio</a>
  </audio>
  <p class="tt-audio__caption" data-role="caption" aria-hidden="true"></p>
  <details class="tt-audio__transcript">
    <summary>Transcript ({words} words)</summary>
{transcript}
  </details>
</section>
"""


def setup_audio(app):
    """Register the audio-overview directive and its assets."""
    setup_media(app)
    add_widget_node(app, audio_overview, visit_audio_overview_html)
    app.add_directive("audio-overview", AudioOverview)
    add_assets_for(app, audio_overview, css=["audio.css"], js=["audio.js"])
