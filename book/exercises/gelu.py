import math

import numpy as np

from tinytorch.core.activations import Activation
from tinytorch.core.special import erf
from tinytorch.core.tensor import Tensor


class GELU(Activation):
    """GELU(x) = x * Phi(x), Phi the standard normal CDF: Phi(x) = (1 + erf(x / sqrt 2)) / 2."""

    def forward(self, x: Tensor) -> Tensor:
        # erf(array) works element-wise on NumPy arrays
        raise NotImplementedError("write GELU.forward")
