"""Parity with PyTorch (CPU) on over a million points per activation, plus special values, in float32 and float64.

The bound is |tinytorch - torch| <= tol * (1 + |torch|), tol = 1e-6 in float32 and 1e-12 in
float64, and nan must appear at exactly the same places.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

pytestmark = pytest.mark.filterwarnings("error")

TOLERANCE = {np.float32: 1e-6, np.float64: 1e-12}
DTYPES = [np.float32, np.float64]
POINTS = 1_000_000

TORCH = {
    "relu": (ReLU(), torch.relu),
    "sigmoid": (Sigmoid(), torch.sigmoid),
    "tanh": (Tanh(), torch.tanh),
    "gelu": (GELU(), F.gelu),
    "gelu_tanh": (GELU("tanh"), lambda t: F.gelu(t, approximate="tanh")),
    "gelu_sigmoid": (GELU("sigmoid"), lambda t: t * torch.sigmoid(1.702 * t)),
}


def special_values(dtype) -> np.ndarray:
    """+-0, +-inf, nan, +-1e4, subnormals, the largest floats, and exp's overflow thresholds."""
    info = np.finfo(dtype)
    values = [0.0, np.inf, np.nan, 1e4, 1.0, 0.5, 3.49, 88.72, 88.73, 709.78, 709.79, 1e30,
              info.max, info.smallest_normal, info.smallest_subnormal, 2 * info.smallest_subnormal,
              info.smallest_normal / 3, float(np.nextafter(dtype(0.46875 * np.sqrt(2)), dtype(1)))]
    values = np.array(values, dtype=np.float64)
    with np.errstate(over="ignore"):
        values = values.astype(dtype)  # 709.78 and 1e30 stand for themselves only in float64
    return np.concatenate([values, -values])


def sweep(dtype) -> np.ndarray:
    """POINTS random values with every magnitude from subnormal to the largest float, then the special ones."""
    rng = np.random.default_rng(20260223)
    info = np.finfo(dtype)
    quarter = POINTS // 4
    exponents = rng.uniform(np.log10(info.smallest_subnormal), np.log10(info.max), 2 * quarter)
    with np.errstate(over="ignore"):
        wide = np.minimum(10.0**exponents, info.max) * rng.choice([-1, 1], 2 * quarter)
    common = rng.standard_normal(quarter) * 4  # where the activations bend
    moderate = rng.uniform(-40, 40, POINTS - 3 * quarter)  # where exp over- and underflows
    return np.concatenate([np.concatenate([wide, common, moderate]).astype(dtype), special_values(dtype)])


@pytest.fixture(scope="module", params=DTYPES, ids=lambda d: d.__name__)
def inputs(request) -> np.ndarray:
    """The sweep, once per dtype."""
    return sweep(request.param)


def assert_close_to(reference, ours, x, tol):
    """nan at the same places, infinities equal, and every finite value within tol * (1 + |reference|)."""
    reference = np.asarray(reference, dtype=np.float64)
    ours = np.asarray(ours, dtype=np.float64)
    nan_differs = np.isnan(ours) != np.isnan(reference)
    assert not nan_differs.any(), f"nan positions differ at x = {x[nan_differs][:5]}"
    infinite = np.isinf(reference)
    np.testing.assert_array_equal(ours[infinite], reference[infinite])
    finite = np.isfinite(reference)
    ratio = np.abs(ours[finite] - reference[finite]) / (tol * (1 + np.abs(reference[finite])))
    worst = int(np.argmax(ratio)) if ratio.size else 0
    assert ratio.size == 0 or ratio[worst] <= 1, (
        f"at x = {x[finite][worst]!r}: tinytorch {ours[finite][worst]!r}, reference {reference[finite][worst]!r}, "
        f"error {ratio[worst]:.2f} times the tolerance"
    )


def torch_of(fn, x: np.ndarray) -> np.ndarray:
    """fn applied by PyTorch to x, back as a NumPy array."""
    return fn(torch.from_numpy(x)).numpy()


