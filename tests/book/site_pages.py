"""Reading the built site: its HTML pages parsed, the URLs each one references, and the book's own files."""

from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

# tag -> attributes that make the browser fetch something (never a plain link the reader clicks)
ASSET_ATTRIBUTES = {
    "script": ["src"], "link": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"],
    "iframe": ["src"], "video": ["src", "poster"], "audio": ["src"], "track": ["src"],
    "embed": ["src"], "object": ["data"],
}


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site_dir: Path) -> list[Path]:
    """The site's pages (not the theme's Jinja macro files that land in _static)."""
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] != "_static")


def asset_urls(soup: BeautifulSoup) -> list[str]:
    """Every URL the page makes the browser fetch by itself."""
    urls = []
    for tag, attributes in ASSET_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
                else:
                    urls.append(value)
    return urls


def is_offsite(url: str) -> bool:
    """True for a URL on another host (http(s)://host/..., //host/...)."""
    parsed = urlparse(url)
    return bool(parsed.netloc) or parsed.scheme not in ("", "data", "blob")


def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def toc_files() -> list[str]:
    """The book's documents, root first, as _toc.yml lists them (without suffix)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


def chapter_files() -> list[str]:
    """The documents that are notebooks (MyST with a kernelspec): the chapters that execute code."""
    return [name for name in toc_files() if "kernelspec:" in (ROOT / f"{name}.md").read_text()]
