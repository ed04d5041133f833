"""The checks of Sigmoid: 1 / (1 + e^-x), in [0, 1], with sigmoid(-x) = 1 - sigmoid(x)."""

import math

from tinytorch.checks.common import EXTREMES, check_mirror, check_range, limits_at_infinity, nan_stays_nan
from tinytorch.checks.harness import Spec


def reference(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


SPEC = Spec(
    "Sigmoid", reference, (-20.0, -5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 5.0, 20.0), EXTREMES,
    mistakes=((lambda x: reference(-x), "that is sigmoid(-x): check the sign in the exponent"),),
    checks=(
        nan_stays_nan("a np.where, np.nan_to_num or comparison replaced it; exp and arithmetic keep nan"),
        limits_at_infinity("sigmoid", reference, "inf / inf gives nan: e^x / (1 + e^x) overflows for large x; "
                                                 "use 1 / (1 + e^-x) where x >= 0"),
        ("stays within [0, 1]", lambda spec: check_range(spec, 0.0, 1.0)),
        ("sigmoid(-x) = 1 - sigmoid(x)", lambda spec: check_mirror(spec, "1 - sigmoid({x})", lambda x, fx: 1 - fx)),
    ),
)
