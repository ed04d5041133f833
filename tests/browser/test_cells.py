"""The chapter's runnable cells in real Chromium: Pyodide from the site itself, tinytorch inside it."""

import re

from cell_page import CELL, build_output, code_of, fill_code, live_output, open_chapter, run, same_output, wait_for_runs
from tinytorch import Softmax, Tensor

TIMING_TAG = "tag_timing"  # cells that measure time: the same text around different numbers


def record_404s(page) -> list[str]:
    """The URLs the page gets a 404 for, filled in as it runs."""
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    return missing


def test_every_runnable_cell_reproduces_its_build_output(page, site_url):
    missing = record_404s(page)
    cells = open_chapter(page, site_url)
    count = cells.count()
    assert count >= 5, f"expected the chapter's runnable cells, found {count}"
    for index in range(count):
        cell = cells.nth(index)
        measured = TIMING_TAG in (cell.get_attribute("class") or "").split()
        built = build_output(page, index)
        live = run(page, index)
        assert not live["traceback"], f"cell {index} raised in the browser:\n{live['traceback']}"
        assert live["images"] == built["images"], f"cell {index}: figure count differs"
        for stream in ("stdout", "stderr", "value"):
            assert same_output(built[stream], live[stream], numbers_too=not measured), (
                f"cell {index} {stream} differs\nbuild:   {built[stream]!r}\nbrowser: {live[stream]!r}")
        assert built["stdout"] + built["value"] or built["images"], f"cell {index} has no build output"
    assert not missing, f"not found: {missing}"
    page.guard.assert_clean()


def test_the_cell_tagged_tab_tinytorch_sits_in_the_tinytorch_tab_and_runs(page, site_url):
    open_chapter(page, site_url)
    placed = page.evaluate("""(sel) => [...document.querySelectorAll(sel)].flatMap((cell, index) => {
        const tab = cell.closest('.sd-tab-content');
        if (!cell.classList.contains('tag_tab-tinytorch')) return [];
        const label = tab && document.querySelector(`label[aria-controls="${tab.id}"]`);
        return [{index, label: label ? label.textContent.trim() : null}];
    })""", CELL)
    assert len(placed) == 1, f"expected one runnable cell tagged tab-tinytorch, found {placed}"
    assert placed[0]["label"] == "TinyTorch"
    index = placed[0]["index"]
    assert page.locator(CELL).nth(index).is_visible()
    built, live = build_output(page, index), run(page, index)
    assert not live["traceback"] and live["stdout"] and same_output(built["stdout"], live["stdout"])


def test_edited_cell_shows_the_new_result(page, site_url):
    cells = open_chapter(page, site_url)
    original = cells.nth(0).locator(".cell_output").inner_text()
    expected = repr(Softmax()(Tensor([[1.0, 2.0, 3.0, 4.0]])))
    live = run(page, 0, "from tinytorch import Softmax, Tensor\nSoftmax()(Tensor([[1.0, 2.0, 3.0, 4.0]]))")
    assert same_output(expected, live["value"])
    assert expected not in original
    assert cells.nth(0).locator(".cell_output").is_hidden()

    cells.nth(0).locator("button", has_text="Reset").click()
    assert cells.nth(0).locator(".cell_output").is_visible()
    assert cells.nth(0).locator(".tt-output").count() == 0
    assert "Softmax" in code_of(cells.nth(0))
    assert "4.0" not in code_of(cells.nth(0))


def test_raising_cell_shows_a_traceback_at_the_readers_line(page, site_url):
    open_chapter(page, site_url)
    live = run(page, 0, "scale = 2\n\ndef halve(x):\n    return x / (scale - 2)\n\nhalve(3)")
    trace = live["traceback"]
    assert "ZeroDivisionError: division by zero" in trace
    assert "Cell, line 6" in trace and "Cell, line 4" in trace
    assert "return x / (scale - 2)" in trace
    assert "cell_runner" not in trace and "_pyodide" not in trace and "/lib/python" not in trace
    assert run(page, 0, "'still usable'")["value"] == "'still usable'"
    trace = run(page, 0, "x = [1, 2\ny = 3")["traceback"]
    assert "SyntaxError" in trace and "Cell, line 1" in trace


def test_state_carries_between_cells_and_restart_clears_it(page, site_url):
    cells = open_chapter(page, site_url)
    run(page, 0, "carried = 6 * 7")
    assert run(page, 1, "carried + 1")["value"] == "43"

    cells.nth(1).locator("button", has_text="Restart runtime").click()
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'ready'", timeout=120_000)
    trace = run(page, 1, "carried + 1")["traceback"]
    assert "NameError: name 'carried' is not defined" in trace

    cells.nth(2).locator("button", has_text="Run all above").click()  # cells 0 and 1, in order
    wait_for_runs(page, 1, 3)
    assert live_output(page, 1)["value"] == "43"


def test_endless_loop_is_stopped_and_the_next_run_works(page, site_url):
    cells = open_chapter(page, site_url)
    run(page, 0, "warm = 1")
    cell = cells.nth(0)
    fill_code(cell, "while True:\n    pass")
    cell.locator("button.tt-primary").click()
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'running'")
    cell.locator("button.tt-stop").click()
    wait_for_runs(page, 0, 2, timeout=5_000)
    notice = live_output(page, 0)["notice"]
    assert "Stopped" in notice and "gone" in notice
    assert cell.locator("button.tt-stop").is_hidden()
    assert "NameError" in run(page, 0, "warm")["traceback"]
    assert run(page, 0, "sum(range(4))")["value"] == "6"


