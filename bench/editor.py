"""The code editor: the CodeMirror bundle's size (raw and gzip), what the chapter fetches before any intent, the
time from pointing at a cell to the editor in place, and completion latency from the live Python.

Measured once in headless Chromium against the local server and printed (never asserted). Targets: the bundle
<= 200 KB gzip-compressed, never fetched before intent; completion answered from the worker well within a frame
budget of typing (<= 100 ms median).

    .venv/bin/python bench/editor.py [--site _build/html]
"""

import argparse
import gzip
import os
import shutil
import statistics
import threading
import time
from pathlib import Path

from interactive.editor_bundle import BUNDLE, BUNDLE_FILES
from serve_site import SiteHandler, make_server

ROOT = Path(__file__).resolve().parents[1]

CHAPTER = "book/02_activations.html"
CELL = "div.tt-cell"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
COMPLETE_TIMES = """async (n) => {  // ms for each of n completions of `np.ex` asked from the page's runtime
    const times = [];
    for (let i = 0; i < n; i++) {
        const start = performance.now();
        const result = await interactiveRuntime.complete("np.ex");
        if (!result || !result.items.some((item) => item.label === "exp")) throw new Error("no exp offered");
        times.push(performance.now() - start);
    }
    return times; }"""


def bundle_size(site: Path) -> dict:
    """The bundle (JS and its CSS) raw, and gzip-compressed as serve_site sends it (level 6)."""
    files = [site / "_static" / name for name in BUNDLE_FILES]
    return {"bundle_raw_kb": sum(f.stat().st_size for f in files) / 1024,
            "bundle_gzip_kb": sum(len(gzip.compress(f.read_bytes(), 6)) for f in files) / 1024}


def before_intent(browser, url: str) -> dict:
    """Bytes the chapter fetches with ?prefetch=0 until the network is idle, and whether the bundle was among them."""
    page = browser.new_context().new_page()
    received = {}
    page.on("requestfinished", lambda request: received.__setitem__(
        request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
    page.goto(url + "?prefetch=0", wait_until="load")
    page.wait_for_load_state("networkidle")
    fetched = [name for name in received if BUNDLE in name]
    results = {"bytes_before_interaction": sum(received.values()), "bundle_requests_before_intent": len(fetched)}

    frame = page.locator(f"{CELL} .tt-editor").first
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    start = time.perf_counter()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    frame.locator(".cm-editor").wait_for()
    results["pointer_to_editor_mounted_ms"] = (time.perf_counter() - start) * 1000
    page.context.close()
    return results


def completion_latency(browser, url: str) -> dict:
    page = browser.new_context().new_page()
    page.goto(url + "?prefetch=0", wait_until="load")
    page.evaluate("interactiveRuntime.run('import numpy as np')")
    page.wait_for_function("interactiveRuntime.versions !== null && interactiveRuntime.status.stage === 'ready'",
                           timeout=180_000)
    times = page.evaluate(COMPLETE_TIMES, 21)
    page.context.close()
    return {"complete_np_ex_ms_first": times[0], "complete_np_ex_ms_median_of_20": statistics.median(times[1:])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("TINYTORCH_SITE_DIR", ROOT / "_build" / "html")))
    args = parser.parse_args()
    if not (args.site / "_static" / BUNDLE).exists():
        raise SystemExit(f"{args.site / '_static' / BUNDLE} not found: build the book first (make bench does)")
    from playwright.sync_api import sync_playwright

    results = bundle_size(args.site)
    server = make_server(args.site, "127.0.0.1", 0)
    SiteHandler.log_message = lambda self, *args: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{CHAPTER}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
        results.update(before_intent(browser, url))
        results.update(completion_latency(browser, url))
        browser.close()
    server.shutdown()
    server.server_close()

    targets = {"bundle_gzip_kb": 200.0, "bundle_requests_before_intent": 0.0, "complete_np_ex_ms_median_of_20": 100.0}
    print(f"code editor ({os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}):")
    for name, value in results.items():
        note = f"   target <= {targets[name]:g}: {'met' if value <= targets[name] else 'MISSED'}" if name in targets else ""
        shown = f"{value:,.0f}" if name.startswith("bytes") else f"{value:,.1f}"
        print(f"  {name:<36} {shown:>12}{note}")


if __name__ == "__main__":
    main()
