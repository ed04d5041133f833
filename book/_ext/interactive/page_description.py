"""A `<meta name="description">` for every page that has none: its first paragraph of prose, shortened.

Search engines show it under the page's title (Lighthouse's SEO audit asks for it). A page can still
set its own with MyST front matter (`myst: html_meta: description: ...`); that one wins.
"""

from html import escape

from docutils import nodes

MAX_CHARS = 160
MIN_CHARS = 60  # shorter paragraphs (a label, a one-line note) describe nothing
NOT_PROSE = (nodes.Admonition, nodes.table, nodes.container, nodes.sidebar, nodes.topic, nodes.footnote,
             nodes.caption, nodes.list_item)


def first_prose(doctree) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, NOT_PROSE) for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) >= MIN_CHARS:
            return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def shorten(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def add_description(app, pagename, templatename, context, doctree):
    if doctree is None or 'name="description"' in context.get("metatags", ""):
        return
    text = first_prose(doctree)
    if text:
        context["metatags"] = context.get("metatags", "") + \
            f'\n    <meta name="description" content="{escape(shorten(text))}" />'


def setup_page_description(app):
    app.connect("html-page-context", add_description)
