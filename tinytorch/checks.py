"""Named property checks for an activation class: the project's tests and the page's exercises share them.

`run_checks("Sigmoid", cls)` instantiates `cls`, calls `forward` on Tensors and
returns one `CheckResult` per property; a failure says what came back and what
was expected. Reference values come from the `math` module, never from
tinytorch's own activations, so the checks stay an independent judge.
Pure NumPy + stdlib: it runs natively and inside Pyodide.
"""

import contextlib
import io
import json
import math
import traceback
import warnings
from dataclasses import asdict, dataclass, replace
from typing import NamedTuple

import numpy as np

from tinytorch.core.tensor import Tensor


@dataclass
class CheckResult:
    """The outcome of one named check: on failure, `message` says what to fix."""

    name: str
    passed: bool
    message: str = ""


class CheckFailed(Exception):
    """Raised inside a check with the message the reader will see."""


def _sigmoid(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def _gelu(x):
    return x * 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _softmax(row):
    top = max(row)
    exps = [math.exp(v - top) for v in row]
    return [e / sum(exps) for e in exps]


@dataclass
class Spec:
    """What the checks know about one activation: its reference formula and its telltale mistakes."""

    name: str
    reference: object  # float -> float, or list -> list for Softmax
    points: tuple
    nan_hint: str = "did exp overflow?"
    mistakes: tuple = ()  # (formula, note) pairs: if the output matches formula, add note
    cls: type = None  # the class under test, bound by run_checks

    @property
    def label(self):
        return self.name.lower()


SPECS = {
    "ReLU": Spec("ReLU", lambda x: max(x, 0.0), (-3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5)),
    "Sigmoid": Spec(
        "Sigmoid", _sigmoid, (-20.0, -5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 5.0, 20.0),
        mistakes=((lambda x: _sigmoid(-x), "that is sigmoid(-x): check the sign in the exponent"),),
    ),
    "Tanh": Spec("Tanh", math.tanh, (-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0),
                 mistakes=((_sigmoid, "that is the sigmoid, which lies in (0, 1), not (-1, 1)"),)),
    "GELU": Spec(
        "GELU", _gelu, (-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0),
        nan_hint="inf * 0 gives nan: did a term overflow?",
        mistakes=(
            (lambda x: x * 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
             "that is the tanh approximation; write the exact x * Phi(x) with erf"),
            (lambda x: x * _sigmoid(1.702 * x), "that is the x * sigmoid(1.702 x) approximation; "
             "write the exact x * Phi(x) with erf"),
            (lambda x: x * _sigmoid(math.sqrt(2 / math.pi) * x),
             "sqrt(2/pi) belongs to the tanh approximation, not inside a sigmoid"),
        ),
    ),
    "Softmax": Spec("Softmax", _softmax, ((1.0, 2.0, 3.0), (0.0, 0.0, 0.0), (-1.0, 0.0, 1.0),
                                          (5.0, -2.0, 0.5)),
                    nan_hint="did exp overflow? subtract the max first"),
}
EXTREMES = (-1000.0, 1000.0, -1e4, 1e4, -100.0, 100.0)
SOFTMAX_EXTREMES = ((1000.0, 1001.0, 1002.0), (-1000.0, -1001.0, -1002.0), (1e4, 0.0, -1e4))
SAMPLE = ((-2.0, -0.5, 0.0), (0.5, 1.0, 3.0))


def _fmt_in(data) -> str:
    """An input as the reader would type it: -1000, [1, 2.5]."""
    data = np.asarray(data)
    if data.ndim == 0:
        return f"{float(data):g}"
    return "[" + ", ".join(_fmt_in(v) for v in data) + "]"


def _fmt_out(data) -> str:
    """An output value to six significant digits: 0.0, 0.880797, nan, [0.5, 1.0]."""
    data = np.asarray(data)
    if data.ndim > 0:
        return "[" + ", ".join(_fmt_out(v) for v in data) + "]"
    text = f"{float(data):.6g}"
    return text if any(c in text for c in ".eni") else text + ".0"


WATCHED = ("exp", "exp2", "expm1", "power", "float_power", "cosh", "sinh")
_overflows = []  # what the watched functions saw overflow during the current forward call


@contextlib.contextmanager
def _watching_overflow():
    """Swap NumPy's exp-like functions for ones that note a finite input turning into inf.

    WebAssembly has no floating-point exception flags, so NumPy in Pyodide never warns about
    overflow; this watch sees the overflow natively and in the browser alike.
    """
    if getattr(np.exp, "watched", False):  # already installed by an outer call
        yield
        return
    saved = {name: getattr(np, name) for name in WATCHED}
    for name, ufunc in saved.items():
        setattr(np, name, _watched(name, ufunc))
    try:
        yield
    finally:
        for name, ufunc in saved.items():
            setattr(np, name, ufunc)


def _watched(name, ufunc):
    """ufunc, noting in _overflows when finite inputs give an infinite result."""
    def call(*args, **kwargs):
        result = ufunc(*args, **kwargs)
        try:
            finite = np.logical_and.reduce([np.isfinite(a) for a in args[:ufunc.nin]])
            if np.any(np.isinf(result) & finite):
                _overflows.append(f"overflow encountered in {name}")
        except (TypeError, ValueError):  # exotic arguments: let NumPy's own answer stand
            pass
        return result
    call.watched = True
    return call


class Run(NamedTuple):
    """One call of the reader's forward: its input, raw output, output array, RuntimeWarnings and how to name it."""

    x: Tensor
    out: object
    array: np.ndarray
    warnings: list
    call: str


def _call(spec, data, dtype=np.float64, **kwargs) -> Run:
    """Run the reader's forward on Tensor(data), or raise CheckFailed saying how it went wrong."""
    x = Tensor(np.array(data, dtype=dtype))
    call = f"{spec.label}({_fmt_in(x.data) if x.ndim <= 1 else 'x'}"
    call += "".join(f", {k}={v!r}" for k, v in kwargs.items()) + ")"
    _overflows.clear()
    with warnings.catch_warnings(record=True) as caught, _watching_overflow(), \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            activation = spec.cls()
        except Exception as error:
            raise CheckFailed(f"{spec.name}() raised {type(error).__name__}{_line(error)}: {error} "
                              "(the checks create it with no arguments)") from None
        try:
            out = activation.forward(x, **kwargs)
        except Exception as error:
            raise CheckFailed(f"{call} raised {type(error).__name__}{_line(error)}: {error}") from None
    if isinstance(out, Tensor):
        array = out.data
    elif isinstance(out, np.ndarray):
        array = out
    else:
        hint = " (missing return?)" if out is None else ""
        raise CheckFailed(f"{call} returned {type(out).__name__}, expected a Tensor{hint}")
    found = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] + _overflows
    return Run(x, out, array, found, call)


