"""The five activations: known values, ranges, shapes and dtypes, extremes, limits, nan, and errors."""

import inspect

import numpy as np
import pytest

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor
from tinytorch.core.activations import ACTIVATION_NAMES, ACTIVATIONS as REGISTERED, Activation

pytestmark = pytest.mark.filterwarnings("error")  # an overflow or invalid-value warning fails the test

ACTIVATIONS = [cls() for cls in REGISTERED] + [GELU("tanh"), GELU("sigmoid")]
ELEMENTWISE = [activation for activation in ACTIVATIONS if not isinstance(activation, Softmax)]
DTYPES = [np.float32, np.float64]


def values(activation, x, dtype=np.float64, **kwargs):
    """activation applied to x as a `dtype` Tensor, back as a NumPy array."""
    return activation(Tensor(np.asarray(x, dtype=dtype)), **kwargs).data


# --- values from the chapter's facts ---------------------------------------------

def test_softmax_of_one_two_three():
    np.testing.assert_allclose(values(Softmax(), [1, 2, 3]), [0.0900, 0.2447, 0.6652], atol=5e-5)


def test_sigmoid_and_tanh_known_values():
    x = [-2, -1, 0, 1, 2]
    np.testing.assert_allclose(values(Sigmoid(), x), [0.1192, 0.2689, 0.5, 0.7311, 0.8808], atol=5e-5)
    np.testing.assert_allclose(values(Tanh(), x), [-0.9640, -0.7616, 0, 0.7616, 0.9640], atol=5e-5)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_of_zero_is_exactly_one_half(dtype):
    assert values(Sigmoid(), 0.0, dtype) == 0.5


def test_relu_keeps_positives_and_zeroes_the_rest():
    np.testing.assert_array_equal(values(ReLU(), [-2, -0.5, 0, 0.5, 3]), [0, 0, 0, 0.5, 3])


@pytest.mark.parametrize("approximate, expected", [("none", 0.8413), ("tanh", 0.8412), ("sigmoid", 0.8458)])
def test_gelu_of_one(approximate, expected):
    assert values(GELU(approximate), 1.0) == pytest.approx(expected, abs=5e-5)


def test_gelu_is_exact_by_default_like_pytorch():
    assert GELU().approximate == "none"
    assert repr(GELU()) == "GELU(approximate='none')"


def test_gelu_minimum_is_about_minus_0_170_at_minus_0_752():
    x = np.linspace(-3, 1, 40001)
    y = values(GELU(), x)
    assert y.min() == pytest.approx(-0.170, abs=5e-4)
    assert x[y.argmin()] == pytest.approx(-0.752, abs=1e-3)
    assert np.any(np.diff(y) < 0) and np.any(np.diff(y) > 0)  # non-monotonic


def test_gelu_approaches_relu_away_from_zero():
    for activation in [a for a in ELEMENTWISE if isinstance(a, GELU)]:
        np.testing.assert_allclose(values(activation, [-20, 20]), [0, 20], atol=1e-9)


# --- ranges ---------------------------------------------------------------------

RANGES = {"ReLU": (0, np.inf), "Sigmoid": (0, 1), "Tanh": (-1, 1), "GELU": (-0.1701, np.inf), "Softmax": (0, 1)}


def test_every_registered_activation_has_a_range():
    assert set(RANGES) == set(ACTIVATION_NAMES)


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("dtype", DTYPES)
def test_outputs_stay_in_range(activation, dtype):
    x = np.random.default_rng(1).standard_normal((64, 50)) * np.logspace(-3, 3, 50)
    y = values(activation, x, dtype)
    low, high = RANGES[type(activation).__name__]
    assert low <= y.min() and y.max() <= high


# --- shapes and dtypes, including 0-d and empty ------------------------------------

