"""Copies changed static files (CSS/JS) even when Sphinx finds no page to rewrite and skips its own copy."""

from pathlib import Path

from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import DOTFILES


def setup_static_refresh(app):
    app.connect("builder-inited", _reset)
    app.connect("html-page-context", _note_page_written)
    app.connect("build-finished", _copy_static_if_skipped)


def _reset(app):
    app.builder.interactive_pages_written = 0


def _note_page_written(app, pagename, templatename, context, doctree):
    app.builder.interactive_pages_written += 1


def _copy_static_if_skipped(app, exception):
    """On a rebuild with no outdated page Sphinx returns before copying html_static_path: copy it here."""
    if exception is not None or app.builder.format != "html" or app.builder.interactive_pages_written:
        return
    for entry in app.config.html_static_path:
        copy_asset(Path(app.confdir) / entry, Path(app.outdir) / "_static", excluded=DOTFILES,
                   __overwrite_warning__=False)