def test_sweep_has_a_million_points_and_the_special_values():
    for dtype in DTYPES:
        x = sweep(dtype)
        assert x.size >= POINTS and x.dtype == dtype
        assert np.isnan(x).any() and np.isposinf(x).any() and np.isneginf(x).any()
        assert {0.0, 1e4, -1e4} <= set(x[np.isfinite(x)].tolist())
        assert np.any(np.signbit(x) & (x == 0)) and np.any(~np.signbit(x) & (x == 0))
        assert np.any((x != 0) & (np.abs(x) < np.finfo(dtype).smallest_normal))  # subnormals
        assert np.abs(x[np.isfinite(x)]).max() == np.finfo(dtype).max


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_matches_torch(inputs, name):
    activation, reference = TORCH[name]
    assert_close_to(torch_of(reference, inputs), activation(Tensor(inputs)).data, inputs,
                    TOLERANCE[inputs.dtype.type])


@pytest.mark.parametrize("name", ["gelu_tanh", "gelu_sigmoid"])
def test_gelu_approximations_match_torch(inputs, name):
    activation, reference = TORCH[name]
    finite = inputs[~np.isinf(inputs)]
    assert_close_to(torch_of(reference, finite), activation(Tensor(finite)).data, finite,
                    TOLERANCE[inputs.dtype.type])


def test_gelu_exact_matches_torch_float64(inputs):
    # torch's float32 exact GELU evaluates erf with a cheap float32 formula that is itself about
    # 1.07e-6 off the true value near x = -3.49, beyond the 1e-6 bound; so in float32 the reference
    # is torch's float64 F.gelu on the same inputs, rounded to float32 (and, in the next test,
    # tinytorch is shown to be at least as close to that truth as torch's own float32 kernel)
    finite = inputs[~np.isinf(inputs)]
    reference = torch_of(F.gelu, finite.astype(np.float64)).astype(finite.dtype)
    assert_close_to(reference, GELU()(Tensor(finite)).data, finite, TOLERANCE[inputs.dtype.type])


def test_float32_gelu_is_at_least_as_close_to_the_truth_as_torchs_float32_kernel():
    x = sweep(np.float32)
    x = x[np.abs(x) <= 1e4]  # beyond about 1.7e38 torch's float32 kernel overflows to inf
    truth = torch_of(F.gelu, x.astype(np.float64))

    def worst_error(y):
        return np.max(np.abs(y.astype(np.float64) - truth) / (1 + np.abs(truth)))

    ours, theirs = worst_error(GELU()(Tensor(x)).data), worst_error(torch_of(F.gelu, x))
    assert ours <= theirs, f"tinytorch {ours:.3g}, torch float32 {theirs:.3g}"
    assert ours <= 1e-6 < theirs  # torch's float32 kernel alone would not meet the bound


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("approximate", GELU.APPROXIMATIONS)
def test_gelu_limits_at_infinity(dtype, approximate):
    # torch gives nan for gelu(-inf) (-inf * 0), and for gelu(+inf) in exact float32; the limits
    # are gelu(+inf) = +inf and gelu(-inf) = 0, which is what tinytorch returns
    y = GELU(approximate)(Tensor(np.array([np.inf, -np.inf], dtype=dtype))).data
    np.testing.assert_array_equal(y, [np.inf, 0.0])


def softmax_inputs(dtype) -> np.ndarray:
    """A (100, 100, 100) tensor with magnitudes from 0.01 to 1e4, -inf masks and a few nan, +inf and extremes."""
    rng = np.random.default_rng(7)
    shape = (100, 100, 100)
    x = rng.standard_normal(shape) * 10.0 ** rng.uniform(-2, 4, shape)
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, flat.size // 50, replace=False)] = -np.inf
    for value, count in [(np.nan, 20), (np.inf, 20), (np.finfo(dtype).max, 50), (-np.finfo(dtype).max, 50),
                         (1e4, 200), (-1e4, 200), (0.0, 100)]:
        flat[rng.choice(flat.size, count, replace=False)] = value
    x[0, 0, :] = -np.inf  # a fully masked row along the last dim
    x[1, :, 1] = -np.inf  # and one along the middle dim
    return x.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_softmax_matches_torch_along_each_dim(dtype, dim):
    x = softmax_inputs(dtype)
    reference = torch.softmax(torch.from_numpy(x), dim=dim).numpy()
    ours = Softmax()(Tensor(x), dim=dim).data
    assert ours.dtype == dtype
    assert np.isnan(reference).any() and (reference == 0).any()  # the masked and poisoned rows are there
    assert_close_to(reference, ours, x, TOLERANCE[dtype])
