"""The code editor in Chromium (editor.js + the CodeMirror bundle): loaded only on intent and mounted without a
jump; typing, undo, brackets, search, Tab and Escape-then-Tab, the run keys; completion from the live Python
and, before it or while it is busy, from the code; the same module in the exercises; axe in both modes."""

import json
from pathlib import Path

import pytest

from cell_page import CELL, code_of, fill_code, focus_editor, open_chapter, run, wait_for_runs, wait_until_set_up

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUNDLE = "/_static/code_editor.js"
EXERCISE = "section.tt-exercise[data-activation='ReLU']"
RUN_TIMEOUT = 180_000  # the first run starts Python: Pyodide, numpy and tinytorch load first
OPTIONS = ".cm-editor.cm-focused .cm-tooltip-autocomplete li"  # the list of the editor being typed in
# Where the first character of the code is drawn, and the colour of its first keyword: static listing or editor.
FIRST_CHARACTER = """frame => {
    const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT,
        {acceptNode: (n) => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
    const text = walker.nextNode();
    const range = document.createRange();
    const start = text.textContent.search(/\\S/);
    range.setStart(text, start);
    range.setEnd(text, start + 1);
    const box = range.getBoundingClientRect(), outer = frame.getBoundingClientRect();
    const keyword = frame.querySelector('.kn, .k');
    return {x: box.x, y: box.y, height: box.height, frameHeight: outer.height, frameWidth: outer.width,
            frameY: outer.y, keyword: keyword && getComputedStyle(keyword).color,
            font: getComputedStyle(text.parentElement).font};
}"""


def with_mode(page, mode):
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")


def record_requests(page) -> list[str]:
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def bundle_requests(requested) -> int:
    return sum(BUNDLE in url for url in requested)


def option_labels(page) -> list[str]:
    page.locator(OPTIONS).first.wait_for()
    return page.locator(f"{OPTIONS} .cm-completionLabel").all_inner_texts()


def option_details(page) -> dict[str, str]:
    """The open completion list: each label and the line beside it."""
    option_labels(page)
    return page.evaluate("""(sel) => Object.fromEntries([...document.querySelectorAll(sel)].map(li => [
        li.querySelector('.cm-completionLabel').textContent, li.querySelector('.cm-completionDetail')?.textContent]))""",
                         OPTIONS)


def accept(page, label: str):
    """Select `label` in the open completion list with the arrow keys and accept it with Enter."""
    labels = option_labels(page)
    for _ in range(labels.index(label) + 1):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{OPTIONS}[aria-selected] .cm-completionLabel").inner_text() == label
    page.keyboard.press("Enter")


def type_at_end(page, scope, text: str):
    focus_editor(scope)
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_bundle_waits_for_intent_then_mounts_where_the_listing_was(page, site_url, mode):
    with_mode(page, mode)
    requested = record_requests(page)
    open_chapter(page, site_url)  # ?prefetch=0: no idle start, so nothing but the reader's intent loads it
    page.wait_for_load_state("networkidle")
    assert bundle_requests(requested) == 0, "the editor bundle was fetched before any intent"
    assert page.locator(".cm-editor").count() == 0
    for scope in (page.locator(CELL).first, page.locator(EXERCISE)):
        frame = scope.locator(".tt-editor")
        frame.scroll_into_view_if_needed()
        static = frame.evaluate(FIRST_CHARACTER)
        frame.hover()  # pointer over the editor: intent
        frame.locator(".cm-editor").wait_for()
        mounted = frame.evaluate(FIRST_CHARACTER)
        for key in ("x", "y", "height", "frameHeight", "frameWidth", "frameY"):
            assert abs(static[key] - mounted[key]) < 0.6, (key, static, mounted)
        assert static["keyword"] == mounted["keyword"] and static["font"] == mounted["font"], (static, mounted)
        assert frame.locator("pre.tt-static-code").count() == 0
    assert bundle_requests(requested) == 1, "one bundle, shared by the cells and the exercises"
    page.guard.assert_clean()


def test_keys_pressed_before_the_editor_is_in_are_kept(page, site_url):
    held = []
    cells = open_chapter(page, site_url)
    page.route(f"**{BUNDLE}*", lambda route: held.append(route))  # the bundle is on its way, slowly
    with page.expect_request(f"**{BUNDLE}*"):
        cells.first.locator("pre.tt-static-code").focus()  # intent: the bundle is asked for
    page.keyboard.type("x = 6 * 7")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Enter")  # runs at once, with the code as it is
    assert cells.first.locator(".cm-editor").count() == 0
    original = code_of(cells.first)
    held[0].continue_()
    cells.first.locator(".cm-content:focus").wait_for()  # mounted, and the focus went in with the reader
    assert code_of(cells.first) == "x = 6 * 7\n" + original  # typed where the cursor was: the start
    wait_for_runs(page, 0, 1, RUN_TIMEOUT)
    page.guard.assert_clean()


