"""The chapter's depth sections (properties, softmax depth, systems questions), recomputed independently.

Each value is worked out here from math, closed-form formulas or a different numerical route than
book/activation_properties.py, book/softmax_depth.py and book/systems_numbers.py take.
"""

import math

import numpy as np

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int) -> str:
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"


def size(n_bytes: float, unit: str) -> str:
    """n_bytes in the stated binary unit, three significant digits: the unit is part of what is checked."""
    return f"{n_bytes / {'KiB': 2**10, 'MiB': 2**20, 'GiB': 2**30}[unit]:.3g} {unit}"


def first_of_row(x: np.ndarray) -> np.ndarray:
    rows = np.zeros((x.size, 3))
    rows[:, 0] = x
    return Softmax()(Tensor(rows)).data[:, 0]


def library_functions() -> dict:
    wrap = lambda act: lambda x: act(Tensor(np.asarray(x, dtype=np.float64))).data  # noqa: E731
    return {"relu": wrap(ReLU()), "sigmoid": wrap(Sigmoid()), "tanh": wrap(Tanh()), "gelu": wrap(GELU()),
            "softmax": first_of_row}


def derivatives() -> dict:
    """Each activation's derivative by its formula, in math (softmax: the diagonal s(1 - s) on a row [x, 0, 0])."""
    sigma = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    share = lambda x: math.exp(x) / (math.exp(x) + 2)  # noqa: E731
    return {"relu": lambda x: 1.0 if x > 0 else 0.0, "sigmoid": lambda x: sigma(x) * (1 - sigma(x)),
            "tanh": lambda x: 1 - math.tanh(x) ** 2,
            "gelu": lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi),
            "softmax": lambda x: share(x) * (1 - share(x))}


def properties() -> dict:
    e = {"prop_softmax_row": "3", "prop_grid": "[-10, 10]", "prop_far": "30", "prop_flat": "1 × 10⁻⁶"}
    slope = derivatives()
    e["prop_tanh_over_sigmoid_slope"] = slope["tanh"](0) / slope["sigmoid"](0)
    grid = np.linspace(-12, 12, 1001)
    for name, f in library_functions().items():
        e[f"prop_{name}_value0"] = float(f(np.array([0.0]))[0])
        if name != "relu":
            e[f"prop_{name}_slope0"] = slope[name](0.0)
        e[f"prop_{name}_monotonic"] = "yes" if all(slope[name](x) >= 0 for x in grid) else "no"
        flat = [abs(slope[name](side * 30.0)) < 1e-6 for side in (-1, 1)]
        e[f"prop_{name}_saturates"] = {(True, True): "both tails", (True, False): "left tail only"}[tuple(flat)]
    e["prop_relu_slope_left"], e["prop_relu_slope_right"] = 0.0, 1.0
    return e


