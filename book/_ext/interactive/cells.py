"""Runnable cells: MyST-NB code cells tagged `runnable` become editable and run in the browser with Pyodide.

A chapter marks a cell with `:tags: [runnable]`; MyST-NB renders it as
`div.cell.tag_runnable`, which cells.js turns into an editor. Pages with such
cells get the cells' JS and CSS; every page gets runtime.js (a few KB, loads
nothing until asked) so other widgets can share the same Python. After an
HTML build, the Pyodide distribution is written to `_static/pyodide/`.
"""

from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from .pyodide_dist import build_pyodide_dist

ROOT = Path(__file__).resolve().parents[3]
RUNNABLE_CLASS = "tag_runnable"
logger = logging.getLogger(__name__)


def setup(app):
    app.add_config_value("interactive_pyodide_dist", True, "html", types=[bool])
    app.add_js_file("runtime.js", defer="defer")
    app.connect("html-page-context", _add_cell_assets)
    app.connect("build-finished", _write_pyodide_dist)


def has_runnable_cells(doctree) -> bool:
    """Whether the page holds at least one cell tagged `runnable`."""
    return doctree is not None and any(
        RUNNABLE_CLASS in node.get("classes", []) for node in doctree.findall(nodes.container)
    )


def binder_url(app, pagename: str) -> str:
    """The Binder launch link for a page, built from the book's repository settings ('' if none)."""
    options = app.config.html_theme_options or {}
    hub = (options.get("launch_buttons") or {}).get("binderhub_url", "")
    repository = options.get("repository_url", "")
    if not hub or "github.com/" not in repository:
        return ""
    org_repo = repository.rstrip("/").split("github.com/")[1]
    branch = options.get("repository_branch", "main")
    docs = options.get("path_to_docs", "").strip("/")
    source = app.env.doc2path(pagename, base=False) if pagename in app.env.all_docs else f"{pagename}.md"
    path = "/".join(part for part in (docs, str(source)) if part)
    return f"{hub.rstrip('/')}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{path}"


def _add_cell_assets(app, pagename, templatename, context, doctree):
    if not has_runnable_cells(doctree):
        return
    app.add_css_file("cells.css")
    app.add_js_file("python_highlight.js", defer="defer")
    app.add_js_file("cells.js", defer="defer", **{"data-binder-url": binder_url(app, pagename)})


def _write_pyodide_dist(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.interactive_pyodide_dist:
        return
    out_dir = Path(app.outdir) / "_static" / "pyodide"
    served = build_pyodide_dist(ROOT, out_dir)
    logger.info(f"pyodide: wrote {len(served['packages'])} verified packages to {out_dir}")
