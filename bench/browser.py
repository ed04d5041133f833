"""Runnable cells in headless Chromium against the local server: start-up latencies and bytes before interaction.

Measured once and printed (never asserted). Targets: cold first cell <= 5 s,
first click after idle prefetch <= 1.5 s, warm re-run <= 150 ms, and the
interactive layer adds <= 150 KB before the reader does anything. With the
service worker (a persistent profile): a return visit's first output <= 1 s,
online and offline, beside the cold figure of the same run; Stop latency on the
isolated page, and whether a variable set before the loop survives it. The
profile is warm once its first visit has run a cell and Chromium has kept the
code V8 compiled for the runtime (how long after the runtime was kept is
printed; nan: not within a minute).

Output floods, in the same run: 50,000 print lines finish within a few seconds
(5,000 lines timed beside them), the page answers a click within 200 ms during
`while True: print` (input delay = handler time minus the event's timestamp,
beside the same clicks with no flood), and Stop ends the run within 1 s.

    .venv/bin/python bench/browser.py [--site _build/html] [--floods-only]
"""

import argparse
import json
import os
import shutil
import statistics
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from chromium_histograms import CODE_KEPT, chromium_histogram
from serve_site import SiteHandler, make_server

CHAPTER = "book/02_activations.html"
CELL = "div.tt-cell"
LAYER_FILES = ("runtime.js", "cells.js", "cells.css", "editor.js", "sw_register.js", "sw_notice.css")  # the layer's own files
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY = "() => window.interactiveRuntime.status.stage === 'ready'"
CLICK_TO_RUN_END = """async ([selector, index, button]) => {  // ms from clicking `button` to the run's end
    const cell = document.querySelectorAll(selector)[index];
    const before = Number(cell.dataset.runs || 0);
    const done = new Promise((resolve) => {
        const watch = new MutationObserver(() => {
            if (Number(cell.dataset.runs || 0) > before) { watch.disconnect(); resolve(performance.now()); }
        });
        watch.observe(cell, { attributes: true, attributeFilter: ["data-runs"] });
    });
    const start = performance.now();
    cell.querySelector(button).click();
    return (await done) - start; }"""
RECORD_STAGES = """() => { window.benchStages = [];
    interactiveRuntime.onStatus(s => benchStages.push([s.stage, s.state, performance.now()])); }"""
STAGE_SECONDS = """(prefix) => {  // seconds spent in each loading stage, from the runtime's own status reports
    const out = {}, marks = benchStages.filter(([, state]) => state === 'loading' || state === 'done');
    for (let i = 1; i < marks.length; i++) {
        const [stage, state] = marks[i - 1];
        if (state === 'loading' && stage !== 'running') out[`${prefix}_${stage}_s`] = (marks[i][2] - marks[i - 1][2]) / 1000;
    }
    return out; }"""


CONTROLLED = "() => navigator.serviceWorker.controller !== null"
RUNTIME_KEPT = "() => document.documentElement.dataset.offlineRuntime !== undefined"
START_KEPT = "() => window.interactiveRuntime.python.kept && window.interactiveRuntime.packages.kept"
FRAME_GAPS = """(ms) => new Promise((resolve) => {  // gaps between animation frames for `ms` milliseconds
    const gaps = []; let last = performance.now(); const end = last + ms;
    const tick = (now) => { gaps.push(now - last); last = now; if (now < end) requestAnimationFrame(tick); else resolve(gaps); };
    requestAnimationFrame(tick); })"""
STOP_LATENCY = """async ([selector, index]) => {  // ms from clicking Stop to the run's end, and to Python ready again
    const cell = document.querySelectorAll(selector)[index];
    const before = Number(cell.dataset.runs || 0);
    const start = performance.now();
    cell.querySelector("button.tt-stop").click();
    await new Promise((resolve) => {
        const check = () => (Number(cell.dataset.runs || 0) > before ? resolve() : requestAnimationFrame(check));
        check();
    });
    const ended = performance.now() - start;
    await new Promise((resolve) => {
        const off = interactiveRuntime.onStatus((s) => { if (s.stage === "ready") { queueMicrotask(() => off()); resolve(); } });
    });
    return [ended, performance.now() - start]; }"""


