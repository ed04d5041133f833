"""The `mermaid` directive: a diagram drawn in the reader's browser by the site's own copy of mermaid."""

from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .widgets import add_assets_for, add_widget_node

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


def setup_mermaid(app):
    add_widget_node(app, mermaid_diagram, visit_mermaid_html)
    app.add_directive("mermaid", MermaidDirective)
    add_assets_for(app, mermaid_diagram, js=[MERMAID_INIT_JS])  # fetches mermaid once a diagram nears the viewport
