"""Every number glued into the built chapter equals what tinytorch and the model shapes give, recomputed here."""

import math
import os
import re
import warnings

import numpy as np
import pytest
from bs4 import BeautifulSoup
from expected_depth import expected_depth_values
from site_pages import ROOT, book_config, parse

from tinytorch import GELU, ReLU, Sigmoid, Softmax, Tanh, Tensor
from tinytorch.core.activations import ACTIVATION_NAMES, Activation

from chapter import cost_lesson, cost_measurement, sigmoid_forms

CHAPTER = "book/02_activations"
COST_ROWS = {"copy": "copy", **{name: name.lower() for name in ACTIVATION_NAMES}, "GELU_tanh": "gelu_tanh",
             "np.exp": "exp"}
GLUE_ROLE = re.compile(r"\{glue(?::(?P<kind>text|md|any))?\}`(?P<body>[^`]+)`")
WORDS = "zero one two three four five six seven eight nine ten".split()


def run(activation, xs) -> list[float]:
    return [float(v) for v in activation(Tensor(np.array(xs, dtype=np.float64))).data]


def sci(x: float, digits: int) -> str:
    """Scientific notation as the chapter prints it, e.g. 5.18 × 10²¹."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{superscript}"


def warnings_of(fn) -> tuple[float, set[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = float(fn())
    return value, {str(w.message) for w in caught}


def resnet50_relu_outputs() -> int:
    """ReLU outputs per 224x224 image: stem at 112x112x64, then per stage (blocks, width, side in, side out)."""
    total = 112 * 112 * 64
    for blocks, width, side_in, side_out in ((3, 64, 56, 56), (4, 128, 56, 28), (6, 256, 28, 14), (3, 512, 14, 7)):
        first_block = side_in**2 * width + side_out**2 * width + side_out**2 * 4 * width
        other_blocks = (blocks - 1) * side_out**2 * (width + width + 4 * width)
        total += first_block + other_blocks
    return total


def gelu_minimum() -> tuple[float, float]:
    """GELU's minimum on a fine grid of [-2, 0]."""
    grid = np.linspace(-2, 0, 2_000_001)
    values = GELU()(Tensor(grid)).data
    i = int(np.argmin(values))
    return float(grid[i]), float(values[i])


