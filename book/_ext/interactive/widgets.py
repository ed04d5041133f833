"""How every widget is wired: its node in the doctree, its HTML, and the CSS and JS its pages need.

One way for each: a widget is a docutils node class (or a test on nodes, for MyST-NB's cells) whose
HTML visitor writes its markup (escaped with html.escape); `add_widget_node` registers it for HTML and
leaves it out of other formats; `add_assets_for` gives exactly the pages holding it its CSS and JS.
"""

from docutils import nodes


def page_has(doctree, widget) -> bool:
    """Whether the page holds `widget`: a node class, or a test `widget(node) -> bool` on its nodes."""
    if doctree is None:
        return False
    if isinstance(widget, type):
        return next(iter(doctree.findall(widget)), None) is not None
    return any(widget(node) for node in doctree.findall(nodes.Element))


def add_assets_for(app, widget, css=(), js=(), priority=500):
    """On every page that holds `widget`, add its stylesheets and its scripts (deferred, in the order given).

    A script is a file name, or (file name, attributes) where attributes is a dict or a function
    (app, pagename) -> dict. Sphinx adds a file with the same attributes once per page, so widgets that
    share a file (the editor's CSS, the runtime) may both list it.
    """
    def add(app, pagename, templatename, context, doctree):
        if not page_has(doctree, widget):
            return
        for name in css:
            app.add_css_file(name)
        for script in js:
            name, attributes = script if isinstance(script, tuple) else (script, {})
            if callable(attributes):
                attributes = attributes(app, pagename)
            app.add_js_file(name, **({"defer": "defer"} | attributes))

    app.connect("html-page-context", add, priority=priority)


def add_widget_node(app, node_class, visit, depart=None):
    """Register a widget's node: `visit` (and `depart`, for a node whose children are written too) writes its
    HTML; builders for other formats skip it. A `visit` without `depart` writes the whole widget."""
    def visit_whole(translator, node):
        visit(translator, node)
        raise nodes.SkipNode

    app.add_node(node_class, html=(visit, depart) if depart else (visit_whole, None),
                 latex=(_skip, None), text=(_skip, None))


def _skip(translator, node):
    raise nodes.SkipNode
