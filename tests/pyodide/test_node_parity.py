"""tinytorch inside Pyodide (Node.js, the site's own distribution) gives the native results for all five activations."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tinytorch.core.activations import ACTIVATION_NAMES

HERE = Path(__file__).parent
TOLERANCE = {np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-12}


def parity_inputs() -> dict:
    """Special values, a sweep across the saturating range and seeded normal draws, in float32 and float64."""
    tiny32, tiny64 = np.finfo(np.float32).smallest_subnormal, np.finfo(np.float64).smallest_subnormal
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e4, -1e4, 88.7, -88.7, 709.0, -709.0, 1.0, -1.0]
    rng = np.random.default_rng(2)
    arrays = {}
    for dtype, tiny in ((np.float32, tiny32), (np.float64, tiny64)):
        name = np.dtype(dtype).name
        arrays[f"special_{name}"] = np.array(special + [tiny, -tiny], dtype=dtype)
        arrays[f"sweep_{name}"] = np.linspace(-30, 30, 4001, dtype=dtype)
        arrays[f"normal_{name}"] = (rng.standard_normal((64, 257)) * 4).astype(dtype)
        arrays[f"logits_{name}"] = np.array([[1000, 1001, 1002], [-1000, 0, 1000], [1, 2, 3]], dtype=dtype)
    return arrays


@pytest.fixture(scope="module")
def runs(run_in_pyodide, tmp_path_factory):
    """Native and Pyodide results for the same saved inputs."""
    work = tmp_path_factory.mktemp("parity")
    np.savez(work / "inputs.npz", **parity_inputs())
    script = HERE / "activation_results.py"
    subprocess.run([sys.executable, str(script), str(work)], check=True)
    stdout = run_in_pyodide(script, work)
    assert "pyodide: numpy 2.0.2, python 3.12" in stdout
    with np.load(work / "native.npz") as native, np.load(work / "pyodide.npz") as pyodide:
        yield {k: native[k] for k in native.files}, {k: pyodide[k] for k in pyodide.files}


def test_pyodide_computes_every_case(runs):
    native, pyodide = runs
    assert sorted(pyodide) == sorted(native)
    assert {key.split("/")[0] for key in native} == {
        *(name.lower() for name in ACTIVATION_NAMES), "gelu_tanh", "gelu_sigmoid", "softmax_dim0"}


def test_pyodide_matches_native_within_dtype_tolerance(runs):
    native, pyodide = runs
    mismatches = {}
    for key, expected in native.items():
        got = pyodide[key]
        assert got.dtype == expected.dtype and got.shape == expected.shape, key
        tol = TOLERANCE[expected.dtype]
        close = np.isclose(got, expected, rtol=tol, atol=tol, equal_nan=True)
        if not close.all():
            worst = int(np.argmax(np.where(close, 0, np.abs(got - expected))))
            mismatches[key] = json.dumps({"index": worst, "native": float(expected.flat[worst]),
                                          "pyodide": float(got.flat[worst])})
    assert not mismatches, mismatches