def set_code(page, index: int, code: str):
    """Give cell `index` this code through the editor's API (the static listing: the editor bundle stays unloaded)."""
    page.evaluate("([sel, i, code]) => interactiveEditor.of(document.querySelectorAll(sel)[i].querySelector('.tt-editor'))"
                  ".setValue(code)", [CELL, index, code])


def code_of(page, index: int) -> str:
    return page.evaluate("([sel, i]) => interactiveEditor.of(document.querySelectorAll(sel)[i].querySelector('.tt-editor'))"
                         ".value", [CELL, index])


def click_to_output(page, index: int) -> float:
    """Seconds from clicking Run on cell `index` to its finished output, timed inside the page."""
    return page.evaluate(CLICK_TO_RUN_END, [CELL, index, "button.tt-primary"]) / 1000


def real_clicks_delay_ms(page, clicks: int = 10) -> list[float]:
    """Input delay of real (Playwright) mouse clicks on the first cell's status text, in ms."""
    page.evaluate("""() => { window.benchDelays = [];
        window.benchRecord = (event) => benchDelays.push(performance.now() - event.timeStamp);
        document.addEventListener("pointerdown", benchRecord, true); }""")
    box = page.locator(f"{CELL} .tt-status").first.bounding_box()
    for _ in range(clicks):
        page.mouse.click(box["x"] + 2, box["y"] + 2)
    page.wait_for_function("(n) => benchDelays.length >= n", arg=clicks, timeout=60_000)
    return page.evaluate("() => { document.removeEventListener('pointerdown', benchRecord, true); return benchDelays; }")


def measure_floods(browser, url: str) -> dict:
    """50,000 print lines, input delay and frame gaps during an endless print, and Stop's latency."""
    results = {}
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    cell = page.locator(CELL).nth(0)
    set_code(page, 0, "1")
    click_to_output(page, 0)  # Python started
    for lines in (5_000, 50_000):
        set_code(page, 0, f"for i in range({lines}):\n    print(i)")
        results[f"print_{lines}_lines_s"] = click_to_output(page, 0)
    results["print_50000_over_5000_ratio"] = results["print_50000_lines_s"] / results["print_5000_lines_s"]
    idle = real_clicks_delay_ms(page)
    results["input_delay_idle_ms_max"] = max(idle)
    results["frame_gap_idle_ms_max"] = max(page.evaluate(FRAME_GAPS, 2000))

    set_code(page, 0, "while True:\n    print('x')")
    cell.locator("button.tt-primary").click()
    page.wait_for_function("(sel) => document.querySelector(sel) !== null", arg=f"{CELL} .tt-omitted", timeout=120_000)
    flood = real_clicks_delay_ms(page)
    results["input_delay_flood_ms_median"] = statistics.median(flood)
    results["input_delay_flood_ms_max"] = max(flood)
    results["input_delay_flood_over_idle_max_ratio"] = max(flood) / max(max(idle), 0.1)
    gaps = page.evaluate(FRAME_GAPS, 2000)
    results["frame_gap_flood_ms_median"] = statistics.median(gaps)
    results["frame_gap_flood_ms_max"] = max(gaps)
    results["flood_lines_not_shown_at_stop"] = float(
        page.locator(f"{CELL} .tt-omitted").first.inner_text().strip("[]").split()[0].replace(",", ""))
    ended, ready = page.evaluate(STOP_LATENCY, [CELL, 0])
    results["stop_to_run_ended_ms"] = ended
    results["stop_to_python_ready_again_s"] = ready / 1000
    context.close()
    return results


