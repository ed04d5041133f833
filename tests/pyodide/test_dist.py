"""The Pyodide distribution in the built site: official wheels only, tinytorch registered, tampering refused."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pyodide_lock import PyodideLockSpec

from interactive.config import book_settings
from interactive.pyodide_dist import DistError, build_pyodide_dist, dependency_closure, sha256_of, startup_packages

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
    startup = set(startup_packages(SETTINGS, ROOT))
    for name in names - {"tinytorch"}:
        official = OFFICIAL_LOCK["packages"][name]
        if name in startup:  # served compiled (bytecode.py): only the hash differs
            official = {**official, "sha256": served["packages"][name]["sha256"]}
        assert served["packages"][name] == official


def pyc_additions(served: Path, plain: Path) -> list[str]:
    """The members `served` adds to `plain`, after checking that every member of `plain` is there unchanged."""
    with zipfile.ZipFile(served) as compiled, zipfile.ZipFile(plain) as original:
        for info in original.infolist():
            assert compiled.read(info.filename) == original.read(info), f"{served.name}: {info.filename} changed"
        return sorted(set(compiled.namelist()) - set(original.namelist()))


def test_start_up_archives_are_the_official_ones_plus_bytecode_for_what_python_imports(dist):
    cached = ROOT / ".cache" / "pyodide" / "wheels"
    numpy_wheel = OFFICIAL_LOCK["packages"]["numpy"]["file_name"]
    added = pyc_additions(dist / numpy_wheel, cached / numpy_wheel)
    assert "numpy/__pycache__/__init__.cpython-312.pyc" in added
    assert all(re.fullmatch(r"(.+/)?__pycache__/[^/]+\.cpython-312\.pyc", name) for name in added), added
    assert not any("/tests/" in name for name in added), "only modules `import numpy` loads are compiled"
    stdlib = pyc_additions(dist / "python_stdlib.zip", ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    assert {"ast.pyc", "traceback.pyc"} <= set(stdlib) and all(name.endswith(".pyc") for name in stdlib)
    assert "turtle.pyc" not in stdlib  # never imported: left as source, the download stays small
    with zipfile.ZipFile(dist / "python_stdlib.zip") as archive:
        header = archive.read("ast.pyc")[:16]
    assert int.from_bytes(header[4:8], "little") == 0b01, "unchecked-hash bytecode (PEP 552): never re-validated"


def test_the_browser_python_imports_the_shipped_bytecode(run_in_pyodide, tmp_path):
    script = tmp_path / "where.py"
    script.write_text(
        "import ast, importlib.util, numpy, tinytorch\n"
        "flags = lambda path: int.from_bytes(open(path, 'rb').read()[4:8], 'little')\n"
        "print('ast', ast.__file__)\n"
        "print('numpy', flags(numpy.__cached__), 'tinytorch', flags(tinytorch.__cached__))\n")
    out = run_in_pyodide(script, tmp_path)
    assert "ast /lib/python312.zip/ast.pyc" in out, out  # zipimport took the bytecode
    assert "numpy 1 tinytorch 1" in out, out  # the wheel's unchecked-hash files, not ones Python wrote itself


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
