"""Classic mistakes in writing the five activations, each with the check it must fail and the exact message.

Plain Python (no pytest): tests/core/test_checks.py runs these natively and
tests/pyodide/test_checks_in_pyodide.py runs them inside Pyodide.
"""

import math

import numpy as np

from tinytorch.core.activations import Activation
from tinytorch.core.tensor import Tensor


class NaiveSoftmax(Activation):
    def forward(self, x, dim=-1):
        e = np.exp(x.data)
        return Tensor(e / e.sum(axis=dim, keepdims=True))


class NaiveSigmoid(Activation):
    def forward(self, x):
        return Tensor(1 / (1 + np.exp(-x.data)))


class QuietNaiveSigmoid(Activation):
    """The naive sigmoid with NumPy's overflow warning silenced, as NumPy in WebAssembly always is."""

    def forward(self, x):
        with np.errstate(over="ignore"):
            return Tensor(1 / (1 + np.exp(-x.data)))


class RatioSigmoid(Activation):
    def forward(self, x):
        e = np.exp(x.data)
        return Tensor(e / (1 + e))


class CopyReLU(Activation):
    def forward(self, x):
        return Tensor(x.data.copy())


class Float64ReLU(Activation):
    def forward(self, x):
        return Tensor(np.maximum(x.data, 0).astype(np.float64))


class FlatteningTanh(Activation):
    def forward(self, x):
        return Tensor(np.tanh(x.data).ravel())


class ExpRatioTanh(Activation):
    def forward(self, x):
        a, b = np.exp(x.data), np.exp(-x.data)
        return Tensor((a - b) / (a + b))


class WrongConstantGELU(Activation):
    def forward(self, x):
        return Tensor(x.data / (1 + np.exp(-math.sqrt(2 / math.pi) * x.data)))


class NumpyReLU(Activation):
    def forward(self, x):
        return np.maximum(x.data, 0)


class InPlaceReLU(Activation):
    def forward(self, x):
        x.data[x.data < 0] = 0
        return x


class ColumnSoftmax(Activation):
    def forward(self, x, dim=-1):
        e = np.exp(x.data - x.data.max(axis=0, keepdims=True))
        return Tensor(e / e.sum(axis=0, keepdims=True))


class NoDimSoftmax(Activation):
    def forward(self, x, dim=-1):
        e = np.exp(x.data - x.data.max(axis=-1, keepdims=True))
        return Tensor(e / e.sum(axis=-1, keepdims=True))


class TanhApproxGELU(Activation):
    def forward(self, x):
        u = x.data
        return Tensor(0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u**3))))


class AbsSoftmax(Activation):
    """Rows that sum to 1 and stay in [0, 1], but a shift changes them: not a softmax."""

    def forward(self, x, dim=-1):
        a = np.abs(x.data)
        return Tensor(a / a.sum(axis=dim, keepdims=True))


class SignFlipSigmoid(Activation):
    def forward(self, x):
        e = np.exp(-np.abs(x.data))
        return Tensor(np.where(x.data < 0, 1, e) / (1 + e))


class Unwritten(Activation):
    pass


class ForgotReturn(Activation):
    def forward(self, x):
        np.tanh(x.data)


WRONG = [
    (NaiveSoftmax, "Softmax", "no nan, right values on extreme inputs",
     "softmax([1000, 1001, 1002]) returned [nan, nan, nan]; expected [0.0900306, 0.244728, 0.665241] "
     "(did exp overflow? subtract the max first)"),
    (NaiveSoftmax, "Softmax", "no RuntimeWarning on extreme inputs",
     "softmax([1000, 1001, 1002]) in float64 raised RuntimeWarning 'overflow encountered in exp'"),
    (NaiveSigmoid, "Sigmoid", "no RuntimeWarning on extreme inputs",
     "sigmoid(-1000) in float64 raised RuntimeWarning 'overflow encountered in exp'"),
    (QuietNaiveSigmoid, "Sigmoid", "no RuntimeWarning on extreme inputs",
     "sigmoid(-1000) in float64 raised RuntimeWarning 'overflow encountered in exp'"),
    (RatioSigmoid, "Sigmoid", "no nan, right values on extreme inputs",
     "sigmoid(1000) returned nan; expected 1.0 (did exp overflow?)"),
    (CopyReLU, "ReLU", "zeroes every negative",
     "relu returned the input unchanged for negatives; they should become 0"),
    (CopyReLU, "ReLU", "matches the formula at known points", "relu(-3) returned -3.0; expected 0.0"),
    (Float64ReLU, "ReLU", "keeps the dtype (float32 stays float32)",
     "output dtype float64, expected float32 for float32 input (a float64 NumPy value such as np.sqrt(2) "
     "widens the result: use math.sqrt(2), or cast with .astype(x.data.dtype))"),
    (FlatteningTanh, "Tanh", "keeps the shape", "shape changed from (2, 3) to (6,)"),
    (ExpRatioTanh, "Tanh", "no nan, right values on extreme inputs",
     "tanh(-1000) returned nan; expected -1.0 (did exp overflow?)"),
    (WrongConstantGELU, "GELU", "matches the formula at known points",
     "gelu(-3) returned -0.250974; expected -0.00404969 "
     "(sqrt(2/pi) belongs to the tanh approximation, not inside a sigmoid)"),
    (TanhApproxGELU, "GELU", "matches the formula at known points",
     "gelu(-3) returned -0.00363739; expected -0.00404969 "
     "(that is the tanh approximation; write the exact x * Phi(x) with erf)"),
    (NumpyReLU, "ReLU", "returns a new Tensor",
     "relu returned a numpy array, expected a Tensor: wrap it, Tensor(result)"),
    (InPlaceReLU, "ReLU", "returns a new Tensor",
     "relu returned its input Tensor itself; build a new Tensor for the output"),
    (InPlaceReLU, "ReLU", "leaves its input unchanged",
     "relu changed its input in place: x was [-2.0, -0.5, 0.0]..., now [0.0, 0.0, 0.0]...; leave x.data alone"),
    (ColumnSoftmax, "Softmax", "rows sum to 1",
     "softmax rows sum to 2.251; expected 1 (divide by the sum along dim)"),
    (NoDimSoftmax, "Softmax", "respects the dim argument",
     "softmax(x of shape (3, 4), dim=0): sums along dim 0 are [0.346206, 0.511516, 0.960874, 1.1814]; "
     "expected 1 (is dim used?)"),
    (AbsSoftmax, "Softmax", "softmax(x + c) = softmax(x)",
     "softmax([1, 2, 3, 4] + 100) returned [0.246341, 0.24878, 0.25122, 0.253659], but "
     "softmax([1, 2, 3, 4]) returned [0.1, 0.2, 0.3, 0.4]; adding a constant must not change it"),
    (SignFlipSigmoid, "Sigmoid", "matches the formula at known points",
     "sigmoid(-20) returned 1.0; expected 2.06115e-09 (that is sigmoid(-x): check the sign in the exponent)"),
    (Unwritten, "Tanh", "forward runs and returns a Tensor",
     "tanh(x) raised NotImplementedError: Unwritten.forward is not written yet"),
    (ForgotReturn, "Tanh", "forward runs and returns a Tensor",
     "tanh(x) returned NoneType, expected a Tensor (missing return?)"),
]
