"""Copies the browser libraries the site hosts itself (mermaid) from node_modules into _static/vendor.

Math needs none: it is typeset at build time (math_at_build.py)."""

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

# name in _static/vendor -> (folder in node_modules, the files and folders the site needs from it)
VENDOR_ASSETS = {
    "mermaid": ("mermaid/dist", ["mermaid.min.js"]),
}


def setup_vendor_assets(app):
    app.connect("builder-inited", copy_vendor_assets)


def copy_vendor_assets(app):
    """Place every vendored file under <outdir>/_static/vendor, copying only what changed."""
    if app.builder.format != "html":
        return
    node_modules = Path(app.srcdir) / "node_modules"
    vendor_dir = Path(app.outdir) / "_static" / "vendor"
    for name, (package_dir, parts) in VENDOR_ASSETS.items():
        for part in parts:
            source = node_modules / package_dir / part
            if not source.exists():
                raise ExtensionError(f"{source} is missing: run `npm ci` (`make setup` does)")
            files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
            for file in files:
                _copy_if_changed(file, vendor_dir / name / part / file.relative_to(source))


def _copy_if_changed(source: Path, target: Path):
    """Copy source to target unless target already has the same size and modification time."""
    if target.is_file():
        src, dst = source.stat(), target.stat()
        if src.st_size == dst.st_size and int(src.st_mtime) == int(dst.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
