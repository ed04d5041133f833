"""Jupyter habits in the browser's Python: top-level await, a trailing `;`, and clear words for what a browser cannot do."""

from cell_page import CELL, open_chapter, run


def advice(page, index: int) -> tuple[str, list[str]]:
    """The advice line under cell `index`'s traceback, and the links in it."""
    line = page.locator(CELL).nth(index).locator(".tt-output .tt-advice")
    if not line.count():
        return "", []
    return line.inner_text(), line.locator("a").evaluate_all("links => links.map(a => a.href)")


def test_top_level_await_runs_like_a_notebook(page, site_url):
    open_chapter(page, site_url)
    live = run(page, 0, "import asyncio\nawait asyncio.sleep(0.05)\nprint('awake')\nawait asyncio.sleep(0, result='done')")
    assert not live["traceback"], live["traceback"]
    assert live["stdout"] == "awake\n"
    assert live["value"] == "'done'"


def test_trailing_semicolon_hides_the_value_and_only_then(page, site_url):
    open_chapter(page, site_url)
    assert run(page, 0, "x = 20\nx + 1;")["value"] == ""
    assert run(page, 0, "x + 1;  # hidden, as in Jupyter")["value"] == ""
    assert run(page, 0, "x + 1")["value"] == "21"
    assert run(page, 0, "'a;'")["value"] == "'a;'"


def test_input_says_it_cannot_read_a_line_and_points_to_binder(page, site_url):
    open_chapter(page, site_url)
    live = run(page, 0, "name = input('name? ')")
    assert "input() does not work here" in live["traceback"]
    assert "Errno 29" not in live["traceback"] and "cell_runner" not in live["traceback"]
    text, links = advice(page, 0)
    assert "Binder" in text and any("/v2/gh/" in link for link in links)


def test_a_package_the_page_lacks_is_named_with_what_it_ships(page, site_url):
    open_chapter(page, site_url)
    for package in ("scipy", "pandas", "torch"):
        live = run(page, 0, f"import {package}")
        assert f"No module named '{package}'" in live["traceback"]
        text, links = advice(page, 0)
        assert "ships only numpy, matplotlib and tinytorch" in text and package in text
        assert any("/v2/gh/" in link for link in links)


def test_an_array_too_big_for_the_browser_says_its_memory_limit(page, site_url):
    open_chapter(page, site_url)
    # Numpy's two words for a shape a 32-bit address space cannot hold: too many elements, too many bytes.
    for size, words in (("10**10", "Maximum allowed dimension exceeded"), ("10**9", "array is too big")):
        live = run(page, 0, f"import numpy as np\nnp.ones({size})")
        assert words in live["traceback"], live["traceback"]
        text, _ = advice(page, 0)
        assert "at most a few GB" in text and "32-bit WebAssembly" in text
    assert run(page, 0, "np.ones(3).sum()")["value"] == "np.float64(3.0)"
