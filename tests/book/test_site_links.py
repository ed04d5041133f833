"""The built site's HTML: nothing fetched from another host, and every internal link and #anchor resolves."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from site_pages import asset_urls, html_pages, is_offsite, parse

CSS_REMOTE = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?\s*((?:https?:)?//[^'")\s]+)""", re.I)


def test_no_page_fetches_anything_off_site(site_dir):
    offenders = {
        str(page.relative_to(site_dir)): urls
        for page in html_pages(site_dir)
        if (urls := [u for u in asset_urls(parse(page)) if is_offsite(u)])
    }
    assert not offenders, f"<script>/<link>/<img>/... pointing off-site: {offenders}"


def test_no_stylesheet_imports_remote_fonts_or_images(site_dir):
    offenders = {
        str(css.relative_to(site_dir)): found
        for css in site_dir.rglob("*.css")
        if (found := CSS_REMOTE.findall(css.read_text(encoding="utf-8", errors="replace")))
    }
    assert not offenders, f"stylesheets loading from other hosts: {offenders}"


def _ids(page: Path) -> set[str]:
    soup = parse(page)
    return {e["id"] for e in soup.find_all(id=True)} | {e["name"] for e in soup.find_all("a", attrs={"name": True})}


def _internal_targets(site_dir: Path, page: Path):
    """(url, target file, fragment) for every link and asset on the page that stays in the site."""
    soup = parse(page)
    urls = [a["href"] for a in soup.find_all("a", href=True)] + asset_urls(soup)
    for url in urls:
        parsed = urlparse(url)
        if is_offsite(url) or parsed.scheme in ("data", "blob", "mailto", "javascript"):
            continue
        if not parsed.path:
            yield url, page, unquote(parsed.fragment)
            continue
        target = (page.parent / unquote(parsed.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        yield url, target, unquote(parsed.fragment)


def test_every_internal_link_and_anchor_resolves(site_dir):
    pages = html_pages(site_dir)
    assert pages, "the site has no HTML pages"
    site_root = site_dir.resolve()
    broken = []
    checked = 0
    for page in pages:
        for url, target, fragment in _internal_targets(site_dir, page):
            checked += 1
            where = f"{page.relative_to(site_dir)} -> {url}"
            if not target.is_relative_to(site_root):
                broken.append(f"{where} (leaves the site)")
            elif not target.is_file():
                broken.append(f"{where} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target):
                broken.append(f"{where} (no element with id {fragment!r})")
    assert checked > 0
    assert not broken, "broken internal links:\n" + "\n".join(broken)
