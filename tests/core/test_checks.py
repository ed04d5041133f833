"""tinytorch.checks: the reference activations pass every check, and each classic mistake fails with its own message."""

import json
from pathlib import Path

import pytest
from interactive.config import book_settings

import tinytorch.core.activations as reference
from tinytorch.checks import SPECS, check_names, check_source, run_checks, run_checks_json
from tinytorch.core.activations import ACTIVATION_NAMES
from wrong_activations import WRONG, NaiveSigmoid, Unwritten

NAMES = tuple(SPECS)
ROOT = Path(__file__).resolve().parents[2]
EXERCISE_DIR = ROOT / book_settings(ROOT / "_config.yml").exercise_starters


def test_every_activation_of_the_library_has_one_check_spec():
    base = reference.Activation
    classes = {name for name, value in vars(reference).items()
               if isinstance(value, type) and issubclass(value, base) and value is not base}
    assert set(ACTIVATION_NAMES) == classes and tuple(SPECS) == ACTIVATION_NAMES
    assert all(spec.name == name and spec.cls is None for name, spec in SPECS.items())


@pytest.mark.parametrize("name", NAMES)
def test_check_names_are_unique_since_the_page_keys_results_by_name(name):
    assert len(set(check_names(name))) == len(check_names(name))


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes_every_check(name):
    results = run_checks(name, getattr(reference, name))
    assert [r.name for r in results] == check_names(name)
    assert [(r.name, r.message) for r in results if not r.passed] == []


@pytest.mark.parametrize("cls, name, check, message", WRONG, ids=[f"{w[0].__name__}-{w[2]}" for w in WRONG])
def test_wrong_implementation_fails_with_its_message(cls, name, check, message):
    results = {r.name: r for r in run_checks(name, cls)}
    assert not results[check].passed
    assert results[check].message == message


def test_a_forward_that_cannot_run_skips_the_rest():
    results = run_checks("ReLU", Unwritten)
    assert [r.passed for r in results] == [False] * len(results)
    assert {r.message for r in results[1:]} == {"not run: forward must run first"}


def test_json_report_lists_every_check():
    report = json.loads(run_checks_json("Sigmoid", NaiveSigmoid))
    assert report["activation"] == "Sigmoid" and report["error"] is None
    assert report["total"] == len(check_names("Sigmoid")) == len(report["results"])
    failed = [r["name"] for r in report["results"] if not r["passed"]]
    assert failed == ["no RuntimeWarning on extreme inputs"]
    assert report["passed"] == report["total"] - 1


def test_source_runner_checks_the_class_the_reader_wrote():
    source = "from tinytorch.core.activations import Activation\n" \
             "from tinytorch.core.tensor import Tensor\nimport numpy as np\n\n" \
             "class ReLU(Activation):\n    def forward(self, x):\n        return Tensor(np.maximum(x.data, 0))\n"
    report = check_source("ReLU", source)
    assert report["error"] is None and report["passed"] == report["total"]


def test_source_runner_reports_a_syntax_error_with_its_line():
    report = check_source("ReLU", "class ReLU:\n    def forward(self, x)\n        pass\n")
    assert report["error"] == "SyntaxError on line 2: expected ':'" and report["results"] == []


def test_source_runner_reports_an_error_raised_while_defining():
    report = check_source("ReLU", "import numpy as np\nundefined_name + 1\n")
    assert report["error"] == "NameError on line 2: name 'undefined_name' is not defined"


def test_source_runner_asks_for_the_class_when_it_is_missing():
    report = check_source("GELU", "class A:\n    def forward(self, x): pass\n"
                                                  "class B:\n    def forward(self, x): pass\n")
    assert report["error"] == "define one class named GELU with a forward method (classes with forward found: A, B)"


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="no checks for 'Swish'"):
        run_checks("Swish", reference.ReLU)


def test_overflow_is_seen_even_through_a_name_imported_from_numpy():
    source = "from numpy import exp\nfrom tinytorch.core.tensor import Tensor\n\n" \
             "class Sigmoid:\n    def forward(self, x):\n        return Tensor(1 / (1 + exp(-x.data)))\n"
    report = check_source("Sigmoid", source)
    failed = {r["name"]: r["message"] for r in report["results"] if not r["passed"]}
    assert failed == {"no RuntimeWarning on extreme inputs":
                      "sigmoid(-1000) in float64 raised RuntimeWarning 'overflow encountered in exp'"}


