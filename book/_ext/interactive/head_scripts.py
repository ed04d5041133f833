"""No script blocks the first paint: every head script runs after the HTML is parsed, in the same order.

Sphinx and the themes put their scripts in the head as plain `<script src>` tags, and the browser stops
rendering until each one has downloaded and run. On every page but search.html this module gives those tags `defer`
(they still run in document order, before DOMContentLoaded, where their own set-up waits anyway) and
turns the inline snippets that set fields of `DOCUMENTATION_OPTIONS` into inline modules, which also
wait for the parse, so they still run after `documentation_options.js` defines that object.

pydata-sphinx-theme also writes Sphinx's search machinery (searchtools.js, language_data.js and the
whole searchindex.js) into every page's head for search-as-you-type. With that theme option off, the
search box just opens search.html, which loads them itself, so after the build those three tags are
dropped from every other page.
"""

from pathlib import Path
import re

from sphinx.builders.html._assets import _JavaScript

from .files import rewrite_pages

LOADING_ATTRIBUTES = ("defer", "async", "type")

# pydata-sphinx-theme's head snippet leaves data-theme="auto" on a first visit; its deferred script
# later writes "light" or "dark" there, and a changed attribute on <html> that the stylesheets select
# on restyles every element of the page after it has been drawn (about 370 ms of style work for this
# chapter on a 4x-slowed phone CPU, a long task). Settled here in the head, before the body is parsed,
# with the theme's own rule (the stored mode if it is light or dark, else the system's scheme), the
# later write changes nothing, and a first visit paints in the reader's scheme from the start.
SETTLE_THEME = """(() => {
  const root = document.documentElement, mode = root.dataset.mode;
  if (root.dataset.theme === "light" || root.dataset.theme === "dark") return;
  const system = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  root.dataset.theme = mode === "light" || mode === "dark" ? mode : system;
})();"""
SEARCH_SCRIPTS = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n?')


def deferred(script: _JavaScript) -> _JavaScript:
    """The same script, made to wait for the parse; a script already deferred, async or a module is kept."""
    attributes = script.attributes
    if any(a in attributes for a in LOADING_ATTRIBUTES):
        return script
    if script.filename:
        return _JavaScript(script.filename, priority=script.priority, **attributes, defer="defer")
    if "DOCUMENTATION_OPTIONS" in attributes.get("body", ""):
        return _JavaScript(script.filename, priority=script.priority, **attributes, type="module")
    return script  # an inline snippet that defines a variable for a later script: it may run at once


def defer_page_scripts(app, pagename, templatename, context, doctree):
    # search.html runs searchtools.js straight from its template, and that needs doctools.js at once
    if pagename != "search" and "script_files" in context:
        context["script_files"] = [deferred(script) for script in context["script_files"]]


def drop_search_scripts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if str(app.config.html_theme_options.get("search_as_you_type", False)).lower() == "true":
        return
    outdir = Path(app.outdir)
    rewrite_pages(outdir, lambda page: SEARCH_SCRIPTS.sub("", page), skip=(outdir / "search.html",))


def setup_head_scripts(app):
    app.add_js_file(None, body=SETTLE_THEME, priority=0)  # inline, runs at once: first among the head's scripts
    app.connect("html-page-context", defer_page_scripts, priority=900)  # after the themes add theirs
    app.connect("build-finished", drop_search_scripts)
