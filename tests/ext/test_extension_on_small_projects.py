"""The interactive extension on small Sphinx projects built in a temporary folder, without the book.

Each test writes a conf.py, a page or two and, where it needs one, a toy library of its own (not tinytorch:
nothing in the extension may name the library it serves), builds with `python -m sphinx`, and reads the
HTML or the error.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

TOY_LIBRARY = '''
"""A toy library: one class, one registry, one check."""


class Square:
    """x squared."""

    def forward(self, x):
        return x * x  # the one line the reader writes


REGISTRY = (Square,)


def check(name, source):
    namespace = {}
    exec(source, namespace)
    ok = namespace[name]().forward(3) == 9
    return {"activation": name, "passed": int(ok), "total": 1, "results": [], "error": None, "stdout": ""}
'''

# A project that serves no Python: the settings a page with only slides, diagrams or prose needs.
NO_PYTHON = {"interactive_pyodide_dist": False}


def write_project(folder: Path, settings: dict, pages: dict[str, str]) -> Path:
    """conf.py with the extension and `settings`, plus rst pages (index first)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["extensions = ['interactive']", f"interactive_node_modules = {str(ROOT / 'node_modules')!r}"]
    lines += [f"{name} = {value!r}" for name, value in settings.items()]
    (folder / "conf.py").write_text("\n".join(lines) + "\n")
    for name, text in pages.items():
        (folder / f"{name}.rst").write_text(textwrap.dedent(text))
    return folder


