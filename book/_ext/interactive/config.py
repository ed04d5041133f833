"""Every setting of the interactive extension, declared once, in one dataclass, read through `get_config(app)`.

Each field `x` is the Sphinx config value `interactive_x`, set in `_config.yml` under `sphinx: config:`.
Nothing in the extension names the library it ships or the chapter it serves: a new chapter (or a new
library) is a new page plus these settings. The values are checked when the configuration is read, and a
wrong one stops the build with a sentence naming the setting.
"""

import dataclasses
import importlib
import re
from pathlib import Path

from sphinx.errors import ConfigError

PREFIX = "interactive_"
PREFETCH_POLICIES = ("idle", "never")


@dataclasses.dataclass(frozen=True)
class InteractiveConfig:
    # The package the page's Python imports: built from its project into a pure wheel and served to Pyodide.
    library: str = ""
    # The folder (relative to the book's root) holding the library's pyproject.toml.
    library_project: str = "."
    # Whether the build writes the Python runtime into the site (off for builds that only check pages).
    pyodide_dist: bool = True
    # The Pyodide release the site serves; node_modules/pyodide (package-lock.json) must hold the same one.
    pyodide_version: str = "0.27.7"
    # Official Pyodide packages served beside the library (their dependencies come along): numpy, matplotlib...
    pyodide_packages: tuple = ("numpy",)
    # Where the official wheels come from: a PyPI requirement whose archive carries them, and the folder in it.
    pyodide_wheel_source: str = ""
    pyodide_wheel_folder: str = ""
    # localStorage keys of the readers' edits start with this ("course:chapter:"); keep it stable once published.
    storage_prefix: str = ""
    # When Python starts before the first Run: "idle" (once the page has settled) or "never".
    prefetch: str = "idle"
    # Exercises: "module:ATTRIBUTE" naming the sequence of classes the reader re-implements, and
    # "module:function" naming the check that runs in the page's Python: function(name, source) -> report dict.
    exercises: str = ""
    exercise_check: str = ""
    # The folder (relative to the book's root) holding each exercise's starter `<name>.py` and `<name>.hint.md`.
    exercise_starters: str = ""
    # Cells tagged with a key move into the tab with that label in the tab set right before them.
    tab_cells: dict = dataclasses.field(default_factory=dict)
    # Modules with a source page in the site (viewcode) and a link in every page's header.
    source_modules: tuple = ()
    # Files and folders (relative to the book's root) every executed page depends on: an edit rebuilds it.
    # One that does not exist yet (a measurement a make step writes) makes the page rebuild until it does.
    page_dependencies: tuple = ()
    # An OpenType math font (one with a MATH table) the browser draws the formulas in; the build cuts it to the
    # characters the site's formulas use. Debian's fonts-lmodern (make installs it) puts Latin Modern Math here.
    math_font: str = "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"
    # The npm packages folder (relative to the book's root) the browser assets are copied from.
    node_modules: str = "node_modules"

    @property
    def exercise_names(self) -> list[str]:
        """The class names the exercises cover, in the registry's order."""
        return [cls.__name__ for cls in self.exercise_classes]

    @property
    def exercise_classes(self) -> tuple:
        return tuple(_resolve(self.exercises, "exercises")) if self.exercises else ()


def _field_types(field) -> tuple:
    """The Python types a `_config.yml` value may have for a field (YAML gives lists, never tuples)."""
    default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
    if isinstance(default, tuple):
        return (list, tuple)
    return (type(default),)


def add_config_values(app):
    """Declare every field as `interactive_<field>` with its default."""
    for field in dataclasses.fields(InteractiveConfig):
        default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
        app.add_config_value(PREFIX + field.name, default, "env", types=_field_types(field))
    app.connect("config-inited", check_config)


