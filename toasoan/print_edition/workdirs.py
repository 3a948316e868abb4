"""Each processing job's work folder, in one fixed place per job, so that
whoever takes a job up after its worker died removes what it left.

Folders are `job-<id>` (and `job-<id>-<page>` for its units) under
`toasoan-print/` in PRINT_WORK_ROOT (by default
the system's temporary folder). A run of a job starts by emptying its
folder (what a dead run left on this host) and ends by removing it. Each
start also removes, on its host, the folders of jobs no longer running:
left by a worker killed here, whose job was then resumed elsewhere, or
given up.
"""

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

FOLDER = re.compile(r"job-(\d+)(?:-\d+)?")  # a job's folder, or a unit's


def root() -> Path:
    return Path(settings.PRINT_WORK_ROOT or tempfile.gettempdir()) / "toasoan-print"


def folder(job_id, unit=None) -> Path:
    """`job-<id>`, or `job-<id>-<first page>` for a unit of the job."""
    name = f"job-{int(job_id)}" + ("" if unit is None else f"-{int(unit)}")
    return root() / name


def fresh(job_id, unit=None) -> Path:
    """The job's (or unit's) folder, empty."""
    remove(job_id, unit)
    path = folder(job_id, unit)
    path.mkdir(parents=True)
    return path


def remove(job_id, unit=None):
    shutil.rmtree(folder(job_id, unit), ignore_errors=True)


def remove_all(job_id):
    """The job's folder and its units' (on this machine)."""
    for child in root().glob(f"job-{int(job_id)}*") if root().is_dir() else ():
        match = FOLDER.fullmatch(child.name)
        if match and int(match.group(1)) == int(job_id):
            shutil.rmtree(child, ignore_errors=True)


def sweep(running_ids):
    """Remove the folders of jobs not in `running_ids`; how many went."""
    gone = 0
    for child in root().glob("job-*") if root().is_dir() else ():
        match = FOLDER.fullmatch(child.name)
        if match and int(match.group(1)) not in set(running_ids):
            shutil.rmtree(child, ignore_errors=True)
            gone += 1
    return gone
