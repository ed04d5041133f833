"""The math each activation must obey, checked by hypothesis on generated float32 and float64 arrays.

TINYTORCH_EXAMPLES=3000 asks for a deeper run than the default 150 examples per property.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

pytestmark = pytest.mark.filterwarnings("error")
EXAMPLES = settings(max_examples=int(os.environ.get("TINYTORCH_EXAMPLES", 150)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

DTYPES = st.sampled_from([np.float32, np.float64])


@st.composite
def arrays(draw, bound=None, min_dims=1):
    """A float32 or float64 array of finite values (any magnitude unless `bound` is given)."""
    dtype = draw(DTYPES)
    limit = bound if bound is not None else float(np.finfo(dtype).max)
    elements = st.floats(-limit, limit, allow_nan=False, allow_infinity=False, width=np.finfo(dtype).bits)
    shape = hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=8)
    return draw(hnp.arrays(dtype, shape, elements=elements))


def apply(activation, x, **kwargs):
    """activation(x) as a NumPy array."""
    return activation(Tensor(x), **kwargs).data


def eps(x):
    """Machine epsilon of x's dtype."""
    return float(np.finfo(x.dtype).eps)


@EXAMPLES
@given(arrays())
def test_sigmoid_of_minus_x_is_one_minus_sigmoid_of_x(x):
    np.testing.assert_allclose(apply(Sigmoid(), -x), 1 - apply(Sigmoid(), x), rtol=0, atol=2 * eps(x))


@EXAMPLES
@given(arrays())
def test_tanh_is_odd(x):
    np.testing.assert_array_equal(apply(Tanh(), -x), -apply(Tanh(), x))


@EXAMPLES
@given(arrays())
def test_relu_is_idempotent(x):
    once = apply(ReLU(), x)
    np.testing.assert_array_equal(apply(ReLU(), once), once)


@EXAMPLES
@given(arrays())
def test_relu_of_x_minus_relu_of_minus_x_is_x(x):
    np.testing.assert_array_equal(apply(ReLU(), x) - apply(ReLU(), -x), x)


@EXAMPLES
@given(arrays(bound=1e4), st.sampled_from(["none", "tanh", "sigmoid"]))
def test_gelu_of_x_minus_gelu_of_minus_x_is_x(x, approximate):
    gelu = GELU(approximate)  # Phi(x) + Phi(-x) = 1 holds for all three forms
    np.testing.assert_allclose(apply(gelu, x) - apply(gelu, -x), x, rtol=4 * eps(x), atol=4 * eps(x))


@EXAMPLES
@given(arrays(bound=50), st.floats(-50, 50), st.data())
def test_softmax_is_unchanged_by_adding_a_constant(x, c, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    shifted = x + x.dtype.type(c)
    # x + c is rounded to the dtype: an error up to an ulp of 100 in each logit, which exp turns into a
    # relative error of the same size
    tolerance = 4 * float(np.spacing(x.dtype.type(100)))
    np.testing.assert_allclose(apply(Softmax(), shifted, dim=dim), apply(Softmax(), x, dim=dim),
                               rtol=tolerance, atol=tolerance)


@EXAMPLES
@given(arrays(), st.data())
def test_softmax_sums_to_one_along_dim(x, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    y = apply(Softmax(), x, dim=dim)
    np.testing.assert_allclose(y.sum(axis=dim), 1, rtol=0, atol=x.shape[dim] * eps(x))


@EXAMPLES
@given(arrays(bound=1e3, min_dims=1))
def test_softmax_preserves_order(x):
    y = apply(Softmax(), x, dim=-1)
    rows, probabilities = x.reshape(-1, x.shape[-1]), y.reshape(-1, x.shape[-1])
    for row, p in zip(rows, probabilities):
        i, j = np.meshgrid(np.arange(row.size), np.arange(row.size))
        assert np.all(p[i] <= p[j] + (row[i] >= row[j]))  # x_i < x_j implies p_i <= p_j
        assert np.all((row[i] != row[j]) | (p[i] == p[j]))  # equal logits, equal probabilities


@EXAMPLES
@given(arrays())
def test_outputs_stay_in_range(x):
    assert np.all(apply(ReLU(), x) >= 0)
    assert np.all((0 <= apply(Sigmoid(), x)) & (apply(Sigmoid(), x) <= 1))
    assert np.all(np.abs(apply(Tanh(), x)) <= 1)
    for approximate in ("none", "tanh", "sigmoid"):
        y = apply(GELU(approximate), x)
        assert np.all(y >= -0.1701)  # the minimum of each form is about -0.170 (sigmoid form: -0.164)
        assert np.all(y <= np.maximum(x, 0))
    p = apply(Softmax(), x)
    assert np.all((0 <= p) & (p <= 1))


@EXAMPLES
@given(arrays(bound=30))
def test_sigmoid_and_tanh_are_strictly_inside_their_range_for_moderate_inputs(x):
    if x.dtype == np.float32:
        x = np.clip(x, -8, 8)  # float32 rounds sigmoid(9) up to exactly 1
    else:
        x = np.clip(x, -18, 18)
    s, t = apply(Sigmoid(), x), apply(Tanh(), x / 2)
    assert np.all((0 < s) & (s < 1))
    assert np.all((-1 < t) & (t < 1))
