"""Bytecode for what the page's Python imports when it starts, so the browser does not compile it every time.

Pyodide's npm package and wheels carry Python sources only, and CPython in WebAssembly compiles each module it
imports from source on every start: most of the interpreter's start-up and about three quarters of
`import numpy`. After the distribution is assembled (pyodide_dist.py), `pyc_compile.mjs` runs under Node with
Pyodide's own CPython (the same build the site serves, so the bytecode matches), loads the start-up packages,
imports them, every module of the library and what the cell runner and completer import, and adds bytecode
for exactly the modules that loaded (sys.modules) to the standard-library zip and to the start-up wheels.
Sources stay beside the bytecode; everything else in the archives is unchanged, byte for byte. The compiled
archives replace the plain ones in the site, and the served lock file names the compiled wheels' sha256
(Pyodide checks it). The result is cached in .cache/ under a key of every input, so an unchanged build does
not run Node again.
"""

import ast
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from pyodide_lock import PyodideLockSpec

from .files import MissingBuildInput, copy_if_changed

HERE = Path(__file__).parent
COMPILER = HERE / "pyc_compile.mjs"
STDLIB = "python_stdlib.zip"
# Python files the worker runs in the page's Python (static/): what they import is compiled too.
RUNTIME_MODULES = ("cell_runner.py", "completion.py")


class BytecodeError(Exception):
    pass


def imported_modules(source: str) -> list[str]:
    """The absolute module names a Python file imports (`import a.b`, `from a import b`), in order, once each."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return list(dict.fromkeys(names))


def compile_plan(served: PyodideLockSpec, startup: list[str], library: str) -> dict:
    """What pyc_compile.mjs loads, imports and compiles for these start-up packages."""
    imports = [name for package in startup for name in served.packages[package].imports]
    for file in RUNTIME_MODULES:
        imports += imported_modules((HERE / "static" / file).read_text(encoding="utf-8"))
    archives = {STDLIB: "stdlib", **{served.packages[package].file_name: "wheel" for package in startup}}
    return {"packages": startup, "imports": list(dict.fromkeys(imports)), "walk": [library], "archives": archives}


def plan_key(plan: dict, dist: Path) -> str:
    digest = hashlib.sha256(json.dumps(plan, sort_keys=True).encode())
    digest.update(COMPILER.read_bytes())
    for name in sorted(plan["archives"]):
        digest.update(name.encode() + (dist / name).read_bytes())
    return digest.hexdigest()[:20]


def run_compiler(dist: Path, out: Path, plan: dict, root: Path):
    node = shutil.which("node")
    if node is None:
        raise MissingBuildInput("Compiling the start-up modules to bytecode needs Node.js: run `make setup`.")
    done = subprocess.run([node, str(COMPILER), str(dist), str(out), json.dumps(plan)],
                          capture_output=True, text=True, cwd=root, timeout=600)
    missing = [name for name in plan["archives"] if not (out / name).is_file()]
    if done.returncode != 0 or missing:
        raise BytecodeError(f"Compiling the start-up modules to bytecode failed (pyc_compile.mjs, exit "
                            f"{done.returncode}):\n{done.stdout}\n{done.stderr}")


def compile_startup_bytecode(served: PyodideLockSpec, startup: list[str], library: str, dist: Path,
                             root: Path, cache: Path) -> PyodideLockSpec:
    """Put compiled archives in place of the plain ones in `dist`; return the lock naming their sha256."""
    plan = compile_plan(served, startup, library)
    folder = cache / "bytecode" / plan_key(plan, dist)
    if not all((folder / name).is_file() for name in plan["archives"]):
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
            run_compiler(dist, Path(scratch), plan, root)
            shutil.rmtree(folder, ignore_errors=True)
            Path(scratch).rename(folder)
            Path(scratch).mkdir()  # for TemporaryDirectory's clean-up
    packages = dict(served.packages)
    for package in startup:
        entry = packages[package]
        compiled = folder / entry.file_name
        copy_if_changed(compiled, dist / entry.file_name)
        packages[package] = entry.model_copy(update={"sha256": hashlib.sha256(compiled.read_bytes()).hexdigest()})
    copy_if_changed(folder / STDLIB, dist / STDLIB)
    return served.model_copy(update={"packages": packages})
