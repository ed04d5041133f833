"""The chapter page's furniture: .md/.ipynb downloads, in-site and repository source links, the Binder button."""

from urllib.parse import parse_qs, urlparse

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup
from site_pages import ROOT, book_config, chapter_files, parse

SOURCE_MODULE = "tinytorch.core.activations"
SOURCE_PAGE = "_modules/tinytorch/core/activations.html"


@pytest.fixture(params=chapter_files())
def chapter(request, site_dir):
    """(document name, parsed built page) for each chapter that executes code."""
    return request.param, parse(site_dir / f"{request.param}.html")


def _hrefs(soup):
    return [a["href"] for a in soup.find_all("a", href=True)]


def _resolve(site_dir, name, href):
    return (site_dir / name).parent.joinpath(urlparse(href).path).resolve()


def test_downloads_offer_the_markdown_source_and_a_valid_notebook(site_dir, chapter):
    name, soup = chapter
    targets = {_resolve(site_dir, name, h).suffix: _resolve(site_dir, name, h) for h in _hrefs(soup)
               if "_sources/" in h}
    assert {".md", ".ipynb"} <= targets.keys(), f"download links found: {sorted(targets)}"
    assert targets[".md"].read_text() == (ROOT / f"{name}.md").read_text()
    notebook = nbformat.read(targets[".ipynb"], as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name.startswith("python")
    expected = jupytext.read(ROOT / f"{name}.md")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code == [c.source for c in expected.cells if c.cell_type == "code"]


def test_view_source_opens_the_module_rendered_in_the_site(site_dir, chapter):
    name, soup = chapter
    in_site = [h for h in _hrefs(soup) if _resolve(site_dir, name, h) == (site_dir / SOURCE_PAGE).resolve()]
    assert in_site, f"the chapter has no link to {SOURCE_PAGE}"
    page = BeautifulSoup((site_dir / SOURCE_PAGE).read_text(), "html.parser")
    for back_link in page.select("a.viewcode-back"):
        back_link.decompose()
    shown = "".join(pre.get_text() for pre in page.select("div.highlight pre"))
    def code_lines(text):  # viewcode adds blank lines around its [docs] links
        return [line for line in text.splitlines() if line.strip()]

    assert code_lines(shown) == code_lines((ROOT / "tinytorch/core/activations.py").read_text())


def test_view_source_links_the_repository_file_when_a_repository_is_set(chapter):
    name, soup = chapter
    repository = book_config().get("repository", {})
    if not repository.get("url"):
        assert not any("/blob/" in h for h in _hrefs(soup))
        return
    expected = f"{repository['url'].rstrip('/')}/blob/{repository.get('branch', 'main')}/tinytorch/core/activations.py"
    assert expected in _hrefs(soup)


def test_binder_button_opens_the_chapter_in_jupyterlab_from_the_configured_repository(chapter):
    name, soup = chapter
    config = book_config()
    hub = config["launch_buttons"]["binderhub_url"].rstrip("/")
    repository = config["repository"]
    owner_repo = urlparse(repository["url"]).path.strip("/")
    launches = [h for h in _hrefs(soup) if h.startswith(f"{hub}/v2/gh/")]
    assert launches, "no Binder launch link on the chapter"
    url = urlparse(launches[0])
    assert url.path == f"/v2/gh/{owner_repo}/{repository['branch']}"
    assert parse_qs(url.query)["urlpath"] == [f"lab/tree/{name}.md"]
    assert (ROOT / f"{name}.md").is_file()