def softmax_depth() -> dict:
    e = {"temp_logits": "1, 2, 3", "temp_max_entropy": math.log(3)}
    for i, t in enumerate((0.1, 1.0, 10.0)):
        weights = [math.exp(s / t) for s in (1, 2, 3)]
        p = [w / sum(weights) for w in weights]
        e[f"temp_{i}"], e[f"temp_{i}_probs"] = f"{t:g}", ", ".join(f"{v:.3f}" for v in p)
        e[f"temp_{i}_entropy"] = -sum(q * math.log(q) for q in p)
    underflows = np.float32(math.exp(-120)) == 0
    e |= {"far_logits": "0, -120", "far_softmax_low": "0" if underflows else "not 0",
          "far_naive_log": "-inf" if underflows else "finite", "far_naive_loss": "inf" if underflows else "finite",
          "far_log_softmax": f"{-120 - math.log1p(math.exp(-120)):g}"}

    rng = np.random.default_rng(0)  # the demonstration's inputs, built as the chapter describes them
    x = rng.standard_normal((4, 5)).astype(np.float32)
    x[2, 0] = 100
    w = (0.1 * rng.standard_normal((3, 5))).astype(np.float32)
    w[:, 0] += 1
    targets = rng.integers(0, 3, 4)
    limit = math.log(float(np.finfo(np.float32).max))
    e |= {"nan_batch": "4", "nan_features": "5", "nan_classes": "3", "nan_bad_value": "100",
          "nan_logits_size": "12", "nan_weights_size": "15", "nan_exp_limit": limit}
    logits = np.einsum("bf,cf->bc", x, w)
    assert (logits[2] > limit).all() and not (logits[[0, 1, 3]] > limit).any()  # the story the prose tells
    one_hot = np.eye(3, dtype=np.float32)[targets]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exp = np.exp(logits)
        stages = {"naive": exp / exp.sum(axis=1, keepdims=True), "stable": np.asarray(Softmax()(Tensor(logits)).data)}
        for name, p in stages.items():
            grad_logits = (p - one_hot) / 4
            grad_w = np.einsum("bc,bf->cf", grad_logits, x)
            w_next = w - np.float32(0.1) * grad_w
            b_next = -np.float32(0.1) * grad_logits.sum(axis=0)
            counts = {"logits": logits, "probabilities": p, "grad_w": grad_w, "grad_b": grad_logits.sum(axis=0),
                      "weights": w_next, "next_logits": np.einsum("bf,cf->bc", x, w_next) + b_next}
            e |= {f"nan_{name}_{k}": str(int(np.isnan(v).sum())) for k, v in counts.items()}
            e[f"nan_{name}_loss"] = float(np.mean(-np.log(p[np.arange(4), targets])))
    e["nan_naive_loss"] = f"{e['nan_naive_loss']:g}"
    assert e["nan_naive_loss"] == "nan" and e["nan_naive_weights"] == "15"  # the brief: nan reaches every weight
    return e


def resnet50_parameters() -> int:
    """Per stage (blocks, width, input channels): bottleneck weights + batch-norm pairs; then the stem and fc."""
    total = 7 * 7 * 3 * 64 + 2 * 64 + 2048 * 1000 + 1000
    for blocks, width, channels_in in ((3, 64, 64), (4, 128, 256), (6, 256, 512), (3, 512, 1024)):
        out = 4 * width
        convs = lambda c_in: c_in * width + 9 * width**2 + width * out + 2 * (width + width + out)  # noqa: E731
        total += convs(channels_in) + channels_in * out + 2 * out + (blocks - 1) * convs(out)
    return total


