"""The chapter's one cost measurement: `python -m chapter.cost_measurement OUT.json` times it once per build.

The chapter's glue, the slides and the narration read the artifact it writes
(through `load`); nothing else times activations for the prose. The timing
itself is `tinytorch.timing.activation_costs`, the same function the reader's
in-browser cell calls. Where PyTorch imports, its CPU kernels for the same
work are timed in the same run, with one thread and with all of them.
"""

import inspect
import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

from chapter import sigmoid_forms  # the safe sigmoid forms the chapter compares with tinytorch's
import tinytorch
from tinytorch import GELU
from tinytorch.core.activations import ACTIVATIONS as REGISTERED
from tinytorch.timing import COPY, activation_costs, cost_rows

ARTIFACT_VARIABLE = "TINYTORCH_COST_MEASUREMENT"
DEFAULT_ARTIFACT = Path(__file__).resolve().parents[2] / "_build" / "measurement" / "cost.json"  # where make and Binder write it
ROWS, COLUMNS = 1024, 4096  # 2**22 elements; softmax normalises each row of 4096
ROUNDS = 15
VARIANTS = {"GELU": {"GELU_tanh": GELU(approximate="tanh")}}  # timed right after the registered form


def _measured_activations() -> dict:
    """Row name -> activation: every registered activation in the registry's order, each followed by its variants."""
    rows = {}
    for cls in REGISTERED:
        rows[cls.__name__] = cls()
        rows.update(VARIANTS.get(cls.__name__, {}))
    return rows


ACTIVATIONS = _measured_activations()


def cpu_model() -> str:
    """The CPU's marketing name, from /proc/cpuinfo where there is one."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def measured_source(activation) -> str:
    """Which code was timed, as `Class.method`, read from the object itself."""
    method = type(activation).forward
    return f"{method.__qualname__} ({Path(inspect.getsourcefile(method)).name})"


def torch_costs(threads: int) -> dict | None:
    """PyTorch's CPU kernels for the same work with `threads` threads, or None where PyTorch does not import."""
    try:
        import torch
    except ImportError:
        return None
    data = torch.from_numpy(np.random.default_rng(0).standard_normal((ROWS, COLUMNS)).astype(np.float32))
    kernels = {COPY: data.clone, "ReLU": lambda: torch.relu(data), "Sigmoid": lambda: torch.sigmoid(data),
               "Tanh": lambda: torch.tanh(data), "GELU": lambda: torch.nn.functional.gelu(data),
               "GELU_tanh": lambda: torch.nn.functional.gelu(data, approximate="tanh"),
               "Softmax": lambda: torch.softmax(data, dim=-1), "np.exp": lambda: torch.exp(data)}
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        with torch.no_grad():
            return cost_rows(kernels, data.numel(), ROUNDS)
    finally:
        torch.set_num_threads(before)


def measure() -> dict:
    """The whole artifact: machine, versions, sizes, and one row per function for each column measured."""
    try:
        import torch
        torch_version, all_threads = torch.__version__, torch.get_num_threads()
    except ImportError:
        torch_version, all_threads = None, None
    return {
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "numpy": np.__version__, "tinytorch": tinytorch.__version__, "torch": torch_version,
                    "torch_threads": all_threads},
        "elements": ROWS * COLUMNS, "shape": [ROWS, COLUMNS], "dtype": "float32", "rounds": ROUNDS,
        "sources": {name: measured_source(act) for name, act in ACTIVATIONS.items()},
        "tinytorch": activation_costs(ACTIVATIONS, ROWS, COLUMNS, ROUNDS),
        "torch_1_thread": torch_costs(1) if torch_version else None,
        "torch_all_threads": torch_costs(all_threads) if torch_version else None,
        "sigmoid_forms": {"elements": sigmoid_forms.ELEMENTS, "repeats": sigmoid_forms.REPEATS,
                          "seconds": sigmoid_forms.form_seconds()},
    }


def load(path: str | None = None) -> dict:
    """The artifact this build measured ($TINYTORCH_COST_MEASUREMENT, else DEFAULT_ARTIFACT).

    A missing file is a clear error, never a silent re-measurement.
    """
    path = path or os.environ.get(ARTIFACT_VARIABLE) or str(DEFAULT_ARTIFACT)
    if not Path(path).is_file():
        raise RuntimeError(f"The cost measurement {path} does not exist: run `make measurement` "
                           f"(or `python book/cost_measurement.py {path}`) first.")
    return json.loads(Path(path).read_text(encoding="utf-8"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python book/cost_measurement.py OUT.json")
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(measure(), indent=2) + "\n", encoding="utf-8")