def _close(got, want, dtype) -> bool:
    rtol, atol = (1e-9, 1e-12) if dtype == np.float64 else (2e-6, 1e-7)
    return bool(np.isclose(got, want, rtol=rtol, atol=atol)) or (math.isnan(want) and math.isnan(got))


def _mismatch(spec, call, point, got, want, name_mistakes=False) -> str:
    """'sigmoid(2) returned 0.5; expected 0.880797', with a hint when the output names the mistake."""
    message = f"{call} returned {_fmt_out(got)}; expected {_fmt_out(want)}"
    if np.isnan(np.asarray(got, dtype=np.float64)).any():
        return f"{message} ({spec.nan_hint})"
    if name_mistakes and np.size(got) == 1:
        for formula, note in spec.mistakes:
            if _close(float(np.ravel(got)[0]), formula(point), np.float64):
                return f"{message} ({note})"
    return message


# --- the checks, each raising CheckFailed with its message -------------------------

def check_runs(spec):
    _call(spec, SAMPLE, np.float32)


def check_returns_new_tensor(spec):
    x, out, array, *_ = _call(spec, SAMPLE, np.float32)
    if isinstance(out, np.ndarray):
        raise CheckFailed(f"{spec.label} returned a numpy array, expected a Tensor: wrap it, Tensor(result)")
    if out is x:
        raise CheckFailed(f"{spec.label} returned its input Tensor itself; build a new Tensor for the output")
    if np.shares_memory(array, x.data):
        raise CheckFailed(f"{spec.label} returned a Tensor that shares memory with its input; "
                          "compute a new array instead of reusing x.data")