SHAPES = [(), (0,), (3, 0, 2), (1,), (7,), (2, 3, 4)]


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_shape_and_dtype_are_kept(activation, dtype, shape):
    x = np.random.default_rng(2).standard_normal(shape).astype(dtype)
    y = activation(Tensor(x))
    assert isinstance(y, Tensor)
    assert y.shape == shape
    assert y.dtype == dtype


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
def test_forward_and_call_agree_and_accept_plain_data(activation):
    data = [[0.5, -1.0, 2.0]]
    expected = activation.forward(Tensor(data)).data
    np.testing.assert_array_equal(activation(Tensor(data)).data, expected)
    np.testing.assert_array_equal(activation(data).data, expected)
    assert activation(data).dtype == np.float32


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
def test_input_is_not_modified(activation):
    x = Tensor(np.array([[-1.0, 0.0, 3.0]], dtype=np.float32))
    before = x.data.copy()
    activation(x)
    np.testing.assert_array_equal(x.data, before)


# --- extremes, limits and nan -------------------------------------------------------

EXTREMES = {np.float32: [1e4, -1e4, 3e38, -3e38, 88.8, -88.8, 1e-45, -1e-40],
            np.float64: [1e4, -1e4, 3e38, -3e38, 1.7e308, -1.7e308, 710.0, -710.0, 5e-324, -1e-310]}


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("dtype", DTYPES)
def test_finite_extremes_give_no_warning_and_no_nan(activation, dtype):
    x = np.array(EXTREMES[dtype] + [0.0, -0.0, 1.0], dtype=dtype)
    assert not np.isnan(values(activation, x, dtype)).any()
    assert not np.isnan(values(activation, x.reshape(-1, 1), dtype)).any()  # softmax over length-1 rows


@pytest.mark.parametrize("dtype", DTYPES)
def test_limits_at_infinity(dtype):
    inf = [np.inf, -np.inf]
    np.testing.assert_array_equal(values(ReLU(), inf, dtype), [np.inf, 0])
    np.testing.assert_array_equal(values(Sigmoid(), inf, dtype), [1, 0])
    np.testing.assert_array_equal(values(Tanh(), inf, dtype), [1, -1])
    for approximate in GELU.APPROXIMATIONS:
        np.testing.assert_array_equal(values(GELU(approximate), inf, dtype), [np.inf, 0])


@pytest.mark.parametrize("dtype", DTYPES)
def test_saturation_at_large_finite_inputs(dtype):
    big = np.finfo(dtype).max
    np.testing.assert_array_equal(values(Sigmoid(), [big, -big, 1e4, -1e4], dtype), [1, 0, 1, 0])
    np.testing.assert_array_equal(values(Tanh(), [big, -big], dtype), [1, -1])
    for approximate in GELU.APPROXIMATIONS:
        np.testing.assert_array_equal(values(GELU(approximate), [big, -big, 1e4, -1e4], dtype), [big, 0, 1e4, 0])


@pytest.mark.parametrize("activation", ELEMENTWISE, ids=repr)
@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_in_gives_nan_out_at_the_same_place(activation, dtype):
    x = np.array([1.0, np.nan, -2.0, np.nan, np.inf, -np.inf], dtype=dtype)
    np.testing.assert_array_equal(np.isnan(values(activation, x, dtype)), np.isnan(x))


@pytest.mark.parametrize("dtype", DTYPES)
def test_subnormal_inputs(dtype):
    tiny = np.array([np.finfo(dtype).smallest_subnormal, -np.finfo(dtype).smallest_subnormal], dtype=dtype)
    np.testing.assert_array_equal(values(ReLU(), tiny, dtype), [tiny[0], 0])
    np.testing.assert_array_equal(values(Sigmoid(), tiny, dtype), [0.5, 0.5])
    np.testing.assert_array_equal(values(Tanh(), tiny, dtype), tiny)
    assert np.all(np.abs(values(GELU(), tiny, dtype)) <= np.abs(tiny))


