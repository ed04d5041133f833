"""The `audio-overview` directive: a narrated overview card with native controls, captions and a transcript."""

import json
from html import escape

from docutils import nodes
from sphinx.util import logging

from .media_files import BuiltMediaDirective, register_media, setup_media

logger = logging.getLogger(__name__)
MARKER = 'class="tt-audio"'


class AudioOverview(BuiltMediaDirective):
    """```{audio-overview} audio/02_activations``` with an optional :title:; reads the manifest `make audio` writes."""

    def run(self):
        manifest_path = self.built_file(".json", "audio")
        if manifest_path is None:
            return []
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.env.note_dependency(str(manifest_path))
        docname = self.env.docname
        files = {key: manifest_path.with_name(manifest[key]) for key in ("audio", "captions")}
        missing = [str(path) for path in files.values() if not path.is_file()]
        if missing:
            logger.warning(f"audio-overview: {missing} missing: run `make audio`", location=self.get_location())
            return []
        urls = {key: register_media(self.env, docname, path) for key, path in files.items()}
        html = card_html(
            title=self.options.get("title", "Audio overview"),
            audio_url=urls["audio"],
            captions_url=urls["captions"],
            duration=float(manifest["duration"]),
            paragraphs=manifest["paragraphs"],
            mime=manifest.get("mime", "audio/mpeg"),
        )
        return [nodes.raw("", html, format="html")]


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
<section {MARKER} data-duration="{duration:.2f}" aria-label="{t}">
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


def add_card_assets(app, pagename, templatename, context, doctree):
    """Load the card's CSS and JS module only on pages that have an audio card."""
    if MARKER in context.get("body", ""):
        app.add_css_file("audio.css")
        app.add_js_file("audio.js", type="module")


def setup_audio(app):
    """Register the audio-overview directive and its assets."""
    setup_media(app)
    app.add_directive("audio-overview", AudioOverview)
    app.connect("html-page-context", add_card_assets)
