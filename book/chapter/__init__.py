"""The chapter's own Python: every number its prose quotes is computed here (and glued), from tinytorch.

Imported as a package by the chapter's first cell (which runs in book/, so `chapter` is found there and on
Binder), and, installed with the book's project (book/pyproject.toml), by the slides, the narration, the
benches and the tests.
"""
