"""The chapter's relative-cost table: each activation timed on the build machine, median of repeats."""

import os
import platform
import time

import numpy as np

from chapter_numbers import readable_count
from tinytorch import Tensor

ELEMENTS_LOG2 = 22
ROWS = 1024  # softmax normalises along the last axis: 1024 rows of 4096
REPEATS = 7


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


def median_seconds(fns: dict, repeats: int = REPEATS) -> dict:
    """Median wall time of each fn() over `repeats` rounds, after one warm-up round.

    The functions take turns within each round, so a burst of load on the machine
    slows all of them alike instead of skewing one ratio.
    """
    times = {name: [] for name in fns}
    for round_ in range(repeats + 1):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_:  # round 0 is the warm-up
                times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def measure(activations: dict) -> dict:
    """Median seconds per activation over 2**ELEMENTS_LOG2 float32 N(0, 1) elements, plus np.exp alone."""
    n = 2**ELEMENTS_LOG2
    x = Tensor(np.random.default_rng(0).standard_normal((ROWS, n // ROWS)).astype(np.float32))
    fns = {name: (lambda a=act: a(x)) for name, act in activations.items()}
    fns["np.exp"] = lambda: np.exp(x.data)
    return {"elements": n, "seconds": median_seconds(fns)}


def times_text(ratio: float) -> str:
    """A cost ratio for reading: two significant digits below 10 (0.79, 4.5), whole numbers above (125)."""
    return f"{ratio:.2g}" if ratio < 10 else f"{ratio:.0f}"


def cost_numbers(activations: dict, extras: dict) -> dict:
    """Glue values of the cost table: times in ms, ratios to ReLU, exp rate and the machine.

    `activations` are ranked cheapest to dearest; `extras` (key -> activation) are timed beside them.
    """
    result = measure(activations | extras)
    n, seconds = result["elements"], result["seconds"]
    relu = seconds["ReLU"]
    out = {
        "cost_elements": f"{n:,}",
        "cost_elements_log2": f"{ELEMENTS_LOG2}",
        "cost_shape": f"({ROWS}, {n // ROWS})",
        "cost_repeats": f"{REPEATS}",
        "cost_cpu": cpu_model(),
        "cost_cores": f"{os.cpu_count()}",
        "cost_numpy": np.__version__,
        "cost_exp_rate": readable_count(n / seconds["np.exp"], 2),
        "cost_exp_ms": seconds["np.exp"] * 1e3,
    }
    for name in [*activations, *extras]:
        key = name.lower()
        out[f"cost_{key}_ms"] = seconds[name] * 1e3
        out[f"cost_{key}_ratio"] = times_text(seconds[name] / relu)
        out[f"cost_{key}_rate"] = readable_count(n / seconds[name], 2)
    ranked = sorted(activations, key=lambda name: seconds[name])
    out["cost_cheapest"], out["cost_dearest"] = ranked[0], ranked[-1]
    out["cost_dearest_ratio"] = times_text(seconds[ranked[-1]] / relu)
    out["cost_exp_ratio"] = times_text(seconds["np.exp"] / relu)
    return out
