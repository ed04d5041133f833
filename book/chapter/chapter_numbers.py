"""Every fixed number the activations chapter quotes, computed from tinytorch and model shapes."""

import decimal
import math
import warnings

import numpy as np

from tinytorch import GELU, Tensor
from tinytorch.core.activations import ACTIVATIONS as REGISTERED

ACTIVATIONS = {cls.__name__: cls() for cls in REGISTERED}  # the library's registry, one instance each

# Architecture and scenario constants: inputs, quoted from the papers and the brief.
BATCH, WIDTH, LAYERS_IN_MEMORY = 32, 4096, 100
SPARSITY_SHAPE, SPARSITY_SEED = (128, 1024), 0
STACKED_SIGMOIDS = 10
RESNET_IMAGE, RESNET_STEM_CHANNELS = 224, 64
RESNET_STAGES = ((3, 64), (4, 128), (6, 256), (3, 512))  # (bottleneck blocks, width)
RESNET_EXPANSION, RESNET_BATCH = 4, 256
GPT3_LAYERS, GPT3_D_MODEL, GPT3_FFN_MULTIPLE, GPT3_HEADS = 96, 12288, 4, 96
REQUESTS_PER_SECOND, SECONDS_PER_DAY = 1000, 24 * 60 * 60

_WORDS = "zero one two three four five six seven eight nine ten".split()


def in_words(n: int) -> str:
    """A small count as an English word ("five"), larger ones as digits with commas."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def readable_count(n: float, digits: int = 3) -> str:
    """A large count the way people say it, to `digits` significant digits: 2.5 billion, 86.4 million."""
    for name, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
        if abs(n) >= size:
            value = n / size
            decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
            return f"{round(value, decimals):.{decimals}f} {name}"
    return f"{n:,.0f}"


_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def scientific(x: float, digits: int = 3) -> str:
    """x in scientific notation for reading: 5.18 \u00d7 10\u00b2\u00b9."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{mantissa} \u00d7 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def exact_exp(x: int, digits: int = 3) -> str:
    """e^x as a real number, for any size of x (decimal arithmetic, no float range): 1.97 × 10⁴³⁴."""
    value = decimal.Context(prec=digits + 10).exp(decimal.Decimal(x))
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def binary_size(n_bytes: int) -> str:
    """A byte count in the largest binary unit that keeps it >= 1: 512 KiB, 50 MiB."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"


def resnet50_relu_elements(image: int = RESNET_IMAGE) -> int:
    """ReLU outputs in one ResNet-50 forward pass, counted layer by layer (v1.5: stride on the 3x3 conv)."""
    side = image // 2  # stem: 7x7 conv, stride 2, then ReLU
    count = side * side * RESNET_STEM_CHANNELS
    side //= 2  # 3x3 max-pool, stride 2
    for stage, (blocks, width) in enumerate(RESNET_STAGES):
        for block in range(blocks):
            stride = 2 if stage > 0 and block == 0 else 1
            count += side * side * width  # 1x1 conv -> ReLU, before the stride
            side //= stride
            count += side * side * width  # 3x3 conv (strided) -> ReLU
            count += side * side * width * RESNET_EXPANSION  # 1x1 conv, + shortcut -> ReLU
    return count


def gelu_minimum() -> tuple[float, float]:
    """(x, GELU(x)) at GELU's minimum, by golden-section search on [-2, 0]."""
    gelu = lambda x: float(GELU()(Tensor(np.array([x]))).data[0])  # noqa: E731
    lo, hi = -2.0, 0.0
    ratio = (math.sqrt(5) - 1) / 2
    while hi - lo > 1e-10:
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        lo, hi = (lo, b) if gelu(a) < gelu(b) else (a, hi)
    x = (lo + hi) / 2
    return x, gelu(x)


def overflow_threshold(dtype) -> float:
    """The largest x whose exp(x) is finite in `dtype`: log of the largest float."""
    return math.log(float(np.finfo(dtype).max))


def exp_fits(x: float, dtype) -> bool:
    """Whether exp(x) is finite when computed in `dtype`."""
    with np.errstate(over="ignore"):
        return bool(np.isfinite(np.exp(np.asarray(x, dtype=dtype))))


def naive_sigmoids(x: float) -> dict:
    """Both textbook sigmoid formulas at float64 x: their results and the warnings NumPy raised."""
    x = np.float64(x)
    forms = {"reciprocal": lambda: 1 / (1 + np.exp(-x)), "ratio": lambda: np.exp(x) / (1 + np.exp(x))}
    out = {}
    for name, form in forms.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = float(form())
        out[name] = (value, sorted({str(w.message) for w in caught}))
    return out


