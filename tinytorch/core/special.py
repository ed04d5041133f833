"""The error function erf, element-wise over NumPy arrays (NumPy has none, and SciPy is not a dependency)."""

import numpy as np

# W. J. Cody, "Rational Chebyshev approximations for the error function",
# Mathematics of Computation 23 (1969). Three rational fits, each good to
# double precision on its interval; coefficients listed from the constant term up.
_NEAR_ZERO_P = (3.20937758913846947e03, 3.77485237685302021e02, 1.13864154151050156e02,
                3.16112374387056560e00, 1.85777706184603153e-1)
_NEAR_ZERO_Q = (2.84423683343917062e03, 1.28261652607737228e03, 2.44024637934444173e02,
                2.36012909523441209e01, 1.0)
_MIDDLE_P = (1.23033935479799725e03, 2.05107837782607147e03, 1.71204761263407058e03,
             8.81952221241769090e02, 2.98635138197400131e02, 6.61191906371416295e01,
             8.88314979438837594e00, 5.64188496988670089e-1, 2.15311535474403846e-8)
_MIDDLE_Q = (1.23033935480374942e03, 3.43936767414372164e03, 4.36261909014324716e03,
             3.29079923573345963e03, 1.62138957456669019e03, 5.37181101862009858e02,
             1.17693950891312499e02, 1.57449261107098347e01, 1.0)
_TAIL_P = (6.58749161529837803e-4, 1.60837851487422766e-2, 1.25781726111229246e-1,
           3.60344899949804439e-1, 3.05326634961232344e-1, 1.63153871373020978e-2)
_TAIL_Q = (2.33520497626869185e-3, 6.05183413124413191e-2, 5.27905102951428412e-1,
           1.87295284992346047e00, 2.56852019228982242e00, 1.0)
_ONE_OVER_SQRT_PI = 0.56418958354775628695

# Beyond |x| = 6, 1 - erf(|x|) < 3e-17: erf is +-1 to double precision.
_SATURATION = 6.0


def _rational(p: tuple, q: tuple, t: np.ndarray) -> np.ndarray:
    """P(t) / Q(t) by Horner's rule."""
    num = np.full_like(t, p[-1])
    den = np.full_like(t, q[-1])
    for a, b in zip(p[-2::-1], q[-2::-1]):
        num = num * t + a
        den = den * t + b
    return num / den


def _erfc_positive(y: np.ndarray) -> np.ndarray:
    """erfc(y) = 1 - erf(y) for 0.46875 < y <= 6 (nan passes through)."""
    middle = y <= 4.0
    scaled = np.empty_like(y)  # erfc(y) * exp(y^2), a slowly varying function
    scaled[middle] = _rational(_MIDDLE_P, _MIDDLE_Q, y[middle])
    tail = y[~middle]
    z = 1.0 / (tail * tail)
    scaled[~middle] = (_ONE_OVER_SQRT_PI - z * _rational(_TAIL_P, _TAIL_Q, z)) / tail
    return np.exp(-y * y) * scaled


def erf(x: np.ndarray) -> np.ndarray:
    """erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt, in x's float dtype."""
    x = np.asarray(x)
    y = np.minimum(np.abs(x), _SATURATION)  # also keeps y*y from overflowing
    out = np.empty_like(x)
    near_zero = y <= 0.46875
    small = x[near_zero]
    out[near_zero] = small * _rational(_NEAR_ZERO_P, _NEAR_ZERO_Q, small * small)
    far = ~near_zero
    out[far] = np.copysign(1.0 - _erfc_positive(y[far]), x[far])
    return out
