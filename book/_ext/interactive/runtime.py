"""The page's Python (static/runtime.js, a Pyodide worker shared by every widget) and the settings it reads.

Widgets that run Python list `RUNTIME_SCRIPT` first among their scripts. Its tag carries the page's
settings as JSON in `data-config`, the one place the browser side learns them:

    library        the package the page's Python imports (its version is shown once Python is up)
    startup        packages loaded before the first cell, in order (the library's dependencies, then it)
    packages       what the page's Python ships: the official packages served beside the library, and it
    storagePrefix  the localStorage prefix of the reader's edits
    prefetch       "idle" (start Python once the page has settled) or "never"
    binderUrl      this page on Binder ("" when the book names no repository)
    page           this page's name, part of the keys of its stored edits
    exerciseCheck  "module:function" the exercises call with (name, source)
"""

import json
from pathlib import Path

from .config import get_config
from .pyodide_dist import startup_packages


def binder_url(app, pagename: str) -> str:
    """The Binder launch link for a page, built from the book's repository settings ('' if none)."""
    options = app.config.html_theme_options or {}
    hub = (options.get("launch_buttons") or {}).get("binderhub_url", "")
    repository = options.get("repository_url", "")
    if not hub or "github.com/" not in repository:
        return ""
    org_repo = repository.rstrip("/").split("github.com/")[1]
    branch = options.get("repository_branch", "main")
    docs = options.get("path_to_docs", "").strip("/")
    source = app.env.doc2path(pagename, base=False) if pagename in app.env.all_docs else f"{pagename}.md"
    path = "/".join(part for part in (docs, str(source)) if part)
    return f"{hub.rstrip('/')}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{path}"


def _startup(app, settings) -> list[str]:
    """startup_packages, worked out once per build."""
    if not settings.library:
        return []
    if getattr(app, "_interactive_startup", None) is None:
        app._interactive_startup = startup_packages(settings, Path(app.srcdir))
    return app._interactive_startup


def page_config(app, pagename: str) -> dict:
    """The settings runtime.js reads, for one page."""
    settings = get_config(app)
    return {
        "library": settings.library,
        "startup": _startup(app, settings),
        "packages": [*settings.pyodide_packages, settings.library] if settings.library else [],
        "storagePrefix": settings.storage_prefix,
        "prefetch": settings.prefetch,
        "binderUrl": binder_url(app, pagename),
        "page": pagename,
        "exerciseCheck": settings.exercise_check,
    }


def runtime_attributes(app, pagename: str) -> dict:
    return {"data-config": json.dumps(page_config(app, pagename), separators=(",", ":"))}


RUNTIME_SCRIPT = ("runtime.js", runtime_attributes)
