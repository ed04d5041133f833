"""Explore cells in Chromium: `# @param` inputs moved with the keyboard rewrite their line, re-run the cell in
Pyodide (a burst of moves runs it only a few times, ending on the last value), print what the same code prints
natively, and Reset puts back code and inputs."""

import contextlib
import io
from pathlib import Path

import pytest

from cell_page import CELL, fill_code, live_output, open_chapter, same_output, wait_until_set_up
from cell_page import code_of as cell_code

SHOTS = Path(__file__).resolve().parents[2] / "_build" / "test-artifacts" / "explore-shots"
RUN_TIMEOUT = 180_000  # the first run starts Python: Pyodide, numpy and tinytorch load first
# Every call of the shared runtime's run(), recorded before the page's scripts start: the runs a cell asked for.
COUNT_RUNS = """window.addEventListener('DOMContentLoaded', () => {
    const runtime = window.interactiveRuntime;
    const run = runtime.run.bind(runtime);
    window.exploreRuns = [];
    runtime.run = (code, options) => { window.exploreRuns.push(code); return run(code, options); };
});"""
SETTLED = """([sel, i, before]) => {
    const cell = document.querySelectorAll(sel)[i];
    const runs = window.exploreRuns;
    return runs.length > 0 && !cell.classList.contains('tt-running')
        && runs[runs.length - 1] === interactiveEditor.of(cell.querySelector('.tt-editor')).value
        && Number(cell.dataset.runs || 0) - before === runs.length;
}"""


def explore_cells(page) -> dict[str, int]:
    """Each explore cell's index among the runnable cells, by the name of its first input."""
    return page.evaluate("""(sel) => Object.fromEntries([...document.querySelectorAll(sel)].flatMap((cell, i) => {
        const name = cell.querySelector('.tt-explore .tt-explore-name');
        return name ? [[name.textContent, i]] : [];
    }))""", CELL)


def code_of(page, index: int) -> str:
    return cell_code(page.locator(CELL).nth(index))


