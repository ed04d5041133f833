"""The checks of GELU: the exact x * Phi(x) (not an approximation), gelu(-inf) = 0 and gelu(inf) = inf."""

import math

from tinytorch.checks.common import EXTREMES, check_mirror, check_range, limits_at_infinity, nan_stays_nan
from tinytorch.checks.harness import Spec
from tinytorch.checks.sigmoid import reference as sigmoid


def reference(x):
    if x == -math.inf:  # x * Phi(x) tends to 0; written out it is -inf * 0
        return 0.0
    return x * 0.5 * (1 + math.erf(x / math.sqrt(2)))


def tanh_approximation(x):
    return x * 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


EXACT = "write the exact x * Phi(x) with erf"
SPEC = Spec(
    "GELU", reference, (-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0), EXTREMES,
    nan_hint="inf * 0 gives nan: did a term overflow?",
    mistakes=(
        (tanh_approximation, f"that is the tanh approximation; {EXACT}"),
        (lambda x: x * sigmoid(1.702 * x), f"that is the x * sigmoid(1.702 x) approximation; {EXACT}"),
        (lambda x: x * sigmoid(math.sqrt(2 / math.pi) * x),
         "sqrt(2/pi) belongs to the tanh approximation, not inside a sigmoid"),
    ),
    checks=(
        nan_stays_nan("a np.where, np.nan_to_num or comparison replaced it; erf and arithmetic keep nan"),
        limits_at_infinity("gelu", reference, "-inf * Phi(-inf) is -inf * 0, which gives nan: "
                                              "clamp x first, np.maximum(x, -40), where Phi is already 0"),
        ("gelu(x) - gelu(-x) = x", lambda spec: check_mirror(spec, "gelu({x}) - {x}", lambda x, fx: fx - x)),
        ("never below -0.17", lambda spec: check_range(spec, -0.17, math.inf)),
    ),
)
