"""The `slide-viewer` directive: a built PDF deck shown by a self-hosted pdf.js viewer, with a download link."""

import shutil
from html import escape
from pathlib import Path

from docutils import nodes

from .media_files import BuiltMediaDirective, register_media, relative_static_url, setup_media

PDFJS_FILES = ("pdf.min.mjs", "pdf.worker.min.mjs")
PDFJS_STATIC = "pdfjs"
MARKER = 'class="tt-slides"'


class SlideViewer(BuiltMediaDirective):
    """```{slide-viewer} slides/02_activations.pdf``` with an optional :title:."""

    def run(self):
        pdf = self.built_file(".pdf", "slides")
        if pdf is None:
            return []
        docname = self.env.docname
        html = viewer_html(
            pdf_url=register_media(self.env, docname, pdf),
            pdfjs_url=relative_static_url(docname, f"{PDFJS_STATIC}/{PDFJS_FILES[0]}"),
            title=self.options.get("title", "Slides"),
            filename=pdf.name,
        )
        return [nodes.raw("", html, format="html")]


def viewer_html(pdf_url: str, pdfjs_url: str, title: str, filename: str) -> str:
    """The viewer's markup: controls exist before the script runs, the fallback link works without it."""
    t, src = escape(title), escape(pdf_url)
    return f"""
<figure {MARKER} data-src="{src}" data-pdfjs="{escape(pdfjs_url)}" data-title="{t}">
  <figcaption class="tt-slides__head">
    <span class="tt-slides__title">{t}</span>
    <span class="tt-slides__badge">slides built from this chapter's source</span>
    <a class="tt-pill tt-pill--accent" href="{src}" download="{escape(filename)}" aria-label="Download PDF of the slides">Download PDF</a>
  </figcaption>
  <div class="tt-slides__stage" tabindex="0" role="region"
       aria-label="{t}: slide viewer. Left and right arrow keys change the slide.">
    <canvas class="tt-slides__canvas" role="img" aria-label="{t}: slide not loaded yet"></canvas>
    <p class="tt-slides__status" role="status">The slides load when you scroll to them.</p>
    <p class="tt-slides__fallback" hidden>The slide viewer could not load this deck.
      <a href="{src}" download="{escape(filename)}">Download the slides (PDF)</a> to read them instead.</p>
  </div>
  <div class="tt-slides__progress" role="group" aria-label="Jump to a slide"></div>
  <div class="tt-slides__controls">
    <button type="button" class="tt-pill" data-action="prev" aria-label="Prev slide" disabled>&#8592; Prev</button>
    <span class="tt-slides__counter" aria-live="polite"><span data-role="page">&ndash;</span> / <span data-role="count">&ndash;</span></span>
    <button type="button" class="tt-pill" data-action="next" aria-label="Next slide" disabled>Next &#8594;</button>
    <span class="tt-slides__spacer"></span>
    <button type="button" class="tt-pill" data-action="zoom-out" aria-label="Zoom out" disabled>&minus;</button>
    <span class="tt-slides__zoom" data-role="zoom" aria-live="polite">100%</span>
    <button type="button" class="tt-pill" data-action="zoom-in" aria-label="Zoom in" disabled>+</button>
    <button type="button" class="tt-pill" data-action="fullscreen" aria-label="Show the slides full screen">Full screen</button>
  </div>
</figure>
"""


def add_viewer_assets(app, pagename, templatename, context, doctree):
    """Load the viewer's CSS and JS module only on pages that show a deck."""
    if MARKER in context.get("body", ""):
        app.add_css_file("slides.css")
        app.add_js_file("slides.js", type="module")


def copy_pdfjs(app, exception):
    """Copy only the two pdf.js files the viewer needs (library + worker) from node_modules into _static/pdfjs/."""
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.config.interactive_pdfjs_dir or Path(app.srcdir) / "node_modules/pdfjs-dist/build")
    missing = [name for name in PDFJS_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(f"pdf.js files {missing} not in {source}: run `npm ci` (make setup does)")
    target = Path(app.outdir) / "_static" / PDFJS_STATIC
    target.mkdir(parents=True, exist_ok=True)
    for name in PDFJS_FILES:
        shutil.copy2(source / name, target / name)


def setup_slides(app):
    """Register the slide-viewer directive, its assets and the pdf.js copy step."""
    setup_media(app)
    app.add_config_value("interactive_pdfjs_dir", "", "html")
    app.add_directive("slide-viewer", SlideViewer)
    app.connect("html-page-context", add_viewer_assets)
    app.connect("build-finished", copy_pdfjs)