VISIBLE_FRAMES = "() => [...document.querySelectorAll('.tt-editor')].filter((frame) => frame.offsetParent !== null)"
MOUNTED = "(frame) => frame.dataset.editor === 'mounted'"


def test_once_the_page_has_settled_editors_mount_unasked_as_the_reader_scrolls_near_them(page, site_url):
    requested = record_requests(page)
    page.goto(f"{site_url}/book/02_activations.html")  # idle start allowed
    wait_until_set_up(page)
    frames = page.evaluate_handle(VISIBLE_FRAMES)
    count = page.evaluate("(frames) => frames.length", frames)
    assert count > 5
    first = page.evaluate_handle("(frames) => frames[0]", frames)
    page.evaluate("(frame) => window.scrollTo(0, frame.getBoundingClientRect().top + scrollY - 100)", first)
    page.wait_for_function(MOUNTED, arg=first, timeout=60_000)  # no pointer, no focus: only the scroll
    far = page.evaluate_handle("(frames) => frames[frames.length - 1]", frames)
    assert page.evaluate("(frame) => frame.getBoundingClientRect().top > 3 * innerHeight", far)
    assert not page.evaluate(MOUNTED, far), "an editor far below the reader mounted before the reader came near"
    for index in range(count):  # scrolling down the page mounts each editor as it comes near
        frame = page.evaluate_handle("([frames, i]) => frames[i]", [frames, index])
        page.evaluate("(frame) => window.scrollTo(0, frame.getBoundingClientRect().top + scrollY - 100)", frame)
        page.wait_for_function(MOUNTED, arg=frame, timeout=60_000)
    assert page.evaluate("document.activeElement === document.body")
    assert bundle_requests(requested) == 1
    page.guard.assert_clean()


def test_type_undo_redo_close_brackets_and_search(page, site_url):
    cells = open_chapter(page, site_url)
    cell = cells.first
    original = code_of(cell)
    type_at_end(page, cell, "\nprint(scores")
    assert code_of(cell) == original + "\nprint(scores)"  # the bracket closed itself
    assert cell.locator(".cm-matchingBracket").count() == 2  # the cursor sits by "(": both ends marked
    for presses in range(1, 11):  # typing is undone in groups (by pauses): a few presses take it all back
        page.keyboard.press("Control+z")
        if code_of(cell) == original:
            break
    assert code_of(cell) == original and presses <= 3
    for _ in range(presses):
        page.keyboard.press("Control+y")
    assert code_of(cell) == original + "\nprint(scores)"

    page.keyboard.press("Control+f")
    search = cell.locator(".cm-search input[name=search]")
    assert search.evaluate("el => el === document.activeElement")
    page.keyboard.type("Tensor")
    page.keyboard.press("Enter")
    assert cell.locator(".cm-searchMatch").count() >= 1
    page.keyboard.press("Escape")  # closes the panel, back in the code
    assert cell.locator(".cm-search").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('cm-content')")
    page.guard.assert_clean()


def test_tab_indents_escape_then_tab_leaves_and_shift_tab_comes_back(page, site_url):
    cells = open_chapter(page, site_url)
    for scope, next_control in ((cells.first, "▶ Run"), (page.locator(EXERCISE), "✓ Check")):
        fill_code(scope, "x = 1")
        page.keyboard.press("Home")
        page.keyboard.press("Tab")
        assert code_of(scope) == "    x = 1"  # Tab indents and keeps the reader in the code
        assert page.evaluate("document.activeElement.classList.contains('cm-content')")
        page.keyboard.press("Escape")
        assert scope.locator(".tt-hint").inner_text() == "Tab now moves to the next control."
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == next_control
        assert code_of(scope) == "    x = 1"
        assert scope.locator(".tt-hint").inner_text() == ""
        page.keyboard.press("Shift+Tab")  # back into the editor
        assert page.evaluate("document.activeElement.classList.contains('cm-content')")
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Tab")  # and out backwards, too
        assert not page.evaluate("document.activeElement.closest('.tt-editor')")
    page.guard.assert_clean()


