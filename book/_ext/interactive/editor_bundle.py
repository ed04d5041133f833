"""The code editor: CodeMirror 6 (npm, pinned in package-lock.json) bundled by esbuild (npm, pinned) at build time.

`editor/code_editor.mjs` imports what it needs from node_modules (and its style,
`editor/code_editor.css`); esbuild bundles and minifies them into one self-hosted
ES module, `_static/code_editor.js`, with its style beside it in
`_static/code_editor.css`. They are rebuilt only when their inputs change (the
sources, the installed npm packages as node_modules/.package-lock.json lists
them): the hash of those is written on the bundle's first line and compared
before each build. No network is needed beyond `npm ci`. Pages with editors get
`editor.js` (a few KB: it imports the bundle on the reader's intent) with the
bundle's URL. That URL carries no content hash: a rebuild that rewrites no page
would leave the pages naming an old hash, so browsers revalidate the bundle
instead (a 304 when unchanged).
"""

import hashlib
import os
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from .config import get_config
from .files import require

SOURCES = sorted((Path(__file__).parent / "editor").glob("code_editor.*"))  # .mjs, the entry, and its .css
BUNDLE = "code_editor.js"  # and code_editor.css, written beside it
BUNDLE_FILES = (BUNDLE, BUNDLE.replace(".js", ".css"))
ESBUILD_OPTIONS = ["--bundle", "--format=esm", "--minify", "--target=es2020", "--legal-comments=eof", "--log-level=warning"]
logger = logging.getLogger(__name__)


def setup_editor_bundle(app):
    app.connect("builder-inited", build_editor_bundle)


def inputs_hash(node_modules: Path) -> str:
    """A short hash of everything the bundle is made from: its sources, the installed npm packages, esbuild's options."""
    digest = hashlib.sha256()
    installed = require(node_modules / ".package-lock.json", "run `npm ci` (`make setup` does)")
    parts = [path.read_bytes() for path in SOURCES] + [installed.read_bytes()]
    for part in (*parts, " ".join(ESBUILD_OPTIONS).encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def build_editor_bundle(app):
    """Write <outdir>/_static/code_editor.js (and .css) unless they are already built from the same inputs."""
    if app.builder.format != "html":
        return
    node_modules = Path(app.srcdir) / get_config(app).node_modules
    esbuild = require(node_modules / ".bin" / "esbuild", "run `npm ci` (`make setup` does)")
    stamp = f"/* code editor bundle, inputs {inputs_hash(node_modules)} */"
    bundle = Path(app.outdir) / "_static" / BUNDLE
    if not (bundle.is_file() and bundle.with_suffix(".css").is_file() and first_line(bundle) == stamp):
        bundle.parent.mkdir(parents=True, exist_ok=True)
        entry = next(path for path in SOURCES if path.suffix == ".mjs")
        command = [str(esbuild), str(entry), *ESBUILD_OPTIONS, f"--banner:js={stamp}", f"--outfile={bundle}"]
        done = subprocess.run(command, cwd=node_modules.parent, capture_output=True, text=True,
                              env=os.environ | {"NODE_PATH": str(node_modules)})  # the packages, wherever they are
        if done.returncode != 0:
            raise ExtensionError(f"esbuild could not bundle the code editor:\n{done.stderr}")
        logger.info(f"editor: bundled CodeMirror into {bundle} ({bundle.stat().st_size / 1024:.0f} KB)")


def first_line(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return handle.readline().strip()


# The editor's loader, for the scripts of every widget with an editor (after the runtime, before the widget's
# own script); it names the bundle. The frame's style is in cells.css.
EDITOR_SCRIPT = ("editor.js", {"data-bundle": BUNDLE})
