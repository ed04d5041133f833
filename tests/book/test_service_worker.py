"""The service worker the build writes: at the site root, stamped with this build's id and the runtime's files."""

import json
import shutil

from pathlib import Path

from interactive.config import book_settings
from interactive.service_worker import WORKER_NAME, build_id, runtime_files, write_service_worker

SETTINGS = book_settings(Path(__file__).resolve().parents[2] / "_config.yml")


def stamped(site) -> tuple[str, list[str]]:
    text = (site / WORKER_NAME).read_text()
    build = json.loads(text.split("const BUILD = ", 1)[1].split(";", 1)[0])
    files = json.loads(text.split("const RUNTIME_FILES = ", 1)[1].split(";", 1)[0])
    return build, files


def test_the_built_worker_sits_at_the_root_with_this_builds_id(site_dir):
    build, files = stamped(site_dir)
    assert build == build_id(site_dir)
    assert not (site_dir / "_static" / WORKER_NAME).exists(), "only the stamped copy should be served"
    for path in files:
        assert (site_dir / path).is_file(), path
    names = [path.rsplit("/", 1)[-1] for path in files]
    assert "pyodide.asm.wasm" in names and any(n.startswith("numpy-") for n in names)
    assert any(n.startswith("tinytorch-") and n.endswith(".whl") for n in names)
    assert not any(n.startswith("matplotlib-") for n in names), "matplotlib is kept on first use, not up front"


def test_the_build_id_follows_every_file_but_not_the_worker(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir / "_static" / "pyodide", copy / "_static" / "pyodide")
    (copy / "index.html").write_text("<p>first</p>")
    first = write_service_worker(copy, SETTINGS.library, SETTINGS.storage_prefix)
    assert write_service_worker(copy, SETTINGS.library, SETTINGS.storage_prefix) == first, "writing sw.js must not change the id it is stamped with"
    (copy / "index.html").write_text("<p>second</p>")
    assert build_id(copy) != first
    assert runtime_files(copy, SETTINGS.library) == stamped(copy)[1]
