"""Stop and input() on a page the service worker has made cross-origin isolated (Chromium, persistent profile)."""

import pytest
from cell_page import CELL, fill_code, open_chapter, run, wait_for_runs
from offline_profile import CONTROLLED, guarded_page, persistent_profile, switchable_site

RUNNING = "window.interactiveRuntime.status.stage === 'running'"


@pytest.fixture
def isolated_page(browser, site_dir, tmp_path):
    """The chapter on its second visit: controlled by the service worker from the start, so isolated."""
    with switchable_site(site_dir, tmp_path) as (url, _, _server), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        open_chapter(page, url)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        open_chapter(page, url)
        assert page.evaluate("crossOriginIsolated && typeof SharedArrayBuffer === 'function'")
        yield page
        page.guard.assert_clean()


def stop_while_running(page, index: int, code: str) -> str:
    """Start `code` in cell `index`, press Stop once it runs, and return the notice the cell shows."""
    cell = page.locator(CELL).nth(index)
    before = int(cell.get_attribute("data-runs") or 0)
    fill_code(cell, code)
    cell.locator("button.tt-primary").click()
    page.wait_for_function(RUNNING, timeout=120_000)
    cell.locator("button.tt-stop").click()
    wait_for_runs(page, index, before + 1, timeout=60_000)
    return cell.locator(".tt-interrupted").text_content()


def test_stop_raises_keyboard_interrupt_and_keeps_variables(isolated_page):
    page = isolated_page
    assert not run(page, 0, "x = 41")["traceback"]
    notice = stop_while_running(page, 0, "while True:\n    pass")
    assert notice.startswith("Stopped with KeyboardInterrupt") and "still there" in notice, notice
    assert run(page, 0, "x + 1")["value"] == "42"


# Right after a first run the worker imports the completer (worker.js: loadCompleter); here that import takes
# 0.6 s, and the reader starts the next cell and presses Stop while it lasts.
SLOW_IMPORT = "import time as _time\n_until = _time.perf_counter() + 0.6\nwhile _time.perf_counter() < _until:\n    pass\n"
RUN_THEN_STOP_THE_NEXT = """async (selector) => {
    const [first, second] = document.querySelectorAll(selector);
    const runs = (cell) => Number(cell.dataset.runs || 0);
    const finished = (cell, count) => new Promise((resolve) => {
        const watch = new MutationObserver(() => { if (runs(cell) >= count) { watch.disconnect(); resolve(); } });
        watch.observe(cell, { attributes: true, attributeFilter: ["data-runs"] });
    });
    const done = finished(first, runs(first) + 1);
    first.querySelector("button.tt-primary").click();
    await done;
    second.querySelector("button.tt-primary").click();
    await new Promise((resolve) => {
        const stop = interactiveRuntime.onStatus((s) => { if (s.stage === "running") { resolve(); setTimeout(() => stop()); } });
    });
    second.querySelector("button.tt-stop").click();
}"""


def test_a_stop_pressed_while_the_worker_imports_the_completer_stops_the_cell_it_was_for(isolated_page):
    page = isolated_page
    def slow_completer(route):
        response = route.fetch()
        route.fulfill(response=response, body=SLOW_IMPORT + response.text())
    page.context.route("**/_static/completion.py*", slow_completer)
    first, second = page.locator(CELL).nth(0), page.locator(CELL).nth(1)
    fill_code(first, "x = 41")
    fill_code(second, "while True:\n    pass")
    before = int(second.get_attribute("data-runs") or 0)
    page.evaluate(RUN_THEN_STOP_THE_NEXT, CELL)
    wait_for_runs(page, 1, before + 1, timeout=60_000)
    notice = second.locator(".tt-interrupted").text_content()
    assert notice.startswith("Stopped with KeyboardInterrupt") and "still there" in notice, notice
    assert run(page, 0, "x + 1")["value"] == "42"
    completions = page.evaluate("interactiveRuntime.complete('x.bit_len')")
    assert completions and "bit_length" in [item["label"] for item in completions["items"]], completions


def test_a_cell_stuck_outside_python_bytecode_falls_back_to_a_restart(isolated_page):
    page = isolated_page
    assert not run(page, 0, "x = 41")["traceback"]
    notice = stop_while_running(page, 0, "sum(range(10**15))")  # one C call: no bytecode boundary to interrupt at
    assert notice.startswith("Stopped. The cell did not stop within 1 s"), notice
    assert "NameError" in run(page, 0, "x")["traceback"]


def test_input_asks_under_the_cell_and_returns_the_line(isolated_page):
    page = isolated_page
    cell = page.locator(CELL).nth(0)
    fill_code(cell, "name = input('Your name: ')\nprint('Hello,', name)\nlen(name)")
    cell.locator("button.tt-primary").click()
    field = cell.locator("form.tt-input input.tt-input-field")
    field.wait_for(timeout=120_000)
    field.fill("Ada Lovelace")
    field.press("Enter")
    wait_for_runs(page, 0, 1)
    output = cell.locator(".tt-output").evaluate(
        "out => ({stdout: [...out.querySelectorAll('.tt-stdout')].map(n => n.textContent).join(''),"
        " value: out.querySelector('.tt-value')?.textContent})")
    assert output["stdout"] == "Your name: Hello, Ada Lovelace\n", output
    assert output["value"] == "12"
    assert cell.locator("form.tt-input").count() == 0
