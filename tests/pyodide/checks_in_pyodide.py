"""Run inside Pyodide: every check on the reference activations and on each classic mistake, saved as JSON.

argv[1] is a folder holding wrong_activations.py; the answers go to checks.json beside it.
"""

import json
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])

import tinytorch.core.activations as reference  # noqa: E402
from tinytorch.checks import SPECS, run_checks  # noqa: E402
from wrong_activations import WRONG  # noqa: E402

answers = {
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
    "reference": {name: [r.message for r in run_checks(name, getattr(reference, name)) if not r.passed]
                  for name in SPECS},
    "wrong": [{r.name: r.message for r in run_checks(name, cls)}.get(check) for cls, name, check, _ in WRONG],
}
with open(f"{sys.argv[1]}/checks.json", "w") as handle:
    json.dump(answers, handle)
