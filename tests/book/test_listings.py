"""Every `literalinclude` of tinytorch (`:pyobject:`) shows exactly the code of the object it names, numbered."""

import importlib
import inspect
import re
import textwrap

from site_pages import ROOT, parse

LITERALINCLUDE = re.compile(r"^(`{3,}|:{3,})\{literalinclude\}\s+(\S+)\s*\n((?::[\w-]+:.*\n)*)", re.M)


def literalincludes(site_dir):
    """(page, included file, options) for each literalinclude in the book's sources as the site ships them."""
    for source in sorted((site_dir / "_sources").rglob("*.md")):
        relative = source.relative_to(site_dir / "_sources")
        for match in LITERALINCLUDE.finditer(source.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", match.group(3), re.M))
            included = (ROOT / relative).parent / match.group(2)
            yield relative.with_suffix(".html"), included.resolve(), options


def tinytorch_object(path, dotted_name):
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    obj = importlib.import_module(module)
    for name in dotted_name.split("."):
        obj = getattr(obj, name)
    return obj


def code_blocks(page):
    """(code text, the listing's caption number or None) for every highlighted code block on the page."""
    for block in page.select("div[class*='highlight-'] div.highlight pre"):
        wrapper = block.find_parent("div", class_="literal-block-wrapper")
        number = wrapper.select_one(".caption-number") if wrapper else None
        yield block.get_text(), number.get_text(strip=True) if number else None


def normalized(code: str) -> str:
    return textwrap.dedent(code).strip("\n")


def test_the_book_shows_tinytorch_code_by_literalinclude(site_dir):
    found = [inc for inc in literalincludes(site_dir) if "pyobject" in inc[2]]
    assert found, "no `literalinclude` with :pyobject: in the book: listings must come from tinytorch"


def test_each_listing_equals_the_function_in_tinytorch(site_dir):
    problems = []
    for page_name, included, options in literalincludes(site_dir):
        if "pyobject" not in options:
            continue
        expected = normalized(inspect.getsource(tinytorch_object(included, options["pyobject"])))
        shown = {normalized(code): number for code, number in code_blocks(parse(site_dir / page_name))}
        if expected not in shown:
            problems.append(f"{page_name}: no code block equals {options['pyobject']} from {included.name}")
        elif not (shown[expected] or "").startswith("Listing"):
            problems.append(f"{page_name}: the listing of {options['pyobject']} has no numbered caption")
    assert not problems, "\n".join(problems)
