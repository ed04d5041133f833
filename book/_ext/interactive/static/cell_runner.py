"""Run one chapter cell inside Pyodide, notebook-style: one shared namespace, the last expression's repr, figures as PNG.

Pyodide's own `eval_code_async` runs the cell as Jupyter would: top-level `await` works, the last
expression's value comes back, and a trailing `;` hides it. What a browser cannot do (input(), packages
the page does not ship, arrays beyond WebAssembly's memory) fails with an error that says so and what to
do instead. `call` runs one named function of an installed module on plain data and gives its answer
back as data (the exercises' checks).
"""

import base64
import builtins
import importlib
import io
import linecache
import os
import site
import sys
import traceback
from pathlib import Path

from pyodide.code import eval_code_async

CELL_FILE = "<cell>"
RUNNER_FILE = __file__
SHIPPED = "numpy, matplotlib and the page's own library"  # set_shipped() names them once the worker knows
ARRAY_TOO_BIG = ("Maximum allowed dimension exceeded", "array is too big; `arr.size * arr.dtype.itemsize` "
                 "is larger than the maximum possible size.")  # numpy's words when a shape overflows
namespace = {"__name__": "__main__", "__builtins__": __builtins__}

# No DOM in a worker: matplotlib draws with Agg and the page gets PNGs after the run.
# plt.show() must stay quiet (plain Agg warns that it cannot show), as in a notebook.
QUIET_AGG_BACKEND = """
from matplotlib.backend_bases import FigureManagerBase as FigureManager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas


def show(*args, **kwargs):
    pass
"""
# Installed where Pyodide installs packages, so it imports by name once matplotlib asks for it. (site, not
# sysconfig: sysconfig.get_paths() loads the build's configuration data, about 70 ms of every start.)
(Path(site.getsitepackages()[0]) / "quiet_agg.py").write_text(QUIET_AGG_BACKEND)
os.environ["MPLBACKEND"] = "module://quiet_agg"


class InputNotAvailable(OSError):
    """input() in a page whose Python has no keyboard to read from."""


InputNotAvailable.__module__ = "builtins"  # tracebacks name it without this runner's module


def no_input(prompt=""):
    raise InputNotAvailable("This page's Python cannot read a line you type, so input() does not work here.")


_READS_STDIN = builtins.input
builtins.input = no_input


def read_input_from_page():
    """A cross-origin isolated page answers input() itself (worker.js's stdin): the builtin input comes back."""
    builtins.input = _READS_STDIN


def set_shipped(packages: list) -> None:
    """Name what this page's Python ships, for the advice on a failed import ("numpy, matplotlib and tinytorch")."""
    global SHIPPED
    names = list(dict.fromkeys(packages))
    SHIPPED = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


async def run_cell(code: str) -> dict:
    """Execute `code` in the page's namespace; return its value repr, figures and any error."""
    # Tracebacks quote the reader's lines from here (Pyodide keeps no source for a "<...>" file name).
    linecache.cache[CELL_FILE] = (len(code), None, code.splitlines(True), CELL_FILE)
    outcome = {"ok": True, "value": None, "images": [], "error": None}
    try:
        value = await eval_code_async(code, namespace, filename=CELL_FILE)
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


def call(target: str, args: list) -> dict:
    """Call "module:function" with `args` (plain data); its answer comes back as data: {ok, data, error}."""
    module_name, _, name = target.partition(":")
    try:
        data = getattr(importlib.import_module(module_name), name)(*args)
        return {"ok": True, "data": data, "images": [], "error": None}
    except BaseException as error:  # Stop's KeyboardInterrupt too: it must reach the page as a result
        return {"ok": False, "data": None, "images": [], "error": describe_error(error)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def advice_for(error: BaseException) -> str | None:
    """What the reader can do about an error the browser causes, or None for an ordinary Python error."""
    if isinstance(error, InputNotAvailable):
        return "Put the value in the code instead (name = \"Ada\"), or run the chapter on Binder, where input() works."
    if isinstance(error, ModuleNotFoundError) and error.name:
        package = error.name.split(".")[0]
        return (f"This page's Python ships only {SHIPPED} besides the standard library, so {package} "
                f"cannot be imported here. Run the chapter on Binder to use {package}.")
    too_big = isinstance(error, ValueError) and str(error) in ARRAY_TOO_BIG
    if isinstance(error, MemoryError) or too_big:
        return (f"The browser's Python is {sys.maxsize.bit_length() + 1}-bit WebAssembly: it can use at most a few GB "
                f"of memory and at most {sys.maxsize:,} elements along one axis, so this array does not fit. "
                "Make it smaller.")
    return None


def describe_error(error: BaseException) -> dict:
    """The error's type, message, a traceback of the reader's own frames, and advice if the browser is the cause."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != CELL_FILE:
        tb = tb.tb_next  # drop this runner's own frames
    report = traceback.TracebackException(type(error), error, tb)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if frame.filename != RUNNER_FILE])  # and no_input's, at the end
    text = "".join(report.format()).replace(f'File "{CELL_FILE}", line', "Cell, line")
    advice = advice_for(error)
    return {"type": type(error).__name__, "message": str(error), "traceback": text, "advice": advice}


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
