"""How a check calls the reader's forward, compares what came back and words a failure.

Everything a check module needs: `Spec` (what the checks know about one
activation), `call` (run forward on a Tensor, noting RuntimeWarnings and
overflows), `close`/`all_close` (the tolerances) and the formatting of inputs
and outputs in messages. Pure NumPy + stdlib: it runs natively and inside Pyodide.
"""

import contextlib
import math
import traceback
import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from tinytorch.core.tensor import Tensor


class CheckFailed(Exception):
    """Raised inside a check with the message the reader will see."""


@dataclass
class Spec:
    """Everything the checks know about one activation: reference, telltale mistakes and its own checks.

    `reference` maps a float to a float (a list to a list for Softmax) using only `math`;
    `mistakes` are (formula, note) pairs: an output that matches formula gets the note;
    `checks` are the activation's own (name, check) pairs, run after the common ones.
    """

    name: str
    reference: object
    points: tuple
    extremes: tuple
    checks: tuple
    nan_hint: str = "did exp overflow?"
    mistakes: tuple = ()
    cls: type = None  # the class under test, bound by run_checks

    @property
    def label(self):
        return self.name.lower()


def fmt_in(data) -> str:
    """An input as the reader would type it: -1000, [1, 2.5], -inf, nan."""
    data = np.asarray(data)
    if data.ndim == 0:
        return f"{float(data):g}"
    return "[" + ", ".join(fmt_in(v) for v in data) + "]"


def fmt_out(data) -> str:
    """An output value to six significant digits: 0.0, 0.880797, nan, [0.5, 1.0]."""
    data = np.asarray(data)
    if data.ndim > 0:
        return "[" + ", ".join(fmt_out(v) for v in data) + "]"
    text = f"{float(data):.6g}"
    return text if any(c in text for c in ".eni") else text + ".0"


WATCHED = ("exp", "exp2", "expm1", "power", "float_power", "cosh", "sinh")
_overflows = []  # what the watched functions saw overflow during the current forward call


@contextlib.contextmanager
def watching_overflow():
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


def call(spec, data, dtype=np.float64, **kwargs) -> Run:
    """Run the reader's forward on Tensor(data), or raise CheckFailed saying how it went wrong."""
    x = Tensor(np.array(data, dtype=dtype))
    text = f"{spec.label}({fmt_in(x.data) if x.ndim <= 1 else 'x'}"
    text += "".join(f", {k}={v!r}" for k, v in kwargs.items()) + ")"
    _overflows.clear()
    with warnings.catch_warnings(record=True) as caught, watching_overflow(), \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            activation = spec.cls()
        except Exception as error:
            raise CheckFailed(f"{spec.name}() raised {type(error).__name__}{error_line(error)}: {error} "
                              "(the checks create it with no arguments)") from None
        try:
            out = activation.forward(x, **kwargs)
        except Exception as error:
            raise CheckFailed(f"{text} raised {type(error).__name__}{error_line(error)}: {error}") from None
    if isinstance(out, Tensor):
        array = out.data
    elif isinstance(out, np.ndarray):
        array = out
    else:
        hint = " (missing return?)" if out is None else ""
        raise CheckFailed(f"{text} returned {type(out).__name__}, expected a Tensor{hint}")
    found = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] + _overflows
    return Run(x, out, array, found, text)


def close(got, want, dtype) -> bool:
    """Whether one output value matches the reference: nan matches nan, inf matches inf of its sign."""
    rtol, atol = (1e-9, 1e-12) if dtype == np.float64 else (2e-6, 1e-7)
    return bool(np.isclose(got, want, rtol=rtol, atol=atol)) or (math.isnan(want) and math.isnan(got))


def all_close(got, want, dtype) -> bool:
    """Whether the output `got` matches the reference `want` (a number, or a list for Softmax)."""
    want = np.atleast_1d(want)
    return np.size(got) == want.size and all(close(g, w, dtype) for g, w in zip(np.ravel(got), want))


def mismatch(spec, text, point, got, want, name_mistakes=False) -> str:
    """'sigmoid(2) returned 0.5; expected 0.880797', with a hint when the output names the mistake."""
    message = f"{text} returned {fmt_out(got)}; expected {fmt_out(want)}"
    if np.isnan(np.asarray(got, dtype=np.float64)).any():
        return f"{message} ({spec.nan_hint})"
    if name_mistakes and np.size(got) == 1:
        for formula, note in spec.mistakes:
            if close(float(np.ravel(got)[0]), formula(point), np.float64):
                return f"{message} ({note})"
    return message


def error_line(error) -> str:
    """' on line N' for the deepest frame of the reader's code in error's traceback, else ''."""
    lines = [lineno for frame, lineno in traceback.walk_tb(error.__traceback__)
             if frame.f_code.co_filename == "<exercise>"]
    return f" on line {lines[-1]}" if lines else ""
