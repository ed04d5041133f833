"""The numbers the slides and the narration quote, from the chapter's own code.

`python slides/chapter_facts.py COST.json OUT.json`: the costs are read from the
build's one measurement (COST.json, written by `python -m chapter.cost_measurement`), never timed here.
"""

import json
import string
import sys
import warnings
from pathlib import Path

import numpy as np
from chapter import chapter_numbers, cost_lesson, cost_measurement  # as the chapter's first cell imports them

import tinytorch
from tinytorch import Tensor

ROOT = Path(__file__).resolve().parents[1]

SOURCES = (ROOT / "slides" / "02_activations.md", ROOT / "audio" / "02_activations.txt")


def collapse_gaps() -> dict:
    """Two linear layers equal one matrix; with ReLU between them they do not (largest gap, random weights)."""
    rng = np.random.default_rng(2)
    w1, w2, x = rng.standard_normal((64, 32)), rng.standard_normal((16, 64)), rng.standard_normal((32, 100))
    one_matrix = (w2 @ w1) @ x
    relu = chapter_numbers.ACTIVATIONS["ReLU"]
    return {
        "collapse_gap": f"{np.abs(w2 @ (w1 @ x) - one_matrix).max():.0e}",
        "relu_gap": f"{np.abs(w2 @ relu(Tensor(w1 @ x)).data - one_matrix).max():.0f}",
    }


def slide_only_facts() -> dict:
    """What the deck shows and the chapter's prose does not quote."""
    stable = chapter_numbers.values("Sigmoid", [-1000, 1000])
    return {"tinytorch_version": tinytorch.__version__, "sigmoid_stable_1000": f"{stable[0]:g} and {stable[1]:g}",
            **collapse_gaps()}


def placeholders(text: str) -> set[str]:
    """The fact names a deck or transcript text asks for in {braces}."""
    return {field.split("[")[0].split(".")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


def media_facts(measurement: dict, sources=SOURCES) -> dict:
    """The facts the deck and the transcript name, each computed once by the chapter's code (or slide_only_facts)."""
    available = chapter_numbers.chapter_numbers()
    available |= cost_lesson.cost_numbers(measurement)
    available |= slide_only_facts()
    wanted = set().union(*(placeholders(path.read_text(encoding="utf-8")) for path in sources))
    unknown = sorted(wanted - available.keys())
    if unknown:
        raise KeyError(f"no fact named {', '.join(unknown)}: the chapter's numbers are in book/chapter_numbers.py "
                       "and book/cost_lesson.py, the slides' own in slides/chapter_facts.py")
    return {key: available[key] for key in sorted(wanted)}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python slides/chapter_facts.py COST.json OUT.json")
    warnings.simplefilter("error")  # a stray overflow warning here means a fact was computed carelessly
    facts = media_facts(cost_measurement.load(sys.argv[1]))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(facts, out, indent=2, sort_keys=True)
        out.write("\n")
