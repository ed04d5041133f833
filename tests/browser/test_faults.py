"""Faults told truthfully in real Chromium: lost network and missing files, simulated by routing the site's own requests."""

import re

from cell_page import CELL, live_output, open_chapter, run, wait_for_runs

READY = "() => window.interactiveRuntime.status.stage === 'ready'"
FAILED = "() => window.interactiveRuntime.status.stage === 'failed'"
NUMPY_WHEEL = re.compile(r"/_static/pyodide/numpy-[^/]*\.whl$")
MATPLOTLIB_WHEEL = re.compile(r"/_static/pyodide/matplotlib-[^/]*\.whl$")


def status_line(page, index: int = 0) -> str:
    return page.locator(CELL).nth(index).locator(".tt-status").inner_text()


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def go_offline(page):
    """Every further request of the page and its worker fails as with no network."""
    page.route("**/*", lambda route: route.abort("internetdisconnected"))


def test_offline_matplotlib_names_the_package_and_the_status_is_not_ready(page, site_url):
    open_chapter(page, site_url)
    assert not run(page, 0, "1 + 1")["traceback"]
    page.route(MATPLOTLIB_WHEEL, lambda route: route.abort("internetdisconnected"))
    live = run(page, 0, "import matplotlib.pyplot as plt\nplt.plot([1, 2])")
    assert "No module named" not in live["traceback"]
    assert live["traceback"].startswith("Python could not load matplotlib: the request for matplotlib-")
    assert re.search(r"matplotlib-[\w.-]+\.whl", live["traceback"]) and "got no answer (the browser may be offline)" in live["traceback"], live["traceback"]
    status = status_line(page)
    assert not status.startswith("Ready") and "could not load" in status and "matplotlib" in status
    assert "The cell did not run" in page.locator(f"{CELL} .tt-advice").first.inner_text()


def test_restart_while_offline_says_python_needs_the_network(page, site_url):
    open_chapter(page, site_url)
    assert not run(page, 0, "1 + 1")["traceback"]
    go_offline(page)
    page.locator(CELL).nth(0).locator("button", has_text="Restart runtime").click()
    page.wait_for_function(FAILED, timeout=60_000)
    assert status_line(page).startswith("Python cannot be restarted without the network")


def test_stop_while_offline_says_python_needs_the_network(page, site_url):
    open_chapter(page, site_url)
    cell = page.locator(CELL).nth(0)
    assert not run(page, 0, "1 + 1")["traceback"]
    cell.locator("textarea.tt-code").fill("while True:\n    pass")
    cell.locator("button.tt-primary").click()
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'running'")
    go_offline(page)
    cell.locator("button.tt-stop").click()
    wait_for_runs(page, 0, 2, timeout=60_000)
    assert "Stopped" in live_output(page, 0)["notice"]
    page.wait_for_function(FAILED, timeout=60_000)
    assert status_line(page).startswith("Python cannot be restarted without the network")


def test_a_missing_numpy_wheel_names_the_file_and_the_status(page, site_url):
    open_chapter(page, site_url)
    page.route(NUMPY_WHEEL, lambda route: route.fulfill(status=404, body="not here"))
    live = run(page, 0)
    notice = live["notice"]
    assert re.search(r"numpy-[\w.-]+\.whl with HTTP 404", notice), notice
    assert "Failed to fetch" not in notice
    assert all(s[0].isupper() for s in sentences(notice)), f"not all sentences: {notice!r}"
    status = status_line(page)
    assert "HTTP 404" in status and all(s[0].isupper() for s in sentences(status)), status
