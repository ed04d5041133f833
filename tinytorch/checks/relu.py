"""The checks of ReLU: max(x, 0), with nan kept and -inf sent to 0."""

import math

import numpy as np

from tinytorch.checks.common import EXTREMES, limits_at_infinity, nan_stays_nan
from tinytorch.checks.harness import CheckFailed, Spec, call, fmt_out


def reference(x):
    return x if x > 0 or math.isnan(x) else 0.0


def check_zeroes_negatives(spec):
    negatives = (-3.0, -1.0, -0.5, -1e-3)
    x, _, array, *_ = call(spec, negatives)
    if np.array_equal(array, x.data):
        raise CheckFailed("relu returned the input unchanged for negatives; they should become 0")
    for point, value in zip(negatives, np.ravel(array)):
        if value != 0:
            raise CheckFailed(f"relu({point:g}) returned {fmt_out(value)}; expected 0.0")


def check_keeps_positives(spec):
    positives = (0.5, 1.0, 3.0, 1e4)
    array = call(spec, positives).array
    for point, value in zip(positives, np.ravel(array)):
        if value != point:
            raise CheckFailed(f"relu({point:g}) returned {fmt_out(value)}; expected {fmt_out(point)} unchanged")


SPEC = Spec(
    "ReLU", reference, (-3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5), EXTREMES,
    checks=(
        nan_stays_nan("nan > 0 is False, so np.where(x > 0, x, 0) or np.fmax makes nan 0; "
                      "np.maximum(x, 0) keeps it"),
        limits_at_infinity("relu", reference, "-inf * 0 and -inf + inf give nan: x * (x > 0) and "
                                              "(x + |x|) / 2 do that; np.maximum(x, 0) does not"),
        ("zeroes every negative", check_zeroes_negatives),
        ("passes positives through unchanged", check_keeps_positives),
    ),
)
