"""The properties table's typed columns (derivative, range, symmetry) hold for tinytorch, checked numerically."""

import math

import numpy as np
import pytest
from site_pages import parse

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor

GRID = np.linspace(-8, 8, 1601)
STEP = 1e-6


def softmax_first(x):
    rows = np.zeros((np.size(x), 3))
    rows[:, 0] = x
    return Softmax()(Tensor(rows)).data[:, 0]


def elementwise(activation):
    return lambda x: activation(Tensor(np.asarray(x, dtype=np.float64))).data


def phi(x):
    return np.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def normal_cdf(x):
    return np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in np.atleast_1d(x)])


relu, sigmoid, tanh, gelu = (elementwise(a) for a in (ReLU(), Sigmoid(), Tanh(), GELU()))

# row name: (the library as a function of x, derivative TeX, derivative, range TeX, range test, symmetry TeX, identity)
ROWS = {
    "ReLU": (relu, r"\(1\) for \(x > 0\) , \(0\) for \(x < 0\)", lambda x: (x > 0).astype(float),
             r"\([0, \infty)\)", lambda y: (y >= 0).all(),
             r"f(x) - f(-x) = x", lambda x: relu(x) - relu(-x) - x),
    "Sigmoid": (sigmoid, r"\(\sigma(x)\,(1 - \sigma(x))\)", lambda x: sigmoid(x) * (1 - sigmoid(x)),
                r"\((0, 1)\)", lambda y: ((y > 0) & (y < 1)).all(),
                r"f(-x) = 1 - f(x)", lambda x: sigmoid(-x) - (1 - sigmoid(x))),
    "Tanh": (tanh, r"\(1 - \tanh^2(x)\)", lambda x: 1 - np.tanh(x) ** 2,
             r"\((-1, 1)\)", lambda y: ((y > -1) & (y < 1)).all(),
             r"f(-x) = -f(x)", lambda x: tanh(-x) + tanh(x)),
    "GELU": (gelu, r"\(\Phi(x) + x\,\varphi(x)\)", lambda x: normal_cdf(x) + x * phi(x),
             None, lambda y: (y >= -0.17 - 1e-3).all() and y.min() < -0.16,
             r"f(x) - f(-x) = x", lambda x: gelu(x) - gelu(-x) - x),
    "Softmax": (softmax_first, r"\(s_i\,(\delta_{ij} - s_j)\)",
                lambda x: softmax_first(x) * (1 - softmax_first(x)),
                r"\((0, 1)\) , rows sum to 1", lambda y: ((y > 0) & (y < 1)).all(),
                r"f(x + c) = f(x)",
                lambda x: Softmax()(Tensor(np.stack([x, -x, 0 * x], axis=1) + 7.5)).data
                - Softmax()(Tensor(np.stack([x, -x, 0 * x], axis=1))).data),
}


@pytest.fixture(scope="module")
def table_rows(site_dir) -> dict:
    table = parse(site_dir / "book/02_activations.html").select_one("table#tbl-properties")
    assert table is not None, "the properties table (tbl-properties) is missing"
    for formula in table.select("span.math[data-tex]"):  # math is typeset at build time; compare its TeX source
        formula.string = rf"\({formula['data-tex']}\)"
    cells = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    return {row[0]: row for row in cells}


def test_the_table_has_one_row_per_activation(table_rows):
    assert list(table_rows) == list(ROWS)


@pytest.mark.parametrize("name", ROWS)
def test_derivative_column_is_the_slope_of_the_library(table_rows, name):
    f, tex, derivative, *_ = ROWS[name]
    assert table_rows[name][2] == tex
    x = GRID[np.abs(GRID) > 1e-3]  # ReLU has no derivative at 0
    central = (f(x + STEP) - f(x - STEP)) / (2 * STEP)
    np.testing.assert_allclose(central, derivative(x), atol=1e-7)


@pytest.mark.parametrize("name", ROWS)
def test_range_column_holds_for_the_library(table_rows, name):
    f, _, _, tex, inside, *_ = ROWS[name]
    if tex is not None:
        assert table_rows[name][3] == tex
    assert inside(f(np.linspace(-15, 15, 3001)))  # beyond about 19, float64 tanh rounds to exactly 1


@pytest.mark.parametrize("name", ROWS)
def test_symmetry_column_is_an_identity_of_the_library(table_rows, name):
    *_, tex, residual = ROWS[name]
    assert table_rows[name][6] == rf"\({tex}\)"
    assert np.abs(residual(GRID)).max() < 1e-12
