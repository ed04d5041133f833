"""Every number the slides and the narration quote, computed from tinytorch: `python slides/chapter_facts.py OUT.json`."""

import json
import math
import platform
import sys
import time
import warnings

import numpy as np

import tinytorch
from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

COST_ELEMENTS = 2**22  # timed as 1024 rows of 4096 float32 N(0, 1) values, like the chapter
COST_REPEATS = 7
ACTIVATIONS = {"ReLU": ReLU(), "Sigmoid": Sigmoid(), "Tanh": Tanh(), "GELU": GELU(), "Softmax": Softmax()}


def median_seconds(fns: dict, repeats: int = COST_REPEATS) -> dict:
    """Median wall time of each fn() over `repeats` rounds, after a warm-up; rounds interleave the fns so
    a change in machine load hits them all alike."""
    times = {name: [] for name in fns}
    for round_number in range(repeats + 1):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_number:  # round 0 is the warm-up
                times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def cpu_model() -> str:
    """The CPU's name from /proc/cpuinfo, or what platform reports."""
    try:
        with open("/proc/cpuinfo") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        if names:
            return names[0]
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cost_facts() -> dict:
    """Median milliseconds per activation over COST_ELEMENTS float32 values, ratios to ReLU, exp rate."""
    x = Tensor(np.random.default_rng(0).standard_normal((1024, COST_ELEMENTS // 1024)).astype(np.float32))
    fns = {name: (lambda a=act: a(x)) for name, act in ACTIVATIONS.items()}
    seconds = median_seconds({**fns, "np.exp": lambda: np.exp(x.data)})
    exp_seconds = seconds.pop("np.exp")
    facts = {"cost_machine": f"{cpu_model()}, NumPy {np.__version__}", "cost_elements": f"{COST_ELEMENTS:,}"}
    for name, s in seconds.items():
        facts[f"{name.lower()}_ms"] = f"{s * 1e3:.1f}"
        facts[f"{name.lower()}_ratio"] = f"{s / seconds['ReLU']:.1f}"
    facts["exp_rate"] = f"{COST_ELEMENTS / exp_seconds / 1e9:.2f}"
    facts["gelu_over_relu_words"] = f"{round(seconds['GELU'] / seconds['ReLU'])}"
    return facts


def resnet50_relu_elements(image: int = 224) -> int:
    """ReLU outputs in one ResNet-50 forward pass: 7x7/2 stem, then 3-4-6-3 bottlenecks, stride on the 3x3."""
    side = image // 2
    total = side * side * 64  # stem
    side //= 2  # 3x3/2 max pool
    for width, blocks, first_stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
        for block in range(blocks):
            stride = first_stride if block == 0 else 1
            total += side * side * width  # 1x1 reduce, at the input resolution
            side //= stride
            total += side * side * width  # 3x3 (carries the stride)
            total += side * side * width * 4  # 1x1 expand, after the residual add
    return total


def softmax_facts() -> dict:
    """Softmax of [1, 2, 3], and the naive form on [1000, 1001, 1002] against tinytorch's shifted one."""
    big = np.array([1000.0, 1001.0, 1002.0], dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big) / np.exp(big).sum()
    shifted = Softmax()(Tensor(big)).data
    small = Softmax()(Tensor([1.0, 2.0, 3.0])).data
    return {
        "softmax_123": ", ".join(f"{v:.3f}" for v in small),
        "naive_big": ", ".join(str(v) for v in naive),
        "shifted_big": ", ".join(f"{v:.3f}" for v in shifted),
        "softmax_123_percent": ", ".join(f"{v * 100:.0f}" for v in small[:-1]) + f" and {small[-1] * 100:.0f}",
    }


def overflow_facts() -> dict:
    """Where exp overflows in float32 and float64, and three worked values."""
    facts = {
        "f32_limit": f"{math.log(np.finfo(np.float32).max):.2f}",
        "f64_limit": f"{math.log(np.finfo(np.float64).max):.2f}",
    }
    for x in (50, 100, 1000):
        with np.errstate(over="ignore"):
            f32, f64 = np.exp(np.float32(x)), np.exp(np.float64(x))
        facts[f"exp{x}_f32"] = "inf" if np.isinf(f32) else f"{f32:.2e}".replace("e+", "e")
        facts[f"exp{x}_f64"] = "inf" if np.isinf(f64) else f"{f64:.2e}".replace("e+", "e")
    with np.errstate(over="ignore", invalid="ignore"):
        x = np.float64(1000)
        facts["sig_form1_at_minus"] = str(1 / (1 + np.exp(x)))  # 1/(1+e^-x) at x = -1000
        facts["sig_form2_at_plus"] = str(np.exp(x) / (1 + np.exp(x)))  # e^x/(1+e^x) at x = +1000
    stable = Sigmoid()(Tensor(np.array([-1000.0, 1000.0]))).data
    facts["sig_stable"] = f"{stable[0]:g} and {stable[1]:g}"
    return facts


def curve_facts() -> dict:
    """Values quoted beside the curves: sigmoid and tanh samples, GELU's forms and its minimum."""
    xs = Tensor(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))
    one = Tensor(np.array([1.0]))
    grid = Tensor(np.linspace(-3, 0, 300_001))
    gelu_grid = GELU()(grid).data
    lowest = int(np.argmin(gelu_grid))
    normal = Tensor(np.random.default_rng(0).standard_normal((128, 1024)).astype(np.float32))
    zeros = int((ReLU()(normal).data == 0).sum())
    return {
        "sigmoid_samples": ", ".join(f"{v:.3f}" for v in Sigmoid()(xs).data),
        "tanh_samples": ", ".join(f"{v:.3f}" for v in Tanh()(xs).data),
        "gelu1_exact": f"{GELU()(one).data[0]:.4f}",
        "gelu1_tanh": f"{GELU('tanh')(one).data[0]:.4f}",
        "gelu1_sigmoid": f"{GELU('sigmoid')(one).data[0]:.4f}",
        "gelu_min": f"{gelu_grid[lowest]:.3f}",
        "gelu_argmin": f"{grid.data[lowest]:.3f}",
        "relu_zeros": f"{zeros:,}",
        "relu_elements": f"{normal.data.size:,}",
        "relu_zero_pct": f"{zeros / normal.data.size * 100:.1f}",
        "sigmoid_grad_ten": f"{0.25**10:.1e}",
    }


def collapse_facts() -> dict:
    """Two linear layers equal one matrix; with ReLU between them they do not (largest gap, random weights)."""
    rng = np.random.default_rng(2)
    w1, w2, x = rng.standard_normal((64, 32)), rng.standard_normal((16, 64)), rng.standard_normal((32, 100))
    linear_gap = np.abs(w2 @ (w1 @ x) - (w2 @ w1) @ x).max()
    relu_gap = np.abs(w2 @ ReLU()(Tensor(w1 @ x)).data - (w2 @ w1) @ x).max()
    return {"collapse_gap": f"{linear_gap:.0e}", "relu_gap": f"{relu_gap:.0f}"}


def scale_facts() -> dict:
    """Memory of one activation tensor, ResNet-50's ReLU count, GPT-3's GELUs per token."""
    per_image = resnet50_relu_elements()
    return {
        "act_kib": f"{32 * 4096 * 4 // 1024}",
        "hundred_layers_mib": f"{100 * 32 * 4096 * 4 / 2**20:.0f}",
        "resnet_per_image": f"{per_image:,}",
        "resnet_batch_billion": f"{per_image * 256 / 1e9:.1f}",
        "gpt3_gelu_per_token": f"{96 * 4 * 12288:,}",
    }


def all_facts(measure_cost: bool = True) -> dict:
    """Every fact as a display string, keyed by the name the deck and transcript use in {braces}."""
    facts = {"tinytorch_version": tinytorch.__version__}
    for part in (softmax_facts, overflow_facts, curve_facts, collapse_facts, scale_facts):
        facts.update(part())
    if measure_cost:
        facts.update(cost_facts())
    return facts


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python slides/chapter_facts.py OUT.json")
    warnings.simplefilter("error")  # a stray overflow warning here means a fact was computed carelessly
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(all_facts(), out, indent=2, sort_keys=True)
        out.write("\n")
