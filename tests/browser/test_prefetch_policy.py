"""Idle prefetch of the Python runtime: only after the page has settled, never on Save-Data or slow links."""

import pytest

from cell_page import CHAPTER

IDLE_MARK = "/__test-idle-after-load__"
# Requests the page makes once its load event has fired and the browser has then been idle.
MARK_IDLE_AFTER_LOAD = """
window.addEventListener("load", () => requestIdleCallback(() => fetch("%s").catch(() => {})), {once: true});
""" % IDLE_MARK


def connection_script(save_data: bool, effective_type: str) -> str:
    """navigator.connection as a phone on Save-Data or a slow network reports it."""
    return """
    Object.defineProperty(Navigator.prototype, "connection", {configurable: true, get: () => ({
        saveData: %s, effectiveType: "%s", downlink: 0.4, rtt: 900,
        addEventListener() {}, removeEventListener() {},
    })});
    """ % ("true" if save_data else "false", effective_type)


def is_runtime_file(url: str) -> bool:
    return "/_static/pyodide/" in url or url.endswith(("worker.js", "output_cap.js", "kept_copies.js", "cell_runner.py"))


def record_requests(page) -> list[str]:
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route(f"**{IDLE_MARK}", lambda route: route.fulfill(status=204, body=""))
    return requested


def test_no_runtime_file_is_requested_before_load_and_idle(page, site_url):
    requested = record_requests(page)
    page.add_init_script(MARK_IDLE_AFTER_LOAD)
    page.goto(f"{site_url}/{CHAPTER}")
    page.wait_for_function("() => window.interactiveRuntime?.prefetch.state === 'started'", timeout=60_000)
    page.wait_for_function("() => window.interactiveRuntime.status.stage !== 'idle'", timeout=60_000)
    runtime_requests = [i for i, url in enumerate(requested) if is_runtime_file(url)]
    marks = [i for i, url in enumerate(requested) if url.endswith(IDLE_MARK)]
    assert runtime_requests, "idle prefetch requested no runtime file"
    assert marks, "the page never reached load plus idle"
    assert marks[0] < runtime_requests[0], (
        f"{requested[runtime_requests[0]]} was requested before the load event plus idle")


@pytest.mark.parametrize("save_data, effective_type, reason", [
    (True, "4g", "Save-Data"), (False, "3g", "slow (3g)"), (False, "2g", "slow (2g)"),
    (False, "slow-2g", "slow (slow-2g)"),
])
def test_prefetch_is_skipped_on_save_data_and_slow_connections(page, site_url, save_data, effective_type, reason):
    requested = record_requests(page)
    page.add_init_script(connection_script(save_data, effective_type))
    page.add_init_script(MARK_IDLE_AFTER_LOAD)
    page.goto(f"{site_url}/{CHAPTER}")
    page.wait_for_function("() => window.interactiveRuntime?.prefetch.state === 'skipped'")
    assert reason in page.evaluate("window.interactiveRuntime.prefetch.reason")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"() => performance.getEntriesByName(location.origin + '{IDLE_MARK}').length > 0")
    # two more idle periods: as long as the prefetch would have waited
    page.evaluate("() => new Promise(r => requestIdleCallback(() => requestIdleCallback(r)))")
    assert not [url for url in requested if is_runtime_file(url)]
    assert "starts on first Run" in page.locator("div.tt-cell .tt-status").first.inner_text()


def test_a_fast_connection_without_save_data_still_prefetches(page, site_url):
    requested = record_requests(page)
    page.add_init_script(connection_script(False, "4g"))
    page.goto(f"{site_url}/{CHAPTER}")
    page.wait_for_function("() => window.interactiveRuntime?.prefetch.state === 'started'", timeout=60_000)
    page.wait_for_function("() => window.interactiveRuntime.status.stage !== 'idle'", timeout=60_000)
    assert any(url.endswith("worker.js") for url in requested)
