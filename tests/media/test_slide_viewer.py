"""The pdf.js slide viewer on the chapter page, in real Chromium against the real built site."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from media_pages import CHAPTER, ROOT, serve_test_page

VIEWER = "figure.tt-slides"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_CONTRAST = """el => axe.run(el, {runOnly: ['color-contrast'], resultTypes: ['violations']})
    .then(r => r.violations.flatMap(v => v.nodes.map(n => n.failureSummary)))"""
SEEN_COLOURS = """el => { const s = getComputedStyle(el);
    return [s.color, s.backgroundColor, getComputedStyle(el.closest('figure')).backgroundColor, s.opacity]; }"""


@pytest.fixture(scope="module")
def page_count(slides_pdf) -> int:
    return len(PdfReader(slides_pdf).pages)


def rendered(page, number: int, nth: int = 0):
    """Wait until viewer `nth` has finished drawing slide `number` (its own signal, not a sleep)."""
    page.wait_for_function(
        "([n, i]) => document.querySelectorAll('figure.tt-slides')[i]?.dataset.renderedPage === String(n)",
        arg=[number, nth])


def counter(viewer) -> str:
    return " ".join(viewer.locator(".tt-slides__counter").inner_text().split())


def open_viewer(page, site_url):
    pdf_requests = []
    page.on("request", lambda r: pdf_requests.append(r.url) if r.url.endswith(".pdf") else None)
    page.goto(f"{site_url}/{CHAPTER}")
    viewer = page.locator(VIEWER).first
    return viewer, pdf_requests


def viewer_at_first_slide(page, site_url):
    """The chapter's first viewer, scrolled into view and showing slide 1."""
    viewer, _ = open_viewer(page, site_url)
    viewer.scroll_into_view_if_needed()
    rendered(page, 1)
    return viewer


def test_the_viewer_holds_the_decks_shape_so_drawing_a_slide_moves_nothing(page, site_url, slides_pdf):
    from interactive.slides import page_shape

    width, height = page_shape(slides_pdf)
    first = PdfReader(slides_pdf).pages[0].mediabox
    assert (width, height) == (float(first.width), float(first.height))  # read at build time, as pypdf reads it
    for viewport in ({"width": 1350, "height": 940}, {"width": 375, "height": 812}):
        held = []  # the deck's requests, held until the empty viewer is measured
        page.route("**/*.pdf", lambda route: held.append(route))
        page.set_viewport_size(viewport)
        viewer, _ = open_viewer(page, site_url)
        page.wait_for_load_state("load")
        viewer.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.tt-slides').dataset.state !== 'idle'")
        shape = """el => { const c = el.querySelector('canvas').getBoundingClientRect();
            return {figure: el.getBoundingClientRect().height, canvas: c.width / c.height}; }"""
        before = viewer.evaluate(shape)
        assert abs(before["canvas"] - width / height) < 0.01, before  # the slide's room, before pdf.js draws
        for route in held:
            route.continue_()
        page.unroute("**/*.pdf")  # a request held after the loop above is let through here, later ones go straight
        rendered(page, 1)
        after = viewer.evaluate(shape)
        assert abs(after["figure"] - before["figure"]) <= 2, (viewport, before, after)
    page.guard.assert_clean()


def test_loads_lazily_and_shows_one_of_n(page, site_url, page_count):
    page.set_viewport_size({"width": 1280, "height": 500})
    viewer, pdf_requests = open_viewer(page, site_url)
    page.wait_for_load_state("load")
    if viewer.evaluate("el => el.getBoundingClientRect().top > innerHeight + 400"):
        assert viewer.get_attribute("data-state") == "idle" and not pdf_requests
    viewer.scroll_into_view_if_needed()
    rendered(page, 1)
    assert counter(viewer) == f"1 / {page_count}"
    assert pdf_requests and viewer.locator(".tt-slides__progress button").count() == page_count
    assert viewer.locator("[data-action=prev]").is_disabled()
    page.guard.assert_clean()


