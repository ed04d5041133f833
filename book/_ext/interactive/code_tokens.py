"""Code listings without the token spans that draw nothing: fewer elements for a phone to style and lay out.

Pygments wraps every token of a listing in a `<span class="...">`, and the chapter's listings make about
2,700 of them, a third of the page's elements. In the site's highlighting style names, punctuation and
whitespace (`.n`, `.p`, `.w`) are drawn exactly like the listing's own text, in both themes, so their spans
change nothing on screen. After the build, this module reads the highlighting stylesheet, finds the token
classes whose rules only repeat the listing's colour in every theme, and replaces those spans in every page's
listings by their text. Classes with any colour, weight, style or background of their own keep their spans;
so does every class if the stylesheet is not one it can read.
"""

import re
from pathlib import Path

from .files import rewrite_pages

STYLESHEET = Path("_static") / "pygments.css"
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# `<prefix> .highlight` (the listing) and `<prefix> .highlight .<token>` (a token class), prefix = the theme's
LISTING = re.compile(r"^(.*?)\.highlight$")
TOKEN = re.compile(r"^(.*?)\.highlight \.([A-Za-z0-9]+)$")
LISTING_BLOCK = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre></div>)', re.S)


def declarations(body: str) -> dict:
    pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
    return {name.strip().lower(): value.strip().lower() for name, value in pairs}


def plain_token_classes(css: str) -> set[str]:
    """Token classes whose rules, in every theme the stylesheet styles listings for, set only the listing's colour."""
    listings, tokens = {}, {}
    for selectors, body in RULE.findall(COMMENT.sub("", css)):
        for selector in (s.strip() for s in selectors.split(",")):
            if match := LISTING.match(selector):
                listings.setdefault(match.group(1).strip(), {}).update(declarations(body))
            elif match := TOKEN.match(selector):
                prefix, name = match.group(1).strip(), match.group(2)
                tokens.setdefault(name, {}).setdefault(prefix, {}).update(declarations(body))
    if not listings:
        return set()
    plain = set()
    for name, by_prefix in tokens.items():
        if set(by_prefix) <= set(listings) and all(
                rules == {"color": listings[prefix].get("color")} for prefix, rules in by_prefix.items()):
            plain.add(name)
    return plain


def without_plain_spans(page: str, plain: set[str]) -> str:
    """The page with each listing's spans of a plain class replaced by their text (Pygments' spans never nest)."""
    if not plain:
        return page
    span = re.compile(r'<span class="(?:%s)">([^<]*)</span>' % "|".join(sorted(map(re.escape, plain))))
    return LISTING_BLOCK.sub(lambda m: m.group(1) + span.sub(r"\1", m.group(2)) + m.group(3), page)


def unwrap_plain_tokens(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    stylesheet = outdir / STYLESHEET
    if not stylesheet.is_file():
        return
    plain = plain_token_classes(stylesheet.read_text(encoding="utf-8"))
    rewrite_pages(outdir, lambda page: without_plain_spans(page, plain))


# build-finished: after pydata-sphinx-theme rewrites pygments.css with its light and dark rules (default priority,
# and the theme registers after the extensions); before the stylesheet bundle and the service worker
PRIORITY = 800


def setup_code_tokens(app):
    app.connect("build-finished", unwrap_plain_tokens, priority=PRIORITY)
