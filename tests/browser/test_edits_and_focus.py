"""Edits and focus in Chromium: edits to runnable cells survive a reload (never a stale one), are marked and
reset; editors show a focus ring in both modes; Run, Stop, Check and Reset leave focus on a control."""

import re
from pathlib import Path

import pytest

from cell_page import CELL, CHAPTER, fill_code, focus_editor, open_chapter, wait_for_runs, wait_until_set_up

SHOTS = Path(__file__).resolve().parents[2] / "_build" / "test-artifacts" / "edits-shots"
EXERCISE = "section.tt-exercise[data-activation='ReLU']"
EDIT = "from tinytorch import ReLU, Tensor\nReLU()(Tensor([-2.0, 3.0]))  # my edit"
RUN_TIMEOUT = 180_000  # the first run starts Python: Pyodide, numpy and tinytorch load first
LOOPING_RELU = ("from tinytorch.core.activations import Activation\n\n\nclass ReLU(Activation):\n"
                "    def forward(self, x):\n        while True:\n            pass\n")
FOCUSED = """() => { const a = document.activeElement;
    return a === document.body || !a ? 'body' : (a.textContent.trim() || a.tagName.toLowerCase()); }"""


def fnv1a_utf16(text: str) -> str:
    """The 32-bit FNV-1a hash over UTF-16 code units, written independently of edit_store.js's."""
    units = text.encode("utf-16-le")
    value = 0x811C9DC5
    for i in range(0, len(units), 2):
        value = ((value ^ int.from_bytes(units[i:i + 2], "little")) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def stored_cell_edits(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('tinytorch:m02:cell:')).map(k => [k, JSON.parse(localStorage.getItem(k))]))""")


def editor_state(page, index: int = 0) -> dict:
    return page.locator(CELL).nth(index).evaluate("""cell => ({
        code: interactiveEditor.of(cell.querySelector('.tt-editor')).value,
        edited: cell.classList.contains('tt-edited'),
        badge: (b => b && !b.hidden && b.getBoundingClientRect().width > 0 ? b.textContent : null)(
            cell.querySelector('.tt-edited-badge')),
    })""")


def test_an_edit_survives_a_reload_is_marked_and_reset_forgets_it(page, site_url):
    open_chapter(page, site_url)
    original = editor_state(page)["code"]
    assert original and editor_state(page) == {"code": original, "edited": False, "badge": None}
    cell = page.locator(CELL).first
    fill_code(cell, EDIT)
    assert editor_state(page) == {"code": EDIT, "edited": True, "badge": "Edited"}
    cell.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "edited-cell-1440.png"))

    page.reload()
    wait_until_set_up(page)
    assert editor_state(page) == {"code": EDIT, "edited": True, "badge": "Edited"}
    assert "my edit" in page.locator(CELL).first.locator(".tt-editor").inner_text()  # drawn, not just stored
    assert editor_state(page, 1)["edited"] is False  # only the edited cell is marked

    fill_code(page.locator(CELL).first, original)  # typing the chapter's code back
    assert editor_state(page)["edited"] is False and stored_cell_edits(page) == {}
    fill_code(page.locator(CELL).first, EDIT)
    page.locator(CELL).first.get_by_role("button", name="Reset").click()
    assert editor_state(page) == {"code": original, "edited": False, "badge": None}
    assert stored_cell_edits(page) == {}
    page.reload()
    wait_until_set_up(page)
    assert editor_state(page) == {"code": original, "edited": False, "badge": None}
    page.guard.assert_clean()


def test_the_key_names_page_cell_and_a_hash_of_the_chapters_code(page, site_url):
    open_chapter(page, site_url)
    original = editor_state(page)["code"]
    fill_code(page.locator(CELL).first, EDIT)
    (key, entry), = stored_cell_edits(page).items()
    assert entry == {"code": EDIT}
    assert re.fullmatch(r"tinytorch:m02:cell:book/02_activations:[^:]+/0:" + fnv1a_utf16(original), key), key


def test_a_cell_the_chapter_changed_does_not_bring_back_the_old_edit(page, site_url):
    open_chapter(page, site_url)
    original = editor_state(page)["code"]
    fill_code(page.locator(CELL).first, EDIT)
    (old_key, _), = stored_cell_edits(page).items()

    def changed_chapter(route):  # the next build of the chapter: a comment added on top of the first cell
        html = route.fetch().text()
        start = html.index("<pre>", html.index("tag_runnable")) + len("<pre>")
        route.fulfill(body=html[:start] + "# a new first line\n" + html[start:], content_type="text/html")

    page.route(f"{site_url}/{CHAPTER}*", changed_chapter)
    page.reload()
    wait_until_set_up(page)
    changed = "# a new first line\n" + original
    assert editor_state(page) == {"code": changed, "edited": False, "badge": None}
    assert old_key not in stored_cell_edits(page), "the edit of the old code should be dropped, not kept forever"
    page.guard.assert_clean()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_editors_show_a_focus_ring_with_3_to_1_contrast(page, site_url, mode):
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    open_chapter(page, site_url)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    for editor in (f"{CELL} .tt-editor", f"{EXERCISE} .tt-editor"):
        box = page.locator(editor).first
        box.scroll_into_view_if_needed()
        focus_editor(box)
        ring = box.evaluate("""el => {
            const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
            const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
                .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
                return (x + 0.05) / (y + 0.05); };
            let behind = el.parentElement;
            while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0
                              || getComputedStyle(behind).backgroundColor === 'transparent')) behind = behind.parentElement;
            const s = getComputedStyle(el);
            const page = rgb(getComputedStyle(behind || document.body).backgroundColor);
            const color = rgb(s.outlineColor);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    page: contrast(color, page), editor: contrast(color, rgb(s.backgroundColor))};
        }""")
        assert ring["style"] == "solid" and ring["width"] >= 2, (mode, editor, ring)
        assert ring["page"] >= 3 and ring["editor"] >= 3, (mode, editor, ring)
    cell = page.locator(CELL).first
    fill_code(cell, EDIT)
    cell.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    cell.screenshot(path=str(SHOTS / f"focus-ring-edited-{mode}.png"))
    page.guard.assert_clean()


def test_run_and_stop_leave_focus_on_a_control(page, site_url):
    open_chapter(page, site_url)
    cell = page.locator(CELL).first
    run = cell.locator("button.tt-primary")
    run.focus()
    page.keyboard.press("Enter")
    wait_for_runs(page, 0, 1, RUN_TIMEOUT)
    assert page.evaluate(FOCUSED) == "▶ Run"

    fill_code(cell, "while True:\n    pass")
    run.focus()
    page.keyboard.press("Enter")
    stop = cell.locator("button.tt-stop")
    page.wait_for_function("() => document.querySelector('div.tt-cell .tt-status')?.dataset.stage === 'running'")
    stop.focus()
    page.keyboard.press("Enter")
    wait_for_runs(page, 0, 2, RUN_TIMEOUT)
    assert stop.is_hidden()
    assert page.evaluate(FOCUSED) == "▶ Run", "the pressed Stop is gone: focus belongs on Run, not the page"

    cell.get_by_role("button", name="Reset").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "Reset"
    focus_editor(cell)
    page.keyboard.press("Shift+Enter")
    wait_for_runs(page, 0, 3, RUN_TIMEOUT)
    assert page.evaluate("document.activeElement.classList.contains('cm-content')"), "Shift+Enter keeps the editor"
    page.guard.assert_clean()


def test_check_and_reset_to_starter_leave_focus_on_a_control(page, site_url):
    open_chapter(page, site_url)
    box = page.locator(EXERCISE)
    box.locator("button.tt-check").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => Number(document.querySelector(\"{EXERCISE}\").dataset.checks || 0) >= 1",
                           timeout=RUN_TIMEOUT)
    assert page.evaluate(FOCUSED) == "✓ Check"

    fill_code(box, LOOPING_RELU)
    box.locator("button.tt-check").focus()
    page.keyboard.press("Enter")
    stop = box.locator("button.tt-stop")
    stop.wait_for(state="visible", timeout=RUN_TIMEOUT)
    stop.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => Number(document.querySelector(\"{EXERCISE}\").dataset.checks || 0) >= 2",
                           timeout=RUN_TIMEOUT)
    assert stop.is_hidden() and box.locator(".tt-status").inner_text() == "Stopped."
    assert page.evaluate(FOCUSED) == "✓ Check", "the pressed Stop is gone: focus belongs on Check, not the page"

    box.locator("button.tt-reset").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "Reset to starter"
    page.guard.assert_clean()