def test_next_prev_and_keyboard_change_the_slide(page, site_url, page_count):
    viewer = viewer_at_first_slide(page, site_url)
    viewer.locator("[data-action=next]").click()
    rendered(page, 2)
    viewer.locator(".tt-slides__stage").focus()
    page.keyboard.press("ArrowRight")
    rendered(page, 3)
    page.keyboard.press("ArrowLeft")
    rendered(page, 2)
    viewer.locator("[data-action=prev]").click()
    rendered(page, 1)
    page.keyboard.press("End")
    rendered(page, page_count)
    assert counter(viewer) == f"{page_count} / {page_count}"
    assert viewer.locator("[data-action=next]").is_disabled()


def test_keys_do_nothing_when_focus_is_elsewhere(page, site_url):
    viewer = viewer_at_first_slide(page, site_url)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    viewer.locator("[data-action=next]").click()  # a real change to wait on, after the stray key
    rendered(page, 2)
    assert counter(viewer).startswith("2 /")


def test_zoom_changes_the_canvas_size_and_stays_sharp(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2,
                                  service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page = context.new_page()
    try:
        viewer = viewer_at_first_slide(page, site_url)
        canvas = viewer.locator("canvas")
        size = lambda: canvas.evaluate("c => [c.width, c.getBoundingClientRect().width]")  # noqa: E731
        pixels, css = size()
        assert abs(pixels - 2 * css) <= 2, "canvas should be drawn at device pixels on a 2x screen"
        viewer.locator("[data-action=zoom-in]").click()
        page.wait_for_function("w => document.querySelector('figure.tt-slides canvas').width > w", arg=pixels)
        assert viewer.locator("[data-role=zoom]").inner_text() == "125%"
        viewer.locator("[data-action=zoom-out]").click()
        viewer.locator("[data-action=zoom-out]").click()
        page.wait_for_function("w => document.querySelector('figure.tt-slides canvas').width < w", arg=pixels)
        assert viewer.locator("[data-role=zoom]").inner_text() == "75%"
    finally:
        context.close()


def test_progress_bar_jumps(page, site_url, page_count):
    viewer = viewer_at_first_slide(page, site_url)
    segment = viewer.locator(".tt-slides__progress button").nth(6)
    assert segment.get_attribute("aria-label") == f"Go to slide 7 of {page_count}"
    segment.click()
    rendered(page, 7)
    assert counter(viewer) == f"7 / {page_count}"
    assert segment.get_attribute("aria-current") == "step"
    assert viewer.locator(".tt-slides__segment.is-seen").count() == 7


def test_every_control_has_an_accessible_name(page, site_url):
    viewer = viewer_at_first_slide(page, site_url)
    unnamed = viewer.evaluate("""el => [...el.querySelectorAll('button, a, [tabindex]')]
        .filter(c => !(c.getAttribute('aria-label') || c.textContent.trim())).map(c => c.outerHTML)""")
    assert not unnamed
    assert "slide 1 of" in viewer.locator("canvas").get_attribute("aria-label")


def test_download_link_returns_the_pdf(page, site_url, slides_pdf):
    viewer, _ = open_viewer(page, site_url)
    link = viewer.locator("a[download]").first
    assert link.get_attribute("download") == slides_pdf.name
    href = link.evaluate("a => a.href")
    response = page.request.get(href)
    assert response.ok and response.body() == slides_pdf.read_bytes()


def test_missing_pdf_shows_the_fallback_and_the_page_stays_usable(page, site_url):
    page.route("**/*.pdf", lambda route: route.fulfill(status=404, body="not found"))
    viewer, _ = open_viewer(page, site_url)
    viewer.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.tt-slides').dataset.state === 'error'")
    fallback = viewer.locator(".tt-slides__fallback")
    assert fallback.is_visible() and "could not load" in fallback.inner_text()
    assert fallback.locator("a[download]").get_attribute("href").endswith(".pdf")
    assert viewer.locator("[data-action=next]").is_disabled()
    page.keyboard.press("End")  # the page still scrolls and answers
    page.wait_for_function("scrollY > 0")
    assert page.locator("h1").first.is_visible() or page.title()
    page.guard.assert_clean(allow_console=("404",))  # the missing PDF itself


def test_two_viewers_on_one_page_work_independently(page, site_url, slides_pdf):
    from interactive.slides import viewer_html

    def one(title):
        return viewer_html("_media_test/" + slides_pdf.name, "../_static/vendor/pdfjs/pdf.min.mjs", title, slides_pdf.name)

    page.goto(serve_test_page(page, site_url, one("First deck") + one("Second deck")))
    viewers = page.locator(VIEWER)
    assert viewers.count() == 2
    viewers.nth(0).scroll_into_view_if_needed()
    rendered(page, 1, nth=0)
    viewers.nth(1).scroll_into_view_if_needed()
    rendered(page, 1, nth=1)
    viewers.nth(1).locator("[data-action=next]").click()
    viewers.nth(1).locator("[data-action=next]").click()
    rendered(page, 3, nth=1)
    assert counter(viewers.nth(0)).startswith("1 /") and counter(viewers.nth(1)).startswith("3 /")
    page.guard.assert_clean()


def test_fullscreen_fits_the_slide_to_the_screen_and_returns(page, site_url):
    viewer = viewer_at_first_slide(page, site_url)
    button = viewer.locator("[data-action=fullscreen]")
    button.click()
    page.wait_for_function("document.fullscreenElement?.matches('figure.tt-slides')")
    # the label follows the fullscreenchange event, which fires after fullscreenElement is set
    expect(button).to_have_attribute("aria-label", "Leave full screen")
    page.wait_for_function("""() => { const c = document.querySelector('figure.tt-slides canvas').getBoundingClientRect();
        return c.height > innerHeight * 0.6 && c.height <= innerHeight && c.width <= innerWidth; }""")
    button.click()
    page.wait_for_function("document.fullscreenElement === null")
    expect(button).to_have_attribute("aria-label", "Show the slides full screen")


def rgba(css: str) -> tuple[list[float], float]:
    """An rgb()/rgba() colour as 0-255 channels and alpha."""
    values = [float(v) for v in css[css.index("(") + 1:css.index(")")].split(",")]
    return values[:3], values[3] if len(values) == 4 else 1.0


def seen_contrast(text: str, own_background: str, frame: str, opacity: str) -> float:
    """WCAG contrast of a control's label as drawn: its background over the frame, both faded by its opacity."""
    def over(top, bottom, alpha):
        return [alpha * a + (1 - alpha) * b for a, b in zip(top, bottom)]

    def luminance(channels):
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in channels)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    frame_rgb, _ = rgba(frame)
    own_rgb, own_alpha = rgba(own_background)
    background = over(own_rgb, frame_rgb, own_alpha)
    fade = float(opacity)
    drawn_text, drawn_background = over(rgba(text)[0], frame_rgb, fade), over(background, frame_rgb, fade)
    light, dark = sorted((luminance(drawn_text), luminance(drawn_background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_controls_keep_their_contrast_when_disabled_hovered_and_current(page, site_url):
    viewer = viewer_at_first_slide(page, site_url)
    page.add_script_tag(path=str(AXE_JS))
    prev = viewer.locator("[data-action=prev]")
    assert prev.is_disabled()
    assert seen_contrast(*prev.evaluate(SEEN_COLOURS)) >= 4.5, "a disabled label must stay readable (axe skips it)"
    assert viewer.evaluate(AXE_CONTRAST) == []
    viewer.locator("a[download]").first.hover()
    assert viewer.evaluate(AXE_CONTRAST) == [], "the orange Download pill fails contrast on hover"
    viewer.locator("[data-action=next]").click()
    rendered(page, 2)
    prev.hover()
    assert viewer.evaluate(AXE_CONTRAST) == []
