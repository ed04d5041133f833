"""What the built chapter makes a phone download before the reader does anything: no MathJax, no Font
Awesome script, math already MathML (in a math font cut to its characters), icons inline, and a meta description."""

import re
from pathlib import Path

import pytest

CHAPTER = "book/02_activations.html"
PAGES = ["book/intro.html", CHAPTER, "book/api.html"]


@pytest.fixture(scope="module")
def chapter(site_dir) -> str:
    return (site_dir / CHAPTER).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_no_page_loads_mathjax_or_font_awesome(site_dir, name):
    html = (site_dir / name).read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts, f"{name} names no script at all"
    assert not [s for s in scripts if "mathjax" in s.lower() or "fontawesome" in s.lower()]
    assert not re.search(r'<i class="[^"]*\bfa-', html), "an icon was left for Font Awesome's script"


def test_the_font_awesome_script_is_not_shipped(site_dir):
    assert not list((site_dir / "_static").rglob("fontawesome.js"))


def test_the_theme_icon_font_holds_only_the_glyphs_its_stylesheet_draws(site_dir):
    """icon_font.py: no `.fa-<name>:before` rules left, and each webfont is cut to the theme's own glyphs."""
    from fontTools.ttLib import TTFont
    from interactive.icon_font import THEME_CSS, WEBFONTS, characters_drawn

    css = (site_dir / THEME_CSS).read_text(encoding="utf-8")
    icon_rules = re.findall(r"(?:^|\})(\.fa-[\w-]+:before)\{content:\"", css)  # a rule of its own, e.g. .fa-bell:before
    assert not icon_rules, f"icon class rules left in the theme's stylesheet: {icon_rules[:3]}"
    drawn = characters_drawn(css)
    assert {0xF05A, 0xF071, 0xF0EB, 0xF104, 0xF105} <= drawn  # note, warning, tip, previous, next
    fonts = sorted((site_dir / WEBFONTS).glob("fa-*.woff2"))
    assert len(fonts) == 3
    solid = TTFont(site_dir / WEBFONTS / "fa-solid-900.woff2")
    assert drawn <= set(solid.getBestCmap()) | {p for f in fonts for p in TTFont(f).getBestCmap()}
    assert drawn & set(solid.getBestCmap()), "the solid font lost the glyphs the admonitions draw"
    for font in fonts:
        assert font.stat().st_size < 8_000, f"{font.name} is {font.stat().st_size} bytes: not cut to the page's glyphs"


@pytest.mark.parametrize("name", PAGES)
def test_each_page_links_one_stylesheet_whose_urls_all_resolve(site_dir, name):
    """css_bundle.py: one request for all of a page's CSS on the critical path."""
    html = (site_dir / name).read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    links = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*>', head)
    assert len(links) == 1, links
    href = re.search(r'href="([^"?]+)', links[0]).group(1)
    assert "/_static/bundles/" in f"/{href}" and "data-bundled=" in links[0]
    bundle = (site_dir / name).parent / href
    css = bundle.read_text(encoding="utf-8")
    assert "@import" not in css
    for target in set(re.findall(r'url\(\s*["\']?([^)"\']+)', css)):
        if not target.startswith(("data:", "#")):
            assert (bundle.parent / target.split("?")[0].split("#")[0]).is_file(), f"{target} in the bundle is missing"


