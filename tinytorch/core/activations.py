"""The five activations of Module 02: ReLU, Sigmoid, Tanh, GELU and Softmax."""

import math

import numpy as np

from tinytorch.core.special import x_times_normal_cdf
from tinytorch.core.tensor import Tensor

_SOFTMAX_BLOCK = 2**18  # input elements per block (1 MB of float32), chosen with bench/kernels.py


class Activation:
    """A nonlinearity: a Tensor in, a Tensor of the same shape out."""

    def forward(self, x: Tensor) -> Tensor:
        raise NotImplementedError(
            f"{type(self).__name__}.forward is not written yet")

    def __call__(self, x, *args, **kwargs) -> Tensor:
        return self.forward(x, *args, **kwargs)

    def backward(self, grad: Tensor) -> Tensor:
        raise NotImplementedError(
            f"{type(self).__name__}.backward: gradients arrive in "
            "Module 06 (Autograd)")

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _input(x) -> np.ndarray:
    """The float array behind x: a Tensor, or anything Tensor() accepts."""
    return x.data if isinstance(x, Tensor) else Tensor(x).data


class ReLU(Activation):
    """ReLU(x) = max(0, x): keep positives, zero out the rest."""

    def forward(self, x: Tensor) -> Tensor:
        x = _input(x)
        # a single comparison: nothing can overflow, and nan stays nan
        return Tensor(np.maximum(x, 0))


class Sigmoid(Activation):
    """sigma(x) = 1 / (1 + e^-x): any real number squashed into (0, 1)."""

    def forward(self, x: Tensor) -> Tensor:
        x = _input(x)
        # sigma(x) = (1 + tanh(x / 2)) / 2: one transcendental, no
        # branch, and tanh saturates to +-1 where e^-x would overflow.
        # Far left (sigma below ~1e-16 in float64, ~3e-8 in float32)
        # 1 + tanh rounds: a tiny absolute error, a large relative one.
        y = np.empty_like(x)  # one new array; every step writes into it
        np.tanh(np.multiply(x, 0.5, out=y), out=y)
        y += 1
        y *= 0.5
        return Tensor(y)


class Tanh(Activation):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x): zero-centred, in (-1, 1)."""

    def forward(self, x: Tensor) -> Tensor:
        x = _input(x)
        # np.tanh saturates to +-1; the exp ratio would be inf / inf
        return Tensor(np.tanh(x))


class GELU(Activation):
    """GELU(x) = x * Phi(x), Phi the standard normal CDF: a smooth ReLU."""

    APPROXIMATIONS = ("none", "tanh", "sigmoid")

    def __init__(self, approximate: str = "none"):
        if approximate not in self.APPROXIMATIONS:
            choices = ", ".join(self.APPROXIMATIONS)
            raise ValueError(f"GELU(approximate={approximate!r}): "
                             f"choose one of {choices}")
        self.approximate = approximate

    def forward(self, x: Tensor) -> Tensor:
        x = _input(x)
        if self.approximate == "none":
            # x * Phi(x), block by block as max(x, 0) - |x| Phi(-|x|)
            return Tensor(x_times_normal_cdf(x))
        # Phi(x) is exactly 0 or 1 past +-500: clip there (u^3 stays
        # finite); and -inf * 0 = nan, so -inf becomes the lowest float
        u = np.clip(x, -500, 500)
        if self.approximate == "tanh":
            inner = math.sqrt(2 / math.pi) * (u + 0.044715 * u * u * u)
            phi = 0.5 * (1 + np.tanh(inner))
        else:
            phi = Sigmoid().forward(Tensor(1.702 * u)).data
        return Tensor(np.maximum(x, np.finfo(x.dtype).min) * phi)

    def __repr__(self) -> str:
        return f"GELU(approximate={self.approximate!r})"


class Softmax(Activation):
    """softmax(x)_i = e^x_i / sum_j e^x_j along `dim`: a distribution."""

    def forward(self, x: Tensor, dim: int = -1) -> Tensor:
        x = _input(x)
        axis = _check_dim(dim, x.ndim)
        if x.size == 0:
            return Tensor(x.copy())
        # the softmax axis last, as the rows of a matrix
        # (a view when it is already last)
        rows = np.moveaxis(np.atleast_1d(x), axis, -1)
        shape = rows.shape
        rows = rows.reshape(-1, shape[-1])
        out = np.empty_like(rows)
        # Shift by the max: e^(x - max) <= 1 cannot overflow, and the
        # shift cancels in the ratio (x - max may round to -inf, whose
        # exp is the right 0; an all -inf row gives nan, as in PyTorch).
        # A block of rows at a time, small enough that its five passes
        # (max, shift, exp, sum, divide) find it in the CPU's cache.
        step = max(1, _SOFTMAX_BLOCK // shape[-1])
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(rows), step):
                r = rows[start:start + step]
                e = out[start:start + step]
                np.subtract(r, r.max(axis=1, keepdims=True), out=e)
                np.exp(e, out=e)
                e /= e.sum(axis=1, keepdims=True)
        out = np.moveaxis(out.reshape(shape), -1, axis)
        return Tensor(out.reshape(x.shape))


# The chapter's activations, in the chapter's order: declared once here. The package's exports, the
# check specs (tinytorch/checks/<name>.py), the page's exercises and progress count, the chapter's
# tables and the tests' parametrisation all derive from this tuple.
ACTIVATIONS = (ReLU, Sigmoid, Tanh, GELU, Softmax)
ACTIVATION_NAMES = tuple(cls.__name__ for cls in ACTIVATIONS)


def _check_dim(dim, ndim: int):
    """`dim` as a NumPy axis (-1 for a 0-d tensor, a row of one), or an IndexError naming dim and ndim."""
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"Softmax dim must be an int; got {type(dim).__name__}")
    rank = max(ndim, 1)  # a 0-d tensor accepts dim 0 or -1, as in PyTorch
    if not -rank <= dim < rank:
        raise IndexError(
            f"Softmax dim={dim} is out of range for a {ndim}-d tensor "
            f"(expected a value in [{-rank}, {rank - 1}])"
        )
    return -1 if ndim == 0 else int(dim)
