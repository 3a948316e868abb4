"""The workers under drill: `manage.py work` subprocesses in production
settings against the drills' own cluster, each in its own process group
with its log in the run's log folder; kill -9, SIGTERM, alive or not.

`environment()` is the production environment of bench/http_parts/common.py
without Redis (workers do not need it), with the drills' short stalled-job
timings and every folder (media, page cache, print work) in the run's
temporary folder.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def environment(database_url, work: Path, timings: dict):
    """Production settings for the driver and the workers (no Redis)."""
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.production",
        SECRET_KEY="drills-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="60",  # as docs/deployment.md's /etc/toasoan.env
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        PAGE_CACHE_DIR=str(work / "pagecache"),
        PRINT_WORK_ROOT=str(work / "print-work"),
        PYTHONUNBUFFERED="1",
        **{name: str(value) for name, value in timings.items()},
    )
    return env


def clock():
    """Wall-clock time to the millisecond, as the logs and report show it."""
    now = time.time()
    return (
        time.strftime("%H:%M:%S", time.localtime(now)) + f".{int(now % 1 * 1000):03d}"
    )


def group_members(pgid):
    """Pids still alive in process group `pgid` (orphaned tool calls)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


class Workers:
    """The worker processes of one run, by name; `stop_all` ends them all."""

    def __init__(self, env, logs: Path, command=("manage.py", "work")):
        self.env, self.logs, self.command = env, logs, list(command)
        self.processes, self.copiers = {}, {}
        self.started, self.ended = {}, {}

    def start(self, name, *options, env=None):
        """Start worker `name` (`env`: variables added for it); its output
        goes, time-stamped, to its log."""
        command = [sys.executable, *self.command, *options]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env | (env or {}),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        self.started[name] = time.monotonic()
        copier = threading.Thread(target=self._copy, args=(name, process), daemon=True)
        copier.start()
        self.copiers[name] = copier
        return process

    def _copy(self, name, process):
        with open(self.logs / f"{name}.log", "a") as log:
            for raw in process.stdout:
                log.write(f"{clock()} {raw.decode(errors='replace')}")
                log.flush()
            process.wait()
            self.ended[name] = time.monotonic()
            log.write(f"{clock()} [drills] exited with code {process.returncode}\n")

    def alive(self, name):
        return self.processes[name].poll() is None

    def exit_code(self, name):
        return self.processes[name].poll()

    def kill9(self, name):
        """SIGKILL the worker process itself (not its children), as an OOM
        kill or `kill -9 <pid>` would; returns the pids of its tool calls
        still running just after, which are then killed too (as systemd
        would when it cleans up the unit)."""
        process = self.processes[name]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        time.sleep(0.2)
        orphans = group_members(process.pid)
        if orphans:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return orphans

    def stop(self, name, timeout=60):
        """SIGTERM its group, as systemd's stop; (exit code, seconds)."""
        process = self.processes[name]
        began = time.monotonic()
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        try:
            os.killpg(process.pid, signal.SIGKILL)  # tool calls left behind
        except ProcessLookupError:
            pass
        return process.returncode, round(time.monotonic() - began, 1)

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name, timeout=15)
        for copier in self.copiers.values():
            copier.join(5)

    def log_text(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_summary(self, name, limit=8):
        """The log's notable lines: outages, failures, tracebacks."""
        pattern = re.compile(
            r"unreachable|Side task|Traceback|Error|error|failed|died|Stop|Stopped"
        )
        lines = [
            line for line in self.log_text(name).splitlines() if pattern.search(line)
        ]
        return {
            "outage_waits": sum("unreachable" in line for line in lines),
            "notable_lines": len(lines),
            "first": [line[:300] for line in lines[:limit]],
        }
