"""Exercise cells: the reader writes a class of the library in the page and checks it there.

`{activation-exercise} ReLU` places an editor holding the starter class (`<starters>/relu.py`), a
Check button (calls `interactive_exercise_check` in the page's Python), a hint (`<starters>/relu.hint.md`)
and the solution: the library's own source of the class, taken with `inspect` at build time so it
cannot drift. `{exercise-progress}` places the "k of n exercises pass" line; its items, one per class
of the registry `interactive_exercises` names, are the list the page's script counts.
"""

import html
import inspect
import types
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

from .widgets import add_assets_for, add_widget_node
from .config import get_config
from .runtime import RUNTIME_SCRIPT


class exercise_node(nodes.General, nodes.Element):
    """One exercise widget: a <section> whose data-activation the browser script reads."""


class progress_node(nodes.General, nodes.Element):
    """The progress line: how many of the chapter's exercises pass."""


class reveal_node(nodes.General, nodes.Element):
    """A <details> box opened on request: the hint, or the solution."""


def solution_source(cls: type) -> str:
    """The library's source of class `cls`, with the imports its body needs."""
    module = inspect.getmodule(cls)
    plain, named = [], {}
    for used_name in sorted(_global_names(cls) & set(vars(module)) - {cls.__name__}):
        value = vars(module)[used_name]
        if isinstance(value, types.ModuleType):
            alias = "" if value.__name__ == used_name else f" as {used_name}"
            plain.append(f"import {value.__name__}{alias}")
        else:
            named.setdefault(getattr(value, "__module__", module.__name__), []).append(used_name)
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
    """`{activation-exercise} NAME`: the exercise cell for one class of the exercise registry."""

    required_arguments = 1
    has_content = False

    def run(self):
        name = self.arguments[0].strip()
        env = self.state.document.settings.env
        settings = get_config(env.app)
        classes = {cls.__name__: cls for cls in settings.exercise_classes}
        if name not in classes:
            known = ", ".join(classes) or "nothing (interactive_exercises is not set)"
            raise self.error(f"activation-exercise: {name!r} is not one of {known}")
        cls = classes[name]
        stem = name.lower()
        starters = Path(env.app.srcdir) / settings.exercise_starters
        starter_path, hint_path = starters / f"{stem}.py", starters / f"{stem}.hint.md"
        for path in (starter_path, hint_path):
            if not path.is_file():
                raise self.error(f"activation-exercise: {name} needs {path}; write it (see the README's "
                                 "'Adding an activation')")
        for path in (starter_path, hint_path, inspect.getsourcefile(cls)):
            env.note_dependency(str(path))

        node = exercise_node(activation=name, starter=starter_path.read_text())
        hint = reveal_node(kind="hint", summary="Hint")
        self.state.nested_parse(StringList(hint_path.read_text().splitlines(), str(hint_path)), 0, hint)
        source = solution_source(cls)
        owner = inspect.getmodule(cls).__name__.split(".")[0]
        solution = reveal_node(kind="solution", summary=f"Solution: {owner}'s own {name}")
        solution += nodes.literal_block(source, source, language="python")
        node += [hint, solution]
        return [node]


class ExerciseProgress(Directive):
    """`{exercise-progress}`: the line that counts the page's passing exercises."""

    has_content = False

    def run(self):
        return [progress_node(names=get_config(self.state.document.settings.env.app).exercise_names)]


def visit_exercise_html(self, node):
    name = node["activation"]
    stem = name.lower()
    self.body.append(
        f'<section class="tt-exercise" id="exercise-{stem}" data-activation="{name}" '
        f'aria-labelledby="tt-exercise-{stem}-title">'
        f'<p class="tt-exercise-title" id="tt-exercise-{stem}-title">'
        f'<span class="tt-exercise-badge">Build it</span> Write <code>{name}.forward</code></p>'
        f'<label class="tt-exercise-label" for="tt-exercise-{stem}-code">'
        f"Your {name} class: write <code>forward</code>, then press Check</label>"
        f'<textarea class="tt-exercise-code" id="tt-exercise-{stem}-code" spellcheck="false" '
        f'autocapitalize="off" autocomplete="off" rows="{node["starter"].count(chr(10)) + 2}">'
        f"{html.escape(node['starter'])}</textarea>"
        '<div class="tt-exercise-results" aria-live="polite"></div>'
    )


def depart_exercise_html(self, node):
    self.body.append("</section>")


def visit_reveal_html(self, node):
    self.body.append(f'<details class="tt-exercise-{node["kind"]}"><summary>{html.escape(node["summary"])}</summary>')


def depart_reveal_html(self, node):
    self.body.append("</details>")


def visit_progress_html(self, node):
    names = node["names"]
    items = "".join(
        f'<li><a class="tt-progress-item" href="#exercise-{name.lower()}" data-activation="{name}">{name}</a></li>'
        for name in names
    )
    self.body.append(
        f'<div class="tt-exercise-progress" data-total="{len(names)}">'
        '<p class="tt-progress-line"><span class="tt-exercise-badge">Build it</span> '
        f'<span class="tt-progress-count" role="status">0 of {len(names)} exercises pass</span> '
        "<span class=\"tt-progress-note\">(kept in this browser)</span></p>"
        f'<ul class="tt-progress-items" aria-label="Exercises">{items}</ul></div>'
    )


def setup_exercises(app):
    """Register the two directives, their nodes and the widget's script and style."""
    add_widget_node(app, exercise_node, visit_exercise_html, depart_exercise_html)
    add_widget_node(app, progress_node, visit_progress_html)
    add_widget_node(app, reveal_node, visit_reveal_html, depart_reveal_html)
    app.add_directive("activation-exercise", ActivationExercise)
    app.add_directive("exercise-progress", ExerciseProgress)
    add_assets_for(app, is_exercise_widget,
                   css=["cells.css", "exercises.css"],  # the editor and pill buttons are shared with the cells
                   js=[RUNTIME_SCRIPT, "python_highlight.js",
                       "edit_store.js",  # the same store as the runnable cells' edits
                       "exercises.js"])


def is_exercise_widget(node) -> bool:
    return isinstance(node, (exercise_node, progress_node))
