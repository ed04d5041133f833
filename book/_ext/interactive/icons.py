"""Only the icons a page shows, as inline SVG, instead of the theme's 1.5 MB Font Awesome script.

The theme writes icons as `<i class="fa-solid fa-list">` and loads Font Awesome's JavaScript to turn
every such tag into an SVG after load. Once the build has written its pages, this module does that
turning itself: each `<i>` becomes the same SVG (paths from the pinned npm packages
@fortawesome/free-solid-svg-icons and -brands, the version the theme bundles), the script tag goes,
and so does the script. `icons.css` sizes the SVGs as Font Awesome's own CSS would.
"""

import json
import re
import shutil
import subprocess
from html import escape, unescape
from pathlib import Path

from sphinx.errors import ExtensionError

from .files import MissingBuildInput

SCRIPT = Path(__file__).with_name("fa_icons.js")
STYLESHEET = "icons.css"
THEME_SCRIPT = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
ICON_TAG = re.compile(r"<i\s+([^>]*)>\s*</i>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
STYLES = {"fa-solid": "solid", "fas": "solid", "fa-brands": "brands", "fab": "brands"}
NOT_NAMES = {"fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-2x", "fa-spin"}


def icon_of(classes: list[str]):
    """(style, name) of a Font Awesome class list, or None when it names no icon."""
    style = next((STYLES[c] for c in classes if c in STYLES), None)
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in STYLES and c not in NOT_NAMES]
    return (style, names[-1]) if style and names else None


def inline_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {path: path.read_text(encoding="utf-8") for path in outdir.rglob("*.html")}
    wanted = set()
    for text in pages.values():
        for match in ICON_TAG.finditer(text):
            icon = icon_of(dict(ATTRIBUTE.findall(match.group(1))).get("class", "").split())
            if icon:
                wanted.add(icon)
    paths = _icon_paths(sorted(wanted)) if wanted else {}
    for path, text in pages.items():
        changed = ICON_TAG.sub(lambda m: _svg(m, paths), THEME_SCRIPT.sub("", text))
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    for leftover in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        leftover.unlink()


def _svg(match, paths) -> str:
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    classes = attributes.get("class", "").split()
    icon = icon_of(classes)
    if icon is None:
        return match.group(0)
    width, height, d = paths[f"{icon[0]} {icon[1]}"]
    title = attributes.pop("title", None)
    attributes["class"] = " ".join(classes + ["tt-icon"])
    attributes.update({"aria-hidden": "true", "focusable": "false", "viewBox": f"0 0 {width} {height}"})
    attrs = " ".join(f'{k}="{v}"' for k, v in attributes.items())
    tip = f"<title>{escape(unescape(title))}</title>" if title else ""
    return f'<svg xmlns="http://www.w3.org/2000/svg" {attrs}>{tip}<path fill="currentColor" d="{d}"/></svg>'


def _icon_paths(icons) -> dict:
    node = shutil.which("node")
    if node is None:
        raise MissingBuildInput("Node.js is needed to inline the page icons: install nodejs (make setup does).")
    result = subprocess.run([node, str(SCRIPT)], input=json.dumps(icons), capture_output=True, text=True,
                            cwd=Path(__file__).parents[3])
    if result.returncode != 0:
        raise ExtensionError(f"The page icons could not be inlined: {result.stderr.strip()}")
    return json.loads(result.stdout)


def setup_icons(app):
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", inline_icons)
