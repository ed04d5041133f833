"""Time element-wise work against a plain copy of the same array, the memory floor.

The chapter's build step and the reader's in-browser timing cell both call
`activation_costs`, so the page's table and the reader's rerun have the same
columns. Every function reads one float32 array and writes one result of the
same size, so each moves at least 2 x 4 bytes per element; the copy does
exactly that and nothing else.

Ratios, bandwidth and rates come from each function's fastest round: on a
shared machine other work can only add time to a round, never remove it, so
the fastest round is the least disturbed one. The median and the quartiles
say how much disturbance there was.
"""

import time

import numpy as np

from .core.tensor import Tensor

COPY = "copy"
BYTES_MOVED_PER_ELEMENT = 2 * np.dtype(np.float32).itemsize  # read the input once, write the output once


def interleaved_seconds(fns: dict, rounds: int) -> dict:
    """Wall time of each fn() in every one of `rounds` rounds, after a warm-up round.

    The functions take turns within a round, so a burst of load from elsewhere
    slows all of them alike instead of skewing one ratio.
    """
    times = {name: [] for name in fns}
    for round_ in range(rounds + 1):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_:  # round 0 is the warm-up
                times[name].append(time.perf_counter() - start)
    return times


def summary(seconds: list, copy_fastest: float, elements: int) -> dict:
    """Fastest round, median, quartiles and slowest of one function, and its fastest against the copy's."""
    q1, median, q3 = (float(q) for q in np.percentile(seconds, [25, 50, 75]))
    fastest = float(min(seconds))
    return {"fastest_s": fastest, "median_s": median, "q1_s": q1, "q3_s": q3, "slowest_s": float(max(seconds)),
            "per_copy": fastest / copy_fastest,
            "gb_per_s": elements * BYTES_MOVED_PER_ELEMENT / fastest / 1e9,
            "elements_per_s": elements / fastest}


def cost_rows(fns: dict, elements: int, rounds: int) -> dict:
    """One summary per function; `fns` must include COPY, the floor every other row is divided by."""
    if COPY not in fns:
        raise ValueError(f"The functions to time must include {COPY!r}, the baseline every row is compared with.")
    times = interleaved_seconds(fns, rounds)
    copy_fastest = float(min(times[COPY]))
    return {name: summary(t, copy_fastest, elements) for name, t in times.items()}


def activation_costs(activations: dict, rows: int = 1024, columns: int = 4096, rounds: int = 15) -> dict:
    """Time each activation, a plain copy and a bare np.exp on the same seeded N(0, 1) float32 array."""
    data = np.random.default_rng(0).standard_normal((rows, columns)).astype(np.float32)
    x = Tensor(data)
    fns = {COPY: lambda: np.copy(data)}  # allocates its result, as every activation does
    fns |= {name: (lambda act=act: act(x)) for name, act in activations.items()}
    fns["np.exp"] = lambda: np.exp(data)
    return cost_rows(fns, data.size, rounds)


def cost_table(rows: dict) -> str:
    """The rows as the chapter's table shows them: fastest, median and middle half (ms), x copy, GB/s, elements/s."""
    lines = [f"{'':10s} {'fastest':>8s} {'median':>8s} {'middle half':>15s} {'x copy':>7s} {'GB/s':>6s} "
             f"{'elements/s':>11s}"]
    for name, r in rows.items():
        spread = f"{r['q1_s'] * 1e3:.2f}-{r['q3_s'] * 1e3:.2f}"
        lines.append(f"{name:10s} {r['fastest_s'] * 1e3:8.2f} {r['median_s'] * 1e3:8.2f} {spread:>15s} "
                     f"{r['per_copy']:7.2f} {r['gb_per_s']:6.1f} {r['elements_per_s']:11.3g}")
    return "\n".join(lines)
