"""What Binder does, done here: the chapter becomes a notebook (jupytext) that runs top to bottom (nbclient)."""

import json
import os
import re
import subprocess
import sys

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from site_pages import ROOT, chapter_files

BINDER = ROOT / "binder"


@pytest.fixture
def without_pytorch(tmp_path, monkeypatch):
    """An environment like Binder's, where `import torch` fails, and a cost measurement made in it."""
    hidden = tmp_path / "hide-torch" / "torch"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("PyTorch is hidden: Binder has none")\n')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(hidden.parent), os.environ.get("PYTHONPATH")])))
    measurement = tmp_path / "cost.json"
    subprocess.run([sys.executable, "-m", "chapter.cost_measurement", str(measurement)], check=True)
    artifact = json.loads(measurement.read_text())
    assert artifact["machine"]["torch"] is None and artifact["torch_1_thread"] is None
    monkeypatch.setenv("TINYTORCH_COST_MEASUREMENT", str(measurement))
    return measurement


@pytest.mark.parametrize("name", chapter_files())
def test_chapter_runs_top_to_bottom_as_a_notebook(name, tmp_path, without_pytorch):
    source = ROOT / f"{name}.md"
    notebook = jupytext.read(source)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells, f"{name}.md has no code cells to run"
    notebook_path = tmp_path / f"{source.stem}.ipynb"
    nbformat.write(notebook, notebook_path)

    executed = nbformat.read(notebook_path, as_version=4)
    # JupyterLab starts the kernel beside the file: the chapter's own folder
    NotebookClient(executed, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(source.parent)}}).execute()

    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    timing = [c for c in executed.cells if "timing" in c.metadata.get("tags", [])]
    assert timing, "the chapter has a timing cell"
    for cell in timing:  # the reader's rerun prints the copy baseline beside the activations, no PyTorch needed
        printed = "".join(o.get("text", "") for o in cell.outputs)
        assert re.search(r"^copy\s", printed, re.M) and "x copy" in printed, printed


def test_binder_installs_the_book_environment_with_tinytorch():
    requirements = (BINDER / "requirements.txt").read_text()
    assert re.search(r"^-r \.\./requirements\.txt$", requirements, re.M)
    root_requirements = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", root_requirements, re.M), "requirements.txt must install tinytorch itself"
    assert re.search(r"^jupytext==", root_requirements, re.M), "jupytext opens the .md chapter as a notebook"


def test_binder_python_matches_the_package():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python\s*=\s*">=(\d+\.\d+)"', pyproject).group(1)
    assert runtime.startswith("python-")
    assert tuple(map(int, runtime.removeprefix("python-").split("."))) >= tuple(map(int, minimum.split(".")))


def test_binder_post_build_makes_jupyterlab_open_markdown_as_a_notebook(tmp_path):
    env = {**os.environ, "NB_PYTHON_PREFIX": str(tmp_path)}
    subprocess.run(["bash", str(BINDER / "postBuild")], env=env, check=True, cwd=tmp_path)
    settings = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"
