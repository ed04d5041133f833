"""Built media (slide PDFs, audio, captions) that pages reference, copied into the site's _static/media/."""

import posixpath
from pathlib import Path

from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .files import MissingBuildInput, copy_if_changed

MEDIA_DIR = "_static/media"
logger = logging.getLogger(__name__)


def find_built_file(app, argument: str, suffix: str) -> Path | None:
    """The file a directive names, as given or in the build/ folder beside it (`make slides`/`make audio` write there)."""
    given = Path(app.srcdir) / argument
    name = given.name if given.name.endswith(suffix) else given.name + suffix
    for candidate in (given.with_name(name), given.parent / "build" / name):
        if candidate.is_file():
            return candidate
    return None


class BuiltMediaDirective(SphinxDirective):
    """A directive whose one argument names a file that a make target builds; optional :title:."""

    required_arguments = 1
    option_spec = {"title": directives.unchanged}

    def built_file(self, suffix: str, make_target: str) -> Path:
        """The built file; MissingBuildInput, naming the make target that writes it, when there is none."""
        argument = self.arguments[0]
        found = find_built_file(self.env.app, argument, suffix)
        if found is None:
            raise MissingBuildInput(
                f"{self.name} in {self.get_location()}: no {suffix} file for {argument!r} (looked beside it and "
                f"in its build/ folder): run `make {make_target}` first")
        return found


def register_media(env, docname: str, source: Path) -> str:
    """Remember that `docname` shows `source`; return its URL relative to that page."""
    _media(env).setdefault(docname, set()).add(str(source))
    env.note_dependency(str(source))
    return relative_static_url(docname, f"media/{source.name}")


def relative_static_url(docname: str, path_in_static: str) -> str:
    """URL of a file under _static/, relative to the HTML page built from `docname`."""
    return posixpath.relpath(f"_static/{path_in_static}", posixpath.dirname(docname) or ".")


def _media(env) -> dict[str, set[str]]:
    """docname -> the media files that page shows, kept on the (pickled) build environment."""
    if not hasattr(env, "interactive_media"):
        env.interactive_media = {}
    return env.interactive_media


def purge_media(app, env, docname):
    _media(env).pop(docname, None)


def merge_media(app, env, docnames, other):
    for docname, files in _media(other).items():
        if docname in docnames:
            _media(env).setdefault(docname, set()).update(files)


def copy_media(app, exception):
    """After a successful HTML build, copy every registered media file into _static/media/."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / MEDIA_DIR
    sources = {src for files in _media(app.env).values() for src in files}
    for source in sorted(sources):
        copy_if_changed(Path(source), target / Path(source).name)
    if sources:
        logger.info(f"interactive: copied {len(sources)} media file(s) into {MEDIA_DIR}/")


def setup_media(app):
    """Connect the handlers that track media per page and copy it into the site."""
    if getattr(app, "_interactive_media_connected", False):
        return
    app._interactive_media_connected = True
    app.connect("env-purge-doc", purge_media)
    app.connect("env-merge-info", merge_media)
    app.connect("build-finished", copy_media)
