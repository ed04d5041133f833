"""The `mermaid` directive: a diagram drawn in the reader's browser by the site's own copy of mermaid."""

from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

MERMAID_INIT_JS = "mermaid_init.js"  # loads vendor/mermaid/mermaid.min.js (placed by vendor_assets.py) when needed


class mermaid_diagram(nodes.General, nodes.Element):
    """A mermaid diagram's source, rendered to SVG in the browser."""


class MermaidDirective(SphinxDirective):
    """```{mermaid}``` with the diagram source as content; :alt: names it for screen readers."""

    has_content = True
    option_spec = {"alt": directives.unchanged, "caption": directives.unchanged, "name": directives.unchanged}

    def run(self):
        if not self.content:
            raise self.error("mermaid: the directive needs a diagram source as its content")
        diagram = mermaid_diagram(source="\n".join(self.content), alt=self.options.get("alt", ""))
        caption = self.options.get("caption")
        if not caption:
            self.add_name(diagram)
            return [diagram]
        caption_nodes, messages = self.state.inline_text(caption, self.lineno)
        figure = nodes.figure("", diagram, nodes.caption(caption, "", *caption_nodes))
        figure["classes"].append("mermaid-figure")
        self.add_name(figure)
        return [figure, *messages]


def visit_mermaid_html(translator, node):
    alt = node["alt"]
    label = f' role="img" aria-label="{escape(alt)}"' if alt else ""
    translator.body.append(
        f'<div class="mermaid-diagram"{label}><pre class="mermaid">{escape(node["source"])}</pre></div>\n'
    )
    raise nodes.SkipNode


def add_mermaid_scripts(app, pagename, templatename, context, doctree):
    """Give pages that have a diagram the script that fetches mermaid once a diagram is near the viewport."""
    if doctree is not None and next(iter(doctree.findall(mermaid_diagram)), None) is not None:
        app.add_js_file(MERMAID_INIT_JS, defer="defer")


def setup_mermaid(app):
    app.add_node(mermaid_diagram, html=(visit_mermaid_html, None))
    app.add_directive("mermaid", MermaidDirective)
    app.connect("html-page-context", add_mermaid_scripts)
