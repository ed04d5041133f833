"""The worker's one-pass wheel install (worker.js, WHEELS_WRITTEN_WHOLE) leaves exactly what Pyodide's own does,
has only shared libraries loaded at once (extension modules load when imported), and the page's packages work."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
WORKER = HERE.parents[1] / "book" / "_ext" / "interactive" / "static" / "worker.js"


@pytest.fixture(scope="module")
def result(site_dir):
    dist = site_dir / "_static" / "pyodide"
    lock = json.loads((dist / "pyodide-lock.json").read_text())["packages"]
    # numpy: .so files and compiled bytecode; the library: pure Python; cycler: a plain wheel from Pyodide
    wheels = [lock[name]["file_name"] for name in ("numpy", "tinytorch", "cycler")]
    done = subprocess.run([shutil.which("node"), str(HERE / "wheel_install.mjs"), str(dist), str(WORKER), *wheels],
                          capture_output=True, text=True, timeout=300, cwd=HERE.parents[1])
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def installs(result):
    return result["wheels"]


@pytest.mark.parametrize("package", ["numpy", "tinytorch", "cycler"])
def test_the_same_files_with_the_same_bytes(installs, package):
    (plain, whole), = [(v["plain"], v["whole"]) for k, v in installs.items() if k.startswith(package + "-")]
    assert plain["files"], "Pyodide's own install wrote nothing"
    assert whole["files"] == plain["files"]
    assert any(path.endswith(".dist-info/INSTALLER") for path in whole["files"])  # the installer record too


def test_only_shared_libraries_are_loaded_at_once_and_extension_modules_wait_for_their_import(installs):
    (numpy,) = [v for k, v in installs.items() if k.startswith("numpy-")]
    plain = numpy["plain"]["dynlibs"]
    assert len(plain) > 10 and all(path.endswith(".cpython-312-wasm32-emscripten.so") for path in plain)
    assert numpy["whole"]["dynlibs"] == []


def test_numpy_the_library_and_matplotlib_work_with_extension_modules_loaded_on_import(result):
    loaded = result["loaded"]
    assert loaded["relu"] == [[0.0, 0.5, 2.0]]
    assert loaded["png"] is True
    names = loaded["extensions"]
    assert "numpy._core._multiarray_umath" in names and "matplotlib.ft2font" in names, names
    assert not any(name.startswith("numpy.random") for name in names), "only what was imported is loaded"