def test_every_formula_is_mathml_in_a_math_font_cut_to_the_characters_it_draws(site_dir, chapter):
    import io

    from fontTools.ttLib import TTFont
    from interactive.math_font import FONT_STYLESHEET, characters_in_math, code_points, font_inside

    spans = re.findall(r'<(span|div) class="math notranslate nohighlight"[^>]*>(.*?)</\1>', chapter, flags=re.S)
    assert len(spans) > 50
    for _, inner in spans:
        assert len(re.findall(r'<math xmlns="http://www.w3.org/1998/Math/MathML"', inner)) == 1, inner[:200]
    assert "mjx-" not in chapter and "<svg" not in "".join(inner for _, inner in spans)
    assert not re.search(r'mathvariant="(?!normal")', chapter), "a mathvariant browsers do not draw"
    # the font comes inside the page's one stylesheet (no request of its own that could land after the first paint)
    bundled = re.search(r'<link\b[^>]*rel="stylesheet"[^>]*data-bundled="([^"]*)"', chapter).group(1).split()
    assert any(href.startswith(f"../_static/{FONT_STYLESHEET}") for href in bundled), bundled
    assert "math-font.woff2" not in chapter and 'as="font"' not in chapter
    stylesheet = (site_dir / "_static" / FONT_STYLESHEET).read_text()
    font_bytes = font_inside(stylesheet)
    font = TTFont(io.BytesIO(font_bytes))
    assert font.flavor == "woff2" and "MATH" in font, "without a MATH table the browser cannot lay out formulas"
    needed = code_points(characters_in_math(chapter))
    assert {0x1D465, 0x3C3, 0x2211} <= needed  # italic x, sigma, the summation sign
    missing = needed - set(font.getBestCmap())
    assert not missing, f"characters the formulas draw that the math font lacks: {sorted(map(hex, missing))[:8]}"
    assert len(font_bytes) < 30_000, f"the math font is {len(font_bytes)} bytes: not cut to the page's characters"


def test_icons_are_inline_svg_in_the_theme_colour(chapter):
    icons = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="([^"]*\btt-icon\b[^"]*)"[^>]*>(.*?)</svg>',
                       chapter, flags=re.S)
    names = {c for classes, _ in icons for c in classes.split()}
    assert {"fa-github", "fa-magnifying-glass", "fa-sun", "fa-moon", "fa-download"} <= names
    assert all('<path fill="currentColor" d="M' in body for _, body in icons)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_meta_description_of_its_own_prose(site_dir, name):
    html = (site_dir / name).read_text(encoding="utf-8")
    found = re.findall(r'<meta name="description" content="([^"]+)"', html)
    assert len(found) == 1
    assert 60 <= len(found[0]) <= 160
    words = found[0].rstrip("…").split()[:6]
    body = re.sub(r"<[^>]+>", "", html.split("<main", 1)[1])
    assert " ".join(words) in " ".join(body.split()), "the description is not the page's own text"


@pytest.mark.parametrize("name", PAGES)
def test_no_head_script_blocks_the_first_paint(site_dir, name):
    head = (site_dir / name).read_text(encoding="utf-8").split("</head>", 1)[0]
    external = re.findall(r"<script\b([^>]*\bsrc=[^>]*)>", head)
    assert external, f"{name} names no script in its head"
    blocking = [tag for tag in external if not re.search(r'\b(defer|async)\b|type="module"', tag)]
    assert not blocking, f"{name} has render-blocking head scripts: {blocking}"
    for body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", head, flags=re.S):
        if "DOCUMENTATION_OPTIONS." in body[1]:  # must wait for the deferred documentation_options.js
            assert 'type="module"' in body[0], f"{name}: {body[1].strip()[:60]} runs before its object exists"