def expected_values() -> dict:
    """Each glued key with its value, computed independently of the chapter's own helper modules."""
    library = [c for c in Activation.__subclasses__() if c.__module__ == Activation.__module__]
    e = {"n_activations": WORDS[len(library)]}  # other tests subclass Activation too
    e |= {f"softmax_123_{i}": v for i, v in enumerate(run(Softmax(), [1, 2, 3]))}
    e["sigmoid_table"] = ", ".join(f"{v:.4f}" for v in run(Sigmoid(), [-2, -1, 0, 1, 2]))
    e["tanh_table"] = ", ".join(f"{v:.4f}" for v in run(Tanh(), [-2, -1, 0, 1, 2]))
    e["sigmoid_zero"] = run(Sigmoid(), [0])[0]
    tail = 1 / (1 + math.exp(30))  # the tanh form's far left tail, against the standard library
    e |= {"sigmoid_tail_x": "-30", "sigmoid_tail_truth": sci(tail, 2),
          "sigmoid_tail_rel_error": sci(abs(run(Sigmoid(), [-30])[0] - tail) / tail, 1)}
    for dtype in ("float32", "float64"):
        grid = np.arange(-40, 0, 0.01, dtype=dtype)
        zero_below = float(grid[Sigmoid()(Tensor(grid)).data == 0].max())
        e[f"sigmoid_{dtype}_zero_below"] = f"{zero_below:.1f}"
        e[f"sigmoid_{dtype}_zero_truth"] = sci(1 / (1 + math.exp(-zero_below)), 1)
    e["gelu_exact_1"] = run(GELU(), [1])[0]
    e["gelu_tanh_1"] = run(GELU("tanh"), [1])[0]
    e["gelu_sigmoid_1"] = run(GELU("sigmoid"), [1])[0]
    e["gelu_min_x"], e["gelu_min_value"] = gelu_minimum()
    e["sqrt_2_over_pi"] = math.sqrt(2 / math.pi)
    e["gelu_approximations"] = WORDS[len([a for a in GELU.APPROXIMATIONS if a != "none"])]

    e["exp_limit_float32"] = float(np.log(np.finfo(np.float32).max))
    e["exp_limit_float64"] = float(np.log(np.finfo(np.float64).max))
    e["float32_max"] = sci(float(np.finfo(np.float32).max), 2)
    with np.errstate(over="ignore"):
        for x in (50, 100, 1000):
            decades = x / math.log(10)  # e^x = 10^(x log10 e) as a real number, beyond any float's range
            superscript = str(math.floor(decades)).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
            e[f"exp_{x}"] = f"{10 ** (decades % 1):.2f} × 10{superscript}"
            for dtype in (np.float32, np.float64):
                fits = np.isfinite(np.exp(dtype(x)))
                e[f"exp_{x}_{dtype.__name__}"] = "fits" if fits else "overflows"

    reciprocal = lambda x: 1 / (1 + np.exp(-np.float64(x)))  # noqa: E731
    ratio = lambda x: np.exp(np.float64(x)) / (1 + np.exp(np.float64(x)))  # noqa: E731
    value, caught = warnings_of(lambda: reciprocal(-1000))
    e["naive_reciprocal_at_minus"], e["naive_reciprocal_warning"] = f"{value:g}", "; ".join(sorted(caught))
    value, caught = warnings_of(lambda: ratio(1000))
    e["naive_ratio_at_plus"], e["naive_ratio_warning"] = f"{value:g}", "; ".join(sorted(caught))
    e["naive_reciprocal_at_plus"] = f"{warnings_of(lambda: reciprocal(1000))[0]:g}"
    e["naive_ratio_at_minus"] = f"{warnings_of(lambda: ratio(-1000))[0]:g}"
    with np.errstate(over="ignore", invalid="ignore"):
        big = np.exp(np.array([1000.0, 1001.0, 1002.0]))
        e["naive_softmax_big"] = ", ".join(f"{v:g}" for v in big / big.sum())
    e["shifted_softmax_big"] = ", ".join(f"{v:.3f}" for v in run(Softmax(), [1000, 1001, 1002]))

    slope = e["sigmoid_zero"] * (1 - e["sigmoid_zero"])
    e["sigmoid_grad_max"], e["stacked_sigmoids"] = slope, "ten"
    e["stacked_sigmoid_factor"] = sci(slope**10, 2)
    e["tanh_grad_max"] = 1 - run(Tanh(), [0])[0] ** 2

    e |= {"mem_shape": "(32, 4096)", "mem_elements": "131,072", "mem_itemsize": "4", "mem_layers": "100"}
    e["mem_bytes"] = f"{32 * 4096 * np.dtype(np.float32).itemsize:,}"
    e["mem_readable"] = f"{32 * 4096 * 4 // 1024} KiB"
    e["mem_all_layers"] = f"{100 * 32 * 4096 * 4 // 2**20} MiB"

    x = np.random.default_rng(0).standard_normal((128, 1024)).astype(np.float32)
    zeros = int((ReLU()(Tensor(x)).data == 0).sum())
    e |= {"sparsity_shape": "(128, 1024)", "sparsity_elements": f"{x.size:,}", "sparsity_zeros": f"{zeros:,}"}
    e["sparsity_fraction"] = zeros / x.size

    per_image = resnet50_relu_outputs()
    e |= {"resnet_image": "224×224", "resnet_per_image": f"{per_image:,}", "resnet_batch": "256"}
    e["resnet_per_batch"] = f"{per_image * 256:,}"
    e["resnet_per_batch_words"] = f"{per_image * 256 / 1e9:.1f} billion"

    gelus = 96 * 4 * 12288
    e |= {"gpt3_layers": "96", "gpt3_ffn_width": f"{4 * 12288:,}", "gpt3_gelu_per_token": f"{gelus:,}"}
    e["gpt3_gelu_per_token_words"] = f"{gelus / 1e6:.1f} million"
    e["gpt3_softmax_rows_per_token"] = f"{96 * 96:,}"
    e["serving_rate"] = "1,000"
    e["serving_passes_per_day"] = f"{1000 * 86400 / 1e6:.1f} million"
    e["serving_gelu_per_day"] = f"{1000 * 86400 * gelus / 1e12:.0f} trillion"
    return e | expected_depth_values(per_image, zeros, x.size)


def glue_roles(source: str) -> list[tuple[str, str, str]]:
    """(kind, key, format spec) of every glue role in the chapter source, in order."""
    roles = []
    for match in GLUE_ROLE.finditer(source):
        kind = match["kind"] or "any"
        key, _, spec = match["body"].partition(":") if kind == "text" else (match["body"], "", "")
        roles.append((kind, key, spec))
    return roles


@pytest.fixture(scope="module")
def chapter_html(site_dir):
    return parse(site_dir / f"{CHAPTER}.html")