def test_what_the_code_prints_comes_back_in_the_report():
    source = "print('defining')\nclass Tanh:\n    def forward(self, x):\n        print('called')\n" \
             "        raise ValueError('not yet')\n"
    report = check_source("Tanh", source)
    assert report["stdout"] == "defining\ncalled\n"
    assert report["results"][0]["message"] == "tanh(x) raised ValueError on line 5: not yet"


@pytest.mark.parametrize("name", NAMES)
def test_the_page_solution_passes_and_the_starter_asks_to_be_written(name):
    from interactive.exercises import solution_source

    solved = check_source(name, solution_source(getattr(reference, name)))
    assert solved["error"] is None and solved["passed"] == solved["total"]
    starter = check_source(name, (EXERCISE_DIR / f"{name.lower()}.py").read_text())
    assert starter["passed"] == 0
    assert starter["results"][0]["message"].endswith(f"raised NotImplementedError on line {_raise_line(name)}: "
                                                     f"write {name}.forward")


def _raise_line(name):
    lines = (EXERCISE_DIR / f"{name.lower()}.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if "raise NotImplementedError" in line)


def test_a_class_that_needs_arguments_says_how_it_is_created():
    class Scaled(reference.ReLU):
        def __init__(self, scale):
            self.scale = scale

    assert run_checks("ReLU", Scaled)[0].message == (
        "ReLU() raised TypeError: test_a_class_that_needs_arguments_says_how_it_is_created.<locals>.Scaled."
        "__init__() missing 1 required positional argument: 'scale' (the checks create it with no arguments)")


HEADER = ("import math\nimport numpy as np\nfrom tinytorch.core.activations import Activation\n"
          "from tinytorch.core.special import erf\nfrom tinytorch.core.tensor import Tensor\n\n")
CORRECT_VARIANTS = [
    # x.data * (x.data > 0) and np.where(x.data > 0, x.data, 0) were here: they give nan for -inf and 0 for
    # nan, so they moved to wrong_activations.py (MaskReLU, WhereReLU), as did the unguarded GELU formula
    ("ReLU", "return Tensor(np.clip(x.data, 0, None))"),
    ("ReLU", "return Tensor(np.maximum(0, x.data))"),
    ("ReLU", "y = x.data.copy()\n        y[y < 0] = 0\n        return Tensor(y)"),
    ("Sigmoid", "return Tensor(0.5 * (1 + np.tanh(x.data / 2)))"),
    ("Sigmoid", "e = np.exp(-np.abs(x.data))\n        return Tensor(np.where(x.data >= 0, 1 / (1 + e), e / (1 + e)))"),
    ("Tanh", "e = np.exp(-2 * np.abs(x.data))\n        return Tensor(np.sign(x.data) * (1 - e) / (1 + e))"),
    ("Sigmoid", "u = np.clip(x.data, -80, 80)  # float32's exp overflows past 88\n"
                "        return Tensor(1 / (1 + np.exp(-u)))"),
    ("Sigmoid", "return Tensor(np.exp(-np.logaddexp(0, -x.data)))"),
    ("Tanh", "e = np.exp(-np.abs(2 * x.data))\n        s = np.where(x.data >= 0, 1, e) / (1 + e)\n"
             "        return Tensor(2 * s - 1)"),
    ("GELU", "u = x.data\n        return Tensor(np.where(u < -40, 0, u * 0.5 * (1 + erf(u / math.sqrt(2)))))"),
    ("GELU", "u = np.maximum(x.data, -40)\n        return Tensor(u * 0.5 * (1 + erf(u / math.sqrt(2))))"),
    ("Softmax", "e = np.exp(x.data - x.data.max(axis=dim, keepdims=True))\n"
                "        return Tensor(e / e.sum(axis=dim, keepdims=True))"),
    ("Softmax", "shifted = x.data - x.data.max(axis=dim, keepdims=True)\n"
                "        log_total = np.log(np.exp(shifted).sum(axis=dim, keepdims=True))\n"
                "        return Tensor(np.exp(shifted - log_total))"),
]


@pytest.mark.parametrize("name, body", CORRECT_VARIANTS)
def test_other_correct_ways_of_writing_forward_pass_too(name, body):
    signature = "self, x, dim=-1" if name == "Softmax" else "self, x"
    source = f"{HEADER}class {name}(Activation):\n    def forward({signature}):\n        {body}\n"
    report = check_source(name, source)
    assert report["error"] is None
    assert [(r["name"], r["message"]) for r in report["results"] if not r["passed"]] == []