def count_bytes(page) -> dict:
    """Bytes received by the page (headers and bodies), by file name."""
    received = {}

    def add(request):
        sizes = request.sizes()
        name = request.url.split("?")[0].rsplit("/", 1)[-1]
        received[name] = received.get(name, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", add)
    return received


def bytes_before_interaction(browser, url: str, block_layer: bool) -> dict:
    """Bytes the chapter transfers until the network is idle after load, with no click."""
    context = browser.new_context()
    if block_layer:
        context.route("**/_static/*", lambda route: route.abort()
                      if route.request.url.split("?")[0].rsplit("/", 1)[-1] in LAYER_FILES else route.continue_())
    page = context.new_page()
    received = count_bytes(page)
    page.goto(url + "?prefetch=0", wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    return received


def warm_profile(browser, profile: Path, url: str):
    """A persistent profile after one visit: the service worker controls the site and keeps the runtime, the page
    has kept its started Python and installed packages (worker.js: kept copies), and Chromium has kept the code
    V8 compiled for the runtime (V8 hands it over once its optimising compiler has been quiet for a while, a few
    seconds into a reader's visit). Returns the context and the seconds waited for that code
    after the runtime was kept (None: not kept within a minute; the return visits then compile afresh)."""
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    page.wait_for_function(CONTROLLED, timeout=60_000)
    click_to_output(page, 0)
    page.wait_for_function(RUNTIME_KEPT, timeout=180_000)
    page.wait_for_function(START_KEPT, timeout=60_000)
    start = time.perf_counter()
    code_kept = chromium_histogram(context, CODE_KEPT, samples=1, seconds=60)
    waited = time.perf_counter() - start if code_kept else None
    page.close()
    return context, waited


def return_visit_first_output(context, url: str, offline: bool) -> float:
    """Seconds from Run to output in a new tab of a warm profile (?prefetch=0), online or offline, and its loading stages."""
    context.set_offline(offline)
    page = context.new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    page.wait_for_load_state("networkidle", timeout=180_000)
    page.evaluate(RECORD_STAGES)
    seconds = click_to_output(page, 0)
    stages = page.evaluate(STAGE_SECONDS, f"{'offline_' if offline else ''}return_stage")
    page.close()
    context.set_offline(False)
    return seconds, stages


def isolated_stop(context, url: str) -> dict:
    """Stop latency for `while True: pass` on the isolated page, and whether `x` set before it survives."""
    page = context.new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    cell = page.locator(CELL).nth(0)
    set_code(page, 0, "x = 41")
    click_to_output(page, 0)
    set_code(page, 0, "while True:\n    pass")
    cell.locator("button.tt-primary").click()
    page.wait_for_function("window.interactiveRuntime.status.stage === 'running'", timeout=60_000)
    stop_ms = page.evaluate(CLICK_TO_RUN_END, [CELL, 0, "button.tt-stop"])
    set_code(page, 0, "x + 1")
    click_to_output(page, 0)
    kept = cell.locator(".tt-value").count() == 1 and cell.locator(".tt-value").text_content() == "42"
    isolated = page.evaluate("crossOriginIsolated")
    page.close()
    return {"isolated_page": float(isolated), "isolated_stop_ms": stop_ms, "isolated_stop_kept_x": float(kept)}


def measure_return_visits(browser, url: str) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context, waited = warm_profile(browser, Path(profile), url)
        results = {"warm_profile_compiled_code_kept_after_s": waited if waited is not None else float("nan")}
        for offline in (False, True):
            seconds, stages = return_visit_first_output(context, url, offline)
            results[f"{'offline_' if offline else ''}return_visit_first_output_s"] = seconds
            results.update(stages)
        results.update(isolated_stop(context, url))
        context.close()
    return results


def measure(browser, base: str, floods_only: bool) -> dict:
    url = f"{base}/{CHAPTER}"
    results = measure_floods(browser, url)
    if floods_only:
        return results

    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    page.wait_for_load_state("networkidle")  # a reader clicks after the page has settled, not at its load event
    page.evaluate(RECORD_STAGES)
    results["cold_first_cell_s"] = click_to_output(page, 0)
    results.update(page.evaluate(STAGE_SECONDS, "cold_stage"))
    warm = [click_to_output(page, 0) for _ in range(5)]
    results["warm_rerun_ms_first"] = warm[0] * 1000
    results["warm_rerun_ms_median_of_5"] = statistics.median(warm) * 1000
    plot = next((i for i in range(page.locator(CELL).count())
                 if "matplotlib" in code_of(page, i)), None)
    if plot is not None:
        page.evaluate(RECORD_STAGES)
        results["first_plot_cell_s"] = click_to_output(page, plot)
        results.update(page.evaluate(STAGE_SECONDS, "first_plot_stage"))
        results["second_plot_run_ms"] = click_to_output(page, plot) * 1000
    context.close()

    context = browser.new_context()
    page = context.new_page()
    received = count_bytes(page)
    loaded = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_function(READY, timeout=180_000, polling=100)
    results["idle_prefetch_ready_after_load_s"] = time.perf_counter() - loaded
    results["prefetch_bytes"] = sum(received.values())
    results["first_click_after_prefetch_s"] = click_to_output(page, 0)
    context.close()

    with_layer = bytes_before_interaction(browser, url, block_layer=False)
    without_layer = bytes_before_interaction(browser, url, block_layer=True)
    results["bytes_before_interaction"] = sum(with_layer.values())
    results["bytes_before_interaction_runtime_disabled"] = sum(without_layer.values())
    results["interactive_layer_kb"] = sum(size for name, size in with_layer.items()
                                          if name in LAYER_FILES or name not in without_layer) / 1024
    results.update(measure_return_visits(browser, url))
    results["return_visit_vs_cold_ratio"] = results["return_visit_first_output_s"] / results["cold_first_cell_s"]
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("TINYTORCH_SITE_DIR", ROOT / "_build" / "html")))
    parser.add_argument("--floods-only", action="store_true", help="measure only the output floods")
    args = parser.parse_args()
    if not (args.site / CHAPTER).exists():
        raise SystemExit(f"{args.site / CHAPTER} not found: build the book first (make bench does)")
    from playwright.sync_api import sync_playwright

    server = make_server(args.site, "127.0.0.1", 0)
    SiteHandler.log_message = lambda self, *args: None  # keep the report readable
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
        results = measure(browser, f"http://127.0.0.1:{server.server_address[1]}", args.floods_only)
        browser.close()
    server.shutdown()
    server.server_close()

    targets = {"cold_first_cell_s": ("<=", 5.0), "first_click_after_prefetch_s": ("<=", 1.5),
               "warm_rerun_ms_median_of_5": ("<=", 150.0), "interactive_layer_kb": ("<=", 150.0),
               "return_visit_first_output_s": ("<=", 1.0), "offline_return_visit_first_output_s": ("<=", 1.0),
               "isolated_stop_ms": ("<=", 1000.0),
               "print_50000_lines_s": ("<=", 5.0), "input_delay_flood_ms_max": ("<=", 200.0),
               "stop_to_run_ended_ms": ("<=", 1000.0)}

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"runnable cells in headless Chromium ({os.cpu_count()} cores, load average {load} at the end), one run:")
    for name, value in results.items():
        target = targets.get(name)
        note = f"   target {target[0]} {target[1]:g}: {'met' if value <= target[1] else 'MISSED'}" if target else ""
        whole = name.endswith("bytes") or name.startswith("bytes") or name.startswith("flood_lines")
        shown = f"{value:,.0f}" if whole else f"{value:,.2f}"
        print(f"  {name:<44} {shown:>14}{note}")
    out = ROOT / "bench" / "results" / ("browser-floods.json" if args.floods_only else "browser.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
