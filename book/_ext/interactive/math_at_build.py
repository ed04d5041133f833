"""Math typeset while the book builds (MathJax 3 from npm mathjax-full, run with Node), not in the reader's browser.

Each page's formulas go to `tex_to_svg.js` in one batch; the HTML gets MathJax's own output: an SVG drawn
in currentColor (it follows the light and dark themes) and the same formula as assistive MathML for
screen readers and copying, with each glyph's outline once per page in a hidden SVG at the top of the
body. The page then loads no MathJax at all. Selected in `_config.yml` with
`html_math_renderer: mathjax_svg_at_build`; a TeX error stops the build and names the formula.
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

RENDERER = "mathjax_svg_at_build"
SCRIPT = Path(__file__).with_name("tex_to_svg.js")
STYLESHEET = "math_svg.css"  # MathJax's CSS for its SVG output, written into _static at build start


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display block, with Sphinx's conventions: blank-line parts aligned, \\\\ split."""
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
    return parts[0] if parts else ""


def typeset(app, formulas: list[dict]) -> dict:
    """Run tex_to_svg.js on [{tex, display}]; returns {styles, html}."""
    node = shutil.which("node")
    if node is None:
        raise MissingBuildInput("Node.js is needed to typeset math at build time: install nodejs (make setup does).")
    result = subprocess.run([node, str(SCRIPT)], input=json.dumps(formulas), capture_output=True, text=True,
                            cwd=app.srcdir)
    if result.returncode != 0:
        raise ExtensionError(f"Math could not be typeset: {result.stderr.strip() or 'tex_to_svg.js failed'}")
    return json.loads(result.stdout)


def write_stylesheet(app):
    if app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    target = Path(app.outdir) / "_static" / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    styles = typeset(app, [])["styles"]
    if not target.is_file() or target.read_text() != styles:
        target.write_text(styles)


def typeset_page(app, doctree, docname):
    """Typeset every formula of one page in one Node run; the HTML visitors below emit the results."""
    if app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    found = [n for n in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
             if not n.get("nowrap")]
    if not found:
        return
    formulas = [{"tex": display_tex(n) if isinstance(n, nodes.math_block) else n.astext(),
                 "display": isinstance(n, nodes.math_block)} for n in found]
    result = typeset(app, formulas)
    for n, html in zip(found, result["html"]):
        n["typeset_html"] = html
    found[0]["typeset_glyphs"] = result["glyphs"]


def add_stylesheet_and_glyphs(app, pagename, templatename, context, doctree):
    if doctree is None or app.builder.math_renderer_name != RENDERER:
        return
    first = next(iter(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))), None)
    if first is not None:
        app.add_css_file(STYLESHEET)
        context["body"] = first.get("typeset_glyphs", "") + context["body"]


def visit_math(self, node):
    # data-tex keeps the source the formula was typeset from (tests compare it; readers can copy it)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight",
                                   **{"data-tex": node.astext()}))
    self.body.append(node["typeset_html"])
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
        self.body.append(node["typeset_html"])
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_math_at_build(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("builder-inited", write_stylesheet)
    app.connect("doctree-resolved", typeset_page)
    app.connect("html-page-context", add_stylesheet_and_glyphs)