def naive_softmax(x: np.ndarray) -> np.ndarray:
    """Softmax without the max shift, warnings silenced: what the unshifted formula returns."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / e.sum()


def values(name: str, xs) -> list[float]:
    """ACTIVATIONS[name] applied to float64 xs, as Python floats."""
    return [float(v) for v in ACTIVATIONS[name](Tensor(np.array(xs, dtype=np.float64))).data]


def sparsity() -> tuple[int, int]:
    """(zeros, elements) of ReLU on a seeded N(0, 1) tensor of SPARSITY_SHAPE."""
    x = np.random.default_rng(SPARSITY_SEED).standard_normal(SPARSITY_SHAPE).astype(np.float32)
    out = ACTIVATIONS["ReLU"](Tensor(x)).data
    return int((out == 0).sum()), out.size


def chapter_numbers() -> dict:
    """Every glued value of the chapter by key: floats for format specs, strings already formatted."""
    n = {"n_activations": in_words(len(ACTIVATIONS))}

    softmax_123 = values("Softmax", [1, 2, 3])
    n |= {f"softmax_123_{i}": v for i, v in enumerate(softmax_123)}
    n["sigmoid_table"] = ", ".join(f"{v:.4f}" for v in values("Sigmoid", [-2, -1, 0, 1, 2]))
    n["tanh_table"] = ", ".join(f"{v:.4f}" for v in values("Tanh", [-2, -1, 0, 1, 2]))
    n["sigmoid_zero"] = values("Sigmoid", [0])[0]

    n["gelu_exact_1"] = float(GELU()(Tensor(np.array([1.0]))).data[0])
    n["gelu_tanh_1"] = float(GELU("tanh")(Tensor(np.array([1.0]))).data[0])
    n["gelu_sigmoid_1"] = float(GELU("sigmoid")(Tensor(np.array([1.0]))).data[0])
    n["gelu_min_x"], n["gelu_min_value"] = gelu_minimum()
    n["sqrt_2_over_pi"] = math.sqrt(2 / math.pi)
    n["gelu_approximations"] = in_words(len(GELU.APPROXIMATIONS) - 1)  # every choice but "none"

    n["exp_limit_float32"] = overflow_threshold(np.float32)
    n["exp_limit_float64"] = overflow_threshold(np.float64)
    for x in (50, 100, 1000):
        n[f"exp_{x}"] = exact_exp(x)
        n[f"exp_{x}_float32"] = "fits" if exp_fits(x, np.float32) else "overflows"
        n[f"exp_{x}_float64"] = "fits" if exp_fits(x, np.float64) else "overflows"
    n["float32_max"] = scientific(float(np.finfo(np.float32).max), 2)

    low, high = naive_sigmoids(-1000), naive_sigmoids(1000)
    n["naive_reciprocal_at_minus"] = f"{low['reciprocal'][0]:g}"
    n["naive_reciprocal_warning"] = "; ".join(low["reciprocal"][1]) or "none"
    n["naive_ratio_at_plus"] = f"{high['ratio'][0]:g}"
    n["naive_ratio_warning"] = "; ".join(high["ratio"][1]) or "none"
    n["naive_ratio_at_minus"] = f"{low['ratio'][0]:g}"
    n["naive_reciprocal_at_plus"] = f"{high['reciprocal'][0]:g}"
    big = np.array([1000.0, 1001.0, 1002.0])
    n["naive_softmax_big"] = ", ".join(f"{v:g}" for v in naive_softmax(big))
    n["shifted_softmax_big"] = ", ".join(f"{v:.3f}" for v in values("Softmax", big))

    sigmoid_slope = n["sigmoid_zero"] * (1 - n["sigmoid_zero"])  # sigma'(x) = sigma (1 - sigma), largest at 0
    n["sigmoid_grad_max"] = sigmoid_slope
    n["stacked_sigmoids"] = in_words(STACKED_SIGMOIDS)
    n["stacked_sigmoid_factor"] = scientific(sigmoid_slope**STACKED_SIGMOIDS, 2)
    n["tanh_grad_max"] = 1 - values("Tanh", [0])[0] ** 2

    activation_bytes = BATCH * WIDTH * np.dtype(np.float32).itemsize
    n["mem_shape"] = f"({BATCH}, {WIDTH})"
    n["mem_elements"] = f"{BATCH * WIDTH:,}"
    n["mem_itemsize"] = f"{np.dtype(np.float32).itemsize}"
    n["mem_bytes"] = f"{activation_bytes:,}"
    n["mem_readable"] = binary_size(activation_bytes)
    n["mem_layers"] = f"{LAYERS_IN_MEMORY:,}"
    n["mem_all_layers"] = binary_size(activation_bytes * LAYERS_IN_MEMORY)

    zeros, elements = sparsity()
    n["sparsity_shape"] = str(SPARSITY_SHAPE)
    n["sparsity_elements"] = f"{elements:,}"
    n["sparsity_zeros"] = f"{zeros:,}"
    n["sparsity_fraction"] = zeros / elements

    per_image = resnet50_relu_elements()
    n["resnet_image"] = f"{RESNET_IMAGE}×{RESNET_IMAGE}"
    n["resnet_per_image"] = f"{per_image:,}"
    n["resnet_batch"] = f"{RESNET_BATCH:,}"
    n["resnet_per_batch"] = f"{per_image * RESNET_BATCH:,}"
    n["resnet_per_batch_words"] = readable_count(per_image * RESNET_BATCH, 2)

    gelu_per_token = GPT3_LAYERS * GPT3_D_MODEL * GPT3_FFN_MULTIPLE
    n["gpt3_layers"] = f"{GPT3_LAYERS}"
    n["gpt3_ffn_width"] = f"{GPT3_D_MODEL * GPT3_FFN_MULTIPLE:,}"
    n["gpt3_gelu_per_token"] = f"{gelu_per_token:,}"
    n["gpt3_gelu_per_token_words"] = readable_count(gelu_per_token, 2)
    n["gpt3_softmax_rows_per_token"] = f"{GPT3_LAYERS * GPT3_HEADS:,}"
    passes_per_day = REQUESTS_PER_SECOND * SECONDS_PER_DAY
    n["serving_rate"] = f"{REQUESTS_PER_SECOND:,}"
    n["serving_passes_per_day"] = readable_count(passes_per_day)
    n["serving_gelu_per_day"] = readable_count(passes_per_day * gelu_per_token)
    return n
