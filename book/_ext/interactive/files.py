"""Files the build copies into the site, and the one error for an input the build cannot find."""

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError


class MissingBuildInput(ExtensionError):
    """A file or folder the build needs is not there; the message says which, and what makes it."""

    category = "Missing build input"


def require(path: Path, made_by: str) -> Path:
    """`path` if it exists, else MissingBuildInput naming it and what makes it (e.g. "run `npm ci`")."""
    if not path.exists():
        raise MissingBuildInput(f"{path} is missing: {made_by}.")
    return path


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy `source` to `target` (making its folder) unless it holds the same size and modification time.

    Returns whether it copied. Unchanged files keep their time stamps, so rebuilds stay cheap and the
    browser's caches stay valid.
    """
    if target.is_file():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns:
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def copy_tree_if_changed(source: Path, target: Path) -> int:
    """copy_if_changed for every file under `source` (or `source` itself, if a file); returns how many copied."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    return sum(copy_if_changed(file, target / file.relative_to(source) if source.is_dir() else target)
               for file in files)


def rewrite_pages(site: Path, change, skip: tuple = ()) -> None:
    """Apply change(text) -> text to every HTML page of the built site (but those in `skip`), writing only the
    pages it changed, so the others keep their time stamps."""
    for path in site.rglob("*.html"):
        if path in skip:
            continue
        text = path.read_text(encoding="utf-8")
        changed = change(text)
        if changed != text:
            path.write_text(changed, encoding="utf-8")


def replace_spans(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) span replaced; the spans are in order and do not overlap."""
    pieces, at = [], 0
    for start, end, replacement in edits:
        pieces += [text[at:start], replacement]
        at = end
    return "".join(pieces) + text[at:]
