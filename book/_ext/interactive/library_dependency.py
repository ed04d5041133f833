"""Makes every page that executes code depend on the tinytorch sources, so an edit to the library rebuilds it.

A new cost measurement (the file $TINYTORCH_COST_MEASUREMENT names) rebuilds those pages too.
"""

import os
from pathlib import Path


def note_library_dependency(app, doctree):
    """Record each tinytorch/*.py file as a dependency of the page being read, if it has a kernel."""
    if "kernelspec" not in app.env.metadata.get(app.env.docname, {}):
        return
    library = Path(app.srcdir) / "tinytorch"
    for source in sorted(library.rglob("*.py")):
        app.env.note_dependency(str(source))
    measurement = os.environ.get("TINYTORCH_COST_MEASUREMENT")
    if measurement:
        app.env.note_dependency(measurement)


def setup_library_dependency(app):
    app.connect("doctree-read", note_library_dependency)
