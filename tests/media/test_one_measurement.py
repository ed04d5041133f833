"""The chapter, the slides and the narration quote one measurement: the same numbers in all three."""

import re

import pytest
from bs4 import BeautifulSoup
from media_pages import AUDIO_DIR
from pypdf import PdfReader

from tinytorch.core.activations import ACTIVATION_NAMES

ROW_LABELS = {**{name: name for name in ACTIVATION_NAMES}, "GELU": "GELU (exact)"}  # the cost table's first cells


def table_rows(html: str, table_id: str) -> dict:
    """{first cell: [cell texts]} of the chapter's table with this id."""
    table = BeautifulSoup(html, "html.parser").find("table", id=table_id)
    assert table is not None, f"the chapter has no table #{table_id}"
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [" ".join(td.get_text().split()) for td in tr.find_all("td")]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture(scope="module")
def chapter_costs(chapter_html) -> dict:
    """{activation: (fastest ms, × copy, GB/s)} as the chapter's cost table shows them."""
    rows = table_rows(chapter_html, "tbl-cost")
    return {name: (rows[label][0], rows[label][3].rstrip("×"), rows[label][4]) for name, label in ROW_LABELS.items()}


@pytest.fixture(scope="module")
def slide_text(slides_pdf) -> str:
    pages = [page.extract_text() for page in PdfReader(slides_pdf).pages]
    found = [text for text in pages if "What they cost, measured against a copy" in text]
    assert len(found) == 1, "exactly one slide should show the cost table"
    return found[0]


@pytest.fixture(scope="module")
def captions() -> str:
    vtt = (AUDIO_DIR / "02_activations.vtt").read_text(encoding="utf-8")
    cues = [line for line in vtt.splitlines() if line and "-->" not in line and line != "WEBVTT"
            and not line.strip().isdigit()]
    return " ".join(cues)


def test_the_slide_table_shows_the_chapter_table_numbers(chapter_costs, slide_text):
    lines = [line.strip() for line in slide_text.splitlines()]
    for name, (ms, per_copy, gbps) in chapter_costs.items():
        label = ROW_LABELS[name]  # the slide names each row as the chapter's table does
        assert label in lines, f"no {label} row on the cost slide"
        cells = lines[lines.index(label) + 1:lines.index(label) + 4]  # pypdf reads one table cell per line
        assert cells[0].split(" ")[0] == ms, f"{name}: slide {cells}, chapter {ms} ms"
        assert cells[1:] == [per_copy, gbps], f"{name}: slide {cells}, chapter {per_copy}×, {gbps} GB/s"


def test_the_narration_quotes_the_chapter_table_numbers(chapter_html, chapter_costs, captions):
    relu, gelu = chapter_costs["ReLU"][1], chapter_costs["GELU"][1]
    assert f"ReLU took {relu} times as long as the copy" in captions
    assert f"exact GELU took {gelu} times as long" in captions
    torch_gelu = table_rows(chapter_html, "tbl-cost-torch")["GELU (exact)"][1].rstrip("×")
    assert f"fused GELU, on one thread, took {torch_gelu} times its own copy" in captions


def test_the_three_name_the_same_machine(chapter_html, slide_text):
    note = " ".join(BeautifulSoup(chapter_html, "html.parser").get_text().split())
    cpu = re.search(r"Machine: (.+?), (\d+) cores", note)
    assert cpu, "the chapter should name the machine that measured"
    slide = " ".join(slide_text.split())  # the note wraps anywhere
    assert f"{cpu.group(1)} ({cpu.group(2)} cores)" in slide
