"""The pure JS of the interactive widgets, unit-tested with Node's own test runner (tests/js/*.test.js)."""

import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_node_unit_tests_pass():
    files = sorted(str(path) for path in HERE.glob("*.test.js"))
    assert files, "no Node test files in tests/js"
    done = subprocess.run(["node", "--test", *files], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