@pytest.mark.parametrize("name", PAGES)
def test_only_the_search_page_loads_the_search_index(site_dir, name):
    html = (site_dir / name).read_text(encoding="utf-8")
    assert "searchindex.js" not in html and "searchtools.js" not in html
    search = (site_dir / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in search and "searchtools.js" in search


def test_listings_keep_only_the_token_spans_that_draw_something(site_dir, chapter):
    """code_tokens.py: spans whose class only repeats the listing's colour, in both themes, are unwrapped."""
    from interactive.code_tokens import LISTING_BLOCK, STYLESHEET, plain_token_classes

    plain = plain_token_classes((site_dir / STYLESHEET).read_text(encoding="utf-8"))
    assert {"n", "p", "w"} <= plain and not plain & {"k", "kn", "s2", "mi", "mf", "c1", "o", "nb"}, sorted(plain)
    listings = [body for _, body, _ in LISTING_BLOCK.findall(chapter)]
    assert len(listings) > 20
    classes = {c for body in listings for c in re.findall(r'<span class="([^"]+)">', body)}
    assert {"k", "s2", "mi"} <= classes, "the listings lost their highlighting"
    assert not classes & plain, f"spans that draw nothing are left: {sorted(classes & plain)}"


def test_only_a_class_drawn_like_the_listing_in_every_theme_counts_as_plain():
    from interactive.code_tokens import plain_token_classes, without_plain_spans

    css = """html[data-theme="light"] .highlight { background: #fff; color: #111 }
    html[data-theme="light"] .highlight .n { color: #111 } /* Name */
    html[data-theme="light"] .highlight .k { color: #111; font-weight: bold }
    html[data-theme="light"] .highlight .o { color: #222 }
    html[data-theme="dark"] .highlight { background: #000; color: #EEE }
    html[data-theme="dark"] .highlight .n { color: #eee }
    html[data-theme="dark"] .highlight .k { color: #eee }
    html[data-theme="dark"] .highlight .o { color: #eee }
    html[data-theme="sepia"] .highlight .p { color: #111 }"""
    assert plain_token_classes(css) == {"n"}  # k is bold, o has its own light colour, p's theme has no listing rule
    assert plain_token_classes("body { color: red }") == set()
    page = ('<p><span class="n">prose</span></p><div class="highlight"><pre><span class="k">def</span>'
            '<span class="w"> </span><span class="n">f</span><span class="p">():</span></pre></div>')
    assert without_plain_spans(page, {"n", "w"}) == ('<p><span class="n">prose</span></p><div class="highlight"><pre>'
                                                      '<span class="k">def</span> f<span class="p">():</span></pre></div>')


def test_the_bundle_leaves_out_rules_for_classes_the_site_never_uses(site_dir, chapter):
    """css_purge.py on the built chapter: the theme's unused components go, what the page and scripts use stays."""
    href = re.search(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"?]+)', chapter).group(1)
    css = ((site_dir / CHAPTER).parent / href).read_text(encoding="utf-8")
    assert len(css) < 300_000, f"the bundle is {len(css)} characters: unused rules were not left out"
    for used in (".bd-sidebar-primary", ".tt-cell", ".highlight .k", ".search-button-field", ".show"):
        assert used in css, f"{used} is used by the page or its scripts, yet its rules are gone"
    for unused in (".table-dark", ".accordion-button", ".form-range", ".spinner-grow"):
        assert unused not in chapter and unused not in css, unused


def test_a_selector_stays_unless_it_needs_a_class_no_page_or_script_has():
    from interactive.css_purge import without_unused_rules

    css = """.a{color:red}.gone{color:blue}.a .gone,.a>.b{margin:0}
    @media (min-width:10px){.gone{x:1}.b:not(.gone){y:2}}
    @media print{.gone{z:3}}
    .tooltip-top{a:1}.x\\:y{b:2}:is(.gone,.a){c:3}
    @font-face{font-family:F;src:url(f.woff2)}
    @keyframes spin{to{transform:rotate(1turn)}}"""
    kept = without_unused_rules(css, {"a", "b"}, ("tooltip-",))
    assert ".a{color:red}" in kept and ".gone{color:blue}" not in kept
    assert ".a>.b{margin:0}" in kept and ".a .gone" not in kept  # only the selectors of a list that can match
    assert "@media (min-width:10px){.b:not(.gone){y:2}}" in kept  # :not(.gone) matches without .gone
    assert "@media print" not in kept  # a block whose every rule went goes too
    assert ".tooltip-top{a:1}" in kept  # a script builds "tooltip-" + placement
    assert ".x\\:y{b:2}" in kept and ":is(.gone,.a){c:3}" in kept  # in doubt, kept
    assert "@font-face" in kept and "@keyframes spin" in kept
