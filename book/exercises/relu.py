import numpy as np

from tinytorch.core.activations import Activation
from tinytorch.core.tensor import Tensor


class ReLU(Activation):
    """ReLU(x) = max(0, x): keep positives, zero out the rest."""

    def forward(self, x: Tensor) -> Tensor:
        # x.data is the NumPy array inside the Tensor; return a NEW Tensor
        raise NotImplementedError("write ReLU.forward")
