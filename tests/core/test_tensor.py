"""Tensor: construction and dtypes, the shape surface, arithmetic, reductions, conversion and errors."""

import numpy as np
import pytest

from tinytorch import Tensor

pytestmark = pytest.mark.filterwarnings("error")


# --- construction and dtypes --------------------------------------------------

@pytest.mark.parametrize("data", [3, 2.5, True, [1, 2, 3], [[1.5, 2.5], [3.5, 4.5]], (1, 2), range(4)])
def test_python_numbers_and_lists_become_float32(data):
    t = Tensor(data)
    assert t.dtype == np.float32
    np.testing.assert_array_equal(t.data, np.asarray(data, dtype=np.float32))


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int32, np.int64, np.uint16, np.float16])
def test_bool_int_and_half_arrays_become_float32(dtype):
    array = np.array([0, 1, 1], dtype=dtype)
    t = Tensor(array)
    assert t.dtype == np.float32
    np.testing.assert_array_equal(t.data, [0, 1, 1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_and_float64_arrays_keep_their_dtype_and_memory(dtype):
    array = np.array([[1.0, -2.0]], dtype=dtype)
    t = Tensor(array)
    assert t.dtype == dtype
    assert t.data is array


def test_numpy_float64_scalar_keeps_float64():
    assert Tensor(np.float64(0.1)).dtype == np.float64
    assert Tensor(np.float64(0.1)).item() == 0.1


def test_tensor_of_tensor_shares_data():
    t = Tensor([1.0, 2.0])
    assert Tensor(t).data is t.data


def test_data_is_a_numpy_array():
    assert isinstance(Tensor([1, 2]).data, np.ndarray)
    assert isinstance(Tensor(5).data, np.ndarray)


@pytest.mark.parametrize(
    "data, shape",
    [(7.0, ()), ([], (0,)), ([1, 2, 3], (3,)), (np.zeros((2, 0, 4)), (2, 0, 4)), (np.ones((2, 3, 4)), (2, 3, 4))],
)
def test_shape_size_ndim(data, shape):
    t = Tensor(data)
    assert t.shape == shape
    assert t.ndim == len(shape)
    assert t.size == int(np.prod(shape))


def test_requires_grad_is_stored_only():
    assert Tensor([1.0]).requires_grad is False
    t = Tensor([1.0], requires_grad=True)
    assert t.requires_grad is True
    np.testing.assert_array_equal(t.data, [1.0])


# --- bad input ----------------------------------------------------------------

@pytest.mark.parametrize(
    "data, error, words",
    [
        ("1.5", TypeError, "str"),
        (b"12", TypeError, "bytes"),
        (None, TypeError, "NoneType"),
        ({"a": 1}, TypeError, "dict"),
        ([[1, 2], [3]], ValueError, "ragged"),
        ([[1, 2], [3, [4]]], ValueError, "ragged"),
        (["a", "b"], TypeError, "strings"),
        ([1, None], TypeError, "Python objects"),
        (np.array([1, "x"], dtype=object), TypeError, "object"),
        (np.array([1 + 2j]), TypeError, "complex"),
        (np.array([1.0], dtype=np.longdouble), TypeError, "extended floats"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), TypeError, "datetime"),
    ],
)
def test_bad_data_raises_a_clear_error(data, error, words):
    with pytest.raises(error) as info:
        Tensor(data)
    message = str(info.value)
    assert words in message
    assert "expected" in message  # says what is accepted


def test_python_numbers_beyond_float32_range_raise_instead_of_becoming_inf():
    with pytest.raises(ValueError, match="float32"):
        Tensor(1e39)
    with pytest.raises(ValueError, match="float64"):
        Tensor([1.0, -1e300])
    assert Tensor(np.array([1e300])).data[0] == 1e300  # a float64 array keeps it
    assert Tensor(float("inf")).data == np.inf  # an infinity given is an infinity kept


# --- arithmetic ---------------------------------------------------------------

OPERATIONS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("name", OPERATIONS)
@pytest.mark.parametrize("other", [Tensor([2.0, 4.0, 8.0]), 2, 0.5, np.array([2.0, 4.0, 8.0], np.float32), [2, 4, 8]])
def test_arithmetic_on_both_sides(name, other):
    op = OPERATIONS[name]
    a = np.array([1.0, -3.0, 6.0], dtype=np.float32)
    b = other.data if isinstance(other, Tensor) else np.asarray(other, dtype=np.float32)
    left, right = op(Tensor(a), other), op(other, Tensor(a))
    assert isinstance(left, Tensor) and isinstance(right, Tensor)
    np.testing.assert_allclose(left.data, op(a, b), rtol=1e-7)
    np.testing.assert_allclose(right.data, op(b, a), rtol=1e-7)
    assert left.dtype == right.dtype == np.float32


def test_python_scalars_keep_the_tensor_dtype():
    for dtype in (np.float32, np.float64):
        t = Tensor(np.ones(3, dtype=dtype))
        assert (t * 2).dtype == (2 * t).dtype == (t + 0.1).dtype == (1 - t).dtype == dtype


@pytest.mark.parametrize("scalar, dtype", [(np.float32(2), np.float32), (np.int64(2), np.float32),
                                           (np.float64(2), np.float64)])
def test_numpy_scalars_on_either_side_give_tensors(scalar, dtype):
    t = Tensor([1.0, 3.0])
    for result in (scalar * t, t * scalar, scalar - t, t / scalar):
        assert isinstance(result, Tensor) and result.dtype == dtype
    np.testing.assert_array_equal((scalar - t).data, [1.0, -1.0])


def test_float32_with_float64_array_promotes_like_numpy():
    assert (Tensor([1.0]) + np.array([1.0])).dtype == np.float64


@pytest.mark.parametrize(
    "a_shape, b_shape, out_shape",
    [((2, 3), (3,), (2, 3)), ((3, 1), (1, 4), (3, 4)), ((2, 1, 3), (4, 1), (2, 4, 3)), ((), (5,), (5,))],
)
def test_broadcasting(a_shape, b_shape, out_shape):
    a = np.arange(int(np.prod(a_shape)), dtype=np.float32).reshape(a_shape)
    b = np.arange(1, int(np.prod(b_shape)) + 1, dtype=np.float32).reshape(b_shape)
    for result, expected in [(Tensor(a) + Tensor(b), a + b), (Tensor(b) * Tensor(a), b * a), (Tensor(a) / b, a / b)]:
        assert result.shape == out_shape
        np.testing.assert_allclose(result.data, expected)


def test_incompatible_shapes_raise():
    with pytest.raises(ValueError, match="broadcast"):
        Tensor(np.ones((2, 3))) + Tensor(np.ones((4,)))


def test_arithmetic_with_bad_operand_raises():
    with pytest.raises(TypeError, match="str"):
        Tensor([1.0]) + "2"
    with pytest.raises(TypeError, match="NoneType"):
        None * Tensor([1.0])


def test_unary_minus():
    t = -Tensor([1.0, -2.0, 0.0])
    assert isinstance(t, Tensor) and t.dtype == np.float32
    np.testing.assert_array_equal(t.data, [-1.0, 2.0, -0.0])


def test_operations_return_new_tensors():
    t = Tensor([1.0, 2.0])
    before = t.data.copy()
    _ = t + 1, t * 3, -t, t.reshape(2, 1)
    np.testing.assert_array_equal(t.data, before)


# --- shape changes and reductions -----------------------------------------------

def test_reshape_accepts_a_tuple_or_separate_sizes():
    t = Tensor(np.arange(6))
    assert t.reshape(2, 3).shape == (2, 3)
    assert t.reshape((3, 2)).shape == (3, 2)
    assert t.reshape(-1, 1).shape == (6, 1)
    np.testing.assert_array_equal(t.reshape(2, 3).data, np.arange(6).reshape(2, 3))
    with pytest.raises(ValueError):
        t.reshape(4, 2)


@pytest.mark.parametrize("method", ["sum", "max"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_and_max_match_numpy(method, axis, keepdims):
    array = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    result = getattr(Tensor(array), method)(axis=axis, keepdims=keepdims)
    expected = getattr(array, method)(axis=axis, keepdims=keepdims)
    assert isinstance(result, Tensor)
    assert result.shape == np.shape(expected)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result.data, expected, rtol=1e-6)


def test_sum_and_max_of_everything_give_0d_tensors():
    t = Tensor([[1, 5], [3, 2]])
    assert t.sum().shape == () and t.sum().item() == 11
    assert t.max().item() == 5


# --- conversion and display ---------------------------------------------------------

def test_numpy_and_array_protocol():
    t = Tensor([1.0, 2.0])
    assert t.numpy() is t.data
    assert np.asarray(t) is t.data
    converted = np.asarray(t, dtype=np.float64)
    assert converted.dtype == np.float64
    copied = np.array(t, copy=True)
    copied[0] = 99
    assert t.data[0] == 1.0
    assert np.exp(t).dtype == np.float32  # NumPy functions accept Tensors


def test_ndarray_on_the_left_defers_to_tensor():
    result = np.array([1.0, 2.0], dtype=np.float32) + Tensor([1.0, 1.0])
    assert isinstance(result, Tensor)
    np.testing.assert_array_equal(result.data, [2.0, 3.0])


def test_item():
    assert Tensor(2.5).item() == 2.5
    assert isinstance(Tensor([[4]]).item(), float)
    with pytest.raises(ValueError, match="one element"):
        Tensor([1, 2]).item()


def test_len():
    assert len(Tensor(np.zeros((3, 2)))) == 3
    with pytest.raises(TypeError, match="0-d"):
        len(Tensor(1.0))


def test_repr_is_readable():
    assert repr(Tensor([1, 2])) == "Tensor([1., 2.], dtype=float32)"
    assert repr(Tensor(np.array([0.5]), requires_grad=True)) == "Tensor([0.5], dtype=float64, requires_grad=True)"
    assert repr(Tensor([[1, 2], [3, 4]])) == "Tensor([[1., 2.],\n        [3., 4.]], dtype=float32)"
    assert repr(Tensor(3)) == "Tensor(3., dtype=float32)"
