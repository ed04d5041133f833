"""Explore cells in headless Chromium, warm: from the last key press on a slider to its new output drawn.

Measured once and printed (never asserted). Target: a small cell answers within 150 ms of the last movement.
Beside it, in the same run: the same cell re-run with its Run button (no debounce), so the ratio shows what
the debounce and the rewrite add; and a burst of key presses, with how many runs it caused.

    .venv/bin/python bench/explore.py [--site _build/html] [--trials 9]
"""

import argparse
import os
import shutil
import statistics
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from serve_site import SiteHandler, make_server

CHAPTER = "book/02_activations.html"
CELL = "div.tt-cell"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Page-side clocks: the last keydown, each finished run (data-runs changes), and every run() the cell asked for.
INSTRUMENT = """window.addEventListener('DOMContentLoaded', () => {
    const runtime = window.interactiveRuntime;
    const run = runtime.run.bind(runtime);
    window.bench = {runs: [], lastKey: 0, done: 0};
    runtime.run = (code, options) => { window.bench.runs.push(code); return run(code, options); };
    document.addEventListener('keydown', () => { window.bench.lastKey = performance.now(); }, true);
    new MutationObserver(() => { window.bench.done = performance.now(); })
        .observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-runs']});
});"""
SETTLED = """([sel, i, before]) => {
    const cell = document.querySelectorAll(sel)[i];
    const runs = window.bench.runs;
    return runs.length > 0 && !cell.classList.contains('tt-running')
        && runs[runs.length - 1] === cell.querySelector('textarea.tt-code').value
        && Number(cell.dataset.runs || 0) - before === runs.length;
}"""


def temperature_cell(page) -> int:
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)].findIndex(cell =>
        [...cell.querySelectorAll('.tt-explore-name')].some(n => n.textContent === 'temperature'))""", CELL)


def move(page, index: int, key: str, times: int) -> tuple[float, int]:
    """Press `key` `times` times on the focused slider; ms from the last press to the last output, and runs."""
    cell = page.locator(CELL).nth(index)
    before = int(cell.get_attribute("data-runs") or 0)
    page.evaluate("window.bench.runs = []")
    for _ in range(times):
        page.keyboard.press(key)
    page.wait_for_function(SETTLED, arg=[CELL, index, before], timeout=120_000)
    return page.evaluate("window.bench.done - window.bench.lastKey"), page.evaluate("window.bench.runs.length")


def run_button(page, index: int) -> float:
    cell = page.locator(CELL).nth(index)
    before = int(cell.get_attribute("data-runs") or 0)
    start = page.evaluate("performance.now()")
    cell.locator("button.tt-primary").click()
    page.wait_for_function("([sel, i, n]) => Number(document.querySelectorAll(sel)[i].dataset.runs || 0) > n",
                           arg=[CELL, index, before], timeout=120_000)
    return page.evaluate("window.bench.done") - start


def measure(browser, url: str, trials: int) -> dict:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.add_init_script(INSTRUMENT)
    page.goto(f"{url}/{CHAPTER}?prefetch=0")
    page.wait_for_selector(f"{CELL} .tt-explore")
    index = temperature_cell(page)
    slider = page.locator(CELL).nth(index).locator("input[type=range]")
    slider.focus()
    move(page, index, "ArrowRight", 1)  # starts Python: not measured
    one_key, burst, burst_runs, button = [], [], [], []
    for trial in range(trials):
        slider.focus()
        one_key.append(move(page, index, "ArrowRight" if trial % 2 else "ArrowLeft", 1)[0])
        slider.focus()
        took, runs = move(page, index, "ArrowRight" if trial % 2 else "ArrowLeft", 6)
        burst.append(took)
        burst_runs.append(runs)
        button.append(run_button(page, index))
    page.close()
    return {"one_key": one_key, "burst": burst, "burst_runs": burst_runs, "button": button}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("TINYTORCH_SITE_DIR", ROOT / "_build" / "html")))
    parser.add_argument("--trials", type=int, default=9)
    args = parser.parse_args()
    if not (args.site / CHAPTER).exists():
        raise SystemExit(f"{args.site / CHAPTER} not found: build the book first (make bench does)")
    from playwright.sync_api import sync_playwright

    server = make_server(args.site, "127.0.0.1", 0)
    SiteHandler.log_message = lambda self, *args: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
        m = measure(browser, f"http://127.0.0.1:{server.server_address[1]}", args.trials)
        browser.close()
    server.shutdown()
    server.server_close()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    median = {name: statistics.median(values) for name, values in m.items()}
    print(f"explore cell (softmax temperature), warm, {args.trials} trials each, "
          f"{os.cpu_count()} cores, load average {load} at the end:")
    print(f"  last key -> output, one key press       median {median['one_key']:7.1f} ms   max {max(m['one_key']):7.1f} ms"
          f"   target <= 150 ms: {'met' if median['one_key'] <= 150 else 'MISSED'}")
    print(f"  last key -> output, burst of 6 presses  median {median['burst']:7.1f} ms   max {max(m['burst']):7.1f} ms"
          f"   runs per burst: {min(m['burst_runs'])}-{max(m['burst_runs'])}")
    print(f"  Run button -> output (same cell)        median {median['button']:7.1f} ms")
    print(f"  ratio one key / Run button              {median['one_key'] / median['button']:7.2f}")


if __name__ == "__main__":
    main()
