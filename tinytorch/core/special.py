"""The error function erf, and x times the standard normal CDF (exact GELU), element-wise over NumPy arrays.

NumPy has neither, and SciPy is not a dependency.
"""

import math

import numpy as np

# W. J. Cody, "Rational Chebyshev approximations for the error function",
# Mathematics of Computation 23 (1969): rational fits good to double precision,
# coefficients listed from the constant term up.
# Near zero, y = |x| <= 0.46875:  erf(y) = y * P(y^2) / Q(y^2)
_NEAR_ZERO_P = (3.20937758913846947e03, 3.77485237685302021e02, 1.13864154151050156e02,
                3.16112374387056560e00, 1.85777706184603153e-1)
_NEAR_ZERO_Q = (2.84423683343917062e03, 1.28261652607737228e03, 2.44024637934444173e02,
                2.36012909523441209e01, 1.0)
# Further out, y > 0.46875:  erf(y) = 1 - exp(-y^2) * P(y) / Q(y);  erf(-y) = -erf(y).
# Cody fits this on (0.46875, 4] and adds a third fit beyond 4 for erfc's relative
# accuracy; erf does not need it: on (4, 6] this one is within 2e-23 of erfc.
_FAR_P = (1.23033935479799725e03, 2.05107837782607147e03, 1.71204761263407058e03,
          8.81952221241769090e02, 2.98635138197400131e02, 6.61191906371416295e01,
          8.88314979438837594e00, 5.64188496988670089e-1, 2.15311535474403846e-8)
_FAR_Q = (1.23033935480374942e03, 3.43936767414372164e03, 4.36261909014324716e03,
          3.29079923573345963e03, 1.62138957456669019e03, 5.37181101862009858e02,
          1.17693950891312499e02, 1.57449261107098347e01, 1.0)
_NEAR_ZERO_END = 0.46875
_SATURATION = 6.0  # beyond it 1 - erf(|x|) < 3e-17: erf is +-1 to double precision
# Elements per block: a block's few arrays stay in the CPU's cache, and its ~20 NumPy calls are few enough
# that their per-call overhead stays small (2**17 measured fastest with bench/kernels.py; 2**15 was 15% slower)
_BLOCK = 2**17


def _polynomial(coefficients: tuple, t: np.ndarray) -> np.ndarray:
    """c0 + c1 t + c2 t^2 + ... by Horner's rule, updating one new array in place."""
    result = np.full_like(t, coefficients[-1])
    for c in coefficients[-2::-1]:
        result *= t
        result += c
    return result


def _erf_block(x: np.ndarray) -> np.ndarray:
    """erf of one block: evaluate both fits everywhere, then keep the one valid at each element."""
    y = np.minimum(np.abs(x), _SATURATION)  # erf is odd: work with |x|; capping it keeps y * y finite
    y2 = y * y
    near_zero = y * _polynomial(_NEAR_ZERO_P, y2) / _polynomial(_NEAR_ZERO_Q, y2)
    far = 1 - np.exp(-y2) * _polynomial(_FAR_P, y) / _polynomial(_FAR_Q, y)
    return np.copysign(np.where(y <= _NEAR_ZERO_END, near_zero, far), x)  # nan takes `far`: still nan


def erf(x) -> np.ndarray:
    """erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt, element-wise in x's float dtype."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    out = np.empty_like(x)
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    for start in range(0, x.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        flat_out[block] = _erf_block(flat_x[block])
    return out




# x * Phi(x) = max(x, 0) - |x| * Phi(-|x|): ReLU minus a correction that fades in both tails.
# The tail Phi(-a) = erfc(a / sqrt 2) / 2 is a product, not a difference, so it has no cancellation.
# float32 needs about 1e-7, not double precision, so it takes one short fit valid for every a:
# Abramowitz and Stegun 7.1.26 (after Hastings), good to 1.5e-7 in erf,
#     erfc(z) = (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-z^2),  t = 1 / (1 + p z),  z >= 0,
# with the 1/2 folded into the coefficients (listed from a1 up) and z = a / sqrt 2 into p.
_TAIL_A = tuple(c / 2 for c in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))
_TAIL_P = 0.3275911 / math.sqrt(2)
_TAIL_END = 40.0  # Phi(-40) = 4e-350 is 0 in any float type; capping a keeps a * a and a * 0 finite


def _normal_tail_float32(a: np.ndarray, tail: np.ndarray, t: np.ndarray):
    """Phi(-a) for a float32 block of a >= 0, written into tail; t is scratch of the same size."""
    np.multiply(a, _TAIL_P, out=t)
    t += 1
    np.divide(1, t, out=t)  # t = 1 / (1 + p a / sqrt 2), in (0, 1]
    np.multiply(t, _TAIL_A[-1], out=tail)
    for c in _TAIL_A[-2::-1]:  # a1 t + a2 t^2 + ... + a5 t^5 by Horner's rule
        tail += c
        tail *= t
    np.multiply(a, a, out=t)
    t *= -0.5
    tail *= np.exp(t, out=t)  # times exp(-a^2 / 2)


def _normal_tail_float64(a: np.ndarray, tail: np.ndarray, t: np.ndarray):
    """Phi(-a) for a float64 block of a >= 0, from Cody's erf (absolute error about 2e-16)."""
    np.multiply(a, 1 / math.sqrt(2), out=t)
    np.subtract(0.5, 0.5 * _erf_block(t), out=tail)


def x_times_normal_cdf(x) -> np.ndarray:
    """x * Phi(x), Phi the standard normal CDF (exact GELU), element-wise in x's float dtype, block by block."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    normal_tail = _normal_tail_float32 if x.dtype == np.float32 else _normal_tail_float64
    out = np.empty_like(x)
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    a, t = np.empty(min(x.size, _BLOCK), x.dtype), np.empty(min(x.size, _BLOCK), x.dtype)
    for start in range(0, x.size, _BLOCK):
        n = min(_BLOCK, x.size - start)
        block, y = flat_x[start:start + n], flat_out[start:start + n]
        np.minimum(np.abs(block, out=a[:n]), _TAIL_END, out=a[:n])  # nan stays nan
        normal_tail(a[:n], y, t[:n])
        y *= a[:n]
        np.subtract(np.maximum(block, 0, out=t[:n]), y, out=y)
    return out
