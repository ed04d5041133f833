"""Copies the browser libraries the site hosts itself from node_modules into _static/vendor/<name>/.

pdf.js (the slide viewer, with its worker). Math and diagrams need nothing in the browser: they are made at
build time (math_at_build.py, mermaid_diagram.py).
"""

from pathlib import Path

from .config import get_config
from .files import copy_tree_if_changed, require

VENDOR_DIR = "vendor"
# name in _static/vendor -> (folder in node_modules, the files the site needs from it)
VENDOR_ASSETS = {
    "pdfjs": ("pdfjs-dist/build", ("pdf.min.mjs", "pdf.worker.min.mjs")),
}


def vendor_path(name: str, file: str) -> str:
    """Where a vendored file is served, relative to _static/."""
    if file not in VENDOR_ASSETS[name][1]:
        raise KeyError(f"{file} is not among the files vendored from {name}")
    return f"{VENDOR_DIR}/{name}/{file}"


def copy_vendor_assets(app):
    """Place every vendored file under <outdir>/_static/vendor, copying only what changed."""
    if app.builder.format != "html":
        return
    node_modules = Path(app.srcdir) / get_config(app).node_modules
    for name, (package_dir, files) in VENDOR_ASSETS.items():
        for file in files:
            source = require(node_modules / package_dir / file, "run `npm ci` (`make setup` does)")
            copy_tree_if_changed(source, Path(app.outdir) / "_static" / vendor_path(name, file))


def setup_vendor_assets(app):
    app.connect("builder-inited", copy_vendor_assets)