@pytest.fixture(scope="module")
def pasted(chapter_html):
    """{(key, spec): [rendered texts]} pairing the source's glue:text roles with the page's pasted spans."""
    roles = [(key, spec) for kind, key, spec in glue_roles((ROOT / f"{CHAPTER}.md").read_text()) if kind == "text"]
    spans = [span.get_text() for span in chapter_html.select("article span.pasted-text")]
    assert len(spans) == len(roles), f"{len(roles)} glue:text roles in the source, {len(spans)} pasted on the page"
    by_role = {}
    for role, text in zip(roles, spans):
        by_role.setdefault(role, []).append(text)
    return by_role


def rendered(value, spec: str) -> str:
    return format(value, spec) if spec and not isinstance(value, str) else str(value)


def test_every_glued_number_equals_what_the_library_computes(pasted):
    expected = expected_values()
    measured = {key for key, _ in pasted if key.startswith("cost_")}
    unchecked = {key for key, _ in pasted} - expected.keys() - measured
    assert not unchecked, f"glued keys this test does not recompute: {sorted(unchecked)}"
    for (key, spec), texts in pasted.items():
        if key in measured:
            continue
        want = rendered(expected[key], spec)
        assert set(texts) == {want}, f"{key}:{spec} shows {texts}, expected {want!r}"


def test_the_brief_facts_hold(pasted):
    """The corrected facts, stated once more as the chapter must show them."""
    shown = {key: texts[0] for (key, _), texts in pasted.items()}
    assert shown["resnet_per_image"] == "9,608,704"
    assert shown["gpt3_gelu_per_token"] == "4,718,592"
    assert shown["naive_ratio_at_plus"] == "nan" and shown["naive_reciprocal_at_minus"] == "0"
    assert (shown["exp_100_float32"], shown["exp_100_float64"]) == ("overflows", "fits")
    assert shown["mem_readable"] == "512 KiB"
    assert shown["exp_1000"] == "1.97 × 10⁴³⁴"  # a finite real number: only the float types overflow
    assert shown["sys_resnet_params"] == "25,557,032"


def measured_number(text: str) -> float:
    units = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
    number, _, unit = text.partition(" ")
    return float(number.replace(",", "")) * units.get(unit, 1)


@pytest.fixture(scope="module")
def measurement() -> dict:
    """The build's one cost measurement, the file the chapter's glue read (read here, never re-timed)."""
    return cost_measurement.load()


def test_every_measured_value_on_the_page_is_read_from_the_build_measurement(pasted, measurement):
    expected = cost_lesson.cost_numbers(measurement) | sigmoid_forms.sigmoid_forms_numbers(measurement)
    measured = {(key, spec): texts for (key, spec), texts in pasted.items() if key.startswith("cost_")}
    assert len(measured) >= 60, "the cost tables should show every measured row"
    for (key, spec), texts in measured.items():
        assert key in expected, f"{key} is glued but not derived from the measurement"
        shown = {text.replace("\u2019", "'") for text in texts}  # Sphinx's smart quotes turn ' into a right quote
        assert shown == {rendered(expected[key], spec)}, f"{key}:{spec} shows {texts}"


def test_measured_cost_table_is_consistent_and_names_this_machine(pasted, measurement):
    shown = {key: texts[0] for (key, _), texts in pasted.items() if key.startswith("cost_")}
    rows, n = measurement["tinytorch"], measurement["elements"]
    assert n == 2 ** int(shown["cost_elements_log2"]) == int(shown["cost_elements"].replace(",", ""))
    for name, key in COST_ROWS.items():
        r = rows[name]
        assert r["fastest_s"] <= r["q1_s"] <= r["median_s"] <= r["q3_s"] <= r["slowest_s"], name
        assert float(shown[f"cost_{key}_fastest_ms"]) == pytest.approx(r["fastest_s"] * 1e3, abs=0.006)
        ratio = r["fastest_s"] / rows["copy"]["fastest_s"]
        assert float(shown[f"cost_{key}_per_copy"]) == pytest.approx(ratio, rel=0.06, abs=0.01), name
        assert float(shown[f"cost_{key}_gbps"]) == pytest.approx(n * 8 / r["fastest_s"] / 1e9, abs=0.051), name
        assert measured_number(shown[f"cost_{key}_rate"]) == pytest.approx(n / r["fastest_s"], rel=0.06)
        if name != "copy":  # the verdict sentence covers the activations, not the bare np.exp
            want = "memory-bound" if ratio <= 1.5 else "compute-bound"
            assert shown[f"cost_{key}_bound"] == want, name
            if name in cost_lesson.ACTIVATIONS:
                assert cost_lesson.DISPLAY.get(name, name) in shown["cost_verdict"], name
        torch_row = (measurement["torch_1_thread"] or {}).get(name)
        want_torch = f"{torch_row['fastest_s'] * 1e3:.2f}" if torch_row else "not measured"
        assert shown[f"cost_{key}_torch1_ms"] == want_torch, name
    assert shown["cost_numpy"] == np.__version__
    assert shown["cost_cores"] == str(os.cpu_count())
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), None)
    if cpu is not None:
        assert shown["cost_cpu"] == cpu


