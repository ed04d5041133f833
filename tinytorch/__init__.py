"""TinyTorch: a small, readable deep-learning library built one module at a time."""

from tinytorch.core.activations import GELU, ReLU, Sigmoid, Softmax, Tanh
from tinytorch.core.tensor import Tensor

__version__ = "0.2.0"

__all__ = ["Tensor", "ReLU", "Sigmoid", "Tanh", "GELU", "Softmax", "__version__"]