# --- softmax in particular --------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_survives_large_logits(dtype):
    np.testing.assert_allclose(values(Softmax(), [1000, 1001, 1002], dtype), [0.0900, 0.2447, 0.6652], atol=5e-5)
    np.testing.assert_allclose(values(Softmax(), [-1e4, 0, 1e4], dtype), [0, 0, 1])


def test_softmax_with_masked_entries_and_an_all_masked_row():
    x = [[0.0, -np.inf, 0.0], [-np.inf, -np.inf, -np.inf], [1.0, 2.0, 3.0]]
    y = values(Softmax(), x)
    np.testing.assert_array_equal(y[0], [0.5, 0, 0.5])
    assert np.isnan(y[1]).all()  # as PyTorch: 0/0
    np.testing.assert_allclose(y[2], [0.0900, 0.2447, 0.6652], atol=5e-5)


def test_softmax_row_with_nan_or_plus_inf_is_all_nan():
    y = values(Softmax(), [[1.0, np.nan, 0.0], [np.inf, 1.0, 0.0], [0.0, 0.0, 0.0]])
    assert np.isnan(y[:2]).all()
    np.testing.assert_allclose(y[2], [1 / 3] * 3)


@pytest.mark.parametrize("dim", [0, 1, 2, -1, -2, -3])
def test_softmax_along_each_dim_sums_to_one_there(dim):
    x = np.random.default_rng(3).standard_normal((2, 3, 4))
    y = values(Softmax(), x, dim=dim)
    np.testing.assert_allclose(y.sum(axis=dim), 1.0, rtol=1e-12)
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    np.testing.assert_allclose(y, e / e.sum(axis=dim, keepdims=True), rtol=1e-12)


def test_softmax_default_dim_is_last():
    x = np.random.default_rng(4).standard_normal((3, 5))
    np.testing.assert_array_equal(values(Softmax(), x), values(Softmax(), x, dim=1))


def test_softmax_of_a_0d_tensor_is_one():
    assert values(Softmax(), 3.0, dim=0) == 1.0
    assert values(Softmax(), 3.0, dim=-1) == 1.0


@pytest.mark.parametrize("shape, dim", [((2, 3), 2), ((2, 3), -3), ((4,), 1), ((), 1), ((2, 2, 2), 5)])
def test_softmax_dim_out_of_range_names_dim_and_ndim(shape, dim):
    with pytest.raises(IndexError) as info:
        Softmax()(Tensor(np.ones(shape)), dim=dim)
    assert f"dim={dim}" in str(info.value)
    assert f"{len(shape)}-d" in str(info.value)


@pytest.mark.parametrize("dim", [1.0, "1", None, True])
def test_softmax_dim_must_be_an_int(dim):
    with pytest.raises(TypeError, match="dim"):
        Softmax()(Tensor(np.ones((2, 2))), dim=dim)


# --- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
def test_backward_says_gradients_arrive_in_module_06(activation):
    with pytest.raises(NotImplementedError, match="Module 06"):
        activation.backward(Tensor([1.0]))


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=repr)
@pytest.mark.parametrize("bad, error", [("abc", TypeError), (None, TypeError), ([[1], [2, 3]], ValueError),
                                        (np.array([1j]), TypeError)])
def test_bad_input_raises_at_the_boundary(activation, bad, error):
    with pytest.raises(error, match="expected"):
        activation(bad)


def test_gelu_rejects_an_unknown_approximation():
    with pytest.raises(ValueError, match="none, tanh, sigmoid"):
        GELU(approximate="fast")


@pytest.mark.parametrize("listing", [Activation] + [cls.forward for cls in REGISTERED],
                         ids=lambda f: f.__qualname__)
def test_listing_lines_fit_the_chapter_column(listing):
    # the chapter shows these by literalinclude; in its code column about 72 characters fit
    lines = inspect.getsource(listing).splitlines()
    assert max(len(line) for line in lines) <= 72
