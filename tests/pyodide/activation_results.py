"""Run the five activations on the parity inputs in <folder>/inputs.npz and save the results to <folder>/<runtime>.npz."""

import sys
from pathlib import Path

import numpy as np

from tinytorch import GELU, Softmax, Tensor
from tinytorch.core.activations import ACTIVATIONS

ELEMENTWISE = {  # every registered activation but Softmax (run along each axis below), and GELU's two approximations
    **{cls.__name__.lower(): cls() for cls in ACTIVATIONS if cls is not Softmax},
    "gelu_tanh": GELU("tanh"), "gelu_sigmoid": GELU("sigmoid"),
}


def results(inputs) -> dict:
    """Every activation applied to every input array; softmax along both axes of the 2-D ones."""
    out = {}
    for key in inputs.files:
        x = Tensor(inputs[key])
        for name, activation in ELEMENTWISE.items():
            out[f"{name}/{key}"] = activation(x).data
        out[f"softmax/{key}"] = Softmax()(x).data
        if x.ndim == 2:
            out[f"softmax_dim0/{key}"] = Softmax()(x, dim=0).data
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    runtime = "pyodide" if sys.platform == "emscripten" else "native"
    with np.load(folder / "inputs.npz") as inputs:
        np.savez(folder / f"{runtime}.npz", **results(inputs))
    print(f"{runtime}: numpy {np.__version__}, python {sys.version.split()[0]}")
