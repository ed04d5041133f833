"""`make book`'s build command fails on a cell that raises and on a Sphinx warning (no keep-going, -W)."""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_pages import ROOT

LINKED = ("node_modules", ".cache")  # installed or downloaded once; linked into the copy, never rebuilt


def makefile_book_command() -> list[str]:
    """The `jupyter-book build` command line of the Makefile's `book` target."""
    recipe = re.search(r"^book:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    line = next(line for line in recipe.splitlines() if "jupyter-book build" in line)
    words = shlex.split(line.strip().replace("$(VENV)", str(Path(sys.executable).parent.parent)))
    assert "--keep-going" not in words, "the book build must stop at the first error"
    assert "--warningiserror" in words or "-W" in words, "the book build must treat warnings as errors"
    return words


@pytest.fixture
def one_page_book(tmp_path):
    """A copy of the checkout whose table of contents holds only the landing page."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    book = tmp_path / "book-copy"
    for name in files:
        if (ROOT / name).is_file():
            (book / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, book / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (book / name).symlink_to(ROOT / name)
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    return book


def build(book: Path, page: str) -> subprocess.CompletedProcess:
    (book / "book" / "intro.md").write_text(page)
    command = [str(book) if word == "." else word for word in makefile_book_command()]
    command += ["--path-output", str(book / "out")]
    return subprocess.run(command, capture_output=True, text=True, cwd=book)


NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page
"""


def test_a_cell_that_raises_fails_the_build(one_page_book):
    result = build(one_page_book, NOTEBOOK_HEADER + "\n```{code-cell} python\nraise ValueError('cell broke')\n```\n")
    assert result.returncode != 0
    assert "cell broke" in result.stdout + result.stderr


def test_a_warning_fails_the_build(one_page_book):
    result = build(one_page_book, NOTEBOOK_HEADER + "\nSee {ref}`a-label-nobody-defined`.\n")
    assert result.returncode != 0
    assert "a-label-nobody-defined" in result.stdout + result.stderr



def test_a_cell_tagged_tab_tinytorch_moves_into_the_tinytorch_tab_or_fails_the_build(one_page_book):
    tabs = ":::::{tab-set}\n::::{tab-item} TinyTorch\nIn TinyTorch:\n::::\n::::{tab-item} PyTorch\nElsewhere.\n::::\n:::::\n"
    cell = "\n```{code-cell} python\n:tags: [runnable, tab-tinytorch]\nprint('moved ' + 'here')\n```\n"
    result = build(one_page_book, NOTEBOOK_HEADER + "\n" + tabs + cell)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (one_page_book / "out" / "_build" / "html" / "book" / "intro.html").read_text()
    tinytorch_tab = html.split('id="sd-tab-item-0-content"')[1].split("<input")[0]
    assert "tag_tab-tinytorch" in tinytorch_tab and "moved here" in tinytorch_tab

    result = build(one_page_book, NOTEBOOK_HEADER + cell)
    assert result.returncode != 0
    assert "tab-tinytorch" in result.stdout + result.stderr