def test_ctrl_enter_runs_a_cell_and_checks_an_exercise(page, site_url):
    cells = open_chapter(page, site_url)
    fill_code(cells.first, "6 * 7")
    page.keyboard.press("Control+Enter")
    wait_for_runs(page, 0, 1, RUN_TIMEOUT)
    assert cells.first.locator(".tt-value").inner_text() == "42"
    assert code_of(cells.first) == "6 * 7", "Ctrl+Enter runs; it inserts no line"
    box = page.locator(EXERCISE)
    focus_editor(box)
    page.keyboard.press("Control+Enter")
    page.wait_for_function(f"Number(document.querySelector(\"{EXERCISE}\").dataset.checks || 0) === 1",
                           timeout=RUN_TIMEOUT)
    assert box.locator(".tt-exercise-summary").count() == 1
    page.guard.assert_clean()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_completion_comes_from_the_live_python_with_a_line_of_doc(page, site_url, artifacts_dir, mode):
    with_mode(page, mode)
    cells = open_chapter(page, site_url)
    cell = cells.first
    run(page, 0, "import numpy as np\nfrom tinytorch import Tensor", timeout=RUN_TIMEOUT)
    fill_code(cell, "np.e")
    page.keyboard.type("x")
    assert option_details(page)["exp"] == "Calculate the exponential of all elements in the input array."
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.screenshot(path=str(artifacts_dir / f"editor-completion-{mode}.png"),
                    clip={"x": box["x"] - 8, "y": box["y"] - 8, "width": box["width"] + 16, "height": 260})
    accept(page, "exp")
    assert code_of(cell) == "np.exp"

    fill_code(cell, "Tensor([1.0, 2.0])")
    page.keyboard.type(".")
    attributes = option_details(page)
    assert attributes["data"] == "attribute" and attributes["shape"] == "tuple"  # set in __init__; a property

    fill_code(cell, "from tinytorch import ")
    page.keyboard.type("Re")
    (label, detail), = option_details(page).items()
    assert label == "ReLU" and detail.startswith("ReLU(x) = max(0, x)")  # the tinytorch API, with its doc
    page.guard.assert_clean()


def test_before_python_and_during_a_run_completion_comes_from_the_code(page, site_url):
    cells = open_chapter(page, site_url)
    type_at_end(page, cells.first, "\nsc")  # focusing starts Python; it is not there yet
    assert "scores" in option_labels(page)  # a name the cell defines
    assert page.evaluate("window.interactiveRuntime.versions") is None
    page.keyboard.press("Escape")

    fill_code(cells.nth(1), "while True:\n    pass")
    cells.nth(1).locator("button.tt-primary").click()
    page.wait_for_function("window.interactiveRuntime.status.stage === 'running'", timeout=RUN_TIMEOUT)
    type_at_end(page, cells.first, "\nimpo")
    assert "import" in option_labels(page)  # answered from the code: the worker is busy
    assert "tt-running" in cells.nth(1).get_attribute("class"), "the run goes on"
    cells.nth(1).locator("button.tt-stop").click()
    wait_for_runs(page, 1, 1, RUN_TIMEOUT)
    page.guard.assert_clean()


def test_the_exercise_editor_is_the_same_module_with_the_same_keys(page, site_url):
    requested = record_requests(page)
    open_chapter(page, site_url)
    box = page.locator(EXERCISE)
    assert box.evaluate("b => interactiveEditor.of(b.querySelector('.tt-editor')) !== null")
    type_at_end(page, box, "impo")
    assert "import" in option_labels(page)
    page.keyboard.press("Escape")
    assert page.locator(OPTIONS).count() == 0  # the first Escape closes the list
    fill_code(box, "class ReLU:")
    page.keyboard.press("Enter")  # indents after the colon, as in the cells
    page.keyboard.type("def forward(self, x")
    page.keyboard.press("End")  # past the bracket that closed itself
    page.keyboard.type(":\nreturn x")
    assert code_of(box) == "class ReLU:\n    def forward(self, x):\n        return x"
    assert bundle_requests(requested) == 1
    page.guard.assert_clean()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_violation_in_the_editors_with_a_list_open(page, site_url, mode):
    with_mode(page, mode)
    cells = open_chapter(page, site_url)
    page.evaluate("interactiveEditor.mountAll()")
    type_at_end(page, cells.first, "\nimpo")
    option_labels(page)
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run({include: [['div.tt-cell'], ['section.tt-exercise']]}, "
                            "{resultTypes: ['violations']})")
    serious = [{"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)
    page.guard.assert_clean()


def test_on_a_phone_the_editor_fits_and_its_list_stays_on_screen(browser, site_url, artifacts_dir):
    context = browser.new_context(viewport={"width": 375, "height": 812}, service_workers="block",
                                  is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
                  else route.abort("blockedbyclient"))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    cells = open_chapter(page, site_url)
    cell = cells.first
    cell.locator(".tt-editor").tap()
    cell.locator(".cm-editor").wait_for()
    type_at_end(page, cell, "\nsc")
    option_labels(page)
    frame = cell.locator(".tt-editor").bounding_box()
    tooltip = page.locator(".cm-tooltip-autocomplete").bounding_box()
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 375
    assert tooltip["x"] >= 0 and tooltip["x"] + tooltip["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    page.screenshot(path=str(artifacts_dir / "editor-completion-phone.png"))
    assert not errors
    context.close()
