"""Drive the chapter's runnable cells in a Playwright page: open, edit, run, read outputs."""

import re

CHAPTER = "book/02_activations.html"
CELL = "div.tt-cell"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf")
# cells.js and exercises.js set up one cell or exercise per task and flag <html> once all are (their header comments)
SET_UP = "() => (flags => flags.cellsReady === 'true' && flags.exercisesReady === 'true')(document.documentElement.dataset)"


def wait_until_set_up(page):
    """Wait until every runnable cell and exercise of the chapter is set up: counts and indexes are then whole."""
    page.wait_for_function(SET_UP)


def open_chapter(page, site_url: str, prefetch: bool = False):
    """Open the chapter, its cells and exercises set up; without prefetch, Python starts only on the first Run."""
    query = "" if prefetch else "?prefetch=0"
    page.goto(f"{site_url}/{CHAPTER}{query}")
    wait_until_set_up(page)
    return page.locator(CELL)


# ---- the code editor (editor.js): static listing first, CodeMirror once the reader shows intent ----------------
def focus_editor(scope):
    """Focus the editor in `scope` (a cell or an exercise) as a keyboard user would, and wait for CodeMirror in it."""
    scope.locator("pre.tt-static-code, .cm-content").first.focus()
    scope.locator(".cm-content:focus").wait_for()
    return scope.locator(".cm-content")


def fill_code(scope, code: str):
    """Replace the code of the editor in `scope` as a paste would (the reader's edit: kept, marked, re-parsed)."""
    focus_editor(scope)
    scope.page.keyboard.press("Control+a")
    if code:
        scope.page.keyboard.insert_text(code)
    else:
        scope.page.keyboard.press("Delete")


def code_of(scope) -> str:
    """The code in the editor of `scope`, through the editor's own API."""
    return scope.evaluate("n => interactiveEditor.of(n.closest('.tt-editor') || n.querySelector('.tt-editor')).value")


def run(page, index: int, code: str | None = None, timeout: float = 120_000) -> dict:
    """Optionally replace cell `index`'s code, click Run, wait for the run to finish, return its output."""
    cell = page.locator(CELL).nth(index)
    if code is not None:
        fill_code(cell, code)
    before = int(cell.get_attribute("data-runs") or 0)
    cell.locator("button.tt-primary").click()
    wait_for_runs(page, index, before + 1, timeout)
    return live_output(page, index)


def wait_for_runs(page, index: int, count: int, timeout: float = 120_000):
    """Wait until cell `index` has finished `count` runs."""
    page.wait_for_function(
        "([sel, i, n]) => Number(document.querySelectorAll(sel)[i].dataset.runs || 0) >= n",
        arg=[CELL, index, count], timeout=timeout,
    )


def live_output(page, index: int) -> dict:
    """What the browser run showed: stdout, stderr, value, traceback, notices and image count."""
    return page.locator(CELL).nth(index).evaluate("""cell => {
        const out = cell.querySelector('.tt-output');
        const text = (sel) => [...out.querySelectorAll(sel)].map(n => n.textContent).join('');
        return {stdout: text('.tt-stdout'), stderr: text('.tt-stderr'), value: text('.tt-value'),
                traceback: text('.tt-traceback'), notice: text('.tt-interrupted, .tt-failure'),
                images: out.querySelectorAll('img.tt-figure').length};
    }""")


def build_output(page, index: int) -> dict:
    """What the book's build printed for cell `index` (MyST-NB's rendered outputs)."""
    return page.locator(CELL).nth(index).evaluate("""cell => {
        const out = cell.querySelector('.cell_output');
        const text = (sel) => out ? [...out.querySelectorAll(sel)].map(n => n.textContent).join('') : '';
        return {stdout: text('.output.stream pre'), stderr: text('.output.stderr pre'),
                value: text('.output.text_plain pre'), traceback: text('.output.traceback pre'),
                notice: '', images: out ? out.querySelectorAll('img').length : 0};
    }""")


def split_numbers(text: str) -> tuple[list[str], list[float]]:
    """Text with its numbers taken out (whitespace collapsed), and the numbers."""
    numbers = [float(n) for n in NUMBER.findall(text)]
    skeleton = " ".join(NUMBER.sub("#", text).split())
    return skeleton.split("#"), numbers


def same_output(built: str, live: str, numbers_too: bool = True, tolerance: float = 1e-6) -> bool:
    """Equal text, numbers within `tolerance` (or, for measurements, the same text around any numbers)."""
    built_text, built_numbers = split_numbers(built)
    live_text, live_numbers = split_numbers(live)
    if built_text != live_text or len(built_numbers) != len(live_numbers):
        return False
    if not numbers_too:
        return True
    return all(
        (b != b and l != l) or b == l or abs(b - l) <= tolerance * max(1.0, abs(b))
        for b, l in zip(built_numbers, live_numbers)
    )
