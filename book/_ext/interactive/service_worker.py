"""The site's service worker: `sw.js` at the site root, stamped with a build id and the Python runtime's file list.

Runs at build-finished after every hook that writes into the site (the Pyodide
distribution, media, pdf.js), so the build id, a hash of every file the site
serves, changes whenever any of them does. The worker keeps all files of one
build in one cache named after that id (see static/sw.js).
"""

import hashlib
import json
import re
from pathlib import Path

from sphinx.util import logging

from .config import get_config
from .editor_bundle import BUNDLE_FILES
from .files import MissingBuildInput
from .pyodide_dist import CORE_FILES

STATIC_DIR = Path(__file__).parent / "static"
WORKER_NAME = "sw.js"
BUILD_ID_MARK = '"__BUILD_ID__"'
RUNTIME_FILES_MARK = '["__RUNTIME_FILES__"]'
CACHE_PREFIX_MARK = '"__CACHE_PREFIX__"'
RUNTIME_SCRIPTS = ("_static/worker.js", "_static/output_cap.js", "_static/kept_copies.js", "_static/cell_runner.py",
                   "_static/completion.py")
EDITOR_FILES = tuple(f"_static/{name}" for name in BUNDLE_FILES)  # kept with the runtime: offline, code is edited too
AFTER_EVERY_WRITER = 900  # build-finished priority: later than the default 500 of the hooks that write files
logger = logging.getLogger(__name__)


def setup_service_worker(app):
    app.add_js_file("sw_register.js", defer="defer")
    app.add_css_file("sw_notice.css")
    app.connect("build-finished", _write_service_worker, priority=AFTER_EVERY_WRITER)


def build_id(site: Path) -> str:
    """A short hash of every file the site serves (path and content), the service worker itself excepted."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative in (WORKER_NAME, f"_static/{WORKER_NAME}"):
            continue
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_prefix(storage_prefix: str) -> str:
    """The names of this site's caches start with this: "course:chapter:" -> "course-chapter-site-"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", storage_prefix).strip("-") + "-site-"


def runtime_files(site: Path, library: str) -> list[str]:
    """Site-relative paths of what the page fetches to start Python: Pyodide's core, the library and its dependencies
    (and the code editor's bundle, so a reader who ran Python here can edit code offline too)."""
    dist = site / "_static" / "pyodide"
    packages = json.loads((dist / "pyodide-lock.json").read_text())["packages"]
    needed, todo = set(), [library]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(packages[name].get("depends", []))
    files = [*CORE_FILES, "pyodide-lock.json", *(packages[name]["file_name"] for name in sorted(needed))]
    missing = [name for name in files if not (dist / name).is_file()]
    if missing:
        raise MissingBuildInput(f"The service worker cannot list the Python runtime: {', '.join(missing)} "
                                f"missing from {dist}.")
    return [f"_static/pyodide/{name}" for name in files] + list(RUNTIME_SCRIPTS) + list(EDITOR_FILES)


def write_service_worker(site: Path, library: str, storage_prefix: str) -> str:
    """Write `sw.js` into the site root from the template; return the build id stamped into it."""
    template = (STATIC_DIR / WORKER_NAME).read_text()
    for mark in (BUILD_ID_MARK, RUNTIME_FILES_MARK, CACHE_PREFIX_MARK):
        if template.count(mark) != 1:
            raise ValueError(f"The template {STATIC_DIR / WORKER_NAME} must hold {mark} exactly once.")
    stamp = build_id(site)
    text = (template.replace(BUILD_ID_MARK, json.dumps(stamp))
            .replace(RUNTIME_FILES_MARK, json.dumps(runtime_files(site, library)))
            .replace(CACHE_PREFIX_MARK, json.dumps(cache_prefix(storage_prefix))))
    (site / WORKER_NAME).write_text(text)
    (site / "_static" / WORKER_NAME).unlink(missing_ok=True)  # the unstamped template Sphinx copied with the static files
    return stamp


def _write_service_worker(app, exception):
    settings = get_config(app)
    if exception is not None or app.builder.format != "html" or not settings.pyodide_dist:
        return
    stamp = write_service_worker(Path(app.outdir), settings.library, settings.storage_prefix)
    logger.info(f"service worker: build {stamp} written to {Path(app.outdir) / WORKER_NAME}")
