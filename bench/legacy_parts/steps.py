"""The steps, each a `manage.py` subprocess timed with its own rusage."""

import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from toasoan.legacy.generate import generate_legacy_page

from .common import ROOT, BenchError

DRAIN = ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
SUMMARY = re.compile(
    r"Imported (?P<done>\d+) files in (?P<seconds>[\d.]+) s .*?: "
    r"(?P<created>\d+) created, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed\."
)


def generate(folder: Path, count: int, seed: int) -> float:
    """Write `count` pages as bench_000000.txt...; return the seconds taken."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("bench_*.txt"):
        old.unlink()
    rng = random.Random(seed)
    for i in range(count):
        page = generate_legacy_page(rng, i)
        (folder / f"bench_{i:06d}.txt").write_text(page, encoding="utf-8")
    return time.perf_counter() - started


def manage(env: dict, log: Path, *args: str) -> dict:
    """Run manage.py; return its output, wall seconds and peak RSS (MiB)."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    with log.open("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        # wait4 gives this child's own rusage, not the max over all children.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise BenchError(
            f"{' '.join(args)} exited {proc.returncode}:\n{output[-3000:]}"
        )
    return {
        "output": output,
        "wall_s": seconds,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux gives KiB
        "cpu_s": usage.ru_utime + usage.ru_stime,
        # other work on the machine skews wall times: a 1-minute load
        # average above the step's own 1-2 processes says so
        "load_1min_after": os.getloadavg()[0],
    }


def import_run(env: dict, log: Path, folder: Path) -> dict:
    """One `import_legacy` of the folder, with the command's own counts."""
    run = manage(env, log, "import_legacy", str(folder))
    match = SUMMARY.search(run.pop("output"))
    if match is None:
        raise BenchError(f"no summary line in {log}")
    counts = {k: int(v) for k, v in match.groupdict().items() if k != "seconds"}
    loop_s = float(match["seconds"])
    return {
        **counts,
        "loop_s": loop_s,
        "rate_per_s": counts["done"] / loop_s if loop_s else 0.0,
        **run,
    }


COUNTS = """
import json
from django_tasks_db.models import DBTaskResult
from toasoan.news.models import ArticlePage
from wagtail.search.models import IndexEntry
print(json.dumps({
    "articles": ArticlePage.objects.count(),
    "tasks_ready": DBTaskResult.objects.filter(status="READY").count(),
    "tasks_failed": DBTaskResult.objects.filter(status="FAILED").count(),
    "search_entries": IndexEntry.objects.count(),
}))
"""


def counts(env: dict, log: Path) -> dict:
    """Articles, queued background tasks and search entries, as JSON."""
    run = manage(env, log, "shell", "-c", COUNTS)
    return json.loads(run["output"].strip().splitlines()[-1])


def expect(label: str, got, wanted) -> None:
    if got != wanted:
        raise BenchError(f"{label}: expected {wanted}, got {got}")
