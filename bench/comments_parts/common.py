"""Paths, the error every part raises, and running manage.py and git."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT_DIR = ROOT / "bench" / "out"


class BenchError(Exception):
    """A step failed: the figures are not to be trusted."""


def manage(env: dict, log: Path, *args: str) -> str:
    """Run manage.py with the server's environment; return its output."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    log.write_text(output, encoding="utf-8")
    if result.returncode != 0:
        raise BenchError(f"{args[0]} exited {result.returncode}:\n{output[-3000:]}")
    return result.stdout


def git_commit() -> str:
    """Short HEAD, with "+dirty" when tracked files have changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}+dirty" if git("status", "--porcelain", "-uno") else head
