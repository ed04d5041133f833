"""Changed static files (CSS/JS) reach the site and the pages that link them, on incremental builds too.

Sphinx stamps each stylesheet and script link with `?v=<checksum>` when it writes a page, and on a rebuild
with no outdated page it skips copying html_static_path altogether. So a changed script would either not be
copied, or be copied under pages that still name the old checksum (a browser holding the old file under that
URL, long-cached, would keep it). Here a digest of every static file is kept in the environment: when it
changes, every page is outdated and rewritten with the new checksums; and if no page was written, the
static files are copied anyway.
"""

import hashlib
from pathlib import Path

from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import DOTFILES


def setup_static_refresh(app):
    app.connect("env-get-outdated", _outdated_when_static_changed)
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


def _static_digest(app) -> str:
    digest = hashlib.sha256()
    for entry in app.config.html_static_path:
        folder = Path(app.confdir) / entry
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for file in files:
            digest.update(str(file.relative_to(folder.parent)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _outdated_when_static_changed(app, env, added, changed, removed):
    """Every page, when any static file changed since the last build (so each names the new ?v= checksums)."""
    digest = _static_digest(app)
    previous = getattr(env, "interactive_static_digest", None)
    env.interactive_static_digest = digest
    return list(env.found_docs) if previous != digest else []
