"""The Pyodide distribution in the built site: official wheels only, tinytorch registered, tampering refused."""

import json
import shutil
from pathlib import Path

import pytest
from pyodide_lock import PyodideLockSpec

from interactive.config import book_settings
from interactive.pyodide_dist import DistError, build_pyodide_dist, dependency_closure, sha256_of

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = book_settings(ROOT / "_config.yml")

OFFICIAL_LOCK_PATH = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
OFFICIAL_LOCK = json.loads(OFFICIAL_LOCK_PATH.read_text())


@pytest.fixture(scope="module")
def dist(site_dir) -> Path:
    return site_dir / "_static" / "pyodide"


def test_served_lock_lists_official_packages_and_tinytorch(dist):
    served = json.loads((dist / "pyodide-lock.json").read_text())
    assert served["info"]["version"] == SETTINGS.pyodide_version
    names = set(served["packages"])
    assert names == set(dependency_closure(PyodideLockSpec.from_json(OFFICIAL_LOCK_PATH), SETTINGS.pyodide_packages)) | {"tinytorch"}
    for name in names - {"tinytorch"}:
        assert served["packages"][name] == OFFICIAL_LOCK["packages"][name]


def test_every_shipped_wheel_has_the_hash_its_lock_entry_names(dist):
    served = json.loads((dist / "pyodide-lock.json").read_text())
    for entry in served["packages"].values():
        assert sha256_of(dist / entry["file_name"]) == entry["sha256"], entry["file_name"]
    shipped = {p.name for p in dist.glob("*.whl")}
    assert shipped == {e["file_name"] for e in served["packages"].values()}, "stray files in the dist"


def test_tinytorch_entry_is_a_pure_wheel_that_needs_numpy(dist):
    entry = json.loads((dist / "pyodide-lock.json").read_text())["packages"]["tinytorch"]
    assert entry["file_name"].endswith("-py3-none-any.whl")
    assert entry["depends"] == ["numpy"] and entry["imports"] == ["tinytorch"]
    assert entry["install_dir"] == "site" and entry["package_type"] == "package"


def test_a_wheel_that_does_not_match_the_official_hash_stops_the_build(tmp_path):
    cached = ROOT / ".cache" / "pyodide" / "wheels"
    numpy_wheel = OFFICIAL_LOCK["packages"]["numpy"]["file_name"]
    if not (cached / numpy_wheel).exists():
        pytest.fail(f"no cached wheels in {cached}: build the book first (make test does)")
    cache = tmp_path / "cache"
    shutil.copytree(cached, cache / "wheels")
    with (cache / "wheels" / numpy_wheel).open("ab") as wheel:
        wheel.write(b"tampered")
    with pytest.raises(DistError, match=f"{numpy_wheel}: sha256 .* does not match"):
        build_pyodide_dist(SETTINGS, ROOT, tmp_path / "out", cache=cache)