def test_binder_link_opens_this_chapter_from_the_configured_repository(chapter_html):
    config = book_config()
    owner_repo = config["repository"]["url"].removeprefix("https://github.com/").rstrip("/")
    hub = config["launch_buttons"]["binderhub_url"].rstrip("/")
    want = f"{hub}/v2/gh/{owner_repo}/{config['repository']['branch']}?urlpath=lab/tree/{CHAPTER}.md"
    links = [a["href"] for a in chapter_html.select("article a.reference.external")
             if a.get_text() == "Open this chapter in JupyterLab"]
    assert links and set(links) == {want}


def test_no_unresolved_glue_or_role_text_remains(chapter_html):
    article = BeautifulSoup(str(chapter_html.select_one("article")), "html.parser")  # a copy: parse() is cached
    for code in article.select("pre, .highlight, textarea, script"):
        code.decompose()
    text = article.get_text(" ")
    assert "{glue" not in text
    leftovers = re.findall(r"\{(?:glue|numref|ref|doc|source|octicon|eq)[:a-z]*\}|`[a-z-]+`", text)
    assert not leftovers, leftovers[:5]
    assert "???" not in text  # an unresolved numref


# Numbers the prose may type: names (Module 02, ResNet-50, float32), citations, inputs shown as
# inputs (the overflow table's x column), 0 and 1 as mathematical constants, and a fitted constant.
NAMES_WITH_DIGITS = re.compile(r"Module \d\d|ResNet-50|GPT-3|float(16|32|64)|arXiv:\d+\.\d+|section \d+\.\d+|dim=-1")
TYPED_NUMBERS_ALLOWED = re.compile(r"(19|20)\d\d[:.,]?|[01][.,;:]?|1\.702|50|100|1000")
NOT_PROSE = ("pre", ".highlight", "textarea", "script", ".math", "span.pasted-text", ".caption-number",
             "span.std-numref", ".cell_output", ".tt-exercise", ".tt-exercise-progress", ".tt-slides",
             ".tt-audio", "img", "svg", ".mermaid-diagram", ".tt-module-info")


def test_prose_types_no_number_that_code_computes(chapter_html):
    """Every other number in the text must arrive through glue (or be a numbered label such as a part or question)."""
    article = BeautifulSoup(str(chapter_html.select_one("article")), "html.parser")
    for selector in NOT_PROSE:
        for node in article.select(selector):
            node.decompose()
    for row in article.select("#tbl-roadmap tbody tr"):  # the Part column numbers the parts
        row.find("td").decompose()
    for summary in article.select("details summary"):  # the questions are numbered
        summary.string = re.sub(r"^\s*\d+\.\s", "", summary.get_text())
    text = article.get_text(" ").replace("2 to the\npower", "").replace("2 to the power", "")
    typed = [token.strip("()") for token in re.findall(r"\S*\d\S*", NAMES_WITH_DIGITS.sub("", text))]
    assert [t for t in typed if not TYPED_NUMBERS_ALLOWED.fullmatch(t)] == []


def test_sigmoid_forms_paragraph_agrees_with_its_own_timings(pasted):
    """The Sigmoid section's measured forms: each ratio is its time over the tanh form's, and the words match."""
    shown = {key: texts[0] for (key, _), texts in pasted.items() if key.startswith("cost_sigmoid_")}
    ms = {form: float(shown[f"cost_sigmoid_{form}_ms"]) for form in ("two_exp", "one_exp_where", "where_alone", "tanh")}
    for form in ("two_exp", "one_exp_where"):
        assert float(shown[f"cost_sigmoid_{form}_vs_tanh"]) == pytest.approx(ms[form] / ms["tanh"], rel=0.06, abs=0.06)
    where, two = ms["one_exp_where"], ms["two_exp"]
    expected = ("about the same as" if abs(where - two) <= 0.05 * two else
                "slower than" if where > two else "faster than")
    assert shown["cost_sigmoid_where_verdict"] == expected
