"""Each page's deferred scripts as few files as their order allows: one request where there were twenty.

Once head_scripts.py has deferred them, a chapter page still names about twenty scripts in its head, and a
phone on a slow network waits for each batch of requests in turn: on Lighthouse's simulated phone the
largest paint came about 0.7 s sooner with one file (bench/lighthouse.py). After the build, this module
joins each run of consecutive deferred scripts into one file named by its content
(`_static/page-scripts-<hash>.js`, so pages with the same scripts share it, and its `?v=` lets a server cache
it for good), in place of the first tag of the run. Deferred scripts run in document order after the
parse; the joined file runs them in the same order, at the same moment. The sources stay one file each.

What keeps the behaviour the same, so what may share a file:
- only `<script defer src>` tags of files under `_static/`, with no attributes but `data-*`; the joined
  tag carries the parts' `data-*` attributes (a part whose attribute another part sets differently starts
  a new file). A part that uses `document.currentScript` must live in `_static/` itself, beside the file,
  so that URLs it resolves against its own `src` still point where they did;
- a module script (inline or not) or a script that cannot be joined ends a run: it runs between them;
- parts in strict mode (a "use strict" prologue) share files only with each other, and such a file
  starts with the directive; a strict part joined to non-strict ones would silently lose strict mode;
- the joined text must compile as one classic script (checked with Node: two parts declaring the same
  `let`/`const` at top level would otherwise fail on the page).
Source-map comments are dropped (they point beside the sources).
"""

import hashlib
import html
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError

from .files import MissingBuildInput, replace_spans

SCRIPT_TAG = re.compile(r"[ \t]*<script\b([^>]*)>(.*?)</script>\n?", re.S)
ATTRIBUTE = re.compile(r'([^\s=]+)(?:="([^"]*)")?')
SOURCE_MAP = re.compile(r"^[ \t]*//[#@]\s*sourceMappingURL=.*$", re.M)
STRICT_PROLOGUE = re.compile(r"""\A(?:\s|//[^\n]*|/\*.*?\*/)*(?:(["'])(?!use strict\1)[^"'\n]*\1\s*;?\s*)*(["'])use strict\2""", re.S)
BUNDLE_PREFIX = "page-scripts-"
PRIORITY = 850  # build-finished: after every hook that edits pages (head_scripts drops tags at 500), before the service worker


def attributes_of(tag_attributes: str) -> dict:
    return {name: html.unescape(value or "") for name, value in ATTRIBUTE.findall(tag_attributes)}


def is_strict(text: str) -> bool:
    """Whether the script's directive prologue says "use strict"."""
    return STRICT_PROLOGUE.match(text) is not None


class Part:
    """One deferred script that may share a file: its source file, its page-relative src, its data-* attributes."""

    def __init__(self, src: str, path: Path, data: dict):
        self.src, self.path, self.data = src, path, data
        self.text = SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
        self.strict = is_strict(self.text)


def parts_of(attributes: dict, page: Path, static: Path) -> list[Part] | None:
    """The parts a script tag contributes to a joined file, or None if it must stay a tag of its own."""
    if "data-bundled" in attributes:  # a file this module wrote on an earlier build: join its parts again
        data = {k: v for k, v in attributes.items() if k.startswith("data-") and k != "data-bundled"}
        found = [parts_of({"src": src, "defer": "defer", **data}, page, static) for src in attributes["data-bundled"].split()]
        if None in found or len({part.strict for parts in found for part in parts}) > 1:
            # static_refresh.py has Sphinx rewrite every page when a static file changes, so this is a stale site
            raise ExtensionError(f"{page} names a joined script file whose sources changed under it "
                                 f"({attributes['data-bundled']}): build from scratch (make clean, then make book).")
        return [part for parts in found for part in parts]
    src = attributes.get("src", "")
    others = [name for name in attributes if name not in ("src", "defer") and not name.startswith("data-")]
    if "defer" not in attributes or others or not src or "://" in src or src.startswith(("/", "//")):
        return None
    path = (page.parent / src.split("?", 1)[0].split("#", 1)[0]).resolve()
    if path.suffix != ".js" or not path.is_file() or static not in path.parents:
        return None
    part = Part(src, path, {k: v for k, v in attributes.items() if k.startswith("data-")})
    if "currentScript" in part.text and path.parent != static:
        return None
    return [part]


