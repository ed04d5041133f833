"""The `mermaid` directive: a diagram drawn to SVG when the site is built, by the pinned mermaid in Chromium.

The page carries the drawing inline, so the reader's browser runs no script and fetches nothing for it. Drawn
in the browser, mermaid was a 2.7 MB download and 350-450 ms of main-thread work (here) when a diagram came
near the viewport, enough to delay a click by that much.

Each diagram is drawn twice, in palette.css's light and its dark colours. Only the colours may differ (the
build stops otherwise), so the page gets one SVG: the light drawing, plus the dark drawing's differing style
rules under html[data-theme="dark"], which follow the reader's mode switch at once. Labels are SVG text set
in Arial's metrics (Liberation Sans where it is drawn here), so what was measured here fits on the reader's
screen too. Drawings are kept under the doctree folder, named by a hash of everything that shapes them.
"""

import hashlib
import json
import re
import shutil
from html import escape
from pathlib import Path

import tinycss2
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from .config import get_config
from .files import MissingBuildInput, require
from .widgets import add_widget_node

MERMAID_JS = Path("dist") / "mermaid.min.js"  # in node_modules/mermaid
PALETTE_CSS = Path(__file__).with_name("static") / "palette.css"
DARK = 'html[data-theme="dark"]'
FONT = "Arial, 'Liberation Sans', Arimo, Helvetica, sans-serif"  # metric-compatible faces
DRAWING_ID = "tt-diagram-drawing"  # mermaid's id for the drawing; each use on a page gets its own
# mermaid colour -> the palette's variable: orange borders, pale or slate boxes, readable text
PALETTE_VARIABLES = {
    "primaryColor": "--tt-accent-muted", "primaryBorderColor": "--tt-accent", "primaryTextColor": "--tt-text-strong",
    "lineColor": "--tt-line", "background": "--tt-background",
}
DRAW = """async ([source, id, mode, variables, font]) => {
    document.documentElement.dataset.theme = mode;
    const style = getComputedStyle(document.documentElement);
    const colours = Object.fromEntries(Object.entries(variables).map(([key, name]) => [key, style.getPropertyValue(name).trim()]));
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base", htmlLabels: false,
                         flowchart: { htmlLabels: false }, themeVariables: { ...colours, fontFamily: font } });
    try {
        return { svg: (await mermaid.render(id, source)).svg };
    } catch (error) {
        return { error: String(error && error.message || error) };
    }
}"""
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
OTHER_ID = re.compile(rf'\bid="(?!{DRAWING_ID})([^"]+)"')  # mermaid's node and edge ids ("flowchart-X-0")
REFERENCE = re.compile(r'url\(#([^)]+)\)|href="#([^"]+)"')


class mermaid_diagram(nodes.General, nodes.Element):
    """A mermaid diagram: its source, and the SVG drawn from it at build time."""


class MermaidDirective(SphinxDirective):
    """```{mermaid}``` with the diagram source as content; :alt: names it for screen readers."""

    has_content = True
    option_spec = {"alt": directives.unchanged, "caption": directives.unchanged, "name": directives.unchanged}

    def run(self):
        if not self.content:
            raise self.error("mermaid: the directive needs a diagram source as its content")
        diagram = mermaid_diagram(source="\n".join(self.content), alt=self.options.get("alt", ""))
        self.set_source_info(diagram)
        caption = self.options.get("caption")
        if not caption:
            self.add_name(diagram)
            return [diagram]
        caption_nodes, messages = self.state.inline_text(caption, self.lineno)
        figure = nodes.figure("", diagram, nodes.caption(caption, "", *caption_nodes))
        figure["classes"].append("mermaid-figure")
        self.add_name(figure)
        return [figure, *messages]


