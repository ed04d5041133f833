"""TinyTorch: a small, readable deep-learning library built one module at a time."""

from tinytorch.core.activations import ACTIVATIONS
from tinytorch.core.tensor import Tensor

__version__ = "0.2.0"

globals().update({cls.__name__: cls for cls in ACTIVATIONS})  # ReLU, Sigmoid, ...: the registry's classes

__all__ = ["Tensor", *(cls.__name__ for cls in ACTIVATIONS), "__version__"]
