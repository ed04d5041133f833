"""Run one chapter cell inside Pyodide, notebook-style: one shared namespace, the last expression's repr, figures as PNG."""

import ast
import base64
import io
import linecache
import os
import sys
import traceback

CELL_FILE = "<cell>"
namespace = {"__name__": "__main__", "__builtins__": __builtins__}

# No DOM in a worker: matplotlib draws with Agg and the page gets PNGs after the run.
# plt.show() must stay quiet (plain Agg warns that it cannot show), as in a notebook.
QUIET_AGG_BACKEND = """
from matplotlib.backend_bases import FigureManagerBase as FigureManager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas


def show(*args, **kwargs):
    pass
"""
_backend_dir = "/tmp/cell_backend"
os.makedirs(_backend_dir, exist_ok=True)
with open(os.path.join(_backend_dir, "quiet_agg.py"), "w") as _handle:
    _handle.write(QUIET_AGG_BACKEND)
sys.path.append(_backend_dir)
os.environ["MPLBACKEND"] = "module://quiet_agg"


def run_cell(code: str) -> dict:
    """Execute `code` in the page's namespace; return its value repr, figures and any error."""
    linecache.cache[CELL_FILE] = (len(code), None, code.splitlines(True), CELL_FILE)
    outcome = {"ok": True, "value": None, "images": [], "error": None}
    try:
        tree = ast.parse(code, CELL_FILE, "exec")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, CELL_FILE, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), CELL_FILE, "eval"), namespace)
            if value is not None:
                namespace["_"] = value
                outcome["value"] = repr(value)
    except BaseException as error:  # the reader's code may raise anything, SystemExit included
        outcome["ok"] = False
        outcome["error"] = describe_error(error)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        outcome["images"] = figures_as_png()
    return outcome


def describe_error(error: BaseException) -> dict:
    """The error's type, message and a traceback that starts at the reader's cell."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != CELL_FILE:
        tb = tb.tb_next  # drop this runner's own frames
    lines = traceback.format_exception(type(error), error, tb)
    text = "".join(lines).replace(f'File "{CELL_FILE}", line', "Cell, line")
    return {"type": type(error).__name__, "message": str(error), "traceback": text}


def figures_as_png() -> list:
    """Every open matplotlib figure as a PNG data URL; the figures are closed afterwards."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    images = []
    for number in pyplot.get_fignums():
        buffer = io.BytesIO()
        pyplot.figure(number).savefig(buffer, format="png", bbox_inches="tight")
        images.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
    pyplot.close("all")
    return images