def native_stdout(code: str) -> str:
    """What the same code prints run here, in CPython with numpy and this tinytorch."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<explore cell>", "exec"), {})
    return printed.getvalue()


def press(page, index: int, name: str, key: str, times: int) -> int:
    """Focus input `name` of cell `index`, press `key` `times` times, wait for the cell to settle; runs made."""
    cell = page.locator(CELL).nth(index)
    before = int(cell.get_attribute("data-runs") or 0)
    page.evaluate("window.exploreRuns = []")
    field = cell.locator(".tt-explore-field", has=page.locator(".tt-explore-name", has_text=name))
    field.locator(".tt-explore-input").focus()
    for _ in range(times):
        page.keyboard.press(key)
    page.wait_for_function(SETTLED, arg=[CELL, index, before], timeout=RUN_TIMEOUT)
    return page.evaluate("window.exploreRuns.length")


def assert_matches_native(page, index: int):
    code = code_of(page, index)
    live = live_output(page, index)
    assert not live["traceback"], live["traceback"]
    native = native_stdout(code)
    assert same_output(native, live["stdout"], tolerance=1e-6), f"native:  {native!r}\nbrowser: {live['stdout']!r}"


@pytest.fixture
def chapter(page, site_url):
    page.add_init_script(COUNT_RUNS)
    open_chapter(page, site_url)
    return page


def test_the_three_explore_cells_have_labelled_inputs_above_their_code(chapter):
    page = chapter
    cells = explore_cells(page)
    assert set(cells) == {"temperature", "method", "layers"}, cells
    for index in cells.values():
        cell = page.locator(CELL).nth(index)
        # both boxes read in one task: content above (the slide viewer, a diagram) may still be changing height
        form_bottom, code_top = cell.evaluate("""cell => [
            cell.querySelector('.tt-explore').getBoundingClientRect().bottom,
            cell.querySelector('.cell_input').getBoundingClientRect().top]""")
        assert form_bottom <= code_top + 1
    temperature = page.locator(CELL).nth(cells["temperature"]).locator("input[type=range]")
    assert temperature.get_attribute("aria-valuetext") == "temperature = 1.0"
    assert page.get_by_label("temperature").count() == 1  # the label names the slider
    kinds = page.locator(CELL).nth(cells["layers"]).evaluate(
        "cell => [...cell.querySelectorAll('.tt-explore-input')].map(i => i.type)")
    assert kinds == ["range", "number"]


def test_moving_each_input_rewrites_its_line_and_prints_what_native_python_prints(chapter):
    page = chapter
    cells = explore_cells(page)
    moves = [  # (cell, input, key, presses, the line the code must then hold)
        ("temperature", "temperature", "ArrowRight", 3, 'temperature = 1.3  # @param {type:"slider", min:0.1, max:5, step:0.1}'),
        ("temperature", "temperature", "ArrowLeft", 12, "temperature = 0.1  # @param"),
        ("method", "method", "ArrowDown", 1, 'method = "sigmoid"  # @param ["tanh", "sigmoid"]'),
        ("method", "window", "ArrowRight", 2, "window = 4.0  # @param"),
        ("layers", "layers", "ArrowLeft", 4, "layers = 6  # @param"),
        ("layers", "x", "ArrowUp", 2, "x = 2  # @param"),
    ]
    for cell, name, key, times, line in moves:
        index = cells[cell]
        press(page, index, name, key, times)
        assert line in code_of(page, index), code_of(page, index)
        assert_matches_native(page, index)
        announced = page.locator(CELL).nth(index).locator(".tt-explore-announce").text_content()
        assert line.split("  #")[0] in announced  # the new result is announced with the value that made it
    entropy = live_output(page, cells["temperature"])["stdout"]
    assert "entropy" in entropy and "█" in entropy
    page.guard.assert_clean()


def test_a_burst_of_moves_runs_a_few_times_and_ends_on_the_last_value(chapter):
    page = chapter
    index = explore_cells(page)["layers"]
    press(page, index, "layers", "ArrowRight", 1)  # Python starts with this first run
    runs = press(page, index, "layers", "ArrowRight", 15)
    assert 1 <= runs <= 3, f"{runs} runs for one burst of moves"
    assert "layers = 26  # @param" in code_of(page, index)
    assert "after 26 layers" in live_output(page, index)["stdout"]
    assert_matches_native(page, index)


def test_a_moved_input_is_an_edit_that_survives_a_reload_and_reset_restores_code_and_inputs(chapter):
    page = chapter
    index = explore_cells(page)["temperature"]
    cell = page.locator(CELL).nth(index)
    original = code_of(page, index)
    press(page, index, "temperature", "ArrowRight", 5)
    assert "temperature = 1.5  #" in code_of(page, index)
    assert cell.locator(".tt-edited-badge").is_visible()

    page.reload()
    wait_until_set_up(page)
    cell = page.locator(CELL).nth(index)
    assert "temperature = 1.5  #" in code_of(page, index)
    assert cell.locator("input[type=range]").input_value() == "1.5"

    cell.locator("button", has_text="Reset").click()
    assert code_of(page, index) == original
    assert cell.locator("input[type=range]").input_value() == "1"
    assert cell.locator("input[type=range]").get_attribute("aria-valuetext") == "temperature = 1.0"
    assert cell.locator(".tt-edited-badge").is_hidden()
    assert cell.locator(".cell_output").is_visible()


def test_a_hand_edit_of_a_param_line_moves_its_input_and_a_broken_line_says_why(chapter):
    page = chapter
    index = explore_cells(page)["temperature"]
    cell = page.locator(CELL).nth(index)
    fill_code(cell, code_of(page, index).replace("temperature = 1.0", "temperature = 2.5"))
    assert cell.locator("input[type=range]").input_value() == "2.5"
    fill_code(cell, code_of(page, index).replace("max:5", "max:oops"))
    problem = cell.locator(".tt-explore-problem").first.text_content()
    assert problem.startswith("Line ") and "could not be read" in problem


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screenshots_of_the_explore_cells(page, site_url, mode):
    page.add_init_script(COUNT_RUNS + f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    open_chapter(page, site_url)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    SHOTS.mkdir(parents=True, exist_ok=True)
    cells = explore_cells(page)
    press(page, cells["temperature"], "temperature", "ArrowLeft", 4)
    for width in (1440, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, index in cells.items():
            cell = page.locator(CELL).nth(index)
            cell.scroll_into_view_if_needed()
            cell.screenshot(path=str(SHOTS / f"{name}-{mode}-{width}.png"))
