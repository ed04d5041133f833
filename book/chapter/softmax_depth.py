"""Softmax beyond the forward pass: temperature, log-softmax, and how one overflow poisons a training step."""

import math

import numpy as np

from tinytorch import Softmax, Tensor

TEMPERATURE_LOGITS = (1.0, 2.0, 3.0)
TEMPERATURES = (0.1, 1.0, 10.0)
FAR_LOGITS = (0.0, -120.0)  # float32: e^-120 is below the smallest float32, so it rounds to 0

# One step of a linear classifier on a batch, in float32. Feature 0 is an unscaled raw measurement that
# every class weighs positively; one sample arrives with a large value there.
NAN_BATCH, NAN_FEATURES, NAN_CLASSES, NAN_SEED = 4, 5, 3, 0
NAN_BAD_SAMPLE, NAN_BAD_VALUE, LEARNING_RATE = 2, 100.0, 0.1


def entropy(p: np.ndarray) -> float:
    """Shannon entropy in nats, with 0 log 0 = 0."""
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def with_temperature(logits, temperature: float) -> np.ndarray:
    """softmax(logits / T) by tinytorch, in float64."""
    return Softmax()(Tensor(np.asarray(logits, dtype=np.float64) / temperature)).data


def log_softmax(x: np.ndarray) -> np.ndarray:
    """x - max - log sum exp(x - max): every exponent is <= 0 and the log never sees 0."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def naive_softmax(x: np.ndarray) -> np.ndarray:
    """Softmax without the max shift, warnings silenced."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / e.sum(axis=-1, keepdims=True)


def training_batch():
    """(inputs, targets, weights, bias) of the nan demonstration, float32."""
    rng = np.random.default_rng(NAN_SEED)
    x = rng.standard_normal((NAN_BATCH, NAN_FEATURES)).astype(np.float32)
    x[NAN_BAD_SAMPLE, 0] = NAN_BAD_VALUE
    w = (0.1 * rng.standard_normal((NAN_CLASSES, NAN_FEATURES))).astype(np.float32)
    w[:, 0] += 1
    b = np.zeros(NAN_CLASSES, dtype=np.float32)
    targets = rng.integers(0, NAN_CLASSES, NAN_BATCH)
    return x, targets, w, b


def training_step(softmax) -> dict:
    """One SGD step of softmax cross-entropy, forward and backward by hand; counts the nan at each stage."""
    x, targets, w, b = training_batch()
    logits = x @ w.T + b
    p = softmax(logits)
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = float(-np.log(p[np.arange(NAN_BATCH), targets]).mean())
    grad_logits = (p - np.eye(NAN_CLASSES, dtype=np.float32)[targets]) / NAN_BATCH
    grad_w, grad_b = grad_logits.T @ x, grad_logits.sum(axis=0)
    w_next, b_next = w - LEARNING_RATE * grad_w, b - LEARNING_RATE * grad_b
    with np.errstate(invalid="ignore"):
        logits_next = x @ w_next.T + b_next
    count = lambda a: int(np.isnan(a).sum())  # noqa: E731
    return {"logits": count(logits), "probabilities": count(p), "loss": loss, "grad_w": count(grad_w),
            "grad_b": count(grad_b), "weights": count(w_next), "next_logits": count(logits_next)}


def tinytorch_softmax(x: np.ndarray) -> np.ndarray:
    return Softmax()(Tensor(x)).data


def softmax_depth_numbers() -> dict:
    """Glue values for the temperature, log-softmax and nan paragraphs."""
    n = {"temp_logits": ", ".join(f"{v:g}" for v in TEMPERATURE_LOGITS),
         "temp_max_entropy": math.log(len(TEMPERATURE_LOGITS))}
    for i, t in enumerate(TEMPERATURES):
        p = with_temperature(TEMPERATURE_LOGITS, t)
        n[f"temp_{i}"] = f"{t:g}"
        n[f"temp_{i}_probs"] = ", ".join(f"{v:.3f}" for v in p)
        n[f"temp_{i}_entropy"] = entropy(p)

    far = np.array(FAR_LOGITS, dtype=np.float32)
    with np.errstate(divide="ignore"):
        naive = float(np.log(tinytorch_softmax(far))[1])
    n["far_logits"] = ", ".join(f"{v:g}" for v in FAR_LOGITS)
    n["far_softmax_low"] = f"{float(tinytorch_softmax(far)[1]):g}"
    n["far_naive_log"] = f"{naive:g}"
    n["far_log_softmax"] = f"{float(log_softmax(far)[1]):g}"
    n["far_naive_loss"] = f"{-naive:g}"

    naive_step, stable_step = training_step(naive_softmax), training_step(tinytorch_softmax)
    n |= {"nan_batch": f"{NAN_BATCH}", "nan_features": f"{NAN_FEATURES}", "nan_classes": f"{NAN_CLASSES}",
          "nan_bad_value": f"{NAN_BAD_VALUE:g}", "nan_logits_size": f"{NAN_BATCH * NAN_CLASSES}",
          "nan_weights_size": f"{NAN_CLASSES * NAN_FEATURES}", "nan_exp_limit": math.log(np.finfo(np.float32).max)}
    n |= {f"nan_naive_{k}": (f"{v:g}" if k == "loss" else f"{v}") for k, v in naive_step.items()}
    n |= {f"nan_stable_{k}": (v if k == "loss" else f"{v}") for k, v in stable_step.items()}
    return n
