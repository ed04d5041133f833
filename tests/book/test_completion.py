"""The editor's completions (book/_ext/interactive/static/completion.py), natively: what the worker offers for the
word before the cursor, with its line of doc, and that nothing the reader wrote is called to find it."""

import importlib.util
import keyword

import numpy as np
import pytest

import tinytorch
from site_pages import ROOT
from tinytorch import ReLU, Tensor

SPEC = importlib.util.spec_from_file_location("completion", ROOT / "book/_ext/interactive/static/completion.py")
completion = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(completion)


class Loud:
    """A class whose construction and property reading are recorded: completion must do neither."""

    touched = []

    def __init__(self):
        Loud.touched.append("__init__")
        self.made_in_init = 1

    @property
    def costly(self) -> Tensor:
        Loud.touched.append("costly")
        return Tensor([0.0])


@pytest.fixture
def namespace():
    return {"np": np, "Tensor": Tensor, "ReLU": ReLU, "tinytorch": tinytorch, "x": Tensor([1.0, 2.0]),
            "Loud": Loud, "_hidden": 1}


def offered(code, namespace) -> dict:
    return {item["label"]: (item["type"], item["detail"]) for item in completion.complete(code, namespace)["items"]}


def test_np_ex_offers_exp_with_numpys_own_first_line(namespace):
    items = offered("y = np.ex", namespace)
    assert items["exp"] == ("function", "Calculate the exponential of all elements in the input array.")
    assert all(label.startswith("ex") for label in items)


def test_a_tensor_made_in_place_offers_its_attributes_from_the_class_not_by_making_one(namespace):
    items = offered("Tensor([1.0, 2.0]).", namespace)
    assert items["data"] == ("variable", "attribute")  # assigned in __init__, which is read, not run
    assert items["shape"] == ("property", "tuple")  # the property's return annotation
    assert offered("ReLU()(x).sh", namespace) == {"shape": ("property", "tuple")}  # __call__ -> Tensor
    assert "data" in offered("ReLU().forward(x).", namespace)


def test_names_keywords_and_the_library_api(namespace):
    assert offered("Ten", namespace) == {"Tensor": ("class", "An n-dimensional array of floats with NumPy-style "
                                                             "element-wise arithmetic.")}
    assert offered("whi", namespace)["while"] == ("keyword", "keyword")
    assert set(offered("", namespace)) >= {"np", "x", "print", *keyword.kwlist}
    assert offered("from tinytorch import Re", namespace)["ReLU"][1].startswith("ReLU(x) = max(0, x)")
    assert offered("import tinytorch.co", namespace) == {"core": ("namespace", "module")}
    assert "tinytorch" in offered("import tiny", namespace)


def test_private_names_only_after_an_underscore(namespace):
    assert "_hidden" not in offered("", namespace)
    assert "_hidden" in offered("_h", namespace)
    assert "__init__" not in offered("x.", namespace) and "__init__" in offered("x.__in", namespace)


def test_nothing_the_reader_wrote_is_run_to_complete(namespace):
    Loud.touched.clear()
    assert {"costly", "made_in_init"} <= set(offered("Loud().", namespace))
    assert offered("Loud().costly.sh", namespace) == {"shape": ("property", "tuple")}
    assert Loud.touched == []


@pytest.mark.parametrize("code", ["print(undefined.", "1 +* 2.", "np.nothing_here.", "'unclosed.", "x[0]."])
def test_what_it_cannot_know_it_leaves_empty(code, namespace):
    assert offered(code, namespace) == {}


def test_strings_and_values_describe_themselves(namespace):
    assert offered("'abc'.upp", namespace)["upper"][0] == "method"
    assert offered("np.pi", namespace)["pi"] == ("constant", "float 3.141592653589793")
