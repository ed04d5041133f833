"""The chapter's exercise cells in Chromium: real Pyodide runs tinytorch.checks on the reader's class."""

import importlib.util
import inspect
import json
import sys
from pathlib import Path

from cell_page import CHAPTER, code_of, fill_code, wait_until_set_up

from tinytorch.core.activations import ACTIVATION_NAMES

ROOT = Path(__file__).resolve().parents[2]
STARTERS = ROOT / "book" / "exercises"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NAMES = ACTIVATION_NAMES
IMPORTS = ("import math\n\nimport numpy as np\n\nfrom tinytorch.core.activations import Activation\n"
           "from tinytorch.core.tensor import Tensor\n\n\n")
CHECK_TIMEOUT = 180_000  # the first Check starts Python: Pyodide, numpy and tinytorch load first


def wrong_implementations():
    """tests/core/wrong_activations.py: (class, activation, check, message) for each classic mistake."""
    spec = importlib.util.spec_from_file_location("wrong_activations", ROOT / "tests" / "core" / "wrong_activations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # inspect.getsource finds the file through sys.modules
    spec.loader.exec_module(module)
    return module.WRONG


def open_chapter(page, site_url):
    page.goto(f"{site_url}/{CHAPTER}?prefetch=0")
    wait_until_set_up(page)


def exercise(page, name):
    return page.locator(f"section.tt-exercise[data-activation='{name}']")


def check(page, name, code=None) -> dict:
    """Optionally type `code` into exercise `name`, press Check, wait for the report and read it."""
    box = exercise(page, name)
    if code is not None:
        fill_code(box, code)
    before = int(box.get_attribute("data-checks") or 0)
    box.locator("button.tt-check").click()
    page.wait_for_function(
        "([name, n]) => Number(document.querySelector(`section.tt-exercise[data-activation='${name}']`)"
        ".dataset.checks || 0) > n", arg=[name, before], timeout=CHECK_TIMEOUT)
    return read_results(page, name)


def read_results(page, name) -> dict:
    """The rendered report: summary, error, and each check's name -> (passed, message)."""
    return exercise(page, name).evaluate("""box => ({
        summary: box.querySelector('.tt-exercise-summary')?.textContent ?? null,
        error: box.querySelector('.tt-exercise-error')?.textContent ?? null,
        status: box.querySelector('.tt-status').textContent,
        state: box.dataset.state,
        checks: Object.fromEntries([...box.querySelectorAll('.tt-exercise-checks li')].map(li => [
            li.querySelector('.tt-check-name').textContent,
            [li.classList.contains('tt-check-pass'), li.querySelector('.tt-check-message')?.textContent ?? '']])),
    })""")


def progress(page) -> str:
    return page.locator(".tt-exercise-progress .tt-progress-count").text_content()


def test_each_mistake_fails_with_its_message_and_the_tinytorch_solution_passes(page, site_url):
    open_chapter(page, site_url)
    assert progress(page) == f"0 of {len(NAMES)} exercises pass"
    for cls, name, check_name, message in wrong_implementations():
        report = check(page, name, IMPORTS + inspect.getsource(cls))
        assert report["error"] is None, report
        assert report["checks"][check_name] == [False, message], (cls.__name__, report)
        assert report["state"] == "fail"
    for done, name in enumerate(NAMES, 1):
        box = exercise(page, name)
        box.locator("details.tt-exercise-solution summary").click()
        solution = box.locator("details.tt-exercise-solution pre").text_content()
        assert f"class {name}(Activation):" in solution
        report = check(page, name, solution)
        total = len(report["checks"])
        assert report["summary"] == f"{total} of {total} checks pass: well done.", report
        assert all(passed for passed, _ in report["checks"].values())
        assert report["state"] == "pass"
        assert progress(page) == f"{done} of {len(NAMES)} exercises pass"
    done_items = page.locator(".tt-progress-item.tt-done").all_text_contents()
    assert done_items == list(NAMES)
    page.guard.assert_clean()


def test_code_and_results_survive_a_reload_and_reset_restores_the_starter(page, site_url):
    starter = (STARTERS / "relu.py").read_text()
    copy_relu = IMPORTS + "class ReLU(Activation):\n    def forward(self, x):\n        return Tensor(x.data.copy())\n"
    open_chapter(page, site_url)
    box = exercise(page, "ReLU")
    assert code_of(box) == starter
    first = check(page, "ReLU", copy_relu)
    assert first["checks"]["zeroes every negative"] == [
        False, "relu returned the input unchanged for negatives; they should become 0"]

    page.reload()
    wait_until_set_up(page)
    assert code_of(box) == copy_relu
    after = read_results(page, "ReLU")
    assert after["checks"] == first["checks"] and after["summary"] == first["summary"]
    assert not page.locator("section.tt-exercise[data-activation='ReLU'] .tt-exercise-stale").is_visible()
    fill_code(box, copy_relu + "# edited\n")
    assert page.locator("section.tt-exercise[data-activation='ReLU'] .tt-exercise-stale").is_visible()

    exercise(page, "ReLU").get_by_role("button", name="Reset to starter").click()
    assert code_of(box) == starter
    assert read_results(page, "ReLU")["checks"] == {}
    assert page.evaluate("localStorage.getItem('tinytorch:m02:exercise:ReLU')") is None
    page.reload()
    wait_until_set_up(page)
    assert code_of(box) == starter
    assert progress(page) == f"0 of {len(NAMES)} exercises pass"
    page.guard.assert_clean()


def test_starter_says_what_to_write_and_errors_point_at_the_line(page, site_url):
    open_chapter(page, site_url)
    starter = (STARTERS / "tanh.py").read_text().splitlines()
    line = next(i for i, text in enumerate(starter, 1) if "raise NotImplementedError" in text)
    report = check(page, "Tanh")
    first = report["checks"]["forward runs and returns a Tensor"]
    assert first == [False, f"tanh(x) raised NotImplementedError on line {line}: write Tanh.forward"]
    assert {message for _, message in list(report["checks"].values())[1:]} == {"not run: forward must run first"}
    broken = check(page, "Tanh", "class Tanh:\n    def forward(self, x)\n        return x\n")
    assert broken["error"] == "SyntaxError on line 2: expected ':'"
    assert broken["summary"] == "Your code did not run"
    page.guard.assert_clean()


def test_an_endless_forward_is_stopped_and_the_next_check_works(page, site_url):
    open_chapter(page, site_url)
    box = exercise(page, "GELU")
    fill_code(box, "class GELU:\n    def forward(self, x):\n        while True:\n            pass\n")
    box.locator("button.tt-check").click()
    stop = box.get_by_role("button", name="■ Stop")
    page.wait_for_function("window.interactiveRuntime.status.stage === 'running'", timeout=CHECK_TIMEOUT)
    assert read_results(page, "GELU")["status"] == "Checking…"
    stop.click()
    page.wait_for_function("document.querySelector(\"section[data-activation='GELU']\").dataset.checks === '1'",
                           timeout=CHECK_TIMEOUT)
    assert read_results(page, "GELU")["status"] == "Stopped."
    assert not stop.is_visible()
    box.locator("details.tt-exercise-solution summary").click()
    report = check(page, "GELU", box.locator("details.tt-exercise-solution pre").text_content())
    assert report["state"] == "pass"
    page.guard.assert_clean()


def test_keyboard_only_use_and_no_accessibility_violations(page, site_url):
    open_chapter(page, site_url)
    box = exercise(page, "Sigmoid")
    fill_code(box, "")
    page.keyboard.type("import numpy as np\nfrom tinytorch.core.tensor import Tensor\nclass Sigmoid:\n")
    page.keyboard.type("def forward(self, x):\n")
    page.keyboard.type("return Tensor(1 / (1 + np.exp(-x.data)))")
    typed = "class Sigmoid:\n    def forward(self, x):\n        return Tensor(1 / (1 + np.exp(-x.data)))"
    assert code_of(box).endswith(typed)  # Enter kept the indent and added one after the colon
    before = int(box.get_attribute("data-checks") or 0)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(f"Number(document.querySelector(\"section[data-activation='Sigmoid']\").dataset.checks"
                           f" || 0) > {before}", timeout=CHECK_TIMEOUT)
    report = read_results(page, "Sigmoid")
    assert report["checks"]["no RuntimeWarning on extreme inputs"] == [
        False, "sigmoid(-1000) in float64 raised RuntimeWarning 'overflow encountered in exp'"]

    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "✓ Check"
    hint = box.locator("details.tt-exercise-hint")
    hint.locator("summary").focus()
    page.keyboard.press("Enter")
    assert hint.evaluate("d => d.open") and "(1 + tanh(x / 2)) / 2" in hint.text_content()
    box.locator("details.tt-exercise-solution summary").focus()
    page.keyboard.press("Space")
    assert box.locator("details.tt-exercise-solution pre").is_visible()

    page.add_script_tag(path=str(AXE_JS))
    for mode in ("light", "dark"):  # with a failing report, its hint and the solution box on show
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        results = page.evaluate("axe.run({include: [['section.tt-exercise'], ['.tt-exercise-progress']]}, "
                                "{resultTypes: ['violations']})")
        problems = [{"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
                    for v in results["violations"]]
        assert problems == [], f"{mode}: {json.dumps(problems, indent=1)}"
    page.guard.assert_clean()
