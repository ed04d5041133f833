"""The local Sphinx extension that owns everything interactive on the chapter page.

Each widget (runnable cells, slide viewer, audio card) lives in its own module
with its own static JS/CSS beside it; `setup` registers them all. Configuration
lives in `_config.yml` under `sphinx.config`, every name prefixed `interactive_`.
"""

from pathlib import Path

from .audio import setup_audio
from .exercises import setup_exercises
from .slides import setup_slides

STATIC_DIR = Path(__file__).parent / "static"


def setup(app):
    app.connect("builder-inited", _add_static_path)
    setup_exercises(app)
    setup_slides(app)
    setup_audio(app)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static_path(app):
    if STATIC_DIR.is_dir():
        app.config.html_static_path.append(str(STATIC_DIR))
