"""The properties table of the chapter: each activation's value and slope at 0, measured on tinytorch in float64."""

import math

import numpy as np

from chapter.chapter_numbers import scientific
from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

STEP = 1e-5  # finite-difference step, in float64
FAR = 30.0  # "far out": where a saturating side has lost its slope
FLAT = 1e-6  # a slope below this, far out, counts as saturated
GRID = np.linspace(-10, 10, 4001)
SOFTMAX_ROW = 3  # softmax is read on a row of three: x in the first slot, zeros elsewhere


def softmax_first(x: np.ndarray) -> np.ndarray:
    """The first output of softmax on rows [x, 0, 0]: softmax seen as a function of one of its inputs."""
    rows = np.zeros((np.size(x), SOFTMAX_ROW))
    rows[:, 0] = x
    return Softmax()(Tensor(rows)).data[:, 0]


def scalar_functions() -> dict:
    """Each activation as a function of float64 arrays (softmax through its first output)."""
    elementwise = {"ReLU": ReLU(), "Sigmoid": Sigmoid(), "Tanh": Tanh(), "GELU": GELU()}
    functions = {name: (lambda x, a=act: a(Tensor(np.asarray(x, dtype=np.float64))).data)
                 for name, act in elementwise.items()}
    return functions | {"Softmax": softmax_first}


def slope_formulas() -> dict:
    """The derivative at 0 by each activation's formula, in plain math (softmax: s(1 - s) on the diagonal)."""
    sigma0 = 1 / (1 + math.exp(0))
    share = 1 / SOFTMAX_ROW
    return {"Sigmoid": sigma0 * (1 - sigma0), "Tanh": 1 - math.tanh(0) ** 2,
            "GELU": 0.5 * (1 + math.erf(0)),  # Phi(0) + 0 * phi(0)
            "Softmax": share * (1 - share)}


def slopes_at(f, x: float) -> tuple[float, float, float]:
    """(left, central, right) finite-difference slopes of f at x."""
    below, here, above = (float(v) for v in f(np.array([x - STEP, x, x + STEP])))
    return (here - below) / STEP, (above - below) / (2 * STEP), (above - here) / STEP


def saturation(f) -> str:
    """Which tails of f lose their slope far from zero."""
    flat = [abs(slopes_at(f, side * FAR)[1]) < FLAT for side in (-1, 1)]
    return {(True, True): "both tails", (True, False): "left tail only",
            (False, True): "right tail only", (False, False): "neither tail"}[tuple(flat)]


def monotonic(f) -> str:
    """Whether f never decreases over GRID, from the signs of its finite differences."""
    return "yes" if bool(np.all(np.diff(f(GRID)) >= 0)) else "no"


def properties_numbers() -> dict:
    """Glue values of the properties table: value at 0, slope at 0, monotonic, saturating, per activation."""
    formulas = slope_formulas()
    n = {"prop_softmax_row": f"{SOFTMAX_ROW}", "prop_grid": f"[{GRID[0]:g}, {GRID[-1]:g}]", "prop_far": f"{FAR:g}", "prop_flat": scientific(FLAT, 1),
         "prop_tanh_over_sigmoid_slope": formulas["Tanh"] / formulas["Sigmoid"]}
    for name, f in scalar_functions().items():
        key = f"prop_{name.lower()}"
        left, central, right = slopes_at(f, 0.0)
        n[f"{key}_value0"] = float(f(np.array([0.0]))[0])
        if name == "ReLU":  # a kink: the two one-sided slopes differ, so there is no derivative at 0
            n[f"{key}_slope_left"], n[f"{key}_slope_right"] = left, right
        else:
            if not math.isclose(central, formulas[name], abs_tol=1e-8):
                raise ValueError(f"{name}: finite difference {central} disagrees with the formula {formulas[name]}")
            n[f"{key}_slope0"] = central
        n[f"{key}_monotonic"] = monotonic(f)
        n[f"{key}_saturates"] = saturation(f)
    return n
