"""The local Sphinx extension that owns everything interactive on a chapter page.

Each widget (runnable cells, exercises, slide viewer, audio card, diagrams) lives in its own module with
its static JS/CSS beside it (static/), wired the one way widgets.py describes; `setup` registers them all.
Every setting is declared once in config.py and set in `_config.yml` under `sphinx.config`, each name
prefixed `interactive_`; nothing here names the library or the chapter it serves.
"""

from pathlib import Path

from .audio import setup_audio
from .cells import setup_cells
from .code_tokens import setup_code_tokens
from .config import add_config_values
from .css_bundle import setup_css_bundle
from .editor_bundle import setup_editor_bundle
from .exercises import setup_exercises
from .head_scripts import setup_head_scripts
from .icon_font import setup_icon_font
from .js_bundle import setup_js_bundle
from .icons import setup_icons
from .library_dependency import setup_library_dependency
from .math_at_build import setup_math_at_build
from .mermaid_diagram import setup_mermaid
from .page_description import setup_page_description
from .service_worker import setup_service_worker
from .slides import setup_slides
from .source_links import setup_source_links
from .static_refresh import setup_static_refresh
from .vendor_assets import setup_vendor_assets

STATIC_DIR = Path(__file__).parent / "static"


def setup(app):
    add_config_values(app)
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("palette.css")  # every --tt-* colour, on every page: the widgets and tinytorch.css read it
    setup_editor_bundle(app)
    setup_cells(app)
    setup_exercises(app)
    setup_slides(app)
    setup_audio(app)
    setup_vendor_assets(app)
    setup_mermaid(app)
    setup_math_at_build(app)
    setup_icons(app)
    setup_icon_font(app)
    setup_code_tokens(app)
    setup_head_scripts(app)
    setup_page_description(app)
    setup_source_links(app)
    setup_library_dependency(app)
    setup_static_refresh(app)
    setup_service_worker(app)
    setup_css_bundle(app)
    setup_js_bundle(app)
    # env_version: raised when every page gains a file or a head script, so an incremental build rewrites them all
    return {"version": "0.1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static_path(app):
    if STATIC_DIR.is_dir():
        app.config.html_static_path.append(str(STATIC_DIR))
