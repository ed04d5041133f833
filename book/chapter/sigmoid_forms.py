"""The sigmoid forms the chapter compares, and the chosen form's left tail.

tinytorch's Sigmoid (one tanh) is the form shown in the listing; the other two are the safe
forms it replaced. `form_seconds` is timed once per build, inside the one cost measurement
(book/cost_measurement.py writes it into the artifact); the chapter's glue reads it from there.
bench/kernels.py times the same functions against PyTorch.
"""

import math
import time

import numpy as np

from chapter.chapter_numbers import scientific
from tinytorch import Sigmoid, Tensor

ELEMENTS = 2**20
REPEATS = 9
TAIL_X = -30.0


def two_exponentials(x: np.ndarray) -> np.ndarray:
    """e^min(x, 0) / (1 + e^-|x|): safe for either sign, two full exponentials."""
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))


def one_exponential_where(x: np.ndarray) -> np.ndarray:
    """e = e^-|x|, then np.where picks 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh_form(x: np.ndarray) -> np.ndarray:
    """tinytorch's Sigmoid: (1 + tanh(x / 2)) / 2."""
    return Sigmoid()(Tensor(x)).data


def select_by_sign(x: np.ndarray, if_positive: np.ndarray, if_negative: np.ndarray) -> np.ndarray:
    """The np.where step of one_exponential_where alone, on two ready-made arrays."""
    return np.where(x >= 0, if_positive, if_negative)


def median_thread_seconds(fns: dict, repeats: int = REPEATS) -> dict:
    """Median CPU time of this thread per call of each fn; the fns take turns in every round, after a warm-up."""
    samples = {name: [] for name in fns}
    for round_ in range(repeats + 1):
        for name, fn in fns.items():
            start = time.thread_time()
            fn()
            if round_:
                samples[name].append(time.thread_time() - start)
    return {name: float(np.median(s)) for name, s in samples.items()}


def form_seconds(elements: int = ELEMENTS) -> dict:
    """Median seconds of each form, and of the np.where step alone, on the same float32 N(0, 1) input."""
    x = np.random.default_rng(0).standard_normal(elements, dtype=np.float32)
    e = np.exp(-np.abs(x))
    positive, negative = 1 / (1 + e), e / (1 + e)
    return median_thread_seconds({
        "two_exp": lambda: two_exponentials(x),
        "one_exp_where": lambda: one_exponential_where(x),
        "where_alone": lambda: select_by_sign(x, positive, negative),
        "tanh": lambda: tanh_form(x),
    })


def tail_numbers() -> dict:
    """How far the tanh form is from the true sigma in the far left tail, in float64 and float32."""
    truth = 1 / (1 + math.exp(-TAIL_X))
    ours64 = float(Sigmoid()(Tensor(np.array([TAIL_X]))).data[0])
    numbers = {
        "sigmoid_tail_x": f"{TAIL_X:g}",
        "sigmoid_tail_truth": scientific(truth, 2),
        "sigmoid_tail_rel_error": scientific(abs(ours64 - truth) / truth, 1),
    }
    for dtype in (np.float32, np.float64):
        # 1 + tanh(x / 2) is 0 once tanh(x / 2) rounds to -1: the largest such x on a fine grid
        grid = np.arange(-40, 0, 0.01, dtype=dtype)
        zero_below = float(grid[Sigmoid()(Tensor(grid)).data == 0].max())
        numbers[f"sigmoid_{dtype.__name__}_zero_below"] = f"{zero_below:.1f}"
        numbers[f"sigmoid_{dtype.__name__}_zero_truth"] = scientific(1 / (1 + math.exp(-zero_below)), 1)
    return numbers


def comparison(seconds: float, other: float) -> str:
    """How one time compares with another, in words that fit "took 3 ms, ___ the other's 2 ms"."""
    if abs(seconds - other) <= 0.05 * other:
        return "about the same as"
    return "slower than" if seconds > other else "faster than"


def sigmoid_forms_numbers(measurement: dict) -> dict:
    """Glue values from the build's measurement: each form's time in ms and its ratio to the tanh form; the tail."""
    forms = measurement["sigmoid_forms"]
    seconds = forms["seconds"]
    numbers = {"cost_sigmoid_forms_elements": f"{forms['elements']:,}",
               "cost_sigmoid_forms_repeats": f"{forms['repeats']}"}
    for name, s in seconds.items():
        numbers[f"cost_sigmoid_{name}_ms"] = f"{s * 1e3:.2f}"
        numbers[f"cost_sigmoid_{name}_vs_tanh"] = f"{s / seconds['tanh']:.1f}"
    numbers["cost_sigmoid_where_verdict"] = comparison(seconds["one_exp_where"], seconds["two_exp"])
    return numbers | tail_numbers()
