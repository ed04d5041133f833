"""The built slide deck: page count, every slide's text against its source, figures, metadata, site copy."""

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from deck_source import read_deck

from tinytorch.core.activations import ACTIVATION_NAMES


def squeeze(text: str) -> str:
    """Text without whitespace: line wrapping in the PDF must not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reader(slides_pdf):
    return PdfReader(slides_pdf)


@pytest.fixture(scope="module")
def slides(facts):
    return read_deck(facts)


def test_one_page_per_source_slide_and_at_least_twelve(reader, slides):
    assert len(reader.pages) == len(slides)
    assert len(slides) >= 12


def test_every_slide_text_matches_its_source(reader, slides):
    missing = []
    for number, (page, slide) in enumerate(zip(reader.pages, slides), 1):
        page_text = squeeze(page.extract_text())
        missing += [(number, text) for text in slide.texts() if squeeze(text) not in page_text]
    assert not missing, f"source text not found on its slide: {missing}"


def test_content_slides_are_numbered(reader, slides):
    for number, (page, slide) in enumerate(zip(reader.pages, slides), 1):
        if slide.layout != "title":
            assert f"{number} / {len(slides)}" in page.extract_text()


def test_figures_are_embedded_where_the_source_asks(reader, slides):
    for number, (page, slide) in enumerate(zip(reader.pages, slides), 1):
        images = list(page.images)
        if slide.figure:
            assert images, f"slide {number} ({slide.title}) should show figure {slide.figure!r}"
            width, height = images[0].image.size
            assert width >= 600 and height >= 400, f"slide {number}: figure only {width}x{height} px"
        else:
            assert not images, f"slide {number} has an image its source does not name"


def test_the_five_activations_each_have_a_plotted_curve(slides):
    assert {name.lower() for name in ACTIVATION_NAMES} <= {s.figure for s in slides}


def test_numbers_come_from_the_facts(reader, facts):
    text = " ".join(page.extract_text() for page in reader.pages)
    for key in ("resnet_per_image", "cost_gelu_per_copy", "sparsity_zeros", "shifted_softmax_big", "sigmoid_table"):
        assert facts[key] in text
    assert f"{facts['exp_limit_float32']:.2f}" in text and f"{facts['exp_limit_float64']:.2f}" in text
    assert "nan, nan, nan" in text  # the naive softmax on [1000, 1001, 1002], computed, not typed


def test_slides_quote_the_chapters_own_numbers(facts, chapter_html):
    """Every fact the deck shows as text is what the chapter prints, measured costs included (one measurement)."""
    chapter_text = BeautifulSoup(chapter_html, "html.parser").get_text(" ")
    deck_only = {"tinytorch_version", "sigmoid_stable_1000", "collapse_gap", "relu_gap"}
    quoted = {key: value for key, value in facts.items()
              if isinstance(value, str) and key not in deck_only}
    assert len(quoted) >= 20
    assert not {key: value for key, value in quoted.items() if value not in chapter_text}


def test_labelled_honestly_and_reproducible_metadata(reader):
    assert "built from this chapter's source" in reader.pages[0].extract_text()
    assert reader.metadata["/CreationDate"].startswith("D:20000101")  # reportlab's invariant mode
    assert "source" in reader.metadata["/Title"]


def test_site_serves_the_same_pdf(site_dir, slides_pdf, chapter_html):
    assert 'class="tt-slides"' in chapter_html
    assert (site_dir / "_static" / "media" / slides_pdf.name).read_bytes() == slides_pdf.read_bytes()
    for name in ("pdf.min.mjs", "pdf.worker.min.mjs"):
        assert (site_dir / "_static" / "vendor" / "pdfjs" / name).stat().st_size > 10_000
