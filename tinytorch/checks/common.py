"""The checks every activation gets, and the building blocks of the element-wise activations' own checks.

Each check takes a `Spec` (with the class under test bound) and raises
`CheckFailed` with the reader's message; it returns None when the property holds.
"""

import math

import numpy as np

from tinytorch.checks.harness import CheckFailed, all_close, call, close, fmt_in, fmt_out, mismatch

EXTREMES = (-1000.0, 1000.0, -1e4, 1e4, -100.0, 100.0)
SAMPLE = ((-2.0, -0.5, 0.0), (0.5, 1.0, 3.0))
DTYPES = (np.float64, np.float32)


def in_dtype(dtype) -> str:
    """' in float32' for float32 runs, '' for float64: messages name the dtype only when it is not the default."""
    return "" if dtype == np.float64 else f" in {np.dtype(dtype)}"


def check_runs(spec):
    call(spec, SAMPLE, np.float32)


def check_returns_new_tensor(spec):
    x, out, array, *_ = call(spec, SAMPLE, np.float32)
    if isinstance(out, np.ndarray):
        raise CheckFailed(f"{spec.label} returned a numpy array, expected a Tensor: wrap it, Tensor(result)")
    if out is x:
        raise CheckFailed(f"{spec.label} returned its input Tensor itself; build a new Tensor for the output")
    if np.shares_memory(array, x.data):
        raise CheckFailed(f"{spec.label} returned a Tensor that shares memory with its input; "
                          "compute a new array instead of reusing x.data")


def check_input_unchanged(spec):
    original = np.array(SAMPLE, dtype=np.float32)
    x, *_ = call(spec, original, np.float32)
    if not np.array_equal(x.data, original):
        raise CheckFailed(f"{spec.label} changed its input in place: x was {fmt_out(original[0])}..., "
                          f"now {fmt_out(x.data[0])}...; leave x.data alone")


def check_shape(spec):
    for shape in ((2, 3), (4,), (2, 3, 4)):
        data = np.linspace(-2, 2, math.prod(shape)).reshape(shape)
        array = call(spec, data).array
        if array.shape != shape:
            raise CheckFailed(f"shape changed from {shape} to {array.shape}")


def check_dtype(spec):
    for dtype in DTYPES:
        array = call(spec, SAMPLE, dtype).array
        if array.dtype != dtype:
            widened = " (a float64 NumPy value such as np.sqrt(2) widens the result: use math.sqrt(2), " \
                "or cast with .astype(x.data.dtype))" if array.dtype == np.float64 else ""
            raise CheckFailed(f"output dtype {array.dtype}, expected {np.dtype(dtype)} for {np.dtype(dtype)} "
                              f"input{widened}")


def check_known_values(spec):
    for point in spec.points:
        run = call(spec, point)
        want = spec.reference(point)
        if not all_close(run.array, want, np.float64):
            raise CheckFailed(mismatch(spec, run.call, point, run.array, want, name_mistakes=True))


def _extreme_inputs(spec):
    return [(point, dtype) for dtype in DTYPES for point in spec.extremes]


def check_no_warnings(spec):
    for point, dtype in _extreme_inputs(spec):
        run = call(spec, point, dtype)
        if run.warnings:
            raise CheckFailed(f"{run.call} in {np.dtype(dtype)} raised RuntimeWarning '{run.warnings[0]}'")


def check_extremes(spec):
    for point, dtype in _extreme_inputs(spec):
        run = call(spec, point, dtype)
        want = spec.reference(point)
        if not all_close(run.array, want, dtype):
            raise CheckFailed(mismatch(spec, run.call, point, run.array, want) + in_dtype(dtype))


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


# --- building blocks for the element-wise activations (all but Softmax) ---------------

NAN_INPUT = (-1.0, math.nan, 2.0)


def nan_stays_nan(lost_hint):
    """The check 'nan stays nan': forward([-1, nan, 2]) is nan where the input is, and right elsewhere.

    `lost_hint` names the likely cause when the nan came back as a number.
    """
    def check(spec):
        want = [spec.reference(point) for point in NAN_INPUT]
        for dtype in DTYPES:
            run = call(spec, NAN_INPUT, dtype)
            if all_close(run.array, want, dtype):
                continue
            got = np.ravel(run.array).astype(np.float64)
            lost = got.size == len(want) and not math.isnan(got[1])
            hint = lost_hint if lost else "only the entry that was nan may come back as nan"
            raise CheckFailed(f"{run.call} returned {fmt_out(got)}; expected {fmt_out(want)}{in_dtype(dtype)} "
                              f"({hint})")
    return "nan stays nan", check


def limits_at_infinity(label, reference, nan_hint):
    """The check 'f(-inf) = a, f(inf) = b', the limits taken from `reference`.

    `nan_hint` names the likely cause when a limit came back as nan.
    """
    ends = (-math.inf, math.inf)
    name = ", ".join(f"{label}({fmt_in(end)}) = {fmt_in(reference(end))}" for end in ends)

    def check(spec):
        for dtype in DTYPES:
            for end in ends:
                run = call(spec, end, dtype)
                got = np.ravel(run.array).astype(np.float64)
                want = reference(end)
                if got.size == 1 and close(got[0], want, dtype):
                    continue
                hint = f" ({nan_hint})" if got.size == 1 and math.isnan(got[0]) else ""
                raise CheckFailed(f"{run.call} returned {fmt_out(got if got.size != 1 else got[0])}; "
                                  f"expected {fmt_out(want)}{in_dtype(dtype)}{hint}")
    return name, check


def check_range(spec, low, high):
    """Raise unless every output on a sweep (and the extremes) lies in [low, high]."""
    xs = tuple(np.linspace(-12, 12, 49)) + EXTREMES
    for dtype in DTYPES:
        for x in xs:
            y = float(np.ravel(call(spec, x, dtype).array)[0])
            if not low <= y <= high:
                wanted = f"in [{low:g}, {high:g}]" if high < math.inf else f">= {low:g}"
                raise CheckFailed(f"{spec.label}({x:g}) returned {fmt_out(y)}; expected a value {wanted}")


def check_mirror(spec, expected_text, expected):
    """Compare f(-x) with expected(x, f(x)) on a sweep: the symmetry checks."""
    for x in np.linspace(0.25, 8, 32):
        fx = float(np.ravel(call(spec, x).array)[0])
        fminus = float(np.ravel(call(spec, -x).array)[0])
        want = expected(x, fx)
        if not math.isclose(fminus, want, rel_tol=1e-9, abs_tol=1e-12):
            other = expected_text.format(x=f"{x:g}")
            raise CheckFailed(f"{spec.label}({-x:g}) returned {fmt_out(fminus)}, but {other} = {fmt_out(want)}")
