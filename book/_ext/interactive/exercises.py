"""Exercise cells: the reader writes each activation's forward in the page and checks it there.

`{activation-exercise} ReLU` places an editor holding the starter class
(book/exercises/<name>.py), a Check button (runs `tinytorch.checks` in Pyodide),
a hint (book/exercises/<name>.hint.md) and the solution: the tinytorch source of
the class itself, taken with `inspect` at build time so it cannot drift.
`{exercise-progress}` places the "k of 5 exercises pass" line.
"""

import html
import inspect
import types
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

EXERCISE_DIR = Path(__file__).resolve().parents[2] / "exercises"
ACTIVATIONS = ("ReLU", "Sigmoid", "Tanh", "GELU", "Softmax")


class exercise_node(nodes.General, nodes.Element):
    """One exercise widget: a div whose data- attributes the browser script reads."""


class progress_node(nodes.General, nodes.Element):
    """The progress line: how many of the chapter's exercises pass."""


def solution_source(name: str) -> str:
    """The tinytorch source of activation `name`, with the imports its body needs."""
    import tinytorch.core.activations as module

    cls = getattr(module, name)
    used = sorted(_global_names(cls) & set(vars(module)))
    imports = []
    for used_name in used:
        value = vars(module)[used_name]
        if isinstance(value, types.ModuleType):
            alias = "" if value.__name__ == used_name else f" as {used_name}"
            imports.append(f"import {value.__name__}{alias}")
        elif used_name != name:
            imports.append(f"from {getattr(value, '__module__', module.__name__)} import {used_name}")
    return "\n".join(sorted(imports)) + "\n\n\n" + inspect.getsource(cls)


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
    """`{activation-exercise} NAME`: the exercise cell for one of the five activations."""

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
        env.note_dependency(str(starter_path))
        env.note_dependency(str(hint_path))

        node = exercise_node(activation=name, starter=starter_path.read_text())
        hint = nodes.container(classes=["tt-exercise-hint"])
        self.state.nested_parse(StringList(hint_path.read_text().splitlines(), str(hint_path)), 0, hint)
        solution = nodes.literal_block(solution_source(name), solution_source(name), language="python")
        solution_box = nodes.container("", solution, classes=["tt-exercise-solution"])
        node += [hint, solution_box]
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
        f'<section class="tt-exercise" data-activation="{name}" '
        f'aria-labelledby="tt-exercise-{stem}-title">'
        f'<h3 class="tt-exercise-title" id="tt-exercise-{stem}-title">Build it: {name}.forward</h3>'
        f'<label class="tt-exercise-label" for="tt-exercise-{stem}-code">'
        f"Your {name} class (edit <code>forward</code>, then press Check)</label>"
        f'<textarea class="tt-exercise-code" id="tt-exercise-{stem}-code" spellcheck="false" '
        f'autocapitalize="off" autocomplete="off" rows="{node["starter"].count(chr(10)) + 2}">'
        f"{html.escape(node['starter'])}</textarea>"
        '<div class="tt-exercise-reveal">'
    )


def depart_exercise_html(self, node):
    self.body.append("</div></section>")


def visit_progress_html(self, node):
    self.body.append(
        '<p class="tt-exercise-progress" role="status" aria-live="polite" '
        f'data-total="{len(ACTIVATIONS)}">Build it yourself: 0 of {len(ACTIVATIONS)} exercises pass</p>'
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
    app.add_directive("activation-exercise", ActivationExercise)
    app.add_directive("exercise-progress", ExerciseProgress)
    app.add_js_file("exercises.js", defer="defer")
    app.add_css_file("exercises.css")
