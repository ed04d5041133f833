"""The chapter's mermaid diagram arrives drawn (mermaid_diagram.py): an SVG in the page, no script, no request."""

from cell_page import CHAPTER

NODES = """() => [...document.querySelectorAll('.mermaid-diagram svg .node')].map((node) => {
    const box = node.querySelector('rect.label-container').getBoundingClientRect();
    const text = node.querySelector('text').getBoundingClientRect();
    return { label: node.textContent.trim(), width: text.width,
             inside: text.left >= box.left && text.right <= box.right && text.top >= box.top && text.bottom <= box.bottom };
})"""


def test_the_diagram_is_in_the_page_drawn_with_scripts_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 900})
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{CHAPTER}?prefetch=0", wait_until="load")
        diagram = page.locator(".mermaid-diagram > svg")
        assert diagram.count() == 1
        box = diagram.bounding_box()
        assert box["width"] > 300 and box["height"] > 200, box
        nodes = page.evaluate(NODES)
        assert [node["label"] for node in nodes] == [
            "input Tensor", "ReLU", "Sigmoid", "Tanh", "GELU", "Softmax", "output Tensor, same shape"]
        assert all(node["width"] > 0 and node["inside"] for node in nodes), f"a label outside its box: {nodes}"
        assert not [url for url in requested if "mermaid" in url], requested
        assert all(url.startswith(site_url) for url in requested), requested
    finally:
        context.close()


def test_the_diagram_follows_the_mode_switch_at_once(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
    page.goto(f"{site_url}/{CHAPTER}?prefetch=0", wait_until="load")
    fill = "() => getComputedStyle(document.querySelector('.mermaid-diagram svg .node rect')).fill"
    light = page.evaluate(fill)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    dark = page.evaluate(fill)  # the same frame: the dark colours are style rules, not a redraw
    palette = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--tt-accent-muted').trim()")
    probe = page.evaluate("(c) => { const p = document.createElement('i'); p.style.color = c; document.body.append(p);"
                          " const v = getComputedStyle(p).color; p.remove(); return v; }", palette)
    assert light != dark and dark == probe, (light, dark, probe)
    assert not [url for url in fetched if "mermaid" in url], fetched
    page.guard.assert_clean()
