"""Run a Python script inside Pyodide under Node.js, from the built site's own distribution."""

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def run_in_pyodide(site_dir):
    """A function (script, work_dir) -> stdout that runs `script` in Pyodide with `work_dir` mounted."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: make setup installs Node.js with npm")
    dist = site_dir / "_static" / "pyodide"
    if not (dist / "pyodide-lock.json").exists():
        pytest.fail(f"no Pyodide distribution in the built site at {dist}")

    def run(script: Path, work_dir: Path) -> str:
        done = subprocess.run([node, str(HERE / "run_in_pyodide.mjs"), str(dist), str(script), str(work_dir)],
                              capture_output=True, text=True, timeout=300, cwd=HERE.parents[1])
        assert done.returncode == 0, f"Pyodide run failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    return run
