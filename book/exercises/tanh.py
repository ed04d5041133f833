import numpy as np

from tinytorch.core.activations import Activation
from tinytorch.core.tensor import Tensor


class Tanh(Activation):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x): zero-centred, in (-1, 1)."""

    def forward(self, x: Tensor) -> Tensor:
        raise NotImplementedError("write Tanh.forward")
