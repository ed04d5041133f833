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


def median_seconds(fn, repeats: int = REPEATS) -> float:
    """Median wall time of fn() over `repeats` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def measure(activations: dict) -> dict:
    """Median seconds per activation over 2**ELEMENTS_LOG2 float32 N(0, 1) elements, plus np.exp alone."""
    n = 2**ELEMENTS_LOG2
    x = Tensor(np.random.default_rng(0).standard_normal((ROWS, n // ROWS)).astype(np.float32))
    seconds = {name: median_seconds(lambda a=act: a(x)) for name, act in activations.items()}
    seconds["np.exp"] = median_seconds(lambda: np.exp(x.data))
    return {"elements": n, "seconds": seconds}


def times_text(ratio: float) -> str:
    """A cost ratio for reading: two significant digits below 10 (0.79, 4.5), whole numbers above (125)."""
    return f"{ratio:.2g}" if ratio < 10 else f"{ratio:.0f}"


def cost_numbers(activations: dict) -> dict:
    """Glue values of the cost table: times in ms, ratios to ReLU, exp rate and the machine."""
    result = measure(activations)
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
    for name in activations:
        key = name.lower()
        out[f"cost_{key}_ms"] = seconds[name] * 1e3
        out[f"cost_{key}_ratio"] = times_text(seconds[name] / relu)
        out[f"cost_{key}_rate"] = readable_count(n / seconds[name], 2)
    ranked = sorted(activations, key=lambda name: seconds[name])
    out["cost_cheapest"], out["cost_dearest"] = ranked[0], ranked[-1]
    out["cost_dearest_ratio"] = times_text(seconds[ranked[-1]] / relu)
    out["cost_exp_ratio"] = times_text(seconds["np.exp"] / relu)
    return out
