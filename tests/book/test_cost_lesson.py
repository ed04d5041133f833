"""The prose the cost measurement produces: fed synthetic measurements, the classifier says what they show."""


import pytest
from site_pages import ROOT

from chapter import cost_lesson, cost_measurement

ELEMENTS = 2**22


def row(fastest_ms: float, copy_ms: float = 2.0) -> dict:
    """A measured row as tinytorch.timing writes it, `fastest_ms / copy_ms` times the copy."""
    s = fastest_ms / 1e3
    return {"fastest_s": s, "median_s": s * 1.1, "q1_s": s * 1.05, "q3_s": s * 1.2, "slowest_s": s * 2,
            "per_copy": fastest_ms / copy_ms, "gb_per_s": ELEMENTS * 8 / s / 1e9, "elements_per_s": ELEMENTS / s}


def artifact(per_copy: dict, torch_per_copy: dict | None) -> dict:
    names = ("copy", *cost_lesson.ACTIVATIONS, "np.exp")
    rows = {name: row(2.0 * per_copy.get(name, 1.0)) for name in names}
    torch = {name: row(2.0 * torch_per_copy.get(name, 1.0)) for name in names} if torch_per_copy else None
    return {"machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11", "numpy": "2.0", "tinytorch": "0",
                        "torch": "2.0" if torch else None, "torch_threads": 2 if torch else None},
            "elements": ELEMENTS, "shape": [1024, 4096], "dtype": "float32", "rounds": 9,
            "sources": {"Sigmoid": "Sigmoid.forward (activations.py)"},
            "tinytorch": rows, "torch_1_thread": torch, "torch_all_threads": torch}


def test_near_the_copy_is_memory_bound_and_four_times_the_copy_is_compute_bound():
    rows = {"copy": row(2.0), "ReLU": row(2.2), "GELU": row(8.0)}
    assert cost_lesson.bound(rows["ReLU"]) == "memory-bound"
    assert cost_lesson.bound(rows["GELU"]) == "compute-bound"
    sentence = cost_lesson.verdict_sentence(rows)
    assert sentence == ("ReLU runs within 1.5× of the copy, so memory traffic sets its pace: faster memory would "
                        "speed it up, more arithmetic power would not; exact GELU takes longer than 1.5× the copy, "
                        "so more than moving each element once sets its pace: arithmetic, or the extra passes "
                        "NumPy makes for each further operation.")


def test_the_rule_sentence_names_the_limit_the_classifier_uses():
    assert f"{cost_lesson.MEMORY_BOUND_LIMIT}×" in cost_lesson.rule_sentence()
    at_limit = row(2.0 * cost_lesson.MEMORY_BOUND_LIMIT)
    just_over = row(2.0 * cost_lesson.MEMORY_BOUND_LIMIT * 1.01)
    assert cost_lesson.bound(at_limit) == "memory-bound" and cost_lesson.bound(just_over) == "compute-bound"


def test_several_names_of_one_kind_read_as_a_list():
    rows = {"copy": row(2.0), "ReLU": row(2.2), "Tanh": row(2.4), "Sigmoid": row(8.0), "Softmax": row(9.0)}
    sentence = cost_lesson.verdict_sentence(rows)
    assert sentence.startswith("ReLU and Tanh run within 1.5× of the copy, so memory traffic sets their pace")
    assert "Sigmoid and Softmax take longer than 1.5× the copy, so more than moving each element once sets their pace" in sentence


