"""The theme's own controls still work with every head script deferred and no search index on the page:
search, the light/dark switch, the header menus, tabs, dropdowns, copy buttons."""

import pytest

CHAPTER = "book/02_activations.html"


def open_chapter(page, site_url, width=1440):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/{CHAPTER}", wait_until="load")
    page.wait_for_function("document.readyState === 'complete'")


def test_search_from_the_chapter_lists_results_on_the_search_page(page, site_url):
    open_chapter(page, site_url)
    assert page.evaluate("typeof Search") == "undefined", "the chapter loaded the search machinery"
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible")
    field.fill("sigmoid")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=sigmoid*")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(state="attached")
    assert results.count() >= 1
    page.guard.assert_clean()


def test_the_theme_switch_changes_the_mode_and_remembers_it(page, site_url):
    open_chapter(page, site_url)
    before = page.evaluate("document.documentElement.dataset.mode")
    page.locator(".theme-switch-button:visible").first.click()
    page.wait_for_function(f"document.documentElement.dataset.mode !== {before!r}")
    assert page.evaluate("localStorage.getItem('mode')") == page.evaluate("document.documentElement.dataset.mode")
    page.guard.assert_clean()


def test_the_download_menu_opens(page, site_url):
    open_chapter(page, site_url)
    menu = page.locator(".dropdown-download-buttons")
    menu.locator(".dropdown-toggle").click()
    menu.locator(".dropdown-menu.show").wait_for(state="visible")
    assert menu.locator(".dropdown-item:visible").count() >= 2
    page.guard.assert_clean()


def test_a_chosen_tab_is_shown_and_remembered(page, site_url):
    open_chapter(page, site_url)
    label = page.locator("label.sd-tab-label[data-sync-id='pytorch']").first
    label.click()
    assert page.evaluate(f"document.getElementById({label.get_attribute('for')!r}).checked")
    # design-tabs.js reads its storage prefix from its own (deferred) script tag
    page.wait_for_function("localStorage.getItem('sphinx-design-tab-id-tab') === 'pytorch'")
    page.guard.assert_clean()


def test_dropdowns_open_and_code_blocks_get_copy_buttons(page, site_url):
    open_chapter(page, site_url)
    dropdown = page.locator("details.sd-dropdown").first
    assert dropdown.evaluate("d => d.open") is False
    dropdown.locator("summary").click()
    page.wait_for_function("document.querySelector('details.sd-dropdown').open")
    page.locator("button.copybtn").first.wait_for(state="attached")
    page.guard.assert_clean()


RECORD_THEME_WRITES = """
window.__themeWrites = [];
new MutationObserver((records) => {
  for (const r of records) {
    const value = r.target.getAttribute("data-theme");
    if (r.target === document.documentElement && r.oldValue !== value)  // a write of the same value restyles nothing
      window.__themeWrites.push({ from: r.oldValue, to: value, bodyParsed: document.body !== null });
  }
}).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["data-theme"] });
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_settles_the_theme_before_the_body_is_parsed(page, site_url, scheme):
    # a data-theme change once the page is parsed restyles every element (a long task on a phone);
    # the head settles it from the system's scheme, so the theme's own later write changes nothing
    page.emulate_media(color_scheme=scheme)
    page.add_init_script(RECORD_THEME_WRITES)
    open_chapter(page, site_url, width=412)
    writes = page.evaluate("window.__themeWrites")
    assert writes[-1]["to"] == scheme, writes
    assert all(not w["bodyParsed"] for w in writes), f"data-theme changed after the body was parsed: {writes}"
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert page.evaluate("document.documentElement.dataset.mode") == "auto"
    page.guard.assert_clean()
