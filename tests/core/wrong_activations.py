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


# --- mistakes that only nan, +-inf or rows at different scales give away -------------

class MaskReLU(Activation):
    """x * (x > 0): -inf * 0 is nan."""

    def forward(self, x):
        return Tensor(x.data * (x.data > 0))


class HalfSumReLU(Activation):
    """(x + |x|) / 2: -inf + inf is nan."""

    def forward(self, x):
        return Tensor((x.data + np.abs(x.data)) / 2)


class WhereReLU(Activation):
    """np.where(x > 0, x, 0): nan > 0 is False, so nan becomes 0."""

    def forward(self, x):
        return Tensor(np.where(x.data > 0, x.data, 0))


class FmaxReLU(Activation):
    """np.fmax ignores nan: fmax(nan, 0) is 0."""

    def forward(self, x):
        return Tensor(np.fmax(x.data, 0))


class NanToNumSigmoid(Activation):
    """A 'guard' with np.nan_to_num: nan becomes 0, so sigmoid(nan) comes back as 0.5."""

    def forward(self, x):
        u = np.nan_to_num(x.data)
        e = np.exp(-np.abs(u))
        return Tensor(np.where(u >= 0, 1, e) / (1 + e))


class PlainFormulaGELU(Activation):
    """x * Phi(x) as written: at -inf that is -inf * 0, nan."""

    def forward(self, x):
        from tinytorch.core.special import erf  # here, so that the class's source alone runs in the page

        return Tensor(x.data * 0.5 * (1 + erf(x.data / math.sqrt(2))))


class ClippedPhiGELU(Activation):
    """Clips only inside Phi: -inf times a tiny Phi(-5) is still -inf."""

    def forward(self, x):
        from tinytorch.core.special import erf

        u = np.clip(x.data, -5, 5)
        return Tensor(x.data * 0.5 * (1 + erf(u / math.sqrt(2))))


class GlobalMaxSoftmax(Activation):
    """Subtracts one max over the whole tensor: a row far below it underflows to 0 / 0."""

    def forward(self, x, dim=-1):
        e = np.exp(x.data - x.data.max())
        return Tensor(e / e.sum(axis=dim, keepdims=True))


class LastAxisMaxSoftmax(Activation):
    """Shifts by the max along the last axis whatever dim is: sums along dim are still 1."""

    def forward(self, x, dim=-1):
        e = np.exp(x.data - x.data.max(axis=-1, keepdims=True))
        return Tensor(e / e.sum(axis=dim, keepdims=True))


class MeanShiftSoftmax(Activation):
    """Shifts by the row's mean: a -inf entry makes the mean -inf."""

    def forward(self, x, dim=-1):
        e = np.exp(x.data - x.data.mean(axis=dim, keepdims=True))
        return Tensor(e / e.sum(axis=dim, keepdims=True))


class NanSumSoftmax(Activation):
    """np.nanmax and np.nansum: a nan entry stays nan but its row is still 'normalised'."""

    def forward(self, x, dim=-1):
        e = np.exp(x.data - np.nanmax(x.data, axis=dim, keepdims=True))
        return Tensor(e / np.nansum(e, axis=dim, keepdims=True))


