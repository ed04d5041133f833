"""Stop and input() on a page the service worker has made cross-origin isolated (Chromium, persistent profile)."""

import pytest
from cell_page import CELL, open_chapter, run, wait_for_runs
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
    cell.locator("textarea.tt-code").fill(code)
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


def test_a_cell_stuck_outside_python_bytecode_falls_back_to_a_restart(isolated_page):
    page = isolated_page
    assert not run(page, 0, "x = 41")["traceback"]
    notice = stop_while_running(page, 0, "sum(range(10**15))")  # one C call: no bytecode boundary to interrupt at
    assert notice.startswith("Stopped. The cell did not stop within 1 s"), notice
    assert "NameError" in run(page, 0, "x")["traceback"]


def test_input_asks_under_the_cell_and_returns_the_line(isolated_page):
    page = isolated_page
    cell = page.locator(CELL).nth(0)
    cell.locator("textarea.tt-code").fill("name = input('Your name: ')\nprint('Hello,', name)\nlen(name)")
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