def fits(run: list[Part], parts: list[Part]) -> bool:
    """Whether these parts can join the run: same strictness, no data-* attribute set two ways."""
    if not run:
        return len({part.strict for part in parts}) == 1
    data = {}
    for part in run + parts:
        for name, value in part.data.items():
            if data.setdefault(name, value) != value:
                return False
    return len({part.strict for part in run + parts}) == 1


def joined_text(run: list[Part], outdir: Path) -> str:
    head = '"use strict";\n' if run[0].strict else ""
    return head + "".join(f"/* {part.path.relative_to(outdir.resolve()).as_posix()} */\n{part.text}\n;\n"
                          for part in run)


def check_compiles(text: str, name: str, run: list[Part]):
    node = shutil.which("node")
    if node is None:
        raise MissingBuildInput("Joining the page scripts needs Node.js to check them: run `make setup`.")
    check = "new (require('vm').Script)(require('fs').readFileSync(0, 'utf8'), {filename: process.argv[1]})"
    done = subprocess.run([node, "-e", check, name], input=text, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sources = ", ".join(part.src for part in run)
        raise ExtensionError(f"The deferred scripts {sources} do not compile as one script, so they cannot share "
                             f"{name}:\n{done.stderr.strip()}")


def write_bundle(run: list[Part], outdir: Path, written: set) -> str:
    """Write the run's joined file (once per build); return its name."""
    text = joined_text(run, outdir)
    name = f"{BUNDLE_PREFIX}{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.js"
    if name not in written:
        check_compiles(text, name, run)
        (outdir / "_static" / name).write_text(text, encoding="utf-8")
        written.add(name)
    return name


def bundle_tag(run: list[Part], name: str, page: Path, outdir: Path) -> str:
    src = posixpath.relpath(f"_static/{name}", page.parent.relative_to(outdir).as_posix() or ".")
    data = {}
    for part in run:
        data.update(part.data)
    extra = "".join(f' {key}="{html.escape(value)}"' for key, value in data.items())
    bundled = " ".join(part.src for part in run)
    return f'    <script defer="defer" src="{src}?v={name[len(BUNDLE_PREFIX):][:8]}"{extra} data-bundled="{bundled}"></script>\n'


def bundle_page(page: Path, outdir: Path, written: set) -> bool:
    """Join the page's runs of deferred head scripts; True if the page changed."""
    text = page.read_text(encoding="utf-8")
    head_end = text.find("</head>")
    static = (outdir / "_static").resolve()
    runs, run = [], []  # run: [(match, parts)]
    for match in SCRIPT_TAG.finditer(text, 0, head_end):
        attributes = attributes_of(match.group(1))
        if "async" in attributes or ("src" not in attributes and attributes.get("type") != "module"):
            continue  # not in the list of scripts that run after the parse: the order there is unchanged
        parts = parts_of(attributes, page, static) if not match.group(2).strip() else None
        if parts is None or not fits([p for _, ps in run for p in ps], parts):
            runs.append(run)
            run = [(match, parts)] if parts is not None else []
        else:
            run.append((match, parts))
    runs.append(run)
    edits = []  # (start, end, replacement)
    for run in runs:
        parts = [part for _, ps in run for part in ps]
        if len(parts) < 2 and not (run and "data-bundled" in run[0][0].group(1)):
            continue
        tag = bundle_tag(parts, write_bundle(parts, outdir, written), page, outdir)
        edits += [(m.start(), m.end(), tag if index == 0 else "") for index, (m, _) in enumerate(run)]
    if not edits:
        return False
    changed = replace_spans(text, edits)
    if changed != text:
        page.write_text(changed, encoding="utf-8")
    return changed != text


def bundle_scripts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    written = set()
    for page in sorted(outdir.rglob("*.html")):
        bundle_page(page, outdir, written)
    for old in (outdir / "_static").glob(f"{BUNDLE_PREFIX}*.js"):  # joined files no page names any more
        if old.name not in written:
            old.unlink()


def setup_js_bundle(app):
    app.connect("build-finished", bundle_scripts, priority=PRIORITY)
