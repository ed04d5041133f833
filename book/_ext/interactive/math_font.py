"""The font the formulas are drawn in: an OpenType math font cut to the characters the site's MathML uses.

Browsers lay MathML out with a math font's MATH table (script sizes, fraction rules, stretchy brackets and
radicals), so the formulas need one; the phone cannot be trusted to have one installed. After the build this
module reads every page's `<math>` elements, collects their characters, adds the italic letter Chromium
draws for a one-letter identifier (MathML's automatic italic uses Unicode's mathematical italic letters, so
`x` is drawn with 𝑥), and cuts the configured font (`interactive_math_font`, Latin Modern Math by default)
to those glyphs. The woff2 goes inside the stylesheet `_static/math-font.css` as a data URL, so it arrives with
the page's one stylesheet bundle, before the first paint: a font that came later would lay every formula out
again and move the text below them (on Lighthouse's desktop runs, a layout shift of 0.06 to 0.08 in two of five). The cut keeps the MATH table and its glyph variants, so
brackets, sums and radicals still grow with what they enclose. It runs after
every page is written, so an incremental build sees the formulas of the pages it did not rebuild too.
"""

import base64
import html
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from .config import get_config
from .files import MissingBuildInput

FONT_STYLESHEET = "math-font.css"  # in _static: the font face, its woff2 inside; every page with math links it
FAMILY = "Site Math"  # the name math.css draws formulas in
MATH_ELEMENT = re.compile(r"<math\b[^>]*>(.*?)</math>", re.S)
TAG = re.compile(r"<[^>]*>")
ROOT_ELEMENT = re.compile(r"<m(?:sqrt|root)\b")
RADICAL = "\u221a"

# Chromium's automatic italic (MathML Core's text-transform: math-auto): letter -> mathematical italic letter
ITALIC = {**{chr(c): 0x1D434 + c - ord("A") for c in range(ord("A"), ord("Z") + 1)},
          **{chr(c): 0x1D44E + c - ord("a") for c in range(ord("a"), ord("z") + 1)},
          **{chr(c): 0x1D6E2 + c - 0x391 for c in range(0x391, 0x3AA) if c != 0x3A2},
          **{chr(c): 0x1D6FC + c - 0x3B1 for c in range(0x3B1, 0x3CA)},
          "h": 0x210E, "\u2207": 0x1D6FB, "\u2202": 0x1D715, "\u03f5": 0x1D716, "\u03d1": 0x1D717,
          "\u03f0": 0x1D718, "\u03d5": 0x1D719, "\u03f1": 0x1D71A, "\u03d6": 0x1D71B}


def characters_in_math(page: str) -> set[str]:
    """Every character the page's <math> elements draw: their text (entities decoded), and the radical sign
    of a square or nth root, which the browser draws from the font's U+221A and its taller variants."""
    found = set()
    for body in MATH_ELEMENT.findall(page):
        found |= set(html.unescape(TAG.sub("", body)))
        if ROOT_ELEMENT.search(body):
            found.add(RADICAL)
    return found


def code_points(characters: set[str]) -> set[int]:
    """The characters' code points, plus the italic letter of each letter a one-letter identifier may show as."""
    points = {ord(c) for c in characters}
    return points | {ITALIC[c] for c in characters if c in ITALIC}


def cut_font(source: Path, points: set[int]) -> bytes:
    """The font at `source` holding only the glyphs `points` need (MATH variants included), as woff2 bytes."""
    font = TTFont(source)
    if "MATH" not in font:
        raise MissingBuildInput(f"{source} has no MATH table, so browsers cannot lay formulas out with it; "
                                "set interactive_math_font to an OpenType math font.")
    options = subset.Options()
    options.flavor = "woff2"
    # No layout features: they would bring ~150 alternate glyphs (script-size letters for `ssty`...) and double
    # the file, and Chromium draws every formula of the chapter pixel for pixel the same without them
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True  # plainer outlines compress better in woff2
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points & set(font.getBestCmap()))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def font_face(woff2: bytes) -> str:
    """The @font-face rule for the cut font, the woff2 inside it."""
    data = base64.b64encode(woff2).decode("ascii")
    return (f'@font-face {{\n  font-family: "{FAMILY}";\n  src: url(data:font/woff2;base64,{data}) format("woff2");\n'
            "  font-display: block;\n}\n")


def font_inside(stylesheet: str) -> bytes:
    """The woff2 a math-font.css holds."""
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", stylesheet).group(1))


def write_math_font(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    characters = set()
    for page in outdir.rglob("*.html"):
        characters |= characters_in_math(page.read_text(encoding="utf-8"))
    target = outdir / "_static" / FONT_STYLESHEET
    if not characters:
        target.unlink(missing_ok=True)
        return
    source = Path(get_config(app).math_font)
    if not source.is_file():
        raise MissingBuildInput(f"The math font {source} is missing: install Debian's fonts-lmodern (make does), "
                                "or set interactive_math_font to another OpenType math font.")
    stylesheet = font_face(cut_font(source, code_points(characters)))
    if not target.is_file() or target.read_text(encoding="ascii") != stylesheet:
        target.write_text(stylesheet, encoding="ascii")


# build-finished: before css_bundle.py (850) puts the page's stylesheets, this one included, into one file
PRIORITY = 500


def setup_math_font(app):
    app.connect("build-finished", write_math_font, priority=PRIORITY)