def check_input_unchanged(spec):
    original = np.array(SAMPLE, dtype=np.float32)
    x, *_ = _call(spec, original, np.float32)
    if not np.array_equal(x.data, original):
        raise CheckFailed(f"{spec.label} changed its input in place: x was {_fmt_out(original[0])}..., "
                          f"now {_fmt_out(x.data[0])}...; leave x.data alone")


def check_shape(spec):
    for shape in ((2, 3), (4,), (2, 3, 4)):
        data = np.linspace(-2, 2, math.prod(shape)).reshape(shape)
        array = _call(spec, data).array
        if array.shape != shape:
            raise CheckFailed(f"shape changed from {shape} to {array.shape}")


def check_dtype(spec):
    for dtype in (np.float32, np.float64):
        array = _call(spec, SAMPLE, dtype).array
        if array.dtype != dtype:
            widened = " (a float64 NumPy value such as np.sqrt(2) widens the result: use math.sqrt(2), " \
                "or cast with .astype(x.data.dtype))" if array.dtype == np.float64 else ""
            raise CheckFailed(f"output dtype {array.dtype}, expected {np.dtype(dtype)} for {np.dtype(dtype)} "
                              f"input{widened}")


def _all_close(got, want, dtype) -> bool:
    """Whether the output `got` matches the reference `want` (a number, or a list for Softmax)."""
    want = np.atleast_1d(want)
    return np.size(got) == want.size and all(_close(g, w, dtype) for g, w in zip(np.ravel(got), want))


def check_known_values(spec):
    for point in spec.points:
        run = _call(spec, point)
        want = spec.reference(point)
        if not _all_close(run.array, want, np.float64):
            raise CheckFailed(_mismatch(spec, run.call, point, run.array, want, name_mistakes=True))


def _extreme_inputs(spec):
    points = SOFTMAX_EXTREMES if spec.name == "Softmax" else EXTREMES
    return [(point, dtype) for dtype in (np.float64, np.float32) for point in points]


def check_no_warnings(spec):
    for point, dtype in _extreme_inputs(spec):
        run = _call(spec, point, dtype)
        if run.warnings:
            raise CheckFailed(f"{run.call} in {np.dtype(dtype)} raised RuntimeWarning '{run.warnings[0]}'")


def check_extremes(spec):
    for point, dtype in _extreme_inputs(spec):
        run = _call(spec, point, dtype)
        want = spec.reference(point)
        if not _all_close(run.array, want, dtype):
            raise CheckFailed(_mismatch(spec, run.call, point, run.array, want)
                              + ("" if dtype == np.float64 else " in float32"))


def _pairs(spec, xs, dtype=np.float64):
    """forward on each of xs: [(x, output), ...] as floats."""
    return [(x, float(np.ravel(_call(spec, x, dtype).array)[0])) for x in xs]


def _check_range(spec, low, high):
    xs = tuple(np.linspace(-12, 12, 49)) + EXTREMES
    for dtype in (np.float64, np.float32):
        for x, y in _pairs(spec, xs, dtype):
            if not low <= y <= high:
                wanted = f"in [{low:g}, {high:g}]" if high < math.inf else f">= {low:g}"
                raise CheckFailed(f"{spec.label}({x:g}) returned {_fmt_out(y)}; expected a value {wanted}")


def _check_mirror(spec, expected_text, expected):
    """Compare f(-x) with expected(x, f(x)) on a sweep: the symmetry checks."""
    for x in np.linspace(0.25, 8, 32):
        fx, fminus = _pairs(spec, (x, -x))
        want = expected(x, fx[1])
        if not math.isclose(fminus[1], want, rel_tol=1e-9, abs_tol=1e-12):
            other = expected_text.format(x=f"{x:g}")
            raise CheckFailed(f"{spec.label}({-x:g}) returned {_fmt_out(fminus[1])}, but {other} = {_fmt_out(want)}")


