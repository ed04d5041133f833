"""Tensor: an n-dimensional array of floats, the one data type every TinyTorch module shares."""

from __future__ import annotations

import numpy as np

ACCEPTED = "a number, a (nested) list of numbers, a NumPy array of bool, int or float16/32/64, or a Tensor"
KEPT_DTYPES = (np.float32, np.float64)
KIND_NAMES = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects",
              "M": "datetimes", "m": "timedeltas", "V": "structured records", "f": "extended floats"}


def to_float_array(data) -> np.ndarray:
    """`data` as a float32 or float64 NumPy array, or a TypeError/ValueError saying what was wrong.

    NumPy float32 and float64 arrays (and scalars) keep their dtype; everything
    else that is real-valued (Python numbers and lists, bool/int/float16 arrays)
    becomes float32, the deep-learning default.
    """
    if isinstance(data, Tensor):
        return data.data
    if data is None or isinstance(data, (str, bytes)):
        raise TypeError(f"Tensor cannot be made from {type(data).__name__}; expected {ACCEPTED}")
    from_numpy = isinstance(data, (np.ndarray, np.generic))
    try:
        array = np.asarray(data)
    except ValueError:
        raise ValueError(
            f"Tensor data must be rectangular: this {type(data).__name__} has rows of different "
            f"lengths (a ragged list); expected {ACCEPTED}"
        ) from None
    if not (array.dtype.kind in "biu" or array.dtype.type in (np.float16, *KEPT_DTYPES)):
        raise TypeError(f"Tensor cannot be made from {describe(data, array)}; expected {ACCEPTED}")
    if from_numpy and array.dtype.type in KEPT_DTYPES:
        return array
    with np.errstate(over="ignore"):
        converted = array.astype(np.float32)
    if not np.array_equal(np.isinf(converted), np.isinf(array)):
        raise ValueError(
            "Tensor data has values beyond float32's range (about 3.4e38); "
            "pass a float64 NumPy array to keep them"
        )
    return converted


def describe(data, array: np.ndarray) -> str:
    """What the caller passed, in words, for an error message."""
    if array.dtype.kind == "O" and array.ndim == 0:
        return f"a {type(data).__name__}"
    container = "NumPy array" if isinstance(data, (np.ndarray, np.generic)) else type(data).__name__
    return f"a {container} of {KIND_NAMES.get(array.dtype.kind, 'values')} (dtype {array.dtype})"


class Tensor:
    """An n-dimensional array of floats with NumPy-style element-wise arithmetic."""

    __array_priority__ = 1000  # make ndarray + Tensor defer to Tensor.__radd__

    def __init__(self, data, requires_grad: bool = False):
        self.data = to_float_array(data)
        self.requires_grad = bool(requires_grad)  # stored only: gradients arrive in Module 06

    # --- shape and type -------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    # --- conversion -----------------------------------------------------
    def numpy(self) -> np.ndarray:
        return self.data

    def __array__(self, dtype=None, copy=None):
        return np.array(self.data, dtype=dtype, copy=copy)

    def item(self) -> float:
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element; this one has {self.data.size}")
        return self.data.item()

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, precision=4, separator=", ", prefix="Tensor(")
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"Tensor({body}, dtype={self.data.dtype}{grad})"

    # --- arithmetic -----------------------------------------------------
    @staticmethod
    def _operand(other) -> np.ndarray | float:
        if isinstance(other, Tensor):
            return other.data
        if type(other) in (int, float, bool):
            return other  # a Python scalar adopts the tensor's dtype
        return to_float_array(other)

    def __add__(self, other):
        return Tensor(self.data + self._operand(other))

    def __radd__(self, other):
        return Tensor(self._operand(other) + self.data)

    def __sub__(self, other):
        return Tensor(self.data - self._operand(other))

    def __rsub__(self, other):
        return Tensor(self._operand(other) - self.data)

    def __mul__(self, other):
        return Tensor(self.data * self._operand(other))

    def __rmul__(self, other):
        return Tensor(self._operand(other) * self.data)

    def __truediv__(self, other):
        return Tensor(self.data / self._operand(other))

    def __rtruediv__(self, other):
        return Tensor(self._operand(other) / self.data)

    def __neg__(self):
        return Tensor(-self.data)

    # --- shape changes and reductions ------------------------------------
    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return Tensor(self.data.reshape(shape))

    def sum(self, axis=None, keepdims: bool = False):
        return Tensor(self.data.sum(axis=axis, keepdims=keepdims))

    def max(self, axis=None, keepdims: bool = False):
        return Tensor(self.data.max(axis=axis, keepdims=keepdims))
