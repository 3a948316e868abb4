"""Failure drills of the background workers, scripted and repeatable.

Run by hand, not by the tests (4 to 8 minutes):

    .venv/bin/python bench/worker_drills.py
    .venv/bin/python bench/worker_drills.py --pages 12 --drills kill

Makes a PostgreSQL cluster of its own (initdb into a temporary folder, a
free port from 55432; the shared server is never touched), migrates it in
production settings, and starts workers (`manage.py work`) as subprocesses
with BACKGROUND_STALLED_SECONDS=20 and BACKGROUND_CHECK_SECONDS=10 (--stalled,
--check) to keep the drills short. Drills (drill_parts/):

  kill         kill -9 of a worker in the middle of a scanned issue; a second
               worker must resume it (kill_drill.py);
  kill-single  the same with the issue in one run (PRINT_UNIT_PAGES=1000);
  outage-idle  PostgreSQL stopped --outage seconds and started again under
               an idle worker (outage_drill.py);
  outage-busy  the same while a worker is in the middle of a print job;
  outage-short the idle drill with a --short-outage (a quick restart).

Each prints a line; all go to a JSON report in bench/out/, with the workers'
logs in a folder beside it. Everything started is stopped, and the cluster
and temporary folders removed, on success, failure or Ctrl-C.
Needs: PostgreSQL's server binaries, poppler-utils, tesseract-ocr-vie.
"""

import argparse
import atexit
import json
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from drill_parts import kill_drill, outage_drill  # noqa: E402 (after sys.path)
from drill_parts.cluster import Cluster, free_port  # noqa: E402
from drill_parts.processes import Workers, environment  # noqa: E402

DRILLS = ("kill", "kill-single", "outage-idle", "outage-busy", "outage-short")


class DrillError(RuntimeError):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12, help="of each issue")
    parser.add_argument("--dpi", type=int, default=200, help="of the scanned pages")
    parser.add_argument("--outage", type=int, default=30, help="seconds down")
    parser.add_argument("--short-outage", type=int, default=5, help="seconds")
    parser.add_argument("--stalled", type=int, default=20, help="STALLED_SECONDS")
    parser.add_argument("--check", type=int, default=10, help="CHECK_SECONDS")
    parser.add_argument("--port", type=int, default=55432, help="first port tried")
    parser.add_argument("--drills", default=",".join(DRILLS), help="comma-separated")
    parser.add_argument(
        "--worker",
        default="manage.py work",
        help="the worker's command after python (to try a fix of the worker)",
    )
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    return parser.parse_args()


class Context:
    """What the drills share: arguments, cluster, workers, settings."""

    DrillError = DrillError

    def __init__(self, args, cluster, workers, work):
        self.args, self.cluster, self.workers, self.work = args, cluster, workers, work
        self.stalled, self.check = args.stalled, args.check

    def work_folders(self):
        """The print jobs' work folders now (workdirs: job-<id>[-<page>])."""
        root = self.work / "print-work" / "toasoan-print"
        return sorted(path.name for path in root.glob("job-*"))


def prepare(args, out):
    """The cluster, the environment, Django and the workers' registry."""
    work = Path(tempfile.mkdtemp(prefix="toasoan-drills-"))
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="toasoan-drills-pg-")), 0)
    logs = out.with_suffix("")
    logs.mkdir(parents=True, exist_ok=True)
    timings = {
        "BACKGROUND_STALLED_SECONDS": args.stalled,
        "BACKGROUND_CHECK_SECONDS": args.check,
    }
    workers = Workers(None, logs, shlex.split(args.worker))
    atexit.register(cleanup, workers, cluster, work)
    cluster.port = free_port(args.port)
    cluster.init()
    cluster.start()
    cluster.create_database("drills")
    workers.env = environment(cluster.url("drills"), work, timings) | {
        "LOG_LEVEL": "INFO"
    }
    os.environ.update(environment(cluster.url("drills"), work, timings))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return Context(args, cluster, workers, work), logs


def cleanup(workers, cluster, work):
    workers.stop_all()
    cluster.destroy()
    shutil.rmtree(work, ignore_errors=True)


def settings_used(ctx):
    from django.conf import settings

    names = ["STALLED_SECONDS", "CHECK_SECONDS", "HEARTBEAT_SECONDS"]
    names += ["RECONNECT_MAX_SECONDS", "RETRIES", "RETRY_BASE"]
    values = {f"BACKGROUND_{n}": getattr(settings, f"BACKGROUND_{n}") for n in names}
    return values | {
        "TASKS_BACKEND": settings.TASKS["default"]["BACKEND"],
        "DB_CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
        "postgresql": ctx.cluster.version,
        "port": ctx.cluster.port,
    }


def run_drill(ctx, name):
    """One drill: its result (or its error) and its printed line."""
    try:
        if name in ("kill", "kill-single"):
            result = (kill_drill.single if "-" in name else kill_drill.run)(ctx)
            return result, kill_drill.line(result)
        kind = name.split("-")[1]
        result = getattr(outage_drill, kind)(ctx)
        label = {"short": f"idle, {ctx.args.short_outage} s outage"}.get(kind, kind)
        return result, outage_drill.line(label, result)
    except Exception as error:  # the report says what broke; next drill
        ctx.workers.stop_all()
        return {"error": repr(error), "traceback": traceback.format_exc()}, (
            f"{name}: FAILED {error!r}"
        )


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "out" / f"worker_drills-{stamp}.json"
    ctx, logs = prepare(args, out)
    report = {"args": vars(args) | {"out": str(out)}, "settings": settings_used(ctx)}
    print(f"Settings: {json.dumps(report['settings'])}", flush=True)
    report["drills"] = {}
    for name in args.drills.split(","):
        result, text = run_drill(ctx, name.strip())
        report["drills"][name] = result | {"line": text}
        print(text, flush=True)
    report["logs"] = str(logs)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(f"Report: {out}\nWorker logs: {logs}")


if __name__ == "__main__":
    main()
