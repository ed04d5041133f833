"""The chapter's mermaid diagram in Chromium: the 2.7 MB mermaid library is fetched only when a diagram is near."""

from cell_page import CHAPTER

NEAR_PX = 1200  # mermaid_init.js starts loading when a diagram is this close below the viewport


def test_mermaid_is_fetched_only_when_a_diagram_nears_the_viewport(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "mermaid.min.js" in request.url else None)
    page.goto(f"{site_url}/{CHAPTER}?prefetch=0", wait_until="load")
    page.wait_for_load_state("networkidle")
    distance = page.evaluate("document.querySelector('.mermaid-diagram').getBoundingClientRect().top - innerHeight")
    assert distance > NEAR_PX, "the first diagram sits near the top: this test cannot tell lazy loading from eager"
    assert not fetched, f"mermaid was fetched before any diagram was near: {fetched}"

    page.locator(".mermaid-diagram").first.scroll_into_view_if_needed()
    page.locator("pre.mermaid svg").first.wait_for(state="attached")
    assert len(fetched) == 1
    page.guard.assert_clean()
