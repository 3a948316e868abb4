"""No project import placed inside a function (README, "Architecture").

An import of a project module (`toasoan…`, `testapps…` or relative) belongs
at the top of its module. One inside a function usually hides an import
loop, which is then broken by structure instead: the shared code moves to
the lower module, the caller passes a callable, or a registry is used.

Allowed inside a function:
- the body of a class's `ready()` method (AppConfig.ready(), where Django
  has an app import its signal handlers and registrations at start-up);
- a line saying why, `# deferred: <reason>`, for the rare real case (a
  module that must load before the apps are ready, a heavy optional
  dependency).
Tests and migrations are not checked.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("toasoan", "testapps")
DEFERRED = re.compile(r"#\s*deferred:\s*\S")


def checked_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            if path.name.startswith("test_") or path.name == "conftest.py":
                continue
            yield path


def is_project(node):
    if isinstance(node, ast.ImportFrom):
        names = [node.module or ""] if node.level == 0 else None
        if names is None:
            return True  # relative: from . import x, from .models import Y
    else:
        names = [alias.name for alias in node.names]
    return any(name.split(".")[0] in PACKAGES for name in names)


def commented_lines(source):
    """Numbers of the lines carrying a `# deferred: <reason>` comment."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and DEFERRED.match(token.string):
            lines.add(token.start[0])
    return lines


def deferred_imports(source):
    """(line, statement) of each project import inside a function body,
    outside a class's ready() and without a `# deferred:` comment."""
    tree = ast.parse(source)
    allowed = commented_lines(source)
    found = []

    def visit(node, in_function, in_class):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if in_class and child.name == "ready":
                    continue
                visit(child, True, False)
            elif isinstance(child, ast.ClassDef):
                visit(child, in_function, True)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                lines = range(child.lineno, (child.end_lineno or child.lineno) + 1)
                if in_function and is_project(child) and allowed.isdisjoint(lines):
                    found.append((child.lineno, ast.unparse(child)))
            else:
                visit(child, in_function, in_class)

    visit(tree, False, False)
    return found


def test_no_project_import_inside_a_function():
    offences = []
    for path in checked_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, statement in deferred_imports(path.read_text(encoding="utf-8")):
            offences.append(f"{relative}:{line}: {statement}")
    assert not offences, (
        "Imports of project modules inside functions (move them to the top of "
        "the module, break the loop by structure, or say why with "
        "`# deferred: <reason>`):\n" + "\n".join(offences)
    )


def test_the_check_sees_what_it_should():
    source = """
from toasoan.core import env
import os


def plain():
    from toasoan.news.models import ArticlePage
    import toasoan.videos.ffmpeg
    from . import views
    from .models import Video
    from django.db import models
    import json


def nested():
    def inner():
        from ..search import registry


class Config:
    def ready(self):
        from . import signals

    def other(self):
        from . import checks


def ready():
    from . import loose


def excused():
    from . import heavy  # deferred: loads a large optional library
    from . import (  # deferred: must load before the apps are ready
        early,
    )
"""
    found = [statement for _, statement in deferred_imports(source)]
    assert found == [
        "from toasoan.news.models import ArticlePage",
        "import toasoan.videos.ffmpeg",
        "from . import views",
        "from .models import Video",
        "from ..search import registry",
        "from . import checks",
        "from . import loose",
    ]
