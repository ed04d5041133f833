"""Fixtures for the slide deck and audio tests: the built media, their facts, and pages that show them."""

import json
from pathlib import Path

import pytest

from media_pages import AUDIO_DIR, AUDIO_MANIFEST, CHAPTER, FACTS, ROOT, SLIDES_PDF



def _built(path: Path, target: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make {target}` (make test does)")
    return path


@pytest.fixture(scope="session")
def facts() -> dict:
    """The facts the deck and narration were built from."""
    return json.loads(_built(FACTS, "slides").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def slides_pdf() -> Path:
    return _built(SLIDES_PDF, "slides")


@pytest.fixture(scope="session")
def audio_manifest() -> dict:
    manifest = json.loads(_built(AUDIO_MANIFEST, "audio").read_text(encoding="utf-8"))
    manifest["dir"] = AUDIO_DIR
    return manifest


@pytest.fixture(scope="session")
def chapter_html(site_dir) -> str:
    return (site_dir / CHAPTER).read_text(encoding="utf-8")
