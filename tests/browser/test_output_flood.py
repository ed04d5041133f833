"""Output floods in real Chromium: capped at head + tail with an "[N lines not shown]" line, and Stop still works."""

import re

from cell_page import CELL, live_output, open_chapter, run, wait_for_runs

HEAD_LINES, TAIL_LINES = 5000, 1000  # worker.js keeps the first and the last lines of a run


def shown_lines(page, index: int) -> list[str]:
    """Every stdout/stderr line cell `index` shows, head and tail, in page order."""
    text = page.locator(CELL).nth(index).evaluate(
        "cell => [...cell.querySelectorAll('.tt-output pre.tt-stdout, .tt-output pre.tt-stderr')]"
        ".map(n => n.textContent).join('')")
    return text.splitlines()


def omitted_note(page, index: int) -> str:
    notes = page.locator(CELL).nth(index).locator(".tt-output .tt-omitted")
    return notes.inner_text() if notes.count() else ""


def test_fifty_thousand_lines_show_head_omitted_count_and_tail(page, site_url):
    open_chapter(page, site_url)
    total = 50_000
    live = run(page, 0, f"for i in range({total}):\n    print(i)")
    assert not live["traceback"], live["traceback"]
    lines = shown_lines(page, 0)
    expected = [str(i) for i in range(HEAD_LINES)] + [str(i) for i in range(total - TAIL_LINES, total)]
    assert lines == expected, f"shown {len(lines)} lines: {lines[:3]} ... {lines[-3:]}"
    omitted = total - HEAD_LINES - TAIL_LINES
    assert omitted_note(page, 0) == f"[{omitted:,} lines not shown]"
    # The note sits between the head and the tail.
    order = page.locator(CELL).nth(0).evaluate(
        "cell => [...cell.querySelector('.tt-output').children].map(n => n.className)")
    assert order == ["tt-output-label", "tt-stdout", "tt-omitted", "tt-tail"]
    assert run(page, 0, "'still usable'")["value"] == "'still usable'"


def test_stdout_and_stderr_keep_their_order_under_the_cap(page, site_url):
    open_chapter(page, site_url)
    code = "import sys\nfor i in range(3):\n    print('out', i)\n    sys.stdout.flush()\n    print('err', i, file=sys.stderr)"
    run(page, 0, code)
    blocks = page.locator(CELL).nth(0).evaluate(
        "cell => [...cell.querySelectorAll('.tt-output pre')].map(n => [n.className, n.textContent])")
    assert blocks == [[kind, f"{word} {i}\n"] for i in range(3) for kind, word in
                      (("tt-stdout", "out"), ("tt-stderr", "err"))]
    assert omitted_note(page, 0) == ""


def test_endless_print_stays_capped_and_stop_ends_it(page, site_url):
    open_chapter(page, site_url)
    cell = page.locator(CELL).nth(0)
    before = int(cell.get_attribute("data-runs") or 0)
    cell.locator("textarea.tt-code").fill("while True:\n    print('x')")
    cell.locator("button.tt-primary").click()
    # The flood has passed the cap and keeps going: the not-shown count grows.
    page.wait_for_function("(sel) => /[1-9][0-9,]* lines not shown/.test(document.querySelector(sel)?.textContent || '')",
                           arg=f"{CELL} .tt-omitted", timeout=120_000)
    first = int(re.sub(r"\D", "", omitted_note(page, 0)))
    page.wait_for_function("([sel, n]) => Number(document.querySelector(sel).textContent.replace(/\\D/g, '')) > n",
                           arg=[f"{CELL} .tt-omitted", first], timeout=60_000)
    assert len(shown_lines(page, 0)) <= HEAD_LINES + TAIL_LINES
    cell.locator("button.tt-stop").click()
    wait_for_runs(page, 0, before + 1, timeout=60_000)
    assert "Stopped" in live_output(page, 0)["notice"]
    assert len(shown_lines(page, 0)) <= HEAD_LINES + TAIL_LINES
    assert omitted_note(page, 0)
    page.wait_for_function("() => window.interactiveRuntime.status.stage === 'ready'", timeout=120_000)
    assert run(page, 0, "6 * 7")["value"] == "42"
