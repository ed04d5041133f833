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
from sphinx_design.shared import is_component

from .editor_bundle import add_editor_assets
from .pyodide_dist import build_pyodide_dist

ROOT = Path(__file__).resolve().parents[3]
RUNNABLE_CLASS = "tag_runnable"
TAB_CELL_CLASS = "tag_tab-tinytorch"  # MyST-NB's class for the cell tag `tab-tinytorch`
TAB_LABEL = "TinyTorch"
logger = logging.getLogger(__name__)


def setup_cells(app):
    app.add_config_value("interactive_pyodide_dist", True, "html", types=[bool])
    app.add_js_file("runtime.js", defer="defer")
    app.connect("doctree-read", move_cells_into_tabs)
    app.connect("html-page-context", _add_cell_assets)
    app.connect("build-finished", _write_pyodide_dist)


def has_runnable_cells(doctree) -> bool:
    """Whether the page holds at least one cell tagged `runnable`."""
    return doctree is not None and any(
        RUNNABLE_CLASS in node.get("classes", []) for node in doctree.findall(nodes.container)
    )


def move_cells_into_tabs(app, doctree):
    """Move every cell tagged `tab-tinytorch` into the TinyTorch tab of the tab set right before it."""
    tagged = [node for node in doctree.findall(nodes.container) if TAB_CELL_CLASS in node.get("classes", [])]
    for cell in tagged:
        content = _tinytorch_tab_before(cell)
        if content is None:
            logger.warning(f"a cell tagged `tab-tinytorch` must follow a tab-set with a tab-item labelled "
                           f"'{TAB_LABEL}'; none is right before it", location=cell)
            continue
        cell.parent.remove(cell)
        content.append(cell)


def _tinytorch_tab_before(cell):
    """The content node of the TinyTorch tab in the tab set just before `cell` (skipping targets), or None."""
    siblings = cell.parent.children[: cell.parent.index(cell)]
    previous = next((node for node in reversed(siblings) if not isinstance(node, nodes.Invisible)), None)
    if not is_component(previous, "tab-set"):
        return None
    for item in previous.children:
        if is_component(item, "tab-item") and len(item.children) == 2 and item[0].astext().strip() == TAB_LABEL:
            return item[1]
    return None


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
    add_editor_assets(app)  # the code editor, shared with the exercises
    app.add_js_file("edit_store.js", defer="defer")  # keeps the reader's edits; shared with the exercises
    app.add_css_file("explore.css")
    app.add_js_file("explore_params.js", defer="defer")  # `# @param` lines as inputs: parsed here, drawn by explore.js
    app.add_js_file("explore.js", defer="defer")
    app.add_js_file("cells.js", defer="defer", **{"data-binder-url": binder_url(app, pagename), "data-page": pagename})


def _write_pyodide_dist(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.interactive_pyodide_dist:
        return
    out_dir = Path(app.outdir) / "_static" / "pyodide"
    served = build_pyodide_dist(ROOT, out_dir)
    logger.info(f"pyodide: wrote {len(served.packages)} verified packages to {out_dir}")
