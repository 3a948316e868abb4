"""A project rule: no Python file over 400 lines, no function over 60.

Tests are exempt (files under a tests/ folder, test_*.py, conftest.py), and
so are migrations. A function counts from its `def` line to its last line,
nested functions and methods each on their own.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("toasoan", "bench", "scripts", "testapps")
SKIPPED_DIRS = {"tests", "migrations", "node_modules", ".venv", "__pycache__"}
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _is_test(path):
    return path.name.startswith("test_") or path.name == "conftest.py"


def source_files():
    """The project's non-test Python files, as paths relative to ROOT."""
    found = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRS & set(relative.parts[:-1]) or _is_test(path):
                continue
            found.append(relative)
    return found


def too_long(relative):
    """What in this file breaks the rule, one sentence each."""
    text = (ROOT / relative).read_text("utf-8")
    problems = []
    lines = len(text.splitlines())
    if lines > MAX_FILE_LINES:
        problems.append(f"{relative}: {lines} lines (at most {MAX_FILE_LINES})")
    for node in ast.walk(ast.parse(text, str(relative))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                problems.append(
                    f"{relative}:{node.lineno}: function {node.name} is "
                    f"{length} lines (at most {MAX_FUNCTION_LINES})"
                )
    return problems


def test_the_walk_finds_the_project_and_skips_tests_and_migrations():
    files = {path.as_posix() for path in source_files()}
    assert "toasoan/print_edition/loader.py" in files
    assert "scripts/audit_dependencies.py" in files
    assert not any("/tests/" in name or "/migrations/" in name for name in files)


def test_no_file_or_function_is_too_long():
    problems = [problem for path in source_files() for problem in too_long(path)]
    assert not problems, "Too long:\n" + "\n".join(problems)