def check_relu_zeroes_negatives(spec):
    negatives = (-3.0, -1.0, -0.5, -1e-3)
    x, _, array, *_ = _call(spec, negatives)
    if np.array_equal(array, x.data):
        raise CheckFailed("relu returned the input unchanged for negatives; they should become 0")
    for point, value in zip(negatives, np.ravel(array)):
        if value != 0:
            raise CheckFailed(f"relu({point:g}) returned {_fmt_out(value)}; expected 0.0")


def check_relu_keeps_positives(spec):
    positives = (0.5, 1.0, 3.0, 1e4)
    array = _call(spec, positives).array
    for point, value in zip(positives, np.ravel(array)):
        if value != point:
            raise CheckFailed(f"relu({point:g}) returned {_fmt_out(value)}; expected {_fmt_out(point)} unchanged")


def check_sigmoid_range(spec):
    _check_range(spec, 0.0, 1.0)


def check_sigmoid_symmetry(spec):
    _check_mirror(spec, "1 - sigmoid({x})", lambda x, fx: 1 - fx)


def check_tanh_range(spec):
    _check_range(spec, -1.0, 1.0)


def check_tanh_odd(spec):
    _check_mirror(spec, "-tanh({x})", lambda x, fx: -fx)


def check_gelu_mirror(spec):
    _check_mirror(spec, "gelu({x}) - {x}", lambda x, fx: fx - x)


def check_gelu_minimum(spec):
    _check_range(spec, -0.17, math.inf)


ROWS = ((1.0, 2.0, 3.0, 4.0), (-1.0, 0.0, 1.0, 0.5), (2.0, 2.0, 2.0, 2.0))


def check_softmax_rows_sum_to_one(spec):
    array = _call(spec, ROWS).array
    for total in np.atleast_1d(array.sum(axis=-1)):
        if not math.isclose(total, 1.0, rel_tol=1e-9):
            raise CheckFailed(f"softmax rows sum to {total:.4g}; expected 1 (divide by the sum along dim)")


def check_softmax_range(spec):
    for row in ROWS + SOFTMAX_EXTREMES:
        run = _call(spec, row)
        if not ((run.array >= 0) & (run.array <= 1)).all():
            raise CheckFailed(f"{run.call} returned {_fmt_out(run.array)}; expected values in [0, 1]")


def check_softmax_shift(spec):
    for row in ROWS:
        base = _call(spec, row).array
        shifted = _call(spec, np.array(row) + 100).array
        if not np.allclose(base, shifted, rtol=1e-9, atol=1e-12):
            raise CheckFailed(f"softmax({_fmt_in(row)} + 100) returned {_fmt_out(shifted)}, but softmax("
                              f"{_fmt_in(row)}) returned {_fmt_out(base)}; adding a constant must not change it")


def check_softmax_dim(spec):
    cases = ((np.array(ROWS), 0), (np.arange(24.0).reshape(2, 3, 4) / 7, 1), (np.array(ROWS), 1))
    for data, dim in cases:
        array = _call(spec, data, dim=dim).array
        totals = array.sum(axis=dim) if array.shape == data.shape else None
        if totals is None or not np.allclose(totals, 1.0, rtol=1e-9):
            found = f"sums along dim {dim} are {_fmt_out(np.ravel(totals)[:4])}" if totals is not None \
                else f"shape changed from {data.shape} to {array.shape}"
            raise CheckFailed(f"softmax(x of shape {data.shape}, dim={dim}): {found}; expected 1 (is dim used?)")


COMMON = (
    ("forward runs and returns a Tensor", check_runs),
    ("returns a new Tensor", check_returns_new_tensor),
    ("leaves its input unchanged", check_input_unchanged),
    ("keeps the shape", check_shape),
    ("keeps the dtype (float32 stays float32)", check_dtype),
    ("matches the formula at known points", check_known_values),
    ("no RuntimeWarning on extreme inputs", check_no_warnings),
    ("no nan, right values on extreme inputs", check_extremes),
)
SPECIFIC = {
    "ReLU": (("zeroes every negative", check_relu_zeroes_negatives),
             ("passes positives through unchanged", check_relu_keeps_positives)),
    "Sigmoid": (("stays within [0, 1]", check_sigmoid_range),
                ("sigmoid(-x) = 1 - sigmoid(x)", check_sigmoid_symmetry)),
    "Tanh": (("stays within [-1, 1]", check_tanh_range),
             ("is odd: tanh(-x) = -tanh(x)", check_tanh_odd)),
    "GELU": (("gelu(x) - gelu(-x) = x", check_gelu_mirror),
             ("never below -0.17", check_gelu_minimum)),
    "Softmax": (("rows sum to 1", check_softmax_rows_sum_to_one),
                ("stays within [0, 1]", check_softmax_range),
                ("softmax(x + c) = softmax(x)", check_softmax_shift),
                ("respects the dim argument", check_softmax_dim)),
}


