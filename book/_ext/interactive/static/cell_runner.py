"""Run one chapter cell inside Pyodide, notebook-style: one shared namespace, the last expression's repr, figures as PNG.

As in Jupyter: top-level `await` works, and a trailing `;` hides the last expression's value. What a
browser cannot do (input(), packages the page does not ship, arrays beyond WebAssembly's memory) fails
with an error that says so and what to do instead.
"""

import ast
import base64
import builtins
import inspect
import io
import linecache
import os
import sys
import tokenize
import traceback

CELL_FILE = "<cell>"
RUNNER_FILE = __file__
COMPILE_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
SHIPPED = "numpy, matplotlib and tinytorch"
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
_backend_dir = "/tmp/cell_backend"
os.makedirs(_backend_dir, exist_ok=True)
with open(os.path.join(_backend_dir, "quiet_agg.py"), "w") as _handle:
    _handle.write(QUIET_AGG_BACKEND)
sys.path.append(_backend_dir)
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


def ends_with_semicolon(code: str) -> bool:
    """True if the cell's last token (comments aside) is `;`: Jupyter then hides the value."""
    last = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER,
                                  tokenize.INDENT, tokenize.DEDENT):
                last = token
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


async def run_code(code_object):
    """Run a compiled piece of the cell, awaiting it if it uses top-level await."""
    result = eval(code_object, namespace)
    if code_object.co_flags & inspect.CO_COROUTINE:
        result = await result
    return result


async def run_cell(code: str) -> dict:
    """Execute `code` in the page's namespace; return its value repr, figures and any error."""
    linecache.cache[CELL_FILE] = (len(code), None, code.splitlines(True), CELL_FILE)
    outcome = {"ok": True, "value": None, "images": [], "error": None}
    try:
        tree = compile(code, CELL_FILE, "exec", ast.PyCF_ONLY_AST | COMPILE_FLAGS)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        await run_code(compile(tree, CELL_FILE, "exec", COMPILE_FLAGS))
        if last is not None:
            value = await run_code(compile(ast.Expression(last.value), CELL_FILE, "eval", COMPILE_FLAGS))
            if value is not None and not ends_with_semicolon(code):
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