# ---- drawing ------------------------------------------------------------------------------------------------
def selectors_under(prefix: str, prelude) -> str:
    """A rule's selector list with `prefix` before each selector."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return ",".join(f"{prefix} {tinycss2.serialize(selector).strip()}" for selector in selectors)


def dark_rules(light_css: str, dark_css: str) -> str:
    """The dark drawing's style rules that differ from the light one's, each under html[data-theme="dark"]."""
    def parse(css):
        return tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    light, dark = parse(light_css), parse(dark_css)
    if len(light) != len(dark):
        raise ExtensionError("mermaid: the light and dark drawings have different style rules")
    changed = []
    for light_rule, dark_rule in zip(light, dark):
        if light_rule.serialize() == dark_rule.serialize():
            continue
        if dark_rule.type != "qualified-rule":
            raise ExtensionError(f"mermaid: a {dark_rule.type} differs between light and dark: {dark_rule.serialize()}")
        changed.append(f"{selectors_under(DARK, dark_rule.prelude)}{{{tinycss2.serialize(dark_rule.content)}}}")
    return "".join(changed)


def both_modes(light: str, dark: str, where: str) -> str:
    """One SVG: the light drawing, with the dark one's differing colours as rules under html[data-theme="dark"].

    Every id in it starts with DRAWING_ID (node and edge ids get it as a prefix), so that the page can make
    them its own by replacing that one string."""
    if STYLE.sub("", light) != STYLE.sub("", dark):
        raise ExtensionError(f"{where}: mermaid drew the light and dark diagrams with different shapes")
    light_css, dark_css = STYLE.search(light).group(1), STYLE.search(dark).group(1)
    svg = light.replace(light_css, light_css + dark_rules(light_css, dark_css), 1)
    svg = OTHER_ID.sub(rf'id="{DRAWING_ID}-\1"', svg)
    targets = {a or b for a, b in REFERENCE.findall(svg)}
    if any(not target.startswith(DRAWING_ID) for target in targets):
        raise ExtensionError(f"{where}: the drawing refers to an id outside it: {sorted(targets)}")
    return svg


def mermaid_package(app) -> Path:
    """node_modules/mermaid, the pinned package that draws the diagrams."""
    return require(Path(app.srcdir) / get_config(app).node_modules / "mermaid", "run `npm ci` (`make setup` does)")


def draw(app, diagrams: list) -> list:
    """SVGs for (source, where) pairs, in one Chromium session; a source mermaid rejects stops the build."""
    from playwright.sync_api import sync_playwright  # only builds that draw need it

    chromium = shutil.which("chromium")
    if chromium is None:
        raise MissingBuildInput("Chromium draws the mermaid diagrams at build time: install chromium (make does).")
    mermaid_js = require(mermaid_package(app) / MERMAID_JS, "run `npm ci` (`make setup` does)")
    drawings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><html><head></head><body></body></html>")
            page.add_style_tag(path=str(PALETTE_CSS))
            page.add_script_tag(path=str(mermaid_js))
            for source, where in diagrams:
                svgs = {}
                for mode in ("light", "dark"):
                    drawn = page.evaluate(DRAW, [source, DRAWING_ID, mode, PALETTE_VARIABLES, FONT])
                    if "error" in drawn:
                        raise ExtensionError(f"{where}: mermaid could not draw this diagram: {drawn['error']}")
                    svgs[mode] = drawn["svg"]
                drawings.append(both_modes(svgs["light"], svgs["dark"], where))
        finally:
            browser.close()
    return drawings


def drawing_key(app, source: str) -> str:
    """A hash of everything that shapes a drawing: mermaid's version, the palette, this module, the source."""
    version = json.loads((mermaid_package(app) / "package.json").read_text())["version"]
    shaping = [version, PALETTE_CSS.read_text(), Path(__file__).read_text(), source]
    return hashlib.sha256("\0".join(shaping).encode()).hexdigest()[:24]


def draw_page(app, doctree, docname):
    """Give every diagram of a page its SVG: kept ones from the doctree folder, the others drawn now."""
    if app.builder.format != "html":
        return
    found = list(doctree.findall(mermaid_diagram))
    if not found:
        return
    kept = Path(app.doctreedir) / "mermaid"
    keys = [drawing_key(app, node["source"]) for node in found]
    missing = {key: node for key, node in zip(keys, found) if not (kept / f"{key}.svg").is_file()}
    if missing:
        where = [f"{node.source or docname}:{node.line or '?'}" for node in missing.values()]
        drawings = draw(app, [(node["source"], place) for node, place in zip(missing.values(), where)])
        kept.mkdir(parents=True, exist_ok=True)
        for key, svg in zip(missing, drawings):
            (kept / f"{key}.svg").write_text(svg, encoding="utf-8")
    for key, node in zip(keys, found):
        node["svg"] = (kept / f"{key}.svg").read_text(encoding="utf-8")


def visit_mermaid_html(translator, node):
    alt = node["alt"]
    label = f' role="img" aria-label="{escape(alt)}"' if alt else ""
    number = getattr(translator, "tt_diagrams", 0) + 1  # ids unique on the page, even for a repeated diagram
    translator.tt_diagrams = number
    svg = node["svg"].replace(DRAWING_ID, f"tt-diagram-{number}")
    translator.body.append(f'<div class="mermaid-diagram"{label}>{svg}</div>\n')


def setup_mermaid(app):
    add_widget_node(app, mermaid_diagram, visit_mermaid_html)
    app.add_directive("mermaid", MermaidDirective)
    app.connect("doctree-resolved", draw_page)
