"""tinytorch.checks inside Pyodide (Node.js, the site's own distribution) gives the very messages it gives natively."""

import importlib.util
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tinytorch.checks import SPECS

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
WRONG_ACTIVATIONS = HERE.parent / "core" / "wrong_activations.py"


@pytest.fixture(scope="module")
def answers(run_in_pyodide, tmp_path_factory):
    """What the checks say inside Pyodide about the references and the classic mistakes."""
    work = tmp_path_factory.mktemp("checks")
    shutil.copy(WRONG_ACTIVATIONS, work)
    run_in_pyodide(HERE / "checks_in_pyodide.py", work)
    return json.loads((work / "checks.json").read_text())


def test_checks_ran_in_the_browser_python(answers):
    assert answers["versions"]["python"].startswith("3.12.")
    assert answers["versions"]["numpy"] == "2.0.2"


def test_reference_activations_pass_every_check_in_pyodide(answers):
    assert answers["reference"] == {name: [] for name in SPECS}


def test_each_mistake_fails_with_the_native_message_in_pyodide(answers):
    spec = importlib.util.spec_from_file_location("wrong_activations", WRONG_ACTIVATIONS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    WRONG = module.WRONG
    expected = [message for *_, message in WRONG]
    got = answers["wrong"]
    assert len(got) == len(expected)
    mismatches = [(cls.__name__, check, want, seen)
                  for (cls, _, check, want), seen in zip(WRONG, got) if seen != want]
    assert mismatches == []


def test_the_served_tinytorch_wheel_holds_every_module_of_the_checks_package(site_dir):
    lock = json.loads((site_dir / "_static" / "pyodide" / "pyodide-lock.json").read_text())
    wheel = site_dir / "_static" / "pyodide" / lock["packages"]["tinytorch"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {name for name in names if name.startswith("tinytorch/checks/") and name.endswith(".py")}
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tinytorch" / "checks").glob("*.py")}
    assert "tinytorch/checks/__init__.py" in modules and "tinytorch/checks/softmax.py" in modules
    assert shipped == modules
    for module in modules:  # each with its bytecode (bytecode.py compiles every module of the library)
        assert module.replace("checks/", "checks/__pycache__/").replace(".py", ".cpython-312.pyc") in names