def test_the_glue_values_follow_the_synthetic_measurement():
    numbers = cost_lesson.cost_numbers(artifact({"ReLU": 1.1, "GELU": 4.0, "Sigmoid": 4.0, "Softmax": 4.0,
                                                 "GELU_tanh": 4.0, "Tanh": 1.1},
                                                {"GELU": 1.2, "Sigmoid": 1.1, "Softmax": 1.3}))
    assert (numbers["cost_relu_per_copy"], numbers["cost_gelu_per_copy"]) == ("1.1", "4")
    assert (numbers["cost_relu_bound"], numbers["cost_gelu_bound"]) == ("memory-bound", "compute-bound")
    assert numbers["cost_memory_bound_names"] == "ReLU and Tanh"
    assert numbers["cost_relu_fastest_ms"] == pytest.approx(2.2)
    assert numbers["cost_gelu_vs_torch1"] == f"{4.0 / 1.2:.3g}"
    # the fusion lesson is told on sigmoid, tinytorch's unfused four-pass kernel
    assert numbers["cost_fusion"].startswith("With one thread, PyTorch's sigmoid took 1.1× its own copy and "
                                             "tinytorch's 4× NumPy's copy: tinytorch's sigmoid makes four passes")
    assert "Fusion is not everything" not in numbers["cost_fusion"]  # tinytorch was slower everywhere
    assert numbers["cost_relu_beyond_copy"] == pytest.approx(1 - 1 / 1.1)


def test_without_pytorch_the_torch_columns_say_so():
    numbers = cost_lesson.cost_numbers(artifact({"GELU": 4.0}, None))
    assert numbers["cost_gelu_torch1_ms"] == "not measured"
    assert numbers["cost_torch"] == "not installed"
    assert numbers["cost_fusion"].startswith("PyTorch was not installed where this measurement ran")


def test_a_missing_measurement_is_a_clear_error(tmp_path):
    missing = tmp_path / "cost.json"
    with pytest.raises(RuntimeError, match=r"^The cost measurement .* does not exist: run `make measurement`"):
        cost_measurement.load(str(missing))


@pytest.mark.parametrize("relu, exp", [(1.1, 4.0), (2.3, 1.3)])
def test_the_intensity_sentences_follow_the_verdicts(relu, exp):
    # one machine where ReLU sits at the copy and exp is dear; one (seen on a build) the other way round
    numbers = cost_lesson.cost_numbers(artifact({"ReLU": relu, "np.exp": exp}, None))
    relu_memory, exp_memory = relu <= cost_lesson.MEMORY_BOUND_LIMIT, exp <= cost_lesson.MEMORY_BOUND_LIMIT
    assert numbers["cost_relu_intensity_meaning"].startswith("The measurement agrees") == relu_memory
    assert ("ReLU counted as compute-bound" in numbers["cost_relu_intensity_meaning"]) == (not relu_memory)
    assert numbers["cost_exp_meaning"].startswith("within the rule's 1.5×") == exp_memory
    assert numbers["cost_exp_meaning"].startswith("one exponential per element already costs more") == (not exp_memory)
    assert ("vector instructions" in numbers["cost_exp_intensity_meaning"]) == exp_memory


def test_the_fusion_sentence_says_where_fusion_bought_nothing_and_where_tinytorch_won():
    # tinytorch's sigmoid at 1.2× its copy against PyTorch's 1.3×; its Tanh faster than PyTorch's
    numbers = cost_lesson.cost_numbers(artifact({"Sigmoid": 1.2, "Tanh": 1.0},
                                                {"Sigmoid": 1.3, "Tanh": 3.0, "ReLU": 0.9}))
    fusion = numbers["cost_fusion"]
    assert "tinytorch's only 1.2× NumPy's copy" in fusion and "fusing bought nothing measurable" in fusion
    assert "tinytorch beat one-thread PyTorch on Sigmoid and Tanh," in fusion  # not ReLU: 1.0 against 0.9


@pytest.mark.parametrize("exp, close", [(1.3, True), (1.7, True), (1.2, False), (4.0, False)])
def test_a_ratio_near_the_limit_is_called_close(exp, close):
    numbers = cost_lesson.cost_numbers(artifact({"np.exp": exp, "ReLU": exp}, None))
    assert ("close to the 1.5× limit" in numbers["cost_exp_meaning"]) == close
    assert ("compare the ReLU row" in numbers["cost_relu_intensity_meaning"]) == close