class ZeroMaskedRowSoftmax(Activation):
    """A fully masked row made into zeros: a distribution that sums to 0, where PyTorch gives nan."""

    def forward(self, x, dim=-1):
        top = x.data.max(axis=dim, keepdims=True)
        e = np.exp(x.data - np.where(np.isfinite(top), top, 0))
        total = e.sum(axis=dim, keepdims=True)
        return Tensor(e / np.where(total == 0, 1, total))


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
    (MaskReLU, "ReLU", "relu(-inf) = 0, relu(inf) = inf",
     "relu(-inf) returned nan; expected 0.0 (-inf * 0 and -inf + inf give nan: x * (x > 0) and "
     "(x + |x|) / 2 do that; np.maximum(x, 0) does not)"),
    (HalfSumReLU, "ReLU", "relu(-inf) = 0, relu(inf) = inf",
     "relu(-inf) returned nan; expected 0.0 (-inf * 0 and -inf + inf give nan: x * (x > 0) and "
     "(x + |x|) / 2 do that; np.maximum(x, 0) does not)"),
    (WhereReLU, "ReLU", "nan stays nan",
     "relu([-1, nan, 2]) returned [0.0, 0.0, 2.0]; expected [0.0, nan, 2.0] (nan > 0 is False, so "
     "np.where(x > 0, x, 0) or np.fmax makes nan 0; np.maximum(x, 0) keeps it)"),
    (FmaxReLU, "ReLU", "nan stays nan",
     "relu([-1, nan, 2]) returned [0.0, 0.0, 2.0]; expected [0.0, nan, 2.0] (nan > 0 is False, so "
     "np.where(x > 0, x, 0) or np.fmax makes nan 0; np.maximum(x, 0) keeps it)"),
    (NanToNumSigmoid, "Sigmoid", "nan stays nan",
     "sigmoid([-1, nan, 2]) returned [0.268941, 0.5, 0.880797]; expected [0.268941, nan, 0.880797] "
     "(a np.where, np.nan_to_num or comparison replaced it; exp and arithmetic keep nan)"),
    (PlainFormulaGELU, "GELU", "gelu(-inf) = 0, gelu(inf) = inf",
     "gelu(-inf) returned nan; expected 0.0 (-inf * Phi(-inf) is -inf * 0, which gives nan: "
     "clamp x first, np.maximum(x, -40), where Phi is already 0)"),
    (ClippedPhiGELU, "GELU", "gelu(-inf) = 0, gelu(inf) = inf", "gelu(-inf) returned -inf; expected 0.0"),
    (GlobalMaxSoftmax, "Softmax", "rows at very different scales in one tensor",
     "softmax([[1000, 1001], [-1000, -999]]) gave row 2 [nan, nan]; expected [0.268941, 0.731059] "
     "(a line far below the global max underflows to 0 / 0: subtract each row's own max, "
     "x.max(axis=dim, keepdims=True), not one global x.max())"),
    (GlobalMaxSoftmax, "Softmax", "a nan spoils only its own row",
     "softmax([[1, 2, 3], [nan, 0, 1]]) gave row 1 [nan, nan, nan]; expected [0.0900306, 0.244728, 0.665241] "
     "(only the row holding the nan may be nan: one global x.max() carries it into every row; subtract each "
     "row's own max, x.max(axis=dim, keepdims=True), not one global x.max())"),
    (LastAxisMaxSoftmax, "Softmax", "rows at very different scales in one tensor",
     "softmax([[1000, -1000], [1001, -999]], dim=0) gave column 1 [0.5, 0.5]; expected [0.268941, 0.731059] "
     "(each line is shifted by its own max along dim: is the max taken along dim?)"),
    (MeanShiftSoftmax, "Softmax", "-inf entries get probability 0",
     "softmax([[0, -inf, 0], [2, -inf, -inf]]) gave row 1 [nan, nan, nan]; expected [0.5, 0.0, 0.5] "
     "(exp(-inf) = 0 is right, but x - (-inf) is inf or nan: shift each row by its max, not its mean or min)"),
    (NanSumSoftmax, "Softmax", "a nan spoils only its own row",
     "softmax([[1, 2, 3], [nan, 0, 1]]) gave row 2 [nan, 0.268941, 0.731059]; expected [nan, nan, nan] "
     "(a nan entry makes its whole row nan, as in PyTorch: np.nanmax, np.nansum or np.nan_to_num hid it)"),
    (ZeroMaskedRowSoftmax, "Softmax", "an all -inf row gives nan, as in PyTorch",
     "softmax([[-inf, -inf, -inf], [0, 1, 2]]) gave row 1 [0.0, 0.0, 0.0]; expected [nan, nan, nan] "
     "(a row with no finite entry has no distribution, so tinytorch, like PyTorch, gives nan there)"),
    (Unwritten, "Tanh", "forward runs and returns a Tensor",
     "tanh(x) raised NotImplementedError: Unwritten.forward is not written yet"),
    (ForgotReturn, "Tanh", "forward runs and returns a Tensor",
     "tanh(x) returned NoneType, expected a Tensor (missing return?)"),
]
