"""Widget colours come only from the palette: palette.css declares every --tt-* colour once (light, dark),
the widget stylesheets and scripts hold no literal colour, and in Chromium the page draws the palette's values."""

import re

import pytest
from site_pages import ROOT
from test_chapter_in_browser import MODES, open_page

STATIC = ROOT / "book" / "_ext" / "interactive" / "static"
PALETTE = STATIC / "palette.css"
SITE_CSS = ROOT / "book" / "_static" / "tinytorch.css"
EDITOR = ROOT / "book" / "_ext" / "interactive" / "editor"  # the code editor's bundle source
WIDGET_CSS = sorted([*(p for p in STATIC.glob("*.css") if p != PALETTE), *EDITOR.glob("*.css")])
WIDGET_JS = sorted([*STATIC.glob("*.js"), *EDITOR.glob("*.mjs")])
DIAGRAMS = ROOT / "book" / "_ext" / "interactive" / "mermaid_diagram.py"  # draws diagrams in palette colours at build
DARK = 'html[data-theme="dark"]'

COLOUR_PROPERTY = re.compile(r"color|background(-color)?|border(-(top|right|bottom|left))?(-color)?|outline(-color)?"
                             r"|(box|text)-shadow|caret-color|accent-color|fill|stroke|text-decoration(-color)?")
# the words a colour property may hold besides var(): no colour of their own
NOT_A_COLOUR = {"transparent", "currentcolor", "inherit", "initial", "unset", "none", "solid", "dashed", "dotted",
                "double", "inset"}
