"""Tensor: an n-dimensional array of floats, the one data type every TinyTorch module shares."""

from __future__ import annotations

import numpy as np

FLOAT_DTYPES = (np.float16, np.float32, np.float64)


def to_float_array(data) -> np.ndarray:
    """Turn `data` into a float NumPy array, or raise a clear error saying what was wrong.

    Python numbers, bools, integer arrays and nested lists become float32; float16,
    float32 and float64 arrays keep their dtype.
    """
    if isinstance(data, Tensor):
        return data.data
    if data is None or isinstance(data, (str, bytes)):
        raise TypeError(
            f"Tensor data must be a number, a (nested) list of numbers or a NumPy array; "
            f"got {type(data).__name__}"
        )
    if isinstance(data, np.ndarray):
        array = data
    else:
        try:
            array = np.asarray(data)
        except ValueError as error:  # NumPy >= 1.24 refuses ragged nested lists
            raise ValueError(f"Tensor data must be rectangular (no ragged lists): {error}") from None
    if array.dtype == object:
        raise ValueError(
            "Tensor data must be rectangular and numeric; got an object array "
            "(ragged lists, or a mix of numbers and other things)"
        )
    if array.dtype.type in FLOAT_DTYPES:
        return array
    if array.dtype.kind in "biu":
        return array.astype(np.float32)
    if array.dtype.kind == "f":  # e.g. float128 / longdouble
        raise TypeError(f"Tensor supports float16, float32 and float64; got {array.dtype}")
    raise TypeError(
        f"Tensor data must be real numbers (bool, int or float); got dtype {array.dtype}"
    )


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
        if dtype is None:
            return self.data
        return self.data.astype(dtype)

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
        if isinstance(other, (int, float)):
            return other  # a Python scalar keeps the tensor's dtype
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
