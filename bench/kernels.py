"""Benchmark: each activation in tinytorch vs single-thread PyTorch vs a naive NumPy version.

Measured and printed, never asserted. Run with `make bench` or
`.venv/bin/python bench/kernels.py`; results also go to bench/results/kernels.json.
"""

import json
import math
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import tinytorch
from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

from chapter import sigmoid_forms  # the forms the chapter compares, defined once there

N = 2**22  # float32 elements per input
ROW = 1024  # softmax rows of this length
REPEATS = 15
ERF_SUBSAMPLE = 2**16  # np.vectorize(math.erf) is timed on this many elements, then scaled to N
RESULTS = Path(__file__).resolve().parent / "results" / "kernels.json"

TARGET_VS_TORCH = 2.5  # for every kernel but exact GELU
TARGET_VS_TORCH_BY_KERNEL = {"gelu": 6.0}
TARGET_RELU_VS_COPY = 1.5
TARGET_SIGMOID_VS_MASK = 5.0


def interleaved_medians(*fns) -> tuple[list[float], list[float]]:
    """Median CPU time and median wall time of each fn, in seconds, over REPEATS rounds."""
    # each round runs every fn once, so load from other processes falls on all of them alike;
    # the thread's CPU time (user + system, on this single-threaded run) leaves that load out
    for fn in fns:
        fn()  # warm-up
    cpu, wall = [[] for _ in fns], [[] for _ in fns]
    for _ in range(REPEATS):
        for fn, cpu_samples, wall_samples in zip(fns, cpu, wall):
            start_cpu, start_wall = time.thread_time(), time.perf_counter()
            fn()
            cpu_samples.append(time.thread_time() - start_cpu)
            wall_samples.append(time.perf_counter() - start_wall)
    return [statistics.median(c) for c in cpu], [statistics.median(w) for w in wall]


def naive_sigmoid(x):
    """The textbook branchy rewrite: boolean masks gather each sign, compute, scatter back."""
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1 / (1 + np.exp(-x[positive]))
    negative = ~positive
    e = np.exp(x[negative])
    out[negative] = e / (1 + e)
    return out


def naive_tanh(x):
    """tanh as the exponential ratio (inf / inf = nan beyond |x| = 88.7 in float32; these inputs stay small)."""
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def naive_gelu_erf(x_subsample):
    """Exact GELU with the standard library's scalar erf, applied one element at a time."""
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return (x_subsample * 0.5 * (1 + erf(x_subsample / math.sqrt(2)))).astype(np.float32)


def naive_gelu_tanh(x):
    """The tanh approximation written straight from the formula."""
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def naive_softmax(x):
    """Softmax without the max shift (fine on these inputs, overflows on large ones)."""
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def kernels(x: np.ndarray):
    """(name, tinytorch call, torch call, naive call, naive note) for each activation."""
    rows = x.reshape(-1, ROW)
    t, t_rows = torch.from_numpy(x), torch.from_numpy(rows)
    tx, tx_rows = Tensor(x), Tensor(rows)
    subsample = x[:ERF_SUBSAMPLE]
    return [
        ("relu", lambda: ReLU()(tx), lambda: torch.relu(t), lambda: np.where(x > 0, x, 0), "np.where"),
        ("sigmoid", lambda: Sigmoid()(tx), lambda: torch.sigmoid(t), lambda: naive_sigmoid(x),
         "boolean-mask gather/scatter"),
        ("tanh", lambda: Tanh()(tx), lambda: torch.tanh(t), lambda: naive_tanh(x), "exp ratio"),
        ("gelu", lambda: GELU()(tx), lambda: F.gelu(t), lambda: naive_gelu_erf(subsample),
         f"np.vectorize(math.erf) on {ERF_SUBSAMPLE} elements, time scaled x{N // ERF_SUBSAMPLE}"),
        ("gelu_tanh", lambda: GELU("tanh")(tx), lambda: F.gelu(t, approximate="tanh"),
         lambda: naive_gelu_tanh(x), "formula as written, x**3 by np.power"),
        ("gelu_sigmoid", lambda: GELU("sigmoid")(tx), lambda: t * torch.sigmoid(1.702 * t),
         lambda: x / (1 + np.exp(-1.702 * x)), "x / (1 + exp(-1.702 x))"),
        ("softmax", lambda: Softmax()(tx_rows), lambda: torch.softmax(t_rows, dim=-1),
         lambda: naive_softmax(rows), "no max shift"),
    ]


