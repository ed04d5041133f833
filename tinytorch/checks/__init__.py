"""Named property checks for an activation class: the project's tests and the page's exercises share them.

`run_checks("Sigmoid", cls)` instantiates `cls`, calls `forward` on Tensors and
returns one `CheckResult` per property; a failure says what came back, what was
expected and, where the output gives it away, the likely cause. Reference values
come from the `math` module, never from tinytorch's own activations, so the
checks stay an independent judge. Pure NumPy + stdlib: it runs natively and
inside Pyodide.

Layout: `harness` (calling forward, tolerances, wording), `common` (the checks
every activation gets, and the building blocks of nan and +-inf checks), and one
module per activation holding its whole spec (reference, telltale mistakes, its
own checks). This module is the runner and the public API.
"""

import contextlib
import importlib
import io
import json
from dataclasses import asdict, dataclass, replace

from tinytorch.checks.common import COMMON
from tinytorch.checks.harness import CheckFailed, error_line, watching_overflow
from tinytorch.core.activations import ACTIVATION_NAMES


def _load_specs() -> dict:
    """One spec per registered activation, from tinytorch/checks/<name>.py, in the registry's order."""
    specs = {}
    for name in ACTIVATION_NAMES:
        try:
            module = importlib.import_module(f"tinytorch.checks.{name.lower()}")
        except ModuleNotFoundError as error:
            raise ImportError(f"The activation {name} is registered but has no check module "
                              f"tinytorch/checks/{name.lower()}.py.") from error
        if module.SPEC.name != name:
            raise ImportError(f"tinytorch/checks/{name.lower()}.py declares a spec for {module.SPEC.name}, not {name}.")
        specs[name] = module.SPEC
    return specs


SPECS = _load_specs()


@dataclass
class CheckResult:
    """The outcome of one named check: on failure, `message` says what to fix."""

    name: str
    passed: bool
    message: str = ""


def check_names(name: str) -> list:
    """The names of the checks for activation `name`, in the order they run."""
    return [check_name for check_name, _ in COMMON + SPECS[name].checks]


def run_checks(name: str, cls) -> list:
    """Every check for activation `name` against the class `cls`: a list of CheckResult."""
    if name not in SPECS:
        raise ValueError(f"no checks for {name!r}; choose one of {', '.join(SPECS)}")
    spec = replace(SPECS[name], cls=cls)
    results = []
    for check_name, check in COMMON + spec.checks:
        if results and not results[0].passed:
            results.append(CheckResult(check_name, False, "not run: forward must run first"))
            continue
        try:
            check(spec)
            results.append(CheckResult(check_name, True))
        except CheckFailed as failure:
            results.append(CheckResult(check_name, False, str(failure)))
        except Exception as error:  # a reader's output can break a check in ways no message foresaw
            results.append(CheckResult(check_name, False, f"the check could not read the output: "
                                                          f"{type(error).__name__}: {error}"))
    return results


def run_checks_json(name: str, cls) -> str:
    """run_checks as a JSON report: {activation, passed, total, results: [{name, passed, message}], error, stdout}."""
    return json.dumps(_report(name, run_checks(name, cls)))


def _report(name, results, error=None, stdout=""):
    return {"activation": name, "passed": sum(r.passed for r in results), "total": len(check_names(name)),
            "results": [asdict(r) for r in results], "error": error, "stdout": stdout}


STDOUT_LIMIT = 2000  # the checks call forward often: a print inside it would flood the page


def check_source(name: str, source: str) -> dict:
    """Run the reader's source in a fresh namespace, find its class and check it: the report, as plain data.

    {activation, passed, total, results: [{name, passed, message}], error, stdout}: what the source prints
    goes into `stdout` (cut at STDOUT_LIMIT characters). The page's exercises call this in its Python and
    get the dict back through the worker as data.
    """
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        results, error = _check_source(name, source)
    stdout = printed.getvalue()
    if len(stdout) > STDOUT_LIMIT:
        stdout = stdout[:STDOUT_LIMIT] + f"\n... ({len(stdout) - STDOUT_LIMIT} more characters not shown)"
    return _report(name, results, error, stdout)


def _check_source(name, source):
    """(results, None), or ([], the error message) when the source cannot give a class to check."""
    namespace = {"__name__": "exercise"}
    try:
        with watching_overflow():  # so that `from numpy import exp` picks up the watched exp
            exec(compile(source, "<exercise>", "exec"), namespace)
    except SyntaxError as error:
        return [], f"SyntaxError on line {error.lineno}: {error.msg}"
    except Exception as error:
        return [], f"{type(error).__name__}{error_line(error)}: {error}"
    candidates = [v for v in namespace.values()
                  if isinstance(v, type) and v.__module__ == "exercise" and hasattr(v, "forward")]
    chosen = namespace.get(name) if namespace.get(name) in candidates else None
    if chosen is None and len(candidates) == 1:
        chosen = candidates[0]
    if chosen is None:
        found = ", ".join(c.__name__ for c in candidates) or "none"
        return [], f"define one class named {name} with a forward method (classes with forward found: {found})"
    return run_checks(name, chosen), None
