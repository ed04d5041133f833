"""The book in Chromium: math and diagrams render offline, axe-core finds no serious problem, screenshots."""

import json

import pytest
from site_pages import ROOT, chapter_files, toc_files

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 375, "height": 812}}
MODES = ("light", "dark")
# every page of the book, and the in-site source page that "View source" opens
SITE_PAGES = [*toc_files(), "_modules/tinytorch/core/activations"]
# cells.js and exercises.js set up one widget per task and flag <html> once all are (their header comments)
WIDGETS_SET_UP = """() => { const flags = document.documentElement.dataset;
    return (!document.querySelector('div.cell.tag_runnable') || flags.cellsReady === 'true')
        && (!document.querySelector('section.tt-exercise') || flags.exercisesReady === 'true'); }"""
# Each formula is one <math> element (made at build time) that Chromium lays out itself, in the site's math font
MATH_DRAWN = """async () => {
    await document.fonts.ready;
    const font = [...document.fonts].find((face) => face.family.replace(/"/g, '') === 'Site Math');
    if (!font || font.status !== 'loaded') return ['the math font did not load: ' + (font ? font.status : 'no face')];
    return [...document.querySelectorAll('.math')].filter((holder) => {
        const math = holder.querySelector('math');
        const box = math && math.getBoundingClientRect();
        return !math || !getComputedStyle(math).display.includes('math') || !(box.width > 0 && box.height > 0)
            || !getComputedStyle(math).fontFamily.includes('Site Math');
    }).map((holder) => holder.dataset.tex); }"""


def open_page(page, url, mode):
    """Open url with the theme's light/dark mode chosen; wait until its widgets are set up and its math is drawn."""
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page.goto(url, wait_until="load")
    page.wait_for_function(WIDGETS_SET_UP)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    if page.locator(".math").count():
        assert page.evaluate(MATH_DRAWN) == [], "formulas the browser did not lay out as MathML in the math font"


@pytest.mark.parametrize("name", chapter_files())
@pytest.mark.parametrize("mode", MODES)
def test_math_and_diagrams_render_without_any_other_host(page, site_url, name, mode):
    open_page(page, f"{site_url}/{name}.html", mode)
    for index in range(page.locator(".mermaid-diagram").count()):
        box = page.locator(".mermaid-diagram > svg").nth(index).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 20, "a mermaid diagram drew nothing"
    page.guard.assert_clean()


NODE_FILL = "getComputedStyle(document.querySelector('.mermaid-diagram svg .node rect')).fill"


@pytest.mark.parametrize("name", chapter_files())
def test_diagrams_redraw_when_the_reader_switches_to_dark_mode(page, site_url, name):
    open_page(page, f"{site_url}/{name}.html", "light")
    assert page.locator(".mermaid-diagram svg").count() >= 1, "the chapter has no rendered mermaid diagram"
    light_fill = page.evaluate(NODE_FILL)
    for _ in range(3):  # the theme's switch cycles light -> dark -> auto
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator(".theme-switch-button:visible").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.wait_for_function(f"{NODE_FILL} !== {light_fill!r}")
    page.guard.assert_clean()


@pytest.mark.parametrize("name", SITE_PAGES)
@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_no_serious_or_critical_violation(page, site_url, name, mode):
    open_page(page, f"{site_url}/{name}.html", mode)
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, indent=1)
    page.guard.assert_clean()


@pytest.mark.parametrize("name", chapter_files())
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_screenshot_fits_the_viewport(page, site_url, artifacts_dir, name, viewport, mode):
    page.set_viewport_size(VIEWPORTS[viewport])
    open_page(page, f"{site_url}/{name}.html", mode)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    path = artifacts_dir / f"{name.replace('/', '_')}-{viewport}-{mode}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {VIEWPORTS[viewport]['width']}px"
    page.guard.assert_clean()
