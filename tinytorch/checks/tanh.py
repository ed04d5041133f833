"""The checks of Tanh: in [-1, 1], odd, tending to -1 and 1."""

import math

from tinytorch.checks.common import EXTREMES, check_mirror, check_range, limits_at_infinity, nan_stays_nan
from tinytorch.checks.harness import Spec
from tinytorch.checks.sigmoid import reference as sigmoid

SPEC = Spec(
    "Tanh", math.tanh, (-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0), EXTREMES,
    mistakes=((sigmoid, "that is the sigmoid, which lies in (0, 1), not (-1, 1)"),),
    checks=(
        nan_stays_nan("a np.where, np.nan_to_num or comparison replaced it; np.tanh and arithmetic keep nan"),
        limits_at_infinity("tanh", math.tanh, "inf / inf gives nan: the ratio of exponentials overflows; "
                                              "np.tanh does not"),
        ("stays within [-1, 1]", lambda spec: check_range(spec, -1.0, 1.0)),
        ("is odd: tanh(-x) = -tanh(x)", lambda spec: check_mirror(spec, "-tanh({x})", lambda x, fx: -fx)),
    ),
)