def build(project: Path, library_dir: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m sphinx -W -b html` on the project; the toy library (if any) importable."""
    env = {**os.environ, "PYTHONPATH": str(library_dir)} if library_dir else None
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(project),
                           str(project / "_build")], capture_output=True, text=True, env=env, timeout=300)


def build_error(project: Path, library_dir: Path | None = None) -> str:
    """The build's error output, once it has failed as it should."""
    done = build(project, library_dir)
    assert done.returncode != 0, "the build should have stopped"
    return done.stderr


def page(project: Path, name: str = "index") -> BeautifulSoup:
    return BeautifulSoup((project / "_build" / f"{name}.html").read_text(), "html.parser")


@pytest.fixture
def toy(tmp_path) -> Path:
    """A folder holding the toy library `toylib` and the starter and hint of its one exercise."""
    library = tmp_path / "lib"
    (library / "toylib").mkdir(parents=True)
    (library / "toylib" / "__init__.py").write_text(TOY_LIBRARY)
    starters = tmp_path / "project" / "starters"
    starters.mkdir(parents=True)
    (starters / "square.py").write_text("class Square:\n    def forward(self, x):\n        raise NotImplementedError\n")
    (starters / "square.hint.md").write_text("Multiply x by itself.\n")
    return library


def exercise_settings(**more) -> dict:
    return {"interactive_exercises": "toylib:REGISTRY", "interactive_exercise_check": "toylib:check",
            "interactive_exercise_starters": "starters", "interactive_storage_prefix": "toy:ch1:",
            **NO_PYTHON, **more}


def test_an_exercise_of_another_library_is_built_from_its_registry_and_its_own_source(tmp_path, toy):
    project = write_project(tmp_path / "project", exercise_settings(), {
        "index": """
            Toy chapter
            ===========

            .. exercise-progress::

            .. activation-exercise:: Square
            """})
    done = build(project, toy)
    assert done.returncode == 0, done.stderr
    html = page(project)
    section = html.select_one("section.tt-exercise")
    assert section["data-activation"] == "Square"
    assert "raise NotImplementedError" in section.select_one(".tt-exercise-code pre").text  # the editor's listing
    assert (project / "_build" / "_static" / "code_editor.js").is_file()  # the editor, bundled by this build
    solution = section.select_one("details.tt-exercise-solution")
    assert "Solution: toylib's own Square" in solution.summary.text
    assert "return x * x" in solution.text
    assert html.select_one(".tt-progress-count").text == "0 of 1 exercises pass"
    assert [a["data-activation"] for a in html.select(".tt-progress-item")] == ["Square"]
    assert "tinytorch" not in str(html).lower()


def sources_of(tag) -> list[str]:
    """The scripts a tag runs: its src, or the sources js_bundle.py joined into it, without their ?v= stamps."""
    return [src.split("?")[0] for src in tag.get("data-bundled", tag["src"]).split()]


def test_the_page_settings_reach_the_browser_once_on_the_runtime_script(tmp_path, toy):
    project = write_project(tmp_path / "project", exercise_settings(interactive_prefetch="never"), {
        "index": "Toy\n===\n\n.. activation-exercise:: Square\n\n.. toctree::\n\n   plain\n",
        "plain": "Plain\n=====\n\nNo widget here.\n"})
    done = build(project, toy)
    assert done.returncode == 0, done.stderr
    runtime = [tag for tag in page(project).select("script[src]") if "_static/runtime.js" in sources_of(tag)]
    assert len(runtime) == 1
    config = json.loads(runtime[0]["data-config"])
    assert config["storagePrefix"] == "toy:ch1:" and config["prefetch"] == "never"
    assert config["exerciseCheck"] == "toylib:check" and config["page"] == "index"
    assert config["binderUrl"] == ""  # no repository named: no Binder link
    scripts = [name for tag in page(project).select("script[src]") for name in sources_of(tag)]
    assert scripts.index("_static/runtime.js") < scripts.index("_static/edit_store.js") < scripts.index(
        "_static/exercises.js"), "runtime.js must run before the widgets that read it"
    assert scripts.index("_static/editor.js") < scripts.index("_static/exercises.js"), "the editor before its widget"
    assert not any("runtime.js" in s or "exercises.js" in s for tag in page(project, "plain").select("script[src]")
                   for s in sources_of(tag)), \
        "a page without a widget loads none of their scripts"


@pytest.mark.parametrize(("settings", "message"), [
    ({"interactive_prefetch": "sometimes"}, "interactive_prefetch is 'sometimes'; it must be one of idle, never."),
    ({"interactive_pyodide_dist": True, "interactive_storage_prefix": "x:"},
     "interactive_library is not set; the site serves Python"),
    ({"interactive_exercises": "toylib"}, "interactive_exercises is 'toylib'; write it as module:attribute."),
    ({"interactive_exercises": "toylib:MISSING", "interactive_exercise_check": "toylib:check",
      "interactive_exercise_starters": "starters"}, "interactive_exercises: module 'toylib' has no 'MISSING'."),
    ({"interactive_exercises": "toylib:REGISTRY"}, "interactive_exercise_check is not set"),
    ({"interactive_pyodide_packages": "numpy"}, "interactive_pyodide_packages must be a list or tuple"),
])
def test_a_wrong_setting_stops_the_build_with_a_sentence_naming_it(tmp_path, toy, settings, message):
    project = write_project(tmp_path / "project", {**NO_PYTHON, **settings}, {"index": "Toy\n===\n"})
    errors = build_error(project, toy)
    assert message in errors, errors


def test_an_exercise_not_in_the_registry_is_refused_with_the_names_it_knows(tmp_path, toy):
    project = write_project(tmp_path / "project", exercise_settings(), {
        "index": "Toy\n===\n\n.. activation-exercise:: Cube\n"})
    errors = build_error(project, toy)
    assert "'Cube' is not one of Square" in errors, errors


def test_slides_without_a_built_deck_stop_the_build_naming_the_make_target(tmp_path):
    project = write_project(tmp_path / "project", NO_PYTHON, {
        "index": "Toy\n===\n\n.. slide-viewer:: slides/deck.pdf\n"})
    errors = build_error(project)
    assert "Missing build input" in errors and "run `make slides` first" in errors, errors


def test_a_deck_brings_its_own_scripts_and_a_diagram_none_and_pdfjs_is_vendored(tmp_path):
    diagram = ".. mermaid::\n\n   graph LR; a-->b\n"
    project = write_project(tmp_path / "project", NO_PYTHON, {
        "index": f"Toy\n===\n\n.. slide-viewer:: deck.pdf\n   :title: Toy deck\n\n{diagram}\nAgain:\n\n{diagram}"})
    (project / "deck.pdf").write_bytes((ROOT / "slides" / "build" / "02_activations.pdf").read_bytes())
    done = build(project)
    assert done.returncode == 0, done.stderr
    html = page(project)
    viewer = html.select_one("figure.tt-slides")
    assert viewer["data-title"] == "Toy deck" and viewer["data-pdfjs"] == "_static/vendor/pdfjs/pdf.min.mjs"
    scripts = [name for tag in html.select("script[src]") for name in sources_of(tag)]
    assert "_static/slides.js" in scripts
    assert not [name for name in scripts if "mermaid" in name], "diagrams are drawn at build time"
    assert "_static/runtime.js" not in scripts, "no Python widget here, so no runtime"
    drawings = html.select(".mermaid-diagram > svg")
    assert len(drawings) == 2 and all(len(svg.select(".node")) == 2 for svg in drawings)
    ids = [tag["id"] for tag in html.select("[id]")]
    assert len(ids) == len(set(ids)), "the same diagram twice on a page must not repeat an id"
    assert not (project / "_build" / "_static" / "vendor" / "mermaid").exists()
    for name in ("pdf.min.mjs", "pdf.worker.min.mjs"):
        assert (project / "_build" / "_static" / "vendor" / "pdfjs" / name).is_file()
    assert (project / "_build" / "_static" / "media" / "deck.pdf").is_file()


def test_a_diagram_mermaid_cannot_draw_stops_the_build_naming_its_page(tmp_path):
    project = write_project(tmp_path / "project", NO_PYTHON, {
        "index": "Toy\n===\n\n.. mermaid::\n\n   graph LR; a-->\n"})
    errors = build_error(project)
    assert "index.rst:" in errors and "mermaid could not draw this diagram" in errors, errors

def head_stylesheets(project: Path, name: str = "index") -> list:
    return [link for link in page(project, name).head.find_all("link") if "stylesheet" in link.get("rel", [])]


def two_page_project(tmp_path, **settings) -> Path:
    """A project of two pages (index links other) with an empty `_static/` and these settings; no Python."""
    project = write_project(tmp_path / "project", {**NO_PYTHON, "html_static_path": ["_static"], **settings},
                            {"index": "Home\n====\n\nText.\n\n.. toctree::\n\n   other\n",
                             "other": "Other\n=====\n\nMore text.\n"})
    (project / "_static").mkdir()
    return project


def test_a_pages_stylesheets_become_one_bundle_that_follows_a_changed_stylesheet(tmp_path):
    project = two_page_project(tmp_path, html_css_files=["site.css"])
    (project / "_static" / "site.css").write_text('@charset "UTF-8";\nbody { color: rgb(1, 2, 3); }\n'
                                                  ".logo { background: url(logo.svg); }\n")
    assert build(project).returncode == 0
    links = head_stylesheets(project)
    assert len(links) == 1, links
    bundled = links[0]["data-bundled"].split()
    assert any(href.startswith("_static/site.css?") for href in bundled) and len(bundled) >= 3  # theme's, ours
    bundle = project / "_build" / links[0]["href"].split("?")[0]
    text = bundle.read_text()
    assert "@import" not in text and "@charset" not in text
    assert "url(../logo.svg)" in text  # re-pointed from _static/bundles/
    assert text.index("color: rgb(1, 2, 3)") > text.index("div.clearer")  # basic.css, imported by the theme, inlined
    assert head_stylesheets(project, "other")[0]["href"] == links[0]["href"]  # the same set shares one bundle

    (project / "_static" / "site.css").write_text("body { color: rgb(4, 5, 6); }\n")
    assert build(project).returncode == 0  # incremental: the changed stylesheet outdates every page
    again = head_stylesheets(project)
    assert again[0]["href"] != links[0]["href"] and again[0]["data-bundled"] != links[0]["data-bundled"]
    assert "rgb(4, 5, 6)" in (project / "_build" / again[0]["href"].split("?")[0]).read_text()
    assert not bundle.exists(), "a bundle no page links any more is removed"


def test_a_changed_script_is_copied_and_every_page_names_its_new_checksum(tmp_path):
    # Sphinx stamps ?v=<checksum> when it writes a page; a page it did not rewrite would name the old file
    project = two_page_project(tmp_path, html_js_files=["site.js"])
    script = project / "_static" / "site.js"
    script.write_text("console.log('first');\n")

    def stamps():
        # each page's stamp for site.js, on its own tag or in the list of a joined one (js_bundle.py)
        return [[src for tag in page(project, name).find_all("script", src=True)
                 for src in tag.get("data-bundled", tag["src"]).split() if "site.js" in src]
                for name in ("index", "other")]

    assert build(project).returncode == 0
    first = stamps()
    script.write_text("console.log('second');\n")
    assert build(project).returncode == 0
    second = stamps()
    assert all(len(srcs) == 1 for srcs in first + second)
    assert second[0] == second[1] and second[0] != first[0], (first, second)
    assert (project / "_build" / "_static" / "site.js").read_text() == "console.log('second');\n"
    joined = [tag["src"] for tag in page(project, "index").find_all("script", src=True) if "site.js" in tag.get("data-bundled", "")]
    assert len(joined) == 1, "site.js shares a file with the page's other deferred scripts"
    text = (project / "_build" / joined[0].split("?")[0]).read_text()  # what the page runs is the new text too
    assert "console.log('second');" in text and "console.log('first');" not in text
    done = build(project)  # nothing changed: nothing is outdated
    assert done.returncode == 0 and stamps() == second


def test_math_becomes_mathml_drawn_in_a_math_font_cut_to_its_characters(tmp_path):
    import io

    from fontTools.ttLib import TTFont
    from interactive.math_font import font_inside

    project = two_page_project(tmp_path, html_math_renderer="mathml_at_build")
    (project / "other.rst").write_text("Other\n=====\n\nInline :math:`\\mathbf{v} \\in \\mathbb{R}^n` here.\n\n"
                                       ".. math::\n\n   a &= b \\\\\n   c &= \\sqrt{d}\n")
    assert build(project).returncode == 0
    other, index = page(project, "other"), page(project, "index")
    inline, block = other.select("span.math"), other.select("div.math")
    assert len(inline) == 1 and len(block) == 1
    assert inline[0]["data-tex"] == "\\mathbf{v} \\in \\mathbb{R}^n"
    assert [len(span.find_all("math")) for span in inline + block] == [1, 1]
    assert block[0].math["display"] == "block" and "display" not in inline[0].math.attrs
    assert "data-mjx" not in str(other) and "mjx-container" not in str(other)
    # browsers draw mathvariant="normal" only: bold and double-struck letters become Unicode's own letters
    assert [mi.text for mi in inline[0].find_all("mi")] == ["\U0001D42F", "\u211D", "n"]
    assert [td.get("style") for td in block[0].find_all("mtd")][:2] == ["text-align: right", "text-align: left"]
    bundled = [link["data-bundled"].split() for link in head_stylesheets(project, "other")]
    assert any(href.startswith("_static/math-font.css") for href in bundled[0]), bundled
    assert not any("math" in href for link in head_stylesheets(project) for href in link["data-bundled"].split())
    font_file = project / "_build" / "_static" / "math-font.css"
    font = TTFont(io.BytesIO(font_inside(font_file.read_text())))
    assert "MATH" in font and font.flavor == "woff2"
    covered = set(font.getBestCmap())
    # the letters as written, the italic the browser draws one-letter identifiers in, bold v, blackboard R
    assert {ord(c) for c in "abcdn=\u221A\u2208"} | {0x1D44E, 0x1D44F, 0x1D450, 0x1D451, 0x1D45B, 0x1D42F, 0x211D} <= covered
    assert ord("z") not in covered and 0x1D467 not in covered, "the font is not cut to the formulas' characters"

    (project / "other.rst").write_text("Other\n=====\n\nNo formulas any more.\n")
    assert build(project).returncode == 0
    assert not font_file.exists(), "a site without formulas ships no math font"


def test_a_tex_error_stops_the_build_naming_the_formula(tmp_path):
    project = two_page_project(tmp_path, html_math_renderer="mathml_at_build")
    (project / "other.rst").write_text("Other\n=====\n\nBroken :math:`\\frac{1}{` here.\n")
    errors = build_error(project)
    assert "Math could not be typeset" in errors and '\\\\frac{1}{' in errors, errors[-500:]


def test_listings_lose_their_plain_token_spans_on_every_build_of_a_themed_site(tmp_path):
    # pydata-sphinx-theme writes its light/dark pygments.css when the build finishes, and Sphinx writes its own
    # first whenever it copies the static files: the unwrapping must read the theme's, on each build
    project = two_page_project(tmp_path, html_theme="sphinx_book_theme", html_js_files=["site.js"])
    (project / "other.rst").write_text("Other\n=====\n\n.. code-block:: python\n\n   total = sum(x for x in range(3))\n")
    script = project / "_static" / "site.js"

    def spans():
        listing = page(project, "other").select_one("div.highlight pre")
        return {span["class"][0] for span in listing.find_all("span", class_=True)}, listing.get_text()

    for version in ("first", "second"):  # the second build copies the changed static file again
        script.write_text(f"console.log('{version}');\n")
        assert build(project).returncode == 0
        classes, text = spans()
        assert text.strip() == "total = sum(x for x in range(3))"
        assert "k" in classes and "nb" in classes, classes  # keywords and builtins keep their colours
        assert not classes & {"n", "p", "w"}, f"build {version}: spans that draw nothing are left: {classes}"
