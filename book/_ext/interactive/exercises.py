"""Exercise cells: the reader writes each activation's forward in the page and checks it there.

`{activation-exercise} ReLU` places an editor holding the starter class
(book/exercises/<name>.py), a Check button (runs `tinytorch.checks` in Pyodide),
a hint (book/exercises/<name>.hint.md) and the solution: the tinytorch source of
the class itself, taken with `inspect` at build time so it cannot drift.
`{exercise-progress}` places the "k of n exercises pass" line, n = the registered activations;
its items are the list the page's script counts.
"""

import html
import inspect
import types
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

import tinytorch.core.activations as activations

from .editor_bundle import add_editor_assets

EXERCISE_DIR = Path(__file__).resolve().parents[2] / "exercises"
ACTIVATIONS = activations.ACTIVATION_NAMES  # the library's registry: one exercise per registered activation


class exercise_node(nodes.General, nodes.Element):
    """One exercise widget: a <section> whose data-activation the browser script reads."""


class progress_node(nodes.General, nodes.Element):
    """The progress line: how many of the chapter's exercises pass."""


class reveal_node(nodes.General, nodes.Element):
    """A <details> box opened on request: the hint, or the solution."""


def solution_source(name: str) -> str:
    """The tinytorch source of activation `name`, with the imports its body needs."""
    cls = getattr(activations, name)
    plain, named = [], {}
    for used_name in sorted(_global_names(cls) & set(vars(activations)) - {name}):
        value = vars(activations)[used_name]
        if isinstance(value, types.ModuleType):
            alias = "" if value.__name__ == used_name else f" as {used_name}"
            plain.append(f"import {value.__name__}{alias}")
        else:
            named.setdefault(getattr(value, "__module__", activations.__name__), []).append(used_name)
    imports = sorted(plain) + [f"from {origin} import {', '.join(names)}" for origin, names in sorted(named.items())]
    return "\n".join(imports) + "\n\n\n" + inspect.getsource(cls)


def _global_names(cls) -> set:
    """Every global name the methods of `cls` refer to (bases included)."""
    names = {base.__name__ for base in cls.__bases__}
    for member in vars(cls).values():
        code = getattr(member, "__code__", None)
        stack = [code] if code else []
        while stack:
            code = stack.pop()
            names.update(code.co_names)
            stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return names


class ActivationExercise(Directive):
    """`{activation-exercise} NAME`: the exercise cell for one of the registered activations."""

    required_arguments = 1
    has_content = False

    def run(self):
        name = self.arguments[0].strip()
        if name not in ACTIVATIONS:
            raise self.error(f"activation-exercise: {name!r} is not one of {', '.join(ACTIVATIONS)}")
        stem = name.lower()
        starter_path = EXERCISE_DIR / f"{stem}.py"
        hint_path = EXERCISE_DIR / f"{stem}.hint.md"
        env = self.state.document.settings.env
        for path in (starter_path, hint_path, inspect.getsourcefile(activations)):
            env.note_dependency(str(path))

        node = exercise_node(activation=name, starter=starter_path.read_text())
        hint = reveal_node(kind="hint", summary="Hint")
        self.state.nested_parse(StringList(hint_path.read_text().splitlines(), str(hint_path)), 0, hint)
        source = solution_source(name)
        solution = reveal_node(kind="solution", summary=f"Solution: tinytorch's own {name}")
        solution += nodes.literal_block(source, source, language="python")
        node += [hint, solution]
        return [node]


class ExerciseProgress(Directive):
    """`{exercise-progress}`: the line that counts the page's passing exercises."""

    has_content = False

    def run(self):
        return [progress_node()]


def visit_exercise_html(self, node):
    name = node["activation"]
    stem = name.lower()
    self.body.append(
        f'<section class="tt-exercise" id="exercise-{stem}" data-activation="{name}" '
        f'aria-labelledby="tt-exercise-{stem}-title">'
        f'<p class="tt-exercise-title" id="tt-exercise-{stem}-title">'
        f'<span class="tt-exercise-badge">Build it</span> Write <code>{name}.forward</code></p>'
        f'<p class="tt-exercise-label" id="tt-exercise-{stem}-label">'
        f"Your {name} class: write <code>forward</code>, then press Check</p>"
        # the starter, highlighted as the chapter's listings are; exercises.js makes it the editor (editor.js)
        f'<div class="tt-exercise-code" id="tt-exercise-{stem}-code">'
        f"{self.highlighter.highlight_block(node['starter'], 'python')}</div>"
        '<div class="tt-exercise-results" aria-live="polite"></div>'
    )


def depart_exercise_html(self, node):
    self.body.append("</section>")


def visit_reveal_html(self, node):
    self.body.append(f'<details class="tt-exercise-{node["kind"]}"><summary>{html.escape(node["summary"])}</summary>')


def depart_reveal_html(self, node):
    self.body.append("</details>")


def visit_progress_html(self, node):
    items = "".join(
        f'<li><a class="tt-progress-item" href="#exercise-{name.lower()}" data-activation="{name}">{name}</a></li>'
        for name in ACTIVATIONS
    )
    self.body.append(
        f'<div class="tt-exercise-progress" data-total="{len(ACTIVATIONS)}">'
        '<p class="tt-progress-line"><span class="tt-exercise-badge">Build it</span> '
        f'<span class="tt-progress-count" role="status">0 of {len(ACTIVATIONS)} exercises pass</span> '
        "<span class=\"tt-progress-note\">(kept in this browser)</span></p>"
        f'<ul class="tt-progress-items" aria-label="Exercises">{items}</ul></div>'
    )


def depart_progress_html(self, node):
    pass


def skip_node(self, node):
    raise nodes.SkipNode


def setup_exercises(app):
    """Register the two directives, their nodes and the widget's script and style."""
    app.add_node(exercise_node, html=(visit_exercise_html, depart_exercise_html),
                 latex=(skip_node, None), text=(skip_node, None))
    app.add_node(progress_node, html=(visit_progress_html, depart_progress_html),
                 latex=(skip_node, None), text=(skip_node, None))
    app.add_node(reveal_node, html=(visit_reveal_html, depart_reveal_html),
                 latex=(skip_node, None), text=(skip_node, None))
    app.add_directive("activation-exercise", ActivationExercise)
    app.add_directive("exercise-progress", ExerciseProgress)
    app.connect("html-page-context", _add_exercise_assets)


def _add_exercise_assets(app, pagename, templatename, context, doctree):
    if doctree is None or not any(doctree.findall(exercise_node)) and not any(doctree.findall(progress_node)):
        return
    app.add_css_file("cells.css")  # the editor and pill buttons are shared with the runnable cells
    app.add_css_file("exercises.css")
    add_editor_assets(app)
    app.add_js_file("edit_store.js", defer="defer")  # the same store as the runnable cells' edits
    app.add_js_file("exercises.js", defer="defer")
