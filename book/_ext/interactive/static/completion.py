"""Completions for the page's code editors from the live namespace: names, attributes, imports and keywords,
each with a one-line description (the first line of its docstring).

Standard library only: rlcompleter's rules (what to offer, `_names` only after `_`) on names looked up
statically. Nothing the reader wrote is called: an attribute is read with `inspect.getattr_static`, and a
call such as `Tensor([1.0]).` is answered from the class (its attributes and those its `__init__` assigns)
or from the called function's return annotation. Runs in the page's worker (worker.js, message `complete`).
"""

import ast
import builtins
import functools
import inspect
import keyword
import pkgutil
import re
import sys
import types
import typing

WORD = re.compile(r"\w*$")
IMPORT = re.compile(r"^\s*(?:from\s+(?P<package>[\w.]+)\s+import\s+(?:.*,\s*)?|(?:import|from)\s+(?P<module>[\w.]*\.)?)\w*$")
SIGNATURE_LINE = re.compile(r"^[\w.]+\(.*\)")  # numpy's docstrings start with the call's signature
MARKUP = re.compile(r"(?::[\w:]+:)?`+([^`]+)`+")  # reST roles and literals: :mod:`numpy.x`, ``exp(x) - 1``
NUMBER_DOT = re.compile(r"(?<![\w.])\d[\d_]*\.$")
CLOSING = {")": "(", "]": "[", "}": "{"}
MAX_ITEMS = 500
METHOD_TYPES = (types.MethodDescriptorType, types.WrapperDescriptorType, types.ClassMethodDescriptorType)
KEYWORD = object()  # stands for a keyword among the names


class Instance:
    """What an expression evaluates to when only its class is known: an instance of `cls`."""

    def __init__(self, cls):
        self.cls = cls


def complete(code: str, namespace: dict) -> dict:
    """Completions for the word at the end of `code` (the text before the cursor): {"items": [...]}."""
    line = code[code.rfind("\n") + 1:]
    prefix = WORD.search(line).group()
    head = code[: len(code) - len(prefix)]
    imported = IMPORT.match(line)
    if imported:
        names = import_names(imported.group("package"), imported.group("module"))
    elif NUMBER_DOT.search(head):  # `2.` is a float being typed, not an attribute
        names = {}
    elif head.endswith("."):
        names = attribute_names(expression_before(head[:-1]), namespace)
    else:
        names = global_names(namespace)
    return {"items": items(names, prefix)}


def items(names: dict, prefix: str) -> list:
    """The names that start with `prefix` (private ones only if it does), as the editor's completion items."""
    shown = []
    for name in sorted(names, key=lambda n: (n.startswith("_"), n.lower())):
        if not name.startswith(prefix) or (name.startswith("_") and not prefix.startswith("_")):
            continue
        if name.startswith("__") and not prefix.startswith("__"):
            continue
        kind, detail = describe(names[name])
        shown.append({"label": name, "type": kind, "detail": detail})
        if len(shown) >= MAX_ITEMS:
            break
    return shown


# ---- what the names are --------------------------------------------------------------------------------------
def global_names(namespace: dict) -> dict:
    names = {word: KEYWORD for word in keyword.kwlist + keyword.softkwlist if word != "_"}
    names.update(vars(builtins))
    names.update(namespace)
    return names


def import_names(package, module) -> dict:
    """After `from package import`: the package's names; after `import a.b.`: submodules; else top-level modules."""
    if package:
        found = sys.modules.get(package)
        return dict(vars(found)) if found else {}
    if module:
        parent = sys.modules.get(module.rstrip("."))
        paths = getattr(parent, "__path__", None)
        return {info.name: types.ModuleType(info.name) for info in pkgutil.iter_modules(paths)} if paths else {}
    names = {name: types.ModuleType(name) for name in top_level_modules()}
    names.update({name: module for name, module in sys.modules.items() if "." not in name})
    return names


@functools.cache
def top_level_modules() -> tuple:
    """Every importable top-level module's name (looked for once: the installed packages do not change)."""
    return (*sys.builtin_module_names, *(info.name for info in pkgutil.iter_modules()))


def attribute_names(expression: str, namespace: dict) -> dict:
    try:
        value = infer(ast.parse(expression, mode="eval").body, namespace)
    except (SyntaxError, ValueError):
        return {}
    if value is None:
        return {}
    if isinstance(value, Instance):
        names = {name: inspect.getattr_static(value.cls, name, None) for name in dir(value.cls)}
        names.update({name: Instance(object) for name in assigned_in_init(value.cls) if name not in names})
        return names
    return {name: static_attribute(value, name) for name in dir(value)}


