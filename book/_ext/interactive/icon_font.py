"""The theme's icon font, cut to the glyphs the theme's own stylesheet still draws with it.

pydata-sphinx-theme ships Font Awesome's webfonts (about 300 KB of woff2) and a stylesheet rule
`.fa-<name>:before{content:"\\f..."}` for each of its ~1,900 icons. The pages draw their icons as inline
SVG (icons.py), so after the build this module drops those rules from the theme's stylesheet (about a
fifth of it, on every page's critical path) and subsets each webfont to the characters the stylesheet
still names: the theme's own `--pst-icon-*` glyphs (admonition titles, previous/next links, external
links). A phone then fetches a few KB of font instead of 150 KB, with `font-display: block`.
"""

import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
ICON_CLASS_RULE = re.compile(r"(?:\.fa-[\w-]+:(?:before|after),?)+\{content:\"[^\"]*\"\}")
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def without_icon_class_rules(css: str) -> str:
    """The stylesheet without its `.fa-<name>:before{content:...}` rules (the icons are inline SVG)."""
    return ICON_CLASS_RULE.sub("", css)


def characters_drawn(css: str) -> set[int]:
    """The private-use code points a stylesheet puts in `content` or a custom property: escaped or literal."""
    points = {int(code, 16) for code in ESCAPE.findall(css)}
    points |= {ord(char) for char in PRIVATE_USE.findall(css)}
    return {p for p in points if 0xE000 <= p <= 0xF8FF}


def subset_font(path: Path, points: set[int]) -> None:
    """Rewrite a webfont with only the glyphs for `points` (and its format: woff2 or ttf)."""
    font = TTFont(path)
    flavor = font.flavor
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points & set(font.getBestCmap()))
    subsetter.subset(font)
    font.flavor = flavor
    font.save(path)


def trim_icon_font(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    theme_css = outdir / THEME_CSS
    if not theme_css.exists():
        return  # another theme: nothing of pydata's to trim
    css = theme_css.read_text(encoding="utf-8")
    trimmed = without_icon_class_rules(css)
    if trimmed != css:
        theme_css.write_text(trimmed, encoding="utf-8")
    points = characters_drawn(trimmed)
    for font in sorted((outdir / WEBFONTS).glob("fa-*")):
        if font.suffix in {".woff2", ".ttf"}:
            subset_font(font, points)


def setup_icon_font(app):
    app.connect("build-finished", trim_icon_font)
