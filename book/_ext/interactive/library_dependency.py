"""Makes every page that executes code depend on `interactive_page_dependencies`, so editing them rebuilds it.

A folder stands for every Python file under it (the library's sources); a file for itself (a measurement).
"""

from pathlib import Path

from .config import get_config


def note_page_dependencies(app, doctree):
    """Record each configured file, and each .py file under a configured folder, for a page that has a kernel."""
    if "kernelspec" not in app.env.metadata.get(app.env.docname, {}):
        return
    for relative in get_config(app).page_dependencies:
        path = Path(app.srcdir) / relative
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            app.env.note_dependency(str(source))


def setup_library_dependency(app):
    app.connect("doctree-read", note_page_dependencies)
