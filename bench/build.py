"""Wall time of a clean `jupyter-book build` and of a rebuild with nothing changed, into a temporary folder."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
TARGETS = {"clean": 90.0, "no-op": 10.0}  # seconds, on a 2-core machine


def timed_build(output: Path) -> float:
    """Seconds for one `jupyter-book build` with the Makefile's flags; raises if the build fails."""
    command = [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(output), "--warningiserror"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({' '.join(command)}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return elapsed


def main():
    output = Path(tempfile.mkdtemp(prefix="tinytorch-bench-build-"))
    try:
        times = {"clean": timed_build(output), "no-op": timed_build(output)}
    finally:
        shutil.rmtree(output, ignore_errors=True)
    print(f"jupyter-book build of {ROOT.name} on {os.cpu_count()} cores")
    for kind, seconds in times.items():
        verdict = "within" if seconds <= TARGETS[kind] else "OVER"
        print(f"  {kind:6s} build: {seconds:6.1f} s   (target <= {TARGETS[kind]:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
