"""Numbers for the systems-thinking questions: memory, scaling, exponentials, sparsity and bfloat16, from shapes."""

import math

import numpy as np

from chapter.chapter_numbers import (RESNET_BATCH, RESNET_EXPANSION, RESNET_STAGES, RESNET_STEM_CHANNELS, binary_size,
                             readable_count, resnet50_relu_elements, scientific, sparsity)
from tinytorch import Sigmoid, Tensor

RESNET_CLASSES, RESNET_STEM_KERNEL, IMAGE_CHANNELS = 1000, 7, 3
RESNET_PUBLISHED_PARAMETERS = 25_557_032  # torchvision's resnet50, the "25.6 million" of the literature
FLOAT32_BYTES, BFLOAT16_BYTES = 4, 2

# One transformer layer of BERT-base / GPT-2 small size, and the (batch, sequence) sizes compared.
TRANSFORMER_D_MODEL, TRANSFORMER_HEADS, TRANSFORMER_FFN_MULTIPLE = 768, 12, 4
TRANSFORMER_SIZES = ((8, 512), (16, 512), (8, 2048))

LSTM_HIDDEN, LSTM_INPUT, LSTM_BATCH, LSTM_STEPS = 1024, 1024, 64, 100
LSTM_SIGMOID_GATES, LSTM_TANHS = 3, 2  # input, forget, output gates; candidate and cell-output tanh

INDEX_BYTES = 4  # an int32 position per kept value
BFLOAT16_EXAMPLE = 1.0  # sigmoid(1) rounded to bfloat16


def sparse_verdict(ratio: float) -> str:
    """How much a sparse format saved against dense, for the sentence '... N% of dense: <verdict>, because ...'."""
    if ratio >= 1:
        return "more than dense, not less"
    saved = 1 - ratio
    return f"almost nothing saved ({saved:.1%})" if saved < 0.05 else f"{saved:.0%} saved"


def resnet50_parameters() -> int:
    """Learnable parameters of ResNet-50, counted layer by layer: convolutions, batch-norm scale and shift, fc."""
    bn = lambda channels: 2 * channels  # noqa: E731
    count = RESNET_STEM_KERNEL**2 * IMAGE_CHANNELS * RESNET_STEM_CHANNELS + bn(RESNET_STEM_CHANNELS)
    channels = RESNET_STEM_CHANNELS
    for blocks, width in RESNET_STAGES:
        out = width * RESNET_EXPANSION
        for block in range(blocks):
            count += channels * width + bn(width)  # 1x1 reduce
            count += 9 * width * width + bn(width)  # 3x3
            count += width * out + bn(out)  # 1x1 expand
            if block == 0:
                count += channels * out + bn(out)  # 1x1 projection on the shortcut
            channels = out
    return count + channels * RESNET_CLASSES + RESNET_CLASSES


def transformer_layer_activations(batch: int, sequence: int) -> tuple[int, int]:
    """(elements linear in batch x sequence, elements of attention scores) one layer keeps for backward.

    Linear part per token: the layer input, Q, K and V, the attention output, and the feed-forward
    hidden layer before and after GELU. Quadratic part: the scores and their softmax, per head.
    """
    d = TRANSFORMER_D_MODEL
    per_token = d + 3 * d + d + 2 * TRANSFORMER_FFN_MULTIPLE * d
    return batch * sequence * per_token, 2 * batch * TRANSFORMER_HEADS * sequence**2