LITERAL_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(")
JS_LITERAL_COLOUR = re.compile(r"[\"'`]#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})[\"'`]|\b(rgba?|hsla?)\(")
TT_VARIABLE = re.compile(r"--tt-[\w-]+")


def without_comments(path) -> str:
    """A stylesheet's or script's text without its comments, which may name colours and variables freely."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(^|\s)//[^\n]*", r"\1", text) if path.suffix == ".js" else text


def rules(path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each innermost rule of a stylesheet as (selector, [(property, value), ...])."""
    css = without_comments(path)
    found = []
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        declarations = [d.split(":", 1) for d in body.split(";") if ":" in d]
        found.append((" ".join(selector.split()), [(p.strip(), " ".join(v.split())) for p, v in declarations]))
    return found


def palette() -> dict[str, dict[str, str]]:
    """The palette's values: mode -> {variable: value}; a colour the dark block leaves out keeps its light value."""
    blocks = dict(rules(PALETTE))
    assert set(blocks) == {":root", DARK}, f"palette.css holds one :root and one {DARK} rule, not {set(blocks)}"
    light, dark = dict(blocks[":root"]), dict(blocks[DARK])
    return {"light": light, "dark": {**light, **dark}}


def colour_declarations(path):
    return [(selector, prop, value) for selector, declarations in rules(path) for prop, value in declarations
            if COLOUR_PROPERTY.fullmatch(prop)]


def test_the_palette_declares_tt_colours_as_literal_values_and_dark_switches_only_declared_ones():
    blocks = dict(rules(PALETTE))
    light, dark = dict(blocks[":root"]), dict(blocks[DARK])
    assert light and all(name.startswith("--tt-") for name in light)
    assert set(dark) <= set(light), f"dark values for undeclared colours: {set(dark) - set(light)}"
    for name, value in {**light, **{f"{n} (dark)": v for n, v in dark.items()}}.items():
        assert LITERAL_COLOUR.search(value) and "var(" not in value, f"{name}: {value} is not a colour of its own"


@pytest.mark.parametrize("path", [*WIDGET_CSS, SITE_CSS], ids=lambda p: p.name)
def test_stylesheets_hold_no_literal_colour(path):
    for selector, declarations in rules(path):
        for prop, value in declarations:
            assert not LITERAL_COLOUR.search(value), f"{path.name}: {selector} {{ {prop}: {value} }}"
    for selector, prop, value in colour_declarations(path):
        words = set(re.findall(r"(?<![\w-])[a-z][a-z-]*\b", re.sub(r"var\([^)]*\)|!important", "", value.lower())))
        assert words <= NOT_A_COLOUR, f"{path.name}: {selector} {{ {prop}: {value} }} names a colour"


@pytest.mark.parametrize("path", WIDGET_CSS, ids=lambda p: p.name)
def test_widget_colours_are_palette_variables_without_fallbacks_or_dark_mode_rules(path):
    for selector, prop, value in colour_declarations(path):
        for call in re.findall(r"var\(([^)]*)\)", value):
            assert re.fullmatch(r"--tt-[\w-]+", call.strip()), f"{path.name}: {selector} {{ {prop}: {value} }}"
        assert "data-theme" not in selector, f"{path.name}: {selector} sets {prop}; its variable switches itself"
    custom = [(s, p) for s, declarations in rules(path) for p, _ in declarations if p.startswith("--")]
    assert not custom, f"{path.name} declares its own variables {custom}: colours belong in palette.css"


def test_outside_the_palette_a_tt_variable_is_never_a_colour():
    for path in [*WIDGET_CSS, SITE_CSS]:
        for selector, declarations in rules(path):
            for prop, value in declarations:
                if prop.startswith("--tt-"):
                    assert re.fullmatch(r"[\d.]+(px|rem|em|%)?", value), f"{path.name}: {prop}: {value}"


@pytest.mark.parametrize("path", WIDGET_JS, ids=lambda p: p.name)
def test_widget_scripts_hold_no_literal_colour(path):
    found = [m.group(0) for m in JS_LITERAL_COLOUR.finditer(without_comments(path))]
    assert not found, f"{path.name} holds colours {found}: read them from palette.css"


def test_every_tt_colour_used_is_in_the_palette_and_every_palette_colour_is_used():
    declared = set(palette()["light"])
    readers = [*WIDGET_CSS, SITE_CSS, *WIDGET_JS, DIAGRAMS]
    named = {name for path in readers for name in TT_VARIABLE.findall(without_comments(path))}
    lengths = {prop for path in [*WIDGET_CSS, SITE_CSS] for _, declarations in rules(path)
               for prop, _ in declarations if prop.startswith("--tt-")}  # tinytorch.css's --tt-radius-*
    used = named - lengths
    assert used - declared == set(), f"used but not in palette.css: {sorted(used - declared)}"
    assert declared - used == set(), f"in palette.css but used nowhere: {sorted(declared - used)}"


# (element, CSS property, palette colour it must show): cells, exercises, explore, slides, audio,
# the theme (which reads the palette through tinytorch.css) and the diagrams (drawn in it at build time)
KEY_ELEMENTS = [
    ("section.tt-exercise .tt-editor", "border-top-color", "--tt-border"),  # its background is pygments'
    (".tt-exercise-progress", "border-top-color", "--tt-border"),
    ("div.tt-cell .tt-button:not(.tt-primary, .tt-stop)", "background-color", "--tt-background"),
    ("div.tt-cell .tt-button.tt-primary", "background-color", "--tt-accent-emphasis"),
    ("div.tt-cell .tt-button.tt-primary", "color", "--tt-on-emphasis"),
    ("section.tt-exercise", "border-left-color", "--tt-accent"),
    ("section.tt-exercise", "background-color", "--tt-surface-raised"),
    (".tt-exercise-badge", "background-color", "--tt-accent-emphasis"),
    (".tt-explore-input", "color", "--tt-text"),
    (".tt-slides", "background-color", "--tt-inverse-surface"),
    (".tt-slides__title", "color", "--tt-inverse-text-strong"),
    (".tt-audio", "background-color", "--tt-surface-subtle"),
    (".tt-audio", "color", "--tt-text-strong"),
    (".tt-audio__transcript summary", "color", "--tt-accent-text"),
    ("body", "background-color", "--tt-background"),
    ("body", "color", "--tt-text"),
    (".mermaid-diagram svg .node rect", "fill", "--tt-accent-muted"),
    (".mermaid-diagram svg .node rect", "stroke", "--tt-accent"),
]

SHOWN_AND_EXPECTED = """([rows, values]) => {
    const probe = document.createElement('div');
    document.body.append(probe);
    const rgb = (colour) => { probe.style.color = colour; return getComputedStyle(probe).color; };
    const result = rows.map(([selector, property, variable]) => {
        const element = document.querySelector(selector);
        return [selector, property, variable, element && getComputedStyle(element).getPropertyValue(property),
                rgb(values[variable])];
    });
    probe.remove();
    return result;
}"""


@pytest.mark.parametrize("mode", MODES)
def test_the_page_draws_the_palettes_values(page, site_url, mode):
    open_page(page, f"{site_url}/book/02_activations.html?prefetch=0", mode)
    values = palette()[mode]
    on_root = page.evaluate("(names) => names.map(n => getComputedStyle(document.documentElement)"
                            ".getPropertyValue(n).trim().replace(/\\s+/g, ' '))", list(values))
    assert dict(zip(values, on_root)) == values, "the page's --tt-* values differ from palette.css"
    rows = page.evaluate(SHOWN_AND_EXPECTED, [KEY_ELEMENTS, values])
    wrong = [row for row in rows if row[3] != row[4]]
    assert not wrong, f"{mode}: (element, property, colour, shown, palette's) {wrong}"
    page.guard.assert_clean()