def test_stop_during_start_up_leaves_the_fresh_runtime_alone(page, site_url):
    held = []  # the first numpy download is held, so Stop lands while Python is still starting
    page.route("**/_static/pyodide/numpy-*.whl", lambda route: route.fallback() if held else held.append(route))
    page.clock.install()  # page timers only (the worker keeps real time): lets the test jump past the stall limit
    cell = open_chapter(page, site_url).nth(0)
    with page.expect_request("**/_static/pyodide/numpy-*.whl", timeout=120_000):
        cell.locator("button.tt-primary").click()
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'numpy'")
    cell.locator("button.tt-stop").click()
    wait_for_runs(page, 0, 1)
    assert "Stopped" in live_output(page, 0)["notice"]
    held[0].abort()

    assert run(page, 0, "survivor = 41\nsurvivor")["value"] == "41"  # queued while the fresh start loads
    page.clock.fast_forward("02:00")  # past the 90 s stall limit the stopped start had armed
    assert page.evaluate("window.interactiveRuntime.status.stage") == "ready"
    assert run(page, 0, "survivor + 1")["value"] == "42"
    page.guard.assert_clean()


def test_keyboard_tab_indents_and_shift_enter_runs(page, site_url):
    cells = open_chapter(page, site_url)
    fill_code(cells.nth(0), "")
    page.keyboard.type("for i in range(3):")
    page.keyboard.press("Enter")  # auto-indents after the colon
    page.keyboard.type("print(i)")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("if True:")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("print('done')")
    assert code_of(cells.nth(0)) == "for i in range(3):\n    print(i)\nif True:\n    print('done')"
    page.keyboard.press("Shift+Enter")
    wait_for_runs(page, 0, 1)
    assert live_output(page, 0)["stdout"] == "0\n1\n2\ndone\n"

    # an Escape while completions are open closes them instead; a late answer to the typing may have opened them
    page.wait_for_function("!document.querySelector('.cm-tooltip-autocomplete')")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # after Escape, Tab leaves the editor
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"


def test_first_paint_loads_no_runtime_and_idle_prefetch_starts_it(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_chapter(page, site_url, prefetch=False)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pyodide/" in url or url.endswith("worker.js")]
    assert "starts on first Run" in page.locator(f"{CELL} .tt-status").first.inner_text()

    open_chapter(page, site_url, prefetch=True)
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'ready'", timeout=120_000)
    assert any(url.endswith("pyodide.asm.wasm") for url in requested)
    assert any("tinytorch-" in url and url.endswith(".whl") for url in requested)
    assert "tinytorch" in page.locator(f"{CELL} .tt-status").first.inner_text()


def test_missing_runtime_file_shows_binder_link_and_page_stays_usable(page, site_url):
    page.route("**/_static/pyodide/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="gone"))
    cells = open_chapter(page, site_url)
    cell = cells.nth(0)
    cell.locator("button.tt-primary").click()
    failure = cell.locator(".tt-failure")
    failure.wait_for(timeout=60_000)
    assert "could not start" in failure.inner_text()
    link = failure.locator("a")
    assert re.match(r"https://mybinder\.org/v2/gh/.+/02_activations", link.get_attribute("href"))
    assert cell.locator(".cell_output").is_visible()
    assert "could not start" in cell.locator(".tt-status").inner_text()
    assert cell.locator("button.tt-primary").is_enabled()
    cell.locator("button", has_text="Reset").click()
    assert cell.locator(".tt-failure").count() == 0
    assert page.evaluate("1 + 1") == 2  # the page's own script still runs


def test_a_browser_without_webassembly_gets_the_binder_link_at_once(page, site_url):
    page.add_init_script("delete window.WebAssembly")
    cell = open_chapter(page, site_url).nth(0)
    cell.locator("button.tt-primary").click()
    cell.locator(".tt-failure").wait_for(timeout=10_000)
    assert "lacks WebAssembly" in cell.locator(".tt-failure").inner_text()
    assert "mybinder.org" in cell.locator(".tt-failure a").get_attribute("href")


def test_a_tampered_tinytorch_wheel_is_refused(page, site_url, site_dir):
    wheel = next((site_dir / "_static" / "pyodide").glob("tinytorch-*.whl"))
    tampered = wheel.read_bytes() + b"tampered"
    page.route(f"**/_static/pyodide/{wheel.name}", lambda route: route.fulfill(status=200, body=tampered))
    cell = open_chapter(page, site_url).nth(0)
    cell.locator("button.tt-primary").click()
    cell.locator(".tt-failure").wait_for(timeout=120_000)
    assert "tinytorch" in cell.locator(".tt-failure").inner_text()


def test_cells_run_in_pyodide_with_its_numpy(page, site_url):
    open_chapter(page, site_url)
    value = run(page, 0, "import sys, numpy\nsys.platform, numpy.__version__")["value"]
    assert value == "('emscripten', '2.0.2')"
