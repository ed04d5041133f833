"""erf and x * Phi(x): accuracy against the standard library's math.erf and math.erfc, limits, nan, shapes, dtypes."""

import math

import numpy as np
import pytest

from tinytorch.core.special import erf, x_times_normal_cdf

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


def x_phi_reference(x: np.ndarray) -> np.ndarray:
    """x * Phi(x) element by element in float64, with Phi(x) = erfc(-x / sqrt 2) / 2 (no cancellation)."""
    values = np.asarray(x, dtype=np.float64).ravel()
    return np.array([v * 0.5 * math.erfc(-v / math.sqrt(2)) for v in values]).reshape(np.shape(x))


def relative_to_one_plus(ours, truth) -> float:
    """The worst |ours - truth| / (1 + |truth|): the measure of the parity tests."""
    return float(np.max(np.abs(np.asarray(ours, np.float64) - truth) / (1 + np.abs(truth))))


@pytest.mark.parametrize("dtype, bound", [(np.float32, 2.5e-7), (np.float64, 5e-16)], ids=["float32", "float64"])
def test_x_times_normal_cdf_is_accurate_in_its_dtype(dtype, bound):
    rng = np.random.default_rng(4)
    x = np.concatenate([np.linspace(-16, 16, 400_001), rng.standard_normal(100_000) * 3]).astype(dtype)
    y = x_times_normal_cdf(x)
    assert y.dtype == dtype
    assert relative_to_one_plus(y, x_phi_reference(x)) <= bound


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
def test_x_times_normal_cdf_limits_nan_and_extremes_without_warnings(dtype):
    biggest = np.finfo(dtype).max
    x = np.array([np.inf, -np.inf, np.nan, biggest, -biggest, 1e30, -1e30, 40.0, -40.0, 0.0, -0.0], dtype=dtype)
    y = x_times_normal_cdf(x)
    np.testing.assert_array_equal(y, np.array([np.inf, 0, np.nan, biggest, 0, 1e30, 0, 40, 0, 0, 0], dtype=dtype))


@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3, 4), (70_001,), (3, 40_000)], ids=str)
def test_x_times_normal_cdf_any_shape_across_blocks(shape):
    x = (np.random.default_rng(5).standard_normal(shape) * 3).astype(np.float32)
    y = x_times_normal_cdf(x)
    assert y.shape == shape and y.dtype == np.float32
    assert y.size == 0 or relative_to_one_plus(y, x_phi_reference(x)) <= 2.5e-7


def test_x_times_normal_cdf_non_contiguous_and_integer_input():
    x = (np.random.default_rng(6).standard_normal((40, 30)) * 3).astype(np.float32)[::2, ::3]
    assert relative_to_one_plus(x_times_normal_cdf(x), x_phi_reference(x)) <= 2.5e-7
    integers = np.arange(-8, 9)
    assert x_times_normal_cdf(integers).dtype == np.float64
    assert relative_to_one_plus(x_times_normal_cdf(integers), x_phi_reference(integers)) <= 5e-16
