"""Core: its layer (it imports no engine or content app), the sandboxed tool
runner (no Django), and the settings' environment helpers."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from toasoan.core import env as core_env
from toasoan.core import tools

CORE = Path(__file__).resolve().parents[1]
PROJECT_ROOT = CORE.parents[1]
# What core may import from the project: itself and the layer below.
ALLOWED = ("toasoan.core", "toasoan.vietnamese")


def _project_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_core_imports_no_engine_and_no_content_app():
    wrong = [
        (path.name, name)
        for path in CORE.glob("*.py")
        for name in _project_imports(path)
        if name.startswith("toasoan") and not name.startswith(ALLOWED)
    ]
    assert wrong == []


def test_tool_runner_and_env_helpers_need_no_django():
    probe = (
        "import sys, toasoan.core.tools, toasoan.core.env;"
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert out.strip() == "False"


def test_a_tool_gives_its_output():
    out = tools.run([sys.executable, "-c", "print('xin chào')"], tools.Limits())
    assert out.decode().strip() == "xin chào"


def test_a_tool_past_its_time_is_stopped():
    with pytest.raises(tools.ToolError) as error:
        tools.run(
            [sys.executable, "-c", "import time; time.sleep(5)"],
            tools.Limits(timeout=0.3),
        )
    assert error.value.code == "timeout"


def test_a_tool_past_its_memory_is_stopped():
    limits = tools.Limits(memory=64 * 1024**2)
    with pytest.raises(tools.ToolError) as error:
        tools.run([sys.executable, "-c", "bytearray(256 * 1024**2)"], limits)
    assert error.value.code == "memory"


def test_a_failing_tool_keeps_its_stderr_and_status():
    script = "import sys; sys.stderr.write('hỏng'); sys.exit(3)"
    with pytest.raises(tools.ToolError) as error:
        tools.run([sys.executable, "-c", script], tools.Limits())
    assert (error.value.code, error.value.returncode) == ("failed", 3)
    assert error.value.stderr == "hỏng"


def test_a_missing_tool_is_named():
    with pytest.raises(tools.ToolError) as error:
        tools.run(["toasoan-no-such-tool"], tools.Limits())
    assert (error.value.code, error.value.detail) == (
        "tool_missing",
        "toasoan-no-such-tool",
    )


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("TOASOAN_TEST_LIST", " a, b ,,c ")
    monkeypatch.setenv("TOASOAN_TEST_BOOL", "Yes")
    assert core_env.env_list("TOASOAN_TEST_LIST") == ["a", "b", "c"]
    assert core_env.env_bool("TOASOAN_TEST_BOOL") is True
    assert core_env.env_bool("TOASOAN_TEST_UNSET", default=True) is True
    monkeypatch.delenv("SITE_NAME", raising=False)
    assert core_env.site_name() == core_env.DEFAULT_SITE_NAME