def read_config(config) -> InteractiveConfig:
    """The settings as given, type-checked (a list where a list belongs), without resolving any name.

    `config` is Sphinx's config, or any object with the `interactive_*` attributes.
    """
    values = {}
    for field in dataclasses.fields(InteractiveConfig):
        default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
        value = getattr(config, PREFIX + field.name, default)
        if not isinstance(value, _field_types(field)):
            wanted = " or ".join(t.__name__ for t in _field_types(field))
            raise ConfigError(f"{PREFIX}{field.name} must be a {wanted}; _config.yml gives {value!r}.")
        if isinstance(value, list):
            value = tuple(value)
        values[field.name] = value
    return InteractiveConfig(**values)


def check_config(app, config):
    """Stop the build with a clear sentence on any setting that cannot work (config-inited)."""
    settings = read_config(config)
    problems = []
    if settings.prefetch not in PREFETCH_POLICIES:
        problems.append(f"{PREFIX}prefetch is {settings.prefetch!r}; it must be one of {', '.join(PREFETCH_POLICIES)}.")
    if not re.fullmatch(r"\d+\.\d+\.\d+", settings.pyodide_version):
        problems.append(f"{PREFIX}pyodide_version is {settings.pyodide_version!r}; give a release such as 0.27.7.")
    if settings.pyodide_dist:
        for name in ("library", "storage_prefix", "pyodide_wheel_source", "pyodide_wheel_folder"):
            if not getattr(settings, name):
                problems.append(f"{PREFIX}{name} is not set; the site serves Python ({PREFIX}pyodide_dist is true), "
                                "so it needs one.")
        if settings.library and importlib.util.find_spec(settings.library) is None:
            problems.append(f"{PREFIX}library names {settings.library!r}, which is not importable here.")
        project = Path(app.srcdir) / settings.library_project / "pyproject.toml"
        if not project.is_file():
            problems.append(f"{PREFIX}library_project is {settings.library_project!r}, which holds no pyproject.toml.")
    if settings.exercises or settings.exercise_check or settings.exercise_starters:
        problems += _exercise_problems(app, settings)
    for name in settings.source_modules:
        if importlib.util.find_spec(name) is None:
            problems.append(f"{PREFIX}source_modules names {name!r}, which is not importable here.")
    if problems:
        raise ConfigError("The interactive extension's settings in _config.yml need fixing:\n  "
                          + "\n  ".join(problems))


def _exercise_problems(app, settings) -> list[str]:
    problems = []
    for name in ("exercises", "exercise_check", "exercise_starters"):
        if not getattr(settings, name):
            problems.append(f"{PREFIX}{name} is not set; exercises need {PREFIX}exercises, "
                            f"{PREFIX}exercise_check and {PREFIX}exercise_starters together.")
    for name in ("exercises", "exercise_check"):
        spec = getattr(settings, name)
        if spec:
            try:
                _resolve(spec, name)
            except ConfigError as error:
                problems.append(str(error))
    starters = Path(app.srcdir) / settings.exercise_starters
    if settings.exercise_starters and not starters.is_dir():
        problems.append(f"{PREFIX}exercise_starters is {settings.exercise_starters!r}, which is not a folder.")
    return problems


def _resolve(spec: str, name: str):
    """The object a "module:attribute" setting names."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ConfigError(f"{PREFIX}{name} is {spec!r}; write it as module:attribute.")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ConfigError(f"{PREFIX}{name} names module {module_name!r}, which cannot be imported ({error}).") from None
    if not hasattr(module, attribute):
        raise ConfigError(f"{PREFIX}{name}: module {module_name!r} has no {attribute!r}.")
    return getattr(module, attribute)


def get_config(app) -> InteractiveConfig:
    """The extension's settings (checked when the build read them)."""
    return read_config(app.config)


def book_settings(config_yml: Path) -> InteractiveConfig:
    """The settings a Jupyter Book's _config.yml gives (under sphinx.config), for tools and tests outside a build."""
    import yaml  # Jupyter Book's own dependency

    given = (yaml.safe_load(config_yml.read_text()).get("sphinx") or {}).get("config") or {}
    return read_config(type("BookConfig", (), {k: v for k, v in given.items() if k.startswith(PREFIX)}))
