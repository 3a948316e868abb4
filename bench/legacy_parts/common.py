"""Paths, the error every part raises, and the record of the code measured."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "bench" / "out" / "import_legacy.json"


class BenchError(Exception):
    """A step failed or a result is wrong: the figures are not to be trusted."""


def git_commit() -> str:
    """Short HEAD, with "+dirty" when the work tree has changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}+dirty" if git("status", "--porcelain", "-uno") else head
