"""Each page's stylesheets as one file: one request on the critical path instead of eighteen.

A chapter page links about eighteen stylesheets (Sphinx's, the theme's, each widget's), and a phone on a
slow network pays a round trip for each batch of them before it can paint anything: on Lighthouse's
simulated phone the first paint came about a second sooner with one file (bench/lighthouse.py). After
the build, this module writes the stylesheets each page links, in their order, into one file named by
its content (`_static/bundles/<hash>.css`, so pages with the same set share it, and its `?v=` lets a
server cache it for good), and gives the page one link to it. The widget sources stay one file each.

Inside the bundle, `@import`s are replaced by the file they import, `url(...)`s are rewritten to be
relative to the bundle, and `@charset` and source-map comments are dropped; then css_purge.py leaves out
the rules for classes the site never uses (about half of the chapter's 500 KB). A stylesheet with a
`media` other than all, or one outside `_static/`, keeps its own link.
"""

import functools
import hashlib
import os
import posixpath
import re
from pathlib import Path

from sphinx.errors import ExtensionError

from .css_purge import known_names, without_unused_rules
from .files import replace_spans

STYLESHEET_LINK = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*>\n?')
HREF = re.compile(r'\bhref="([^"]+)"')
MEDIA = re.compile(r'\bmedia="([^"]*)"')
BUNDLED = re.compile(r'\bdata-bundled="([^"]*)"')
IMPORT = re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')\s;]+)["\']?\s*\)?\s*;')
URL = re.compile(r'url\(\s*(["\']?)([^)"\']+)\1\s*\)')
CHARSET = re.compile(r'@charset\s+"[^"]*"\s*;')
SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")
BUNDLES = Path("_static") / "bundles"
PRIORITY = 850  # build-finished: after every hook that edits pages or stylesheets, before the service worker


def stylesheet_text(path: Path, bundle_dir: Path, seen: frozenset = frozenset()) -> str:
    """A stylesheet's rules as they read from bundle_dir: imports inlined, urls re-pointed."""
    if path in seen:
        raise ExtensionError(f"The stylesheet {path} imports itself, so it cannot be bundled.")
    if not path.is_file():
        raise ExtensionError(f"A page links the stylesheet {path}, which the site no longer has: "
                             "build from scratch (make clean, then make book).")
    css = SOURCE_MAP.sub("", CHARSET.sub("", path.read_text(encoding="utf-8")))

    def inline(match):
        target = match.group(1)
        if "://" in target or target.startswith("/"):
            raise ExtensionError(f"The stylesheet {path} imports {target}, which is not a file of the site.")
        return stylesheet_text((path.parent / target).resolve(), bundle_dir, seen | {path})

    def repoint(match):
        quote, target = match.groups()
        if target.startswith(("data:", "#", "/")) or "://" in target:
            return match.group(0)
        moved = os.path.relpath(path.parent / target, bundle_dir).replace(os.sep, "/")
        return f"url({quote}{moved}{quote})"

    return URL.sub(repoint, IMPORT.sub(inline, css))


def bundle_page(page: Path, outdir: Path, written: set, purge=lambda css: css) -> bool:
    """Give the page one link to the bundle of its stylesheets; True if the page changed.

    The bundle link keeps the hrefs it replaced (data-bundled), so a later build whose stylesheets changed
    rebuilds the bundle of a page Sphinx did not rewrite, and the page never points at a stale one."""
    html = page.read_text(encoding="utf-8")
    head_end = html.find("</head>")
    links = [m for m in STYLESHEET_LINK.finditer(html, 0, head_end)
             if BUNDLED.search(m.group(0)) or _bundlable(m.group(0), page, outdir)]
    hrefs = [href for m in links for href in _hrefs(m.group(0))]
    if len(hrefs) < 2:
        return False
    files = [_local_file(href, page) for href in hrefs]
    bundle_dir = (outdir / BUNDLES).resolve()
    text = purge("\n".join(f"/* {f.relative_to(outdir.resolve())} */\n" + stylesheet_text(f, bundle_dir) for f in files))
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if name not in written:
        bundle_dir.mkdir(parents=True, exist_ok=True)
        (bundle_dir / f"{name}.css").write_text(text, encoding="utf-8")
        written.add(name)
    href = posixpath.relpath(f"{BUNDLES.as_posix()}/{name}.css", page.parent.relative_to(outdir).as_posix() or ".")
    link = (f'    <link rel="stylesheet" type="text/css" href="{href}?v={name[:8]}" '
            f'data-bundled="{" ".join(hrefs)}" />\n')
    changed = replace_spans(html, [(m.start(), m.end(), link if index == 0 else "") for index, m in enumerate(links)])
    if changed != html:
        page.write_text(changed, encoding="utf-8")
    return changed != html


def _hrefs(tag: str) -> list[str]:
    bundled = BUNDLED.search(tag)
    return bundled.group(1).split() if bundled else [HREF.search(tag).group(1)]


def _local_file(href: str, page: Path) -> Path:
    return (page.parent / href.split("?", 1)[0].split("#", 1)[0]).resolve()


def _bundlable(tag: str, page: Path, outdir: Path) -> bool:
    href = HREF.search(tag)
    media = MEDIA.search(tag)
    if href is None or "://" in href.group(1) or href.group(1).startswith("/"):
        return False
    if media and media.group(1).strip().lower() not in ("", "all"):
        return False
    path = _local_file(href.group(1), page)
    static = (outdir / "_static").resolve()
    return path.suffix == ".css" and path.is_file() and static in path.parents


def bundle_stylesheets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    written = set()
    names, prefixes = known_names(outdir)
    purge = functools.lru_cache(maxsize=None)(lambda css: without_unused_rules(css, names, prefixes))
    for page in sorted(outdir.rglob("*.html")):
        bundle_page(page, outdir, written, purge)
    for old in (outdir / BUNDLES).glob("*.css"):  # bundles no page links any more
        if old.stem not in written:
            old.unlink()


def setup_css_bundle(app):
    app.connect("build-finished", bundle_stylesheets, priority=PRIORITY)
