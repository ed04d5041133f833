"""Runnable cells: MyST-NB code cells tagged `runnable` become editable and run in the browser with Pyodide.

A chapter marks a cell with `:tags: [runnable]`; MyST-NB renders it as `div.cell.tag_runnable`, which
cells.js turns into an editor. Cells with Colab-style `# @param` lines also get inputs (explore.js).
A cell tagged with a key of `interactive_tab_cells` moves into the tab of that label in the tab set
right before it. After an HTML build, the Pyodide distribution is written to `_static/pyodide/`.
"""

from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx_design.shared import is_component

from .widgets import add_assets_for
from .config import get_config
from .pyodide_dist import build_pyodide_dist
from .runtime import RUNTIME_SCRIPT

RUNNABLE_CLASS = "tag_runnable"
logger = logging.getLogger(__name__)


def setup_cells(app):
    app.connect("doctree-read", move_cells_into_tabs)
    add_assets_for(app, is_runnable_cell, css=["cells.css", "explore.css"], js=[
        RUNTIME_SCRIPT,
        "python_highlight.js",
        "edit_store.js",  # keeps the reader's edits; shared with the exercises
        "explore_params.js",  # `# @param` lines as inputs: parsed here, drawn by explore.js
        "explore.js",
        "run_messages.js",  # the status line and output labels, as pure functions
        "cells.js",
    ])
    app.connect("build-finished", _write_pyodide_dist)


def is_runnable_cell(node) -> bool:
    """Whether `node` is a MyST-NB cell tagged `runnable`."""
    return isinstance(node, nodes.container) and RUNNABLE_CLASS in node.get("classes", [])


def move_cells_into_tabs(app, doctree):
    """Move every cell tagged with a key of interactive_tab_cells into the tab of that label just before it."""
    for tag, label in get_config(app).tab_cells.items():
        tag_class = "tag_" + tag  # MyST-NB's class for a cell tag
        tagged = [node for node in doctree.findall(nodes.container) if tag_class in node.get("classes", [])]
        for cell in tagged:
            content = _tab_before(cell, label)
            if content is None:
                logger.warning(f"a cell tagged `{tag}` must follow a tab-set with a tab-item labelled "
                               f"'{label}'; none is right before it", location=cell)
                continue
            cell.parent.remove(cell)
            content.append(cell)


def _tab_before(cell, label: str):
    """The content node of the tab labelled `label` in the tab set just before `cell` (skipping targets), or None."""
    siblings = cell.parent.children[: cell.parent.index(cell)]
    previous = next((node for node in reversed(siblings) if not isinstance(node, nodes.Invisible)), None)
    if not is_component(previous, "tab-set"):
        return None
    for item in previous.children:
        if is_component(item, "tab-item") and len(item.children) == 2 and item[0].astext().strip() == label:
            return item[1]
    return None


def _write_pyodide_dist(app, exception):
    settings = get_config(app)
    if exception is not None or app.builder.format != "html" or not settings.pyodide_dist:
        return
    out_dir = Path(app.outdir) / "_static" / "pyodide"
    served = build_pyodide_dist(settings, Path(app.srcdir), out_dir)
    logger.info(f"pyodide: wrote {len(served.packages)} verified packages to {out_dir}")
