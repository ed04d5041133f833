"""The deck's figures, each plotted from tinytorch at build time and saved as a PNG."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor  # noqa: E402

SLATE, ORANGE, TEAL, GREY = "#0f172a", "#f97316", "#14b8a6", "#94a3b8"
FIGURE_SIZE = (5.2, 4.4)  # inches; the deck draws it at 1 pt per 1/72 in, so font sizes read as on the slide
DPI = 200
X = np.linspace(-5, 5, 1001)


def _axes(title: str, origin_lines: bool = True):
    """A figure with the deck's look: slate text, light grid, axes through the origin."""
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 17, "text.color": SLATE,
                         "axes.labelcolor": SLATE, "xtick.color": SLATE, "ytick.color": SLATE})
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, dpi=DPI)
    ax.set_title(title, fontsize=19, color=SLATE, loc="left", fontweight="bold")
    ax.grid(True, color="#e2e8f0", linewidth=1)
    if origin_lines:
        ax.axhline(0, color=GREY, linewidth=1.2)
        ax.axvline(0, color=GREY, linewidth=1.2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _curve(activation, title: str, ylim, extra=None, label=None):
    """The activation over [-5, 5], computed by tinytorch, drawn in TinyTorch orange."""
    fig, ax = _axes(title)
    y = activation(Tensor(X)).data
    if extra:
        extra(ax)
    ax.plot(X, y, color=ORANGE, linewidth=4, label=label)
    if label:
        ax.legend(loc="upper left", frameon=False)
    ax.set_xlim(-5, 5)
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")
    return fig


def relu_figure():
    return _curve(ReLU(), "ReLU(x)", (-1, 5))


def sigmoid_figure():
    def asymptotes(ax):
        for level in (0, 1):
            ax.axhline(level, color=TEAL, linestyle="--", linewidth=2)
        ax.plot([0], [0.5], "o", color=SLATE, markersize=9)
    return _curve(Sigmoid(), "σ(x)", (-0.1, 1.1), asymptotes)


def tanh_figure():
    def asymptotes(ax):
        for level in (-1, 1):
            ax.axhline(level, color=TEAL, linestyle="--", linewidth=2)
    return _curve(Tanh(), "tanh(x)", (-1.25, 1.25), asymptotes)


def gelu_figure(minimum: tuple[float, float]):
    """GELU beside ReLU, its minimum (x, GELU(x)) marked where the chapter's search found it."""
    def relu_and_minimum(ax):
        ax.plot(X, ReLU()(Tensor(X)).data, color=TEAL, linestyle="--", linewidth=2.5, label="ReLU")
        ax.plot([minimum[0]], [minimum[1]], "o", color=SLATE, markersize=9, zorder=5)
    return _curve(GELU(), "GELU(x)", (-1, 5), relu_and_minimum, label="GELU")


def softmax_figure():
    scores = np.array([1.0, 2.0, 3.0])
    probs = Softmax()(Tensor(scores)).data
    fig, ax = _axes("scores → softmax", origin_lines=False)
    positions = np.arange(3)
    ax.bar(positions - 0.2, scores / scores.sum(), width=0.38, color=TEAL, label="score / sum")
    ax.bar(positions + 0.2, probs, width=0.38, color=ORANGE, label="softmax")
    for x, p in zip(positions, probs):
        ax.text(x + 0.2, p + 0.02, f"{p:.3f}", ha="center", fontsize=15, color=SLATE)
    ax.set_xticks(positions, ["x = 1", "x = 2", "x = 3"])
    ax.set_ylim(0, 0.8)
    ax.legend(loc="upper left", frameon=False)
    return fig


def collapse_figure():
    """A 1-input network with 8 hidden units: Linear-Linear is a line, Linear-ReLU-Linear bends."""
    rng = np.random.default_rng(7)
    w1, b1 = rng.standard_normal((8, 1)), rng.standard_normal((8, 1))
    w2 = rng.standard_normal((1, 8))
    hidden = w1 @ X[None, :] + b1
    fig, ax = _axes("one input, 8 hidden units")
    ax.plot(X, (w2 @ hidden)[0], color=TEAL, linewidth=4, label="Linear → Linear")
    ax.plot(X, (w2 @ ReLU()(Tensor(hidden)).data)[0], color=ORANGE, linewidth=4, label="Linear → ReLU → Linear")
    ax.set_xlim(-5, 5)
    ax.set_xlabel("x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False, fontsize=15)
    return fig


FIGURES = {  # name -> draw(facts); GELU marks the minimum the slide's text quotes, from the same facts
    "relu": lambda facts: relu_figure(),
    "sigmoid": lambda facts: sigmoid_figure(),
    "tanh": lambda facts: tanh_figure(),
    "gelu": lambda facts: gelu_figure((facts["gelu_min_x"], facts["gelu_min_value"])),
    "softmax": lambda facts: softmax_figure(),
    "collapse": lambda facts: collapse_figure(),
}


def draw_figure(name: str, out_dir: Path, facts: dict) -> Path:
    """Plot figure `name` into out_dir/name.png (no timestamps in the file) and return its path."""
    if name not in FIGURES:
        raise KeyError(f"no figure named {name!r}; known: {', '.join(sorted(FIGURES))}")
    fig = FIGURES[name](facts)
    path = out_dir / f"{name}.png"
    out_dir.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path
