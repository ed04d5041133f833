"""erf: accuracy against the standard library's math.erf, symmetry, saturation, nan and dtypes."""

import math

import numpy as np
import pytest

from tinytorch.core.special import erf

pytestmark = pytest.mark.filterwarnings("error")


def reference(x: np.ndarray) -> np.ndarray:
    """math.erf element by element, in float64."""
    return np.array([math.erf(v) for v in np.asarray(x, dtype=np.float64).ravel()]).reshape(np.shape(x))


def sweep(rng) -> np.ndarray:
    """Points across every range of the fit, its boundaries, and tiny and huge magnitudes."""
    return np.concatenate([
        np.linspace(-7, 7, 140_001),
        rng.standard_normal(50_000) * 3,
        np.nextafter(0.46875, [0, 1]), -np.nextafter(0.46875, [0, 1]),  # either side of the switch
        [0.46875, -0.46875, 4.0, -4.0, 6.0, -6.0],
        rng.choice([-1, 1], 20_000) * 10.0 ** rng.uniform(-310, 308, 20_000),
    ])


def test_float64_is_accurate_to_a_few_units_in_the_last_place():
    x = sweep(np.random.default_rng(0))
    error = np.abs(erf(x) - reference(x))
    assert error.max() <= 4.5e-16
    assert np.all(error <= 4 * np.spacing(np.abs(reference(x))))  # relative too: 4 ulp, even near zero


def test_float32_is_computed_in_float32_and_accurate_to_float32():
    x = np.linspace(-7, 7, 100_001, dtype=np.float32)
    y = erf(x)
    assert y.dtype == np.float32
    assert np.abs(y - reference(x)).max() <= 2.5e-7


def test_odd_symmetry_and_saturation():
    x = np.random.default_rng(1).standard_normal(10_000) * 4
    np.testing.assert_array_equal(erf(-x), -erf(x))
    np.testing.assert_array_equal(erf(np.array([6.0, 30.0, 1e300, np.inf])), [1, 1, 1, 1])
    np.testing.assert_array_equal(erf(np.array([-0.0, 0.0])), [0, 0])
    assert np.signbit(erf(np.array(-0.0)))


def test_nan_stays_nan_in_place():
    x = np.array([np.nan, 1.0, np.nan, -np.inf])
    np.testing.assert_array_equal(np.isnan(erf(x)), np.isnan(x))


@pytest.mark.parametrize("shape", [(), (0,), (5, 0), (3,), (2, 3, 4), (70_001,), (3, 40_000)], ids=str)
def test_any_shape_including_more_than_one_block(shape):
    x = np.random.default_rng(2).standard_normal(shape)
    y = erf(x)
    assert y.shape == shape and y.dtype == np.float64
    np.testing.assert_allclose(y, reference(x), rtol=0, atol=4.5e-16)


def test_non_contiguous_and_integer_input():
    x = np.random.default_rng(3).standard_normal((40, 30))[::2, ::3]
    np.testing.assert_allclose(erf(x), reference(x), rtol=0, atol=4.5e-16)
    np.testing.assert_allclose(erf(np.arange(-3, 4)), reference(np.arange(-3, 4)), rtol=0, atol=4.5e-16)
