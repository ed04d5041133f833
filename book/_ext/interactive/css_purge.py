"""Stylesheet rules for classes the site never uses, left out of the page's stylesheet bundle.

The theme's stylesheet carries Bootstrap's and its own rules for every component it could draw: 300 KB of
the chapter's 500 KB bundle, which a phone downloads and matches against every element before the first
paint. A selector is dropped when it needs a class that appears nowhere the site could put one: no page's
`class` attribute names it, and no script or Python file in `_static` (the theme's, Bootstrap's, ours,
the editor's bundle, the cell runner) contains it as a word, or contains a word ending in "-" that starts it
(`"bs-tooltip-" + placement`). A rule goes when all its selectors go; an @media or @supports block when all
its rules go. When in doubt a selector stays: one with an escaped character, or with :is(), :where() or
:has() (whose classes are alternatives); a class inside :not() is not needed for the selector to match.
"""

import re
from pathlib import Path

import tinycss2

CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
WORD = re.compile(r"[A-Za-z_][\w-]*")
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
NOT = re.compile(r":not\(")
UNSURE = (":is(", ":where(", ":has(", "\\")
NESTED_RULES = {"media", "supports", "layer", "container", "document"}
SCRIPTS = ("*.js", "*.mjs", "*.py")


def known_names(site: Path) -> tuple[set[str], tuple[str, ...]]:
    """The class names the site's pages use or its scripts may add, and the prefixes scripts build names from."""
    names = set()
    for page in site.rglob("*.html"):
        for value in CLASS_ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            names.update(value.split())
    static = site / "_static"
    for pattern in SCRIPTS:
        for script in static.rglob(pattern):
            if "pyodide" not in script.relative_to(static).parts:
                names.update(WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    prefixes = tuple(sorted({name for name in names if name.endswith("-") and len(name) > 2}))
    return names, prefixes


def _without_not(selector: str) -> str:
    """The selector with each :not(...) removed (its classes need not exist for the selector to match)."""
    while (match := NOT.search(selector)) is not None:
        depth, end = 1, match.end()
        while end < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[end], 0)
            end += 1
        selector = selector[:match.start()] + selector[end:]
    return selector


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts if part.strip()]


def selector_may_match(selector: str, names: set[str], prefixes: tuple[str, ...]) -> bool:
    if any(mark in selector for mark in UNSURE):
        return True
    return all(name in names or name.startswith(prefixes) for name in SELECTOR_CLASS.findall(_without_not(selector)))


def _kept_rules(rules, names, prefixes) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude))
                         if selector_may_match(s, names, prefixes)]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in NESTED_RULES:
            inner = _kept_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                names, prefixes)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type != "error":
            kept.append(tinycss2.serialize([rule]))
    return kept


def without_unused_rules(css: str, names: set[str], prefixes: tuple[str, ...] = ()) -> str:
    """The stylesheet without the selectors (and then rules, and @media blocks) no page can match."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_kept_rules(rules, names, prefixes)) + "\n"