def sigmoid_form_kernels(x: np.ndarray):
    """(form, call) for each sigmoid form the chapter compares; tinytorch's own is the tanh form."""
    e = np.exp(-np.abs(x))
    positive, negative = 1 / (1 + e), e / (1 + e)
    return [
        ("two exponentials", lambda: sigmoid_forms.two_exponentials(x)),
        ("one exponential + np.where", lambda: sigmoid_forms.one_exponential_where(x)),
        ("np.where step alone", lambda: sigmoid_forms.select_by_sign(x, positive, negative)),
        ("tanh form (tinytorch)", lambda: sigmoid_forms.tanh_form(x)),
    ]


def target_of(name: str) -> float:
    return TARGET_VS_TORCH_BY_KERNEL.get(name, TARGET_VS_TORCH)


def processor_name() -> str:
    """The CPU model, from /proc/cpuinfo where there is one."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def measure() -> dict:
    """Time every kernel three ways on the same float32 input."""
    torch.set_num_threads(1)
    x = np.random.default_rng(0).standard_normal(N, dtype=np.float32)
    rows = []
    for name, ours, theirs, naive, note in kernels(x):
        scale = N // ERF_SUBSAMPLE if name == "gelu" else 1
        with np.errstate(over="ignore", invalid="ignore"):
            cpu, wall = interleaved_medians(ours, theirs, naive, lambda: np.copy(x))
        cpu[2], wall[2] = cpu[2] * scale, wall[2] * scale
        rows.append({
            "activation": name,
            "tinytorch_ms": 1e3 * cpu[0],
            "torch_1thread_ms": 1e3 * cpu[1],
            "naive_numpy_ms": 1e3 * cpu[2],
            "copy_ms": 1e3 * cpu[3],
            "wall_ms": dict(zip(["tinytorch", "torch_1thread", "naive_numpy", "copy"], [1e3 * w for w in wall])),
            "naive_numpy_is": note,
        })
    for row in rows:
        row["tinytorch_over_torch"] = row["tinytorch_ms"] / row["torch_1thread_ms"]
        row["naive_over_tinytorch"] = row["naive_numpy_ms"] / row["tinytorch_ms"]
        row["target_over_torch"] = target_of(row["activation"])
    forms = sigmoid_form_kernels(x)
    t = torch.from_numpy(x)
    cpu, wall = interleaved_medians(*(fn for _, fn in forms), lambda: torch.sigmoid(t))
    sigmoid_form_rows = [{"form": name, "ms": 1e3 * c, "over_torch": c / cpu[-1]}
                         for (name, _), c in zip(forms, cpu)]
    relu = next(row for row in rows if row["activation"] == "relu")
    sigmoid = next(row for row in rows if row["activation"] == "sigmoid")
    return {
        "elements": N,
        "softmax_row": ROW,
        "repeats": REPEATS,
        "timer": "thread CPU time (time.thread_time), median; wall_ms per kernel for comparison",
        "dtype": "float32",
        "machine": {
            "processor": processor_name(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "torch": torch.__version__,
            "tinytorch": tinytorch.__version__,
            "torch_threads": torch.get_num_threads(),
        },
        "copy_ms": relu["copy_ms"],
        "relu_over_copy": relu["tinytorch_ms"] / relu["copy_ms"],
        "sigmoid_mask_over_tinytorch": sigmoid["naive_over_tinytorch"],
        "sigmoid_forms_torch_ms": 1e3 * cpu[-1],
        "sigmoid_forms": sigmoid_form_rows,
        "targets": {
            "tinytorch_over_torch_at_most": TARGET_VS_TORCH,
            "tinytorch_over_torch_at_most_by_kernel": TARGET_VS_TORCH_BY_KERNEL,
            "relu_over_copy_at_most": TARGET_RELU_VS_COPY,
            "sigmoid_mask_over_tinytorch_at_least": TARGET_SIGMOID_VS_MASK,
        },
        "kernels": rows,
    }


def report(results: dict) -> str:
    """The results as a plain-text table, with each target marked met or missed."""
    lines = [
        f"{results['elements']:,} float32 elements (softmax: rows of {results['softmax_row']}), "
        f"median CPU time of {results['repeats']}; numpy {results['machine']['numpy']}, "
        f"torch {results['machine']['torch']} on {results['machine']['torch_threads']} thread; "
        f"{results['machine']['processor']}",
        "",
        f"{'activation':<13}{'tinytorch':>11}{'torch':>10}{'naive':>10}{'tt/torch':>10}{'naive/tt':>10}{'tt/copy':>9}",
    ]
    for row in results["kernels"]:
        target = row["target_over_torch"]
        flag = "" if row["tinytorch_over_torch"] <= target else f"  (over {target}x)"
        lines.append(
            f"{row['activation']:<13}{row['tinytorch_ms']:>9.2f}ms{row['torch_1thread_ms']:>8.2f}ms"
            f"{row['naive_numpy_ms']:>8.2f}ms{row['tinytorch_over_torch']:>9.2f}x"
            f"{row['naive_over_tinytorch']:>9.2f}x{row['tinytorch_ms'] / row['copy_ms']:>8.1f}x{flag}"
        )
    lines += ["", "times: the thread's CPU time per call (wall-clock medians are in the JSON)",
              "tt/copy: tinytorch time over a plain copy of the input in the same rounds", "naive NumPy versions:"]
    lines += [f"  {row['activation']}: {row['naive_numpy_is']}" for row in results["kernels"]]

    def verdict(ok: bool) -> str:
        return "met" if ok else "missed"

    lines += ["", f"sigmoid forms on the same input, torch.sigmoid (1 thread) = "
                  f"{results['sigmoid_forms_torch_ms']:.2f}ms in the same rounds:"]
    lines += [f"  {row['form']:<28}{row['ms']:>8.2f}ms{row['over_torch']:>8.2f}x torch"
              for row in results["sigmoid_forms"]]

    relu_copy, mask = results["relu_over_copy"], results["sigmoid_mask_over_tinytorch"]
    lines += [
        "",
        f"plain copy: {results['copy_ms']:.2f}ms; ReLU / copy = {relu_copy:.2f}x "
        f"(target <= {TARGET_RELU_VS_COPY}x: {verdict(relu_copy <= TARGET_RELU_VS_COPY)})",
        f"sigmoid: boolean-mask version / tinytorch = {mask:.2f}x "
        f"(target >= {TARGET_SIGMOID_VS_MASK}x: {verdict(mask >= TARGET_SIGMOID_VS_MASK)})",
    ]
    for name in ("sigmoid", "softmax", "gelu"):
        row = next(row for row in results["kernels"] if row["activation"] == name)
        ratio, target = row["tinytorch_over_torch"], row["target_over_torch"]
        lines.append(f"{name}: tinytorch / torch = {ratio:.2f}x (target <= {target}x: {verdict(ratio <= target)})")
    others = [row for row in results["kernels"] if row["activation"] not in ("sigmoid", "softmax", "gelu")]
    worst = max(others, key=lambda row: row["tinytorch_over_torch"])
    lines.append(f"worst of the rest: {worst['activation']} {worst['tinytorch_over_torch']:.2f}x "
                 f"(target <= {TARGET_VS_TORCH}x: {verdict(worst['tinytorch_over_torch'] <= TARGET_VS_TORCH)})")
    return "\n".join(lines)


def main():
    results = measure()
    print(report(results))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
