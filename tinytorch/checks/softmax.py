"""The checks of Softmax: rows that are distributions, shifted by each row's own max, -inf as a mask.

Decided cases: a row holding a nan is nan throughout (only that row); an entry
of -inf gets probability 0; a row of nothing but -inf has no distribution and
is nan, as in PyTorch (`torch.softmax(torch.tensor([-inf, -inf]), 0)`).
"""

import math

import numpy as np

from tinytorch.checks.harness import CheckFailed, Spec, call, all_close, fmt_in, fmt_out
from tinytorch.checks.common import DTYPES, in_dtype

INF, NAN = math.inf, math.nan


def reference(row):
    if any(math.isnan(v) for v in row) or all(v == -INF for v in row):
        return [NAN] * len(row)
    top = max(row)
    exps = [math.exp(v - top) for v in row]
    return [e / sum(exps) for e in exps]


ROWS = ((1.0, 2.0, 3.0, 4.0), (-1.0, 0.0, 1.0, 0.5), (2.0, 2.0, 2.0, 2.0))
EXTREMES = ((1000.0, 1001.0, 1002.0), (-1000.0, -1001.0, -1002.0), (1e4, 0.0, -1e4))
PER_ROW_MAX = "subtract each row's own max, x.max(axis=dim, keepdims=True), not one global x.max()"


def check_rows_sum_to_one(spec):
    array = call(spec, ROWS).array
    for total in np.atleast_1d(array.sum(axis=-1)):
        if not math.isclose(total, 1.0, rel_tol=1e-9):
            raise CheckFailed(f"softmax rows sum to {total:.4g}; expected 1 (divide by the sum along dim)")


def check_range(spec):
    for row in ROWS + EXTREMES:
        run = call(spec, row)
        if not ((run.array >= 0) & (run.array <= 1)).all():
            raise CheckFailed(f"{run.call} returned {fmt_out(run.array)}; expected values in [0, 1]")


def check_shift(spec):
    for row in ROWS:
        base = call(spec, row).array
        shifted = call(spec, np.array(row) + 100).array
        if not np.allclose(base, shifted, rtol=1e-9, atol=1e-12):
            raise CheckFailed(f"softmax({fmt_in(row)} + 100) returned {fmt_out(shifted)}, but softmax("
                              f"{fmt_in(row)}) returned {fmt_out(base)}; adding a constant must not change it")


def check_dim(spec):
    cases = ((np.array(ROWS), 0), (np.arange(24.0).reshape(2, 3, 4) / 7, 1), (np.array(ROWS), 1))
    for data, dim in cases:
        array = call(spec, data, dim=dim).array
        totals = array.sum(axis=dim) if array.shape == data.shape else None
        if totals is None or not np.allclose(totals, 1.0, rtol=1e-9):
            found = f"sums along dim {dim} are {fmt_out(np.ravel(totals)[:4])}" if totals is not None \
                else f"shape changed from {data.shape} to {array.shape}"
            raise CheckFailed(f"softmax(x of shape {data.shape}, dim={dim}): {found}; expected 1 (is dim used?)")


def compare_lines(spec, data, hint, dim=-1):
    """Check softmax of the 2-d `data` line by line (rows for dim=-1, columns for dim=0) against the reference.

    hint(index, got, want) names the likely cause of a wrong line; the message says what came back.
    """
    data = np.array(data)
    lines = data if dim == -1 else data.T
    want = np.array([reference(list(line)) for line in lines])
    for dtype in DTYPES:
        run = call(spec, data, dtype, **({} if dim == -1 else {"dim": dim}))
        if run.array.shape != data.shape:
            raise CheckFailed(f"softmax({fmt_in(data)}) changed the shape from {data.shape} to {run.array.shape}")
        got = (run.array if dim == -1 else run.array.T).astype(np.float64)
        for index, (got_line, want_line) in enumerate(zip(got, want)):
            if not all_close(got_line, want_line, dtype):
                kind, args = ("row", "") if dim == -1 else ("column", f", dim={dim}")
                raise CheckFailed(f"softmax({fmt_in(data)}{args}) gave {kind} {index + 1} {fmt_out(got_line)}; "
                                  f"expected {fmt_out(want_line)}{in_dtype(dtype)} "
                                  f"({hint(index, got_line, want_line)})")


def check_nan_row(spec):
    def hint(index, got, want):
        if np.isnan(want).all():
            return "a nan entry makes its whole row nan, as in PyTorch: np.nanmax, np.nansum or np.nan_to_num hid it"
        return f"only the row holding the nan may be nan: one global x.max() carries it into every row; {PER_ROW_MAX}"
    compare_lines(spec, ((1.0, 2.0, 3.0), (NAN, 0.0, 1.0)), hint)


def check_minus_inf_mask(spec):
    def hint(index, got, want):
        if np.isnan(got).any():
            return ("exp(-inf) = 0 is right, but x - (-inf) is inf or nan: "
                    "shift each row by its max, not its mean or min")
        return "an entry of -inf must get probability 0 and leave the others a distribution"
    compare_lines(spec, ((0.0, -INF, 0.0), (2.0, -INF, -INF)), hint)


def check_all_minus_inf_row(spec):
    def hint(index, got, want):
        if np.isnan(want).all():
            return "a row with no finite entry has no distribution, so tinytorch, like PyTorch, gives nan there"
        return "only the all -inf row may be nan"
    compare_lines(spec, ((-INF, -INF, -INF), (0.0, 1.0, 2.0)), hint)


def check_rows_at_different_scales(spec):
    def hint(index, got, want):
        if np.isnan(got).any():
            return f"a line far below the global max underflows to 0 / 0: {PER_ROW_MAX}"
        return "each line is shifted by its own max along dim: is the max taken along dim?"
    for data in (((1000.0, 1001.0), (-1000.0, -999.0)), ((1.0, 2.0, 3.0), (-750.0, -749.0, -748.0))):
        compare_lines(spec, data, hint)
        compare_lines(spec, np.array(data).T, hint, dim=0)


SPEC = Spec(
    "Softmax", reference, ((1.0, 2.0, 3.0), (0.0, 0.0, 0.0), (-1.0, 0.0, 1.0), (5.0, -2.0, 0.5)), EXTREMES,
    nan_hint="did exp overflow? subtract the max first",
    checks=(
        ("rows sum to 1", check_rows_sum_to_one),
        ("stays within [0, 1]", check_range),
        ("softmax(x + c) = softmax(x)", check_shift),
        ("respects the dim argument", check_dim),
        ("rows at very different scales in one tensor", check_rows_at_different_scales),
        ("a nan spoils only its own row", check_nan_row),
        ("-inf entries get probability 0", check_minus_inf_mask),
        ("an all -inf row gives nan, as in PyTorch", check_all_minus_inf_row),
    ),
)
