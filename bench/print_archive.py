"""A simulated back archive: 2,000 generated pages over 2 workers, one of
them killed halfway.

    .venv/bin/python bench/print_archive.py              # 2,000 pages
    .venv/bin/python bench/print_archive.py --pages 200  # a short run

Makes a PostgreSQL database of its own (`bench_archive` on 127.0.0.1:5432)
and the archive's PDFs (archive_parts/pdfs.py: issues of --issue-pages A4
pages, every --scanned-every-th one scanned at 300 dpi, the others
born-digital; kept in the work folder between runs). Starts --workers
workers (`manage.py work`, production settings, the project's default
stalled-job timings), publishes every issue as an editor would (each queues
its processing; issues split into units of PRINT_UNIT_PAGES pages), and
once half the pages are stored kills one worker with SIGKILL, starting it
again --restart-after seconds later (systemd's RestartSec). Then checks
that every page is stored and counted once, that each is found by the
site's search for its serial number, and that no task is left 'doing' nor
any work folder behind (archive_parts/checks.py). Prints a summary and
writes a JSON report to bench/out/. Needs PostgreSQL, poppler, tesseract.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from drill_parts import observe  # noqa: E402 (after sys.path)
from drill_parts.processes import Workers, environment  # noqa: E402
from http_parts import data  # noqa: E402

DATABASE = "bench_archive"
WORK = Path(tempfile.gettempdir()) / "toasoan-bench-archive"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--issue-pages", type=int, default=50)
    parser.add_argument("--scanned-every", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-at", type=float, default=0.5, help="share stored")
    parser.add_argument("--restart-after", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=7200.0)
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    return parser.parse_args()


def prepare(args):
    """The environment, the database, the PDFs; the plans."""
    run = WORK / "run"
    if run.exists():
        import shutil

        shutil.rmtree(run)
    (run / "logs").mkdir(parents=True)
    env = environment(f"postgres://postgres@127.0.0.1:5432/{DATABASE}", run, {})
    env["LOG_LEVEL"] = "WARNING"
    os.environ.update(env)
    data.fresh_database(DATABASE)
    import django

    django.setup()
    from archive_parts import pdfs
    from django.core.management import call_command

    from toasoan.news.tests import factories

    call_command("migrate", verbosity=0)
    factories.home()
    plans = pdfs.plan(args.pages, args.issue_pages, args.scanned_every, WORK)
    began = time.perf_counter()
    for plan in plans:
        pdfs.make(plan)
    print(f"{len(plans)} issues, PDFs ready in {time.perf_counter() - began:.0f} s")
    return env, run, plans


def process(args, env, run, plans):
    """Workers up, issues published, one worker killed halfway; the times."""
    from archive_parts import run as running
    from spread_parts.timing import last_worker_id, wait_for_workers

    workers = Workers(env, run / "logs")
    try:
        after = last_worker_id()
        for n in range(args.workers):
            workers.start(f"w{n}")
        wait_for_workers(args.workers, after)
        began = time.monotonic()
        issues, jobs = {}, []
        for plan in plans:
            issue, job = running.publish(plan)
            issues[plan.label], jobs = issue, [*jobs, job.pk]
        published = time.monotonic() - began
        kill = running.kill_halfway(
            workers, "w0", args.pages, args.kill_at, args.restart_after, args.timeout
        )
        _, waited = observe.wait_until(
            lambda: running.all_over(jobs), args.timeout, interval=1
        )
        seconds = time.monotonic() - began
    finally:
        workers.stop_all()
    return issues, {
        "publishing_seconds": round(published, 1),
        "seconds": round(seconds, 1),
        "pages_per_minute": round(args.pages / seconds * 60, 1),
        "kill": kill,
    }


def main():
    args = parse_args()
    env, run, plans = prepare(args)
    from archive_parts import checks

    issues, times = process(args, env, run, plans)
    report = {
        "pages": args.pages,
        "issues": len(plans),
        "scanned_issues": sum(plan.scanned for plan in plans),
        "workers": args.workers,
        "machine": {"cores": os.cpu_count(), "load": os.getloadavg()[0]},
        **times,
        "stored": checks.stored(plans, issues),
        "search": checks.searchable(plans, issues),
        "left": checks.leftovers(run / "print-work"),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "out" / f"print_archive-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Report: {out}")


if __name__ == "__main__":
    main()