def static_attribute(value, name: str):
    try:
        return inspect.getattr_static(value, name)
    except AttributeError:
        return None


def assigned_in_init(cls) -> set:
    """The `self.<name> = ...` attributes of `cls.__init__` and its bases' (what dir(cls) cannot see)."""
    names = set()
    for klass in getattr(cls, "__mro__", ()):
        init = vars(klass).get("__init__")
        try:
            tree = ast.parse(inspect.getsource(init).strip()) if inspect.isfunction(init) else None
        except (OSError, TypeError, SyntaxError):
            tree = None
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return names


def infer(node, namespace: dict):
    """The value of a name/attribute/call/literal expression, or an Instance of its class; None if unknown."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id, getattr(builtins, node.id, None))
    if isinstance(node, ast.Attribute):
        base = infer(node.value, namespace)
        if isinstance(base, Instance):
            found = inspect.getattr_static(base.cls, node.attr, None)
            return returned(found.fget) if isinstance(found, property) else found
        found = None if base is None else static_attribute(base, node.attr)
        return returned(found.fget) if isinstance(found, property) else found
    if isinstance(node, ast.Call):
        called = infer(node.func, namespace)
        if isinstance(called, type):
            return Instance(called)
        if isinstance(called, Instance):
            return returned(getattr(called.cls, "__call__", None))
        return returned(called) if callable(called) else None
    if isinstance(node, (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr)):
        literal = {ast.List: list, ast.Tuple: tuple, ast.Dict: dict, ast.Set: set, ast.JoinedStr: str}
        return Instance(type(node.value) if isinstance(node, ast.Constant) else literal[type(node)])
    return None


def returned(function):
    """An Instance of what `function` is annotated to return, or None."""
    if isinstance(function, (staticmethod, classmethod)):
        function = function.__func__
    try:
        hint = typing.get_type_hints(function).get("return")
    except Exception:  # unresolvable annotations: nothing to offer
        return None
    return Instance(hint) if isinstance(hint, type) else None


def expression_before(text: str) -> str:
    """The expression that ends `text` (`np`, `Tensor([1.0, 2.0])`, `a.b(c)[0]`), brackets balanced."""
    at = len(text)
    while at > 0:
        char = text[at - 1]
        if char in CLOSING:
            depth, at = 0, at - 1
            while at >= 0:
                depth += {char: 1, CLOSING[char]: -1}.get(text[at], 0)
                if depth == 0:
                    break
                at -= 1
            if at < 0:
                return ""
        elif char in "'\"":  # a string literal: back to its opening quote
            at = text.rfind(char, 0, at - 1)
            if at < 0:
                return ""
        elif not (char.isidentifier() or char.isdigit() or char == "."):
            break
        else:
            at -= 1
    return text[at:].strip()


# ---- what each item says -------------------------------------------------------------------------------------
def describe(value) -> tuple:
    """(completion type, one line): the type drives the editor's icon, the line stands beside the name."""
    if value is KEYWORD:
        return "keyword", "keyword"
    if isinstance(value, Instance):
        return "variable", value.cls.__name__ if value.cls is not object else "attribute"
    if isinstance(value, property):
        hint = returned(value.fget)
        return "property", first_line(value.__doc__) or (hint.cls.__name__ if hint else "property")
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, types.ModuleType):  # "namespace": the editor's icon for a module
        return "namespace", first_line(value.__doc__) or "module"
    if isinstance(value, type):
        return "class", first_line(inspect.getdoc(value)) or "class"
    if callable(value) and hasattr(value, "__name__"):  # functions, methods, numpy's ufuncs; not callable objects
        kind = "method" if isinstance(value, METHOD_TYPES) or inspect.ismethod(value) else "function"
        return kind, first_line(inspect.getdoc(value)) or kind
    text = repr(value) if isinstance(value, (int, float, complex, bool, str, bytes)) else ""
    kind = "constant" if isinstance(value, (int, float, complex, bool)) else "variable"
    return kind, f"{type(value).__name__} {text}" if text and len(text) < 40 else type(value).__name__


def first_line(doc) -> str:
    """The first line of a docstring's first paragraph (past a signature line, as numpy's start with)."""
    paragraphs = [p.strip() for p in (doc or "").strip().split("\n\n") if p.strip()]
    if paragraphs and SIGNATURE_LINE.match(paragraphs[0]) and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    return MARKUP.sub(r"\1", paragraphs[0].splitlines()[0].strip()) if paragraphs else ""
