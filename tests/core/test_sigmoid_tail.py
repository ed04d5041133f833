"""Sigmoid as (1 + tanh(x / 2)) / 2: accurate in absolute terms everywhere; its far left tail as the chapter states it."""

import math

import numpy as np
import pytest

from tinytorch import Sigmoid, Tensor

pytestmark = pytest.mark.filterwarnings("error")


def truth(x: np.ndarray) -> np.ndarray:
    """sigma(x) = 1 / (1 + e^-x) with the standard library, in float64, exact to rounding for x <= 40."""
    return np.array([1 / (1 + math.exp(-v)) for v in np.asarray(x, dtype=np.float64)])


def sigmoid(x: np.ndarray) -> np.ndarray:
    return Sigmoid()(Tensor(x)).data.astype(np.float64)


@pytest.mark.parametrize("dtype, unit", [(np.float64, 2.0**-53), (np.float32, 2.0**-24)], ids=["float64", "float32"])
def test_absolute_error_is_at_most_two_units_of_rounding_at_one(dtype, unit):
    x = np.linspace(-40, 40, 200_001).astype(dtype)
    assert np.abs(sigmoid(x) - truth(x)).max() <= 2 * unit


def test_right_half_keeps_relative_precision():
    x = np.linspace(0, 40, 100_001)
    assert np.max(np.abs(sigmoid(x) - truth(x)) / truth(x)) <= 4 * 2.0**-53


def test_far_left_tail_loses_relative_precision_as_the_chapter_says():
    # at x = -30, sigma = 9.4e-14 but 1 + tanh(-15) keeps only the bits of 1: about 1e-16 absolute,
    # so the relative error is near 1e-16 / 9.4e-14; the listing's comment and the chapter say so
    x = np.array([-30.0])
    relative = abs(sigmoid(x)[0] - truth(x)[0]) / truth(x)[0]
    assert 2.0**-53 < relative <= 2.0**-52 / truth(x)[0]
    # in float32 the tail is lost entirely: far enough left the answer is exactly 0, not a tiny positive number
    far = np.array([-30.0], dtype=np.float32)
    assert sigmoid(far)[0] == 0 < truth(far)[0]