def bfloat16_round(x: np.ndarray) -> np.ndarray:
    """float32 values rounded to the nearest bfloat16 (ties to even), returned as float32."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return rounded.astype(np.uint32).view(np.float32)


def float32_from_bits(bits: int) -> float:
    return float(np.array([bits], dtype=np.uint32).view(np.float32)[0])


def systems_numbers() -> dict:
    """Glue values of the systems-thinking questions."""
    n = {}
    params, relu = resnet50_parameters(), resnet50_relu_elements()
    if params != RESNET_PUBLISHED_PARAMETERS:
        raise ValueError(f"ResNet-50 parameter count {params:,} differs from the published {RESNET_PUBLISHED_PARAMETERS:,}")
    relu_batch_bytes = relu * RESNET_BATCH * FLOAT32_BYTES
    n |= {"sys_resnet_params": f"{params:,}", "sys_resnet_params_words": readable_count(params),
          "sys_resnet_param_bytes": binary_size(params * FLOAT32_BYTES),
          "sys_resnet_relu_batch_bytes": binary_size(relu_batch_bytes),
          "sys_resnet_ratio": relu_batch_bytes / (params * FLOAT32_BYTES),
          "sys_resnet_break_even_batch": f"{math.ceil(params / relu)}"}

    base_linear, base_scores = transformer_layer_activations(*TRANSFORMER_SIZES[0])
    n |= {"sys_tf_d_model": f"{TRANSFORMER_D_MODEL}", "sys_tf_heads": f"{TRANSFORMER_HEADS}"}
    for i, (batch, sequence) in enumerate(TRANSFORMER_SIZES):
        linear, scores = transformer_layer_activations(batch, sequence)
        n |= {f"sys_tf_{i}_batch": f"{batch}", f"sys_tf_{i}_seq": f"{sequence:,}",
              f"sys_tf_{i}_linear": binary_size(linear * FLOAT32_BYTES),
              f"sys_tf_{i}_scores": binary_size(scores * FLOAT32_BYTES),
              f"sys_tf_{i}_total": binary_size((linear + scores) * FLOAT32_BYTES),
              f"sys_tf_{i}_linear_growth": f"{linear / base_linear:g}",
              f"sys_tf_{i}_scores_growth": f"{scores / base_scores:g}",
              f"sys_tf_{i}_scores_share": scores / (linear + scores)}

    per_sample = (LSTM_SIGMOID_GATES + LSTM_TANHS) * LSTM_HIDDEN
    per_step = per_sample * LSTM_BATCH
    matmul_flops = 2 * 4 * LSTM_HIDDEN * (LSTM_INPUT + LSTM_HIDDEN) * LSTM_BATCH  # four gates, multiply-add
    n |= {"sys_lstm_hidden": f"{LSTM_HIDDEN:,}", "sys_lstm_input": f"{LSTM_INPUT:,}",
          "sys_lstm_batch": f"{LSTM_BATCH}", "sys_lstm_steps": f"{LSTM_STEPS}",
          "sys_lstm_per_sample": f"{per_sample:,}", "sys_lstm_per_step": f"{per_step:,}",
          "sys_lstm_per_sequence": readable_count(per_step * LSTM_STEPS),
          "sys_lstm_flops_per_step": readable_count(matmul_flops),
          "sys_lstm_flops_per_exp": f"{matmul_flops / per_step:,.0f}"}

    zeros, elements = sparsity()
    kept = elements - zeros
    dense = elements * FLOAT32_BYTES
    coo = kept * (INDEX_BYTES + FLOAT32_BYTES)
    bitmask = math.ceil(elements / 8) + kept * FLOAT32_BYTES
    n |= {"sys_index_bytes": f"{INDEX_BYTES}", "sys_sparse_dense": binary_size(dense), "sys_sparse_coo": binary_size(coo),
          "sys_sparse_bitmask": binary_size(bitmask),
          "sys_sparse_mask_only": binary_size(math.ceil(elements / 8)), "sys_sparse_coo_ratio": coo / dense,
          "sys_sparse_bitmask_ratio": bitmask / dense,
          "sys_sparse_coo_break_even": 1 - FLOAT32_BYTES / (INDEX_BYTES + FLOAT32_BYTES),
          "sys_sparse_bitmask_break_even": 1 / (8 * FLOAT32_BYTES),
          "sys_sparse_coo_verdict": sparse_verdict(coo / dense)}

    bf16_spacing = float32_from_bits(0x3F800000 + 0x10000) - 1
    example = Sigmoid()(Tensor(np.array([BFLOAT16_EXAMPLE], dtype=np.float32))).data
    rounded = bfloat16_round(example)
    n |= {"sys_bf16_batch_float32": binary_size(relu_batch_bytes),
          "sys_bf16_batch_bfloat16": binary_size(relu * RESNET_BATCH * BFLOAT16_BYTES),
          "sys_bf16_spacing": f"{bf16_spacing:g}", "sys_f32_spacing": scientific(float(np.finfo(np.float32).eps)),
          "sys_f16_spacing": f"{float(np.finfo(np.float16).eps):g}",
          "sys_bf16_rel_error_max": bf16_spacing / 2, "sys_bf16_mantissa_bits": f"{-math.log2(bf16_spacing):.0f}",
          "sys_f32_mantissa_bits": f"{np.finfo(np.float32).nmant}", "sys_f16_mantissa_bits": f"{np.finfo(np.float16).nmant}",
          "sys_f32_exponent_bits": f"{np.finfo(np.float32).nexp}", "sys_f16_exponent_bits": f"{np.finfo(np.float16).nexp}",
          "sys_bf16_max": scientific(float32_from_bits(0x7F7F0000)),
          "sys_f16_max": f"{float(np.finfo(np.float16).max):,.0f}",
          "sys_bf16_example_float32": f"{float(example[0]):.7f}", "sys_bf16_example": f"{float(rounded[0]):.7f}",
          "sys_bf16_example_error": abs(float(rounded[0]) - float(example[0])) / float(example[0])}
    return n