def check_names(name: str) -> list:
    """The names of the checks for activation `name`, in the order they run."""
    return [check_name for check_name, _ in COMMON + SPECIFIC[name]]


def run_checks(name: str, cls) -> list:
    """Every check for activation `name` against the class `cls`: a list of CheckResult."""
    if name not in SPECS:
        raise ValueError(f"no checks for {name!r}; choose one of {', '.join(SPECS)}")
    spec = replace(SPECS[name], cls=cls)
    results = []
    for check_name, check in COMMON + SPECIFIC[name]:
        if results and not results[0].passed:
            results.append(CheckResult(check_name, False, "not run: forward must run first"))
            continue
        try:
            check(spec)
            results.append(CheckResult(check_name, True))
        except CheckFailed as failure:
            results.append(CheckResult(check_name, False, str(failure)))
        except Exception as error:  # a reader's output can break a check in ways no message foresaw
            results.append(CheckResult(check_name, False, f"the check could not read the output: "
                                                          f"{type(error).__name__}: {error}"))
    return results


def run_checks_json(name: str, cls) -> str:
    """run_checks as a JSON report: {activation, passed, total, results: [{name, passed, message}], error, stdout}."""
    return json.dumps(_report(name, run_checks(name, cls)))


def _report(name, results, error=None, stdout=""):
    return {"activation": name, "passed": sum(r.passed for r in results), "total": len(check_names(name)),
            "results": [asdict(r) for r in results], "error": error, "stdout": stdout}


STDOUT_LIMIT = 2000  # the checks call forward often: a print inside it would flood the page


def check_source_json(name: str, source: str) -> str:
    """Run the reader's source in a fresh namespace, find its class and check it: a JSON report.

    What the source prints goes into the report's `stdout` (cut at STDOUT_LIMIT characters).
    """
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        results, error = _check_source(name, source)
    stdout = printed.getvalue()
    if len(stdout) > STDOUT_LIMIT:
        stdout = stdout[:STDOUT_LIMIT] + f"\n... ({len(stdout) - STDOUT_LIMIT} more characters not shown)"
    return json.dumps(_report(name, results, error, stdout))


def _check_source(name, source):
    """(results, None), or ([], the error message) when the source cannot give a class to check."""
    namespace = {"__name__": "exercise"}
    try:
        with _watching_overflow():  # so that `from numpy import exp` picks up the watched exp
            exec(compile(source, "<exercise>", "exec"), namespace)
    except SyntaxError as error:
        return [], f"SyntaxError on line {error.lineno}: {error.msg}"
    except Exception as error:
        return [], f"{type(error).__name__}{_line(error)}: {error}"
    candidates = [v for v in namespace.values()
                  if isinstance(v, type) and v.__module__ == "exercise" and hasattr(v, "forward")]
    chosen = namespace.get(name) if namespace.get(name) in candidates else None
    if chosen is None and len(candidates) == 1:
        chosen = candidates[0]
    if chosen is None:
        found = ", ".join(c.__name__ for c in candidates) or "none"
        return [], f"define one class named {name} with a forward method (classes with forward found: {found})"
    return run_checks(name, chosen), None


def _line(error) -> str:
    """' on line N' for the deepest frame of the reader's code in error's traceback, else ''."""
    lines = [lineno for frame, lineno in traceback.walk_tb(error.__traceback__)
             if frame.f_code.co_filename == "<exercise>"]
    return f" on line {lines[-1]}" if lines else ""
