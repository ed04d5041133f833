"""Math turned into MathML while the book builds (MathJax 3's TeX parser from npm mathjax-full, run with Node).

Each page's formulas go to `tex_to_mathml.js` in one batch, and the HTML gets one `<math>` element per formula,
which the browser lays out itself (MathML Core): no typesetting script, a few elements per formula instead of
an SVG drawing of every glyph, text a reader can select and copy, and a formula screen readers read as math.
The formulas are drawn in currentColor, so they follow the light and dark themes, and in a math font cut to
the characters they use (math_font.py), which comes inside the page's stylesheet. Selected in `_config.yml` with
`html_math_renderer: mathml_at_build`; a TeX error stops the build and names the formula.
"""

import json
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from .files import MissingBuildInput
from .math_font import FONT_STYLESHEET, setup_math_font

RENDERER = "mathml_at_build"
SCRIPT = Path(__file__).with_name("tex_to_mathml.js")
STYLESHEET = "math.css"  # the formulas' font family and layout (static/math.css); the face is math-font.css


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display block, with Sphinx's conventions: blank-line parts aligned, \\\\ split."""
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
    return parts[0] if parts else ""


def to_mathml(app, formulas: list[dict]) -> list[str]:
    """Run tex_to_mathml.js on [{tex, display}]; returns one <math> element per formula."""
    node = shutil.which("node")
    if node is None:
        raise MissingBuildInput("Node.js is needed to turn math into MathML at build time: install nodejs (make does).")
    result = subprocess.run([node, str(SCRIPT)], input=json.dumps(formulas), capture_output=True, text=True,
                            cwd=app.srcdir)
    if result.returncode != 0:
        raise ExtensionError(f"Math could not be typeset: {result.stderr.strip() or 'tex_to_mathml.js failed'}")
    return json.loads(result.stdout)["html"]


def convert_page(app, doctree, docname):
    """Convert every formula of one page in one Node run; the HTML visitors below emit the results."""
    if app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    found = [n for n in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
             if not n.get("nowrap")]
    if not found:
        return
    formulas = [{"tex": display_tex(n) if isinstance(n, nodes.math_block) else n.astext(),
                 "display": isinstance(n, nodes.math_block)} for n in found]
    for n, mathml in zip(found, to_mathml(app, formulas)):
        n["mathml"] = mathml


def add_stylesheets(app, pagename, templatename, context, doctree):
    """Pages with math link the formulas' layout and the math font (both end up in the page's one bundle)."""
    if doctree is None or app.builder.math_renderer_name != RENDERER:
        return
    if next(iter(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))), None) is None:
        return
    app.add_css_file(STYLESHEET)
    app.add_css_file(FONT_STYLESHEET)


def visit_math(self, node):
    # data-tex keeps the source the formula was made from (tests compare it; readers can copy it)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight",
                                   **{"data-tex": node.astext()}))
    self.body.append(node["mathml"])
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_math_block(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight",
                                   **{"data-tex": node.astext()}))
    if node["nowrap"]:
        self.body.append(self.encode(node.astext()))
    else:
        if node["number"]:
            self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
            self.add_permalink_ref(node, _("Link to this equation"))
            self.body.append("</span>")
        self.body.append(node["mathml"])
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_math_at_build(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("doctree-resolved", convert_page)
    app.connect("html-page-context", add_stylesheets)
    setup_math_font(app)
