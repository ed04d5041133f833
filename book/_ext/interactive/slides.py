"""The `slide-viewer` directive: a built PDF deck shown by a self-hosted pdf.js viewer, with a download link."""

import re
from html import escape
from pathlib import Path

from docutils import nodes

from .media_files import BuiltMediaDirective, register_media, relative_static_url, setup_media
from .vendor_assets import vendor_path
from .widgets import add_assets_for, add_widget_node

PDFJS_MODULE = vendor_path("pdfjs", "pdf.min.mjs")  # its worker, pdf.worker.min.mjs, sits beside it
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]")
WIDESCREEN = (16, 9)


def page_shape(pdf: Path) -> tuple[float, float]:
    """Width and height of the deck's first page (its MediaBox), so the viewer holds that shape before pdf.js
    draws and nothing below it moves; 16:9 when the PDF keeps its page boxes in compressed object streams."""
    found = MEDIA_BOX.search(pdf.read_bytes())
    if found is None:
        return WIDESCREEN
    x0, y0, x1, y1 = (float(v) for v in found.groups())
    return (abs(x1 - x0), abs(y1 - y0)) if x1 != x0 and y1 != y0 else WIDESCREEN


class slide_viewer(nodes.General, nodes.Element):
    """A deck shown by the viewer: pdf_url, pdfjs_url, title, filename, shape (page width, height)."""


class SlideViewer(BuiltMediaDirective):
    """```{slide-viewer} slides/02_activations.pdf``` with an optional :title:."""

    def run(self):
        pdf = self.built_file(".pdf", "slides")
        docname = self.env.docname
        return [slide_viewer(
            pdf_url=register_media(self.env, docname, pdf),
            pdfjs_url=relative_static_url(docname, PDFJS_MODULE),
            title=self.options.get("title", "Slides"),
            filename=pdf.name,
            shape=page_shape(pdf),
        )]


def visit_slide_viewer_html(translator, node):
    translator.body.append(viewer_html(node["pdf_url"], node["pdfjs_url"], node["title"], node["filename"],
                                       node.get("shape", WIDESCREEN)))


def viewer_html(pdf_url: str, pdfjs_url: str, title: str, filename: str, shape=WIDESCREEN) -> str:
    """The viewer's markup: controls exist before the script runs, the fallback link works without it, and the
    canvas holds the deck's page shape from the start (the slide drawn later takes exactly that room)."""
    t, src = escape(title), escape(pdf_url)
    aspect = f"{shape[0]:g} / {shape[1]:g}"
    return f"""
<figure class="tt-slides" data-src="{src}" data-pdfjs="{escape(pdfjs_url)}" data-title="{t}"
        style="--slide-aspect: {aspect}">
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


def setup_slides(app):
    """Register the slide-viewer directive and its assets (pdf.js itself is a vendor asset)."""
    setup_media(app)
    add_widget_node(app, slide_viewer, visit_slide_viewer_html)
    app.add_directive("slide-viewer", SlideViewer)
    add_assets_for(app, slide_viewer, css=["slides.css"], js=["slides.js"])
