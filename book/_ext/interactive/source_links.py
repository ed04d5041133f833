"""Links to the library source the chapter teaches: its in-site rendering (viewcode) and its file in the repository."""

import importlib.util
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from .config import get_config


def module_page(module: str) -> str:
    """The viewcode page name of a module, e.g. _modules/package/module."""
    return "_modules/" + module.replace(".", "/")


def repository_file_url(app, module: str) -> str | None:
    """The module's file in the repository, or None when _config.yml sets no repository url."""
    options = app.config.html_theme_options
    url = (options.get("repository_url") or "").rstrip("/")
    if not url:
        return None
    is_package = Path(importlib.util.find_spec(module).origin).name == "__init__.py"
    relative = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    return f"{url}/blob/{options.get('repository_branch') or 'main'}/{relative}"


class SourceRole(SphinxRole):
    """{source}`package.module`: the module's page in this site, then its repository file if set."""

    def run(self):
        module = self.text.strip()
        if importlib.util.find_spec(module) is None:
            msg = self.inliner.reporter.error(f"source: no importable module {module!r}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        in_site = self.env.app.builder.get_relative_uri(self.env.docname, module_page(module))
        result = [nodes.reference("", "", nodes.literal(module, module), refuri=in_site,
                                  classes=["source-in-site"])]
        in_repository = repository_file_url(self.env.app, module)
        if in_repository:
            result += [nodes.Text(" ("), nodes.reference("", "in the repository", refuri=in_repository,
                                                         classes=["source-in-repository"]), nodes.Text(")")]
        return result, []


def add_source_header_buttons(app, pagename, templatename, context, doctree):
    """Add the library's source pages to the header's source menu on every chapter page."""
    if doctree is None or "header_buttons" not in context:
        return
    buttons = []
    for module in get_config(app).source_modules:
        buttons.append({"type": "link", "url": context["pathto"](module_page(module)),
                        "text": f"{module} (this site)", "tooltip": f"Read {module} in this site",
                        "icon": "fas fa-file-code", "label": "source-in-site-button"})
        in_repository = repository_file_url(app, module)
        if in_repository:
            buttons.append({"type": "link", "url": in_repository,
                            "text": f"{module} (repository)", "tooltip": f"{module} in the repository",
                            "icon": "fab fa-github", "label": "source-in-repository-button"})
    context["header_buttons"].append({"type": "group", "tooltip": "Library source", "icon": "fas fa-code",
                                      "buttons": buttons, "label": "library-source-buttons"})


def add_repository_link_to_module_pages(app, pagename, templatename, context, doctree):
    """On a viewcode page, say where the same file lives in the repository."""
    if not pagename.startswith("_modules/") or "body" not in context:
        return
    module = pagename.removeprefix("_modules/").replace("/", ".")
    if module not in get_config(app).source_modules:
        return
    url = repository_file_url(app, module)
    if url:
        context["body"] = (f'<p class="source-in-repository">This file in the repository: '
                           f'<a href="{url}">{url.rsplit("/blob/", 1)[-1]}</a></p>\n') + context["body"]


def setup_source_links(app):
    app.add_role("source", SourceRole())
    app.connect("html-page-context", add_source_header_buttons, priority=510)
    app.connect("html-page-context", add_repository_link_to_module_pages)
