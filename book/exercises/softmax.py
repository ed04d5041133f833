import numpy as np

from tinytorch.core.activations import Activation
from tinytorch.core.tensor import Tensor


class Softmax(Activation):
    """softmax(x)_i = e^x_i / sum_j e^x_j along `dim`: each slice becomes a probability distribution."""

    def forward(self, x: Tensor, dim: int = -1) -> Tensor:
        # normalise along `dim` (a NumPy axis); rows must sum to 1
        raise NotImplementedError("write Softmax.forward")
