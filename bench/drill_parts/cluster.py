"""A throwaway PostgreSQL cluster for the drills: initdb and pg_ctl from
/usr/lib/postgresql/*/bin into a temporary folder, on a free local port,
trust authentication. As root, every PostgreSQL command runs as the
`postgres` user (initdb refuses root), which owns the folder.

The drills stop and start it at will; the shared server on 5432 is never
touched. `destroy` stops it immediately and removes the folder.
"""

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path


class ClusterError(RuntimeError):
    pass


def newest_bin() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name),
    )
    if not found:
        raise ClusterError("no initdb under /usr/lib/postgresql/*/bin")
    return found[-1].parent


def free_port(first=55432, tries=50):
    for port in range(first, first + tries):
        with socket.socket() as probe:
            # As PostgreSQL binds: a port in TIME_WAIT (a last run's
            # connections) is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ClusterError(f"no free port in {first}..{first + tries - 1}")


class Cluster:
    """One PostgreSQL server in `root` (a folder this object owns)."""

    def __init__(self, root: Path, port: int, user="postgres"):
        self.root, self.port = Path(root), port
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.bin = newest_bin()
        self.user = user if os.geteuid() == 0 else None
        self.running = False

    @property
    def version(self):
        return self.bin.parent.name

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool, *args, timeout=120):
        command = [str(self.bin / tool), *map(str, args)]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=self.root
        )
        if done.returncode:
            raise ClusterError(f"{tool} failed: {done.stderr.strip() or done.stdout}")
        return done.stdout

    def init(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            self.data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def start(self):
        """Start and wait until it accepts connections; seconds it took."""
        began = time.monotonic()
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start"
        )
        self.running = True
        return time.monotonic() - began

    def stop(self, mode="fast"):
        """pg_ctl stop -m `mode`; seconds it took."""
        began = time.monotonic()
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")
        self.running = False
        return time.monotonic() - began

    def create_database(self, name):
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def destroy(self):
        """Stop (immediately) whatever runs and remove the folder."""
        if self.data.is_dir() and (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
            except (ClusterError, subprocess.TimeoutExpired):
                pass
        self.running = False
        shutil.rmtree(self.root, ignore_errors=True)
