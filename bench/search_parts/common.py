"""Paths, the default PostgreSQL database and the error every part raises."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# The entry point: build_index() starts it again as an index worker.
SCRIPT = ROOT / "bench" / "search_speed.py"
OUT_DIR = ROOT / "bench" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_search"


class BenchError(Exception):
    """A step failed or a result is wrong: the figures are not to be trusted."""