def systems(relu_per_image: int, zeros: int, elements: int) -> dict:
    params = resnet50_parameters()
    assert params == 25_557_032  # torchvision's resnet50
    relu_bytes = relu_per_image * 256 * 4
    e = {"sys_resnet_params": f"{params:,}", "sys_resnet_params_words": f"{params / 1e6:.1f} million",
         "sys_resnet_param_bytes": size(params * 4, "MiB"), "sys_resnet_relu_batch_bytes": size(relu_bytes, "GiB"),
         "sys_resnet_ratio": relu_bytes / (params * 4),
         "sys_resnet_break_even_batch": str(next(b for b in range(1, 100) if b * relu_per_image > params))}

    e |= {"sys_tf_d_model": "768", "sys_tf_heads": "12"}
    for i, (batch, seq) in enumerate(((8, 512), (16, 512), (8, 2048))):
        linear, scores = batch * seq * 13 * 768, 2 * batch * 12 * seq * seq
        e |= {f"sys_tf_{i}_batch": str(batch), f"sys_tf_{i}_seq": f"{seq:,}",
              f"sys_tf_{i}_scores_share": scores / (linear + scores)}
    e |= {"sys_tf_0_linear": size(8 * 512 * 13 * 768 * 4, "MiB"), "sys_tf_0_scores": size(2 * 8 * 12 * 512**2 * 4, "MiB"),
          "sys_tf_1_linear": size(16 * 512 * 13 * 768 * 4, "MiB"), "sys_tf_1_scores": size(2 * 16 * 12 * 512**2 * 4, "MiB"),
          "sys_tf_2_linear": size(8 * 2048 * 13 * 768 * 4, "MiB"), "sys_tf_2_scores": size(2 * 8 * 12 * 2048**2 * 4, "GiB"),
          "sys_tf_1_linear_growth": "2", "sys_tf_2_linear_growth": "4", "sys_tf_2_scores_growth": "16"}
    for i, unit in enumerate(("MiB", "MiB", "GiB")):
        batch, seq = ((8, 512), (16, 512), (8, 2048))[i]
        e[f"sys_tf_{i}_total"] = size((batch * seq * 13 * 768 + 2 * batch * 12 * seq**2) * 4, unit)

    per_step = (3 + 2) * 1024 * 64
    e |= {"sys_lstm_hidden": "1,024", "sys_lstm_input": "1,024", "sys_lstm_batch": "64", "sys_lstm_steps": "100",
          "sys_lstm_per_sample": f"{5 * 1024:,}", "sys_lstm_per_step": f"{per_step:,}",
          "sys_lstm_per_sequence": f"{per_step * 100 / 1e6:.1f} million",
          "sys_lstm_flops_per_step": f"{2 * 4 * 1024 * 2048 * 64 / 1e9:.2f} billion",
          "sys_lstm_flops_per_exp": f"{2 * 4 * 1024 * 2048 * 64 / per_step:,.0f}"}

    kept = elements - zeros
    e |= {"sys_index_bytes": "4", "sys_sparse_dense": size(elements * 4, "KiB"),
          "sys_sparse_coo": size(kept * 8, "KiB"), "sys_sparse_coo_ratio": kept * 8 / (elements * 4),
          "sys_sparse_bitmask": size(elements / 8 + kept * 4, "KiB"),
          "sys_sparse_bitmask_ratio": (elements / 8 + kept * 4) / (elements * 4),
          "sys_sparse_mask_only": size(elements / 8, "KiB"),
          "sys_sparse_coo_break_even": 0.5, "sys_sparse_bitmask_break_even": 1 / 32}
    coo_saved = 1 - kept * 8 / (elements * 4)  # about half the outputs are zero: about nothing saved either way
    e["sys_sparse_coo_verdict"] = ("more than dense, not less" if coo_saved <= 0
                                   else f"almost nothing saved ({coo_saved:.1%})" if coo_saved < 0.05
                                   else f"{coo_saved:.0%} saved")

    sigma1 = float(Sigmoid()(Tensor(np.array([1.0], dtype=np.float32))).data[0])
    mantissa, exponent = math.frexp(sigma1)
    bf16 = math.ldexp(round(mantissa * 2**8) / 2**8, exponent)  # 8 significant bits: 7 stored + the implicit one
    e |= {"sys_bf16_batch_float32": size(relu_bytes, "GiB"), "sys_bf16_batch_bfloat16": size(relu_bytes / 2, "GiB"),
          "sys_bf16_spacing": f"{2**-7:g}", "sys_f32_spacing": sci(2**-23, 3), "sys_bf16_rel_error_max": 2**-8,
          "sys_bf16_mantissa_bits": "7", "sys_f32_mantissa_bits": "23", "sys_f16_mantissa_bits": "10",
          "sys_f32_exponent_bits": "8", "sys_f16_exponent_bits": "5",
          "sys_bf16_max": sci((2 - 2**-7) * 2.0**127, 3), "sys_f16_max": f"{(2 - 2**-10) * 2**15:,.0f}",
          "sys_bf16_example_float32": f"{sigma1:.7f}", "sys_bf16_example": f"{bf16:.7f}",
          "sys_bf16_example_error": abs(bf16 - sigma1) / sigma1}
    return e


def expected_depth_values(relu_per_image: int, zeros: int, elements: int) -> dict:
    return properties() | softmax_depth() | systems(relu_per_image, zeros, elements)
