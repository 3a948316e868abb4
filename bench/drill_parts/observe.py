"""What the drills read in the database (through the driver's own Django
connection), and waiting for it: a processing job, the pages stored, the
carrier job behind a task and its events, jobs left 'doing'.

Every read survives the database going away: `wait_until` closes the
broken connection and tries again at the next tick.
"""

import time
from collections import Counter

from django.db import DatabaseError, InterfaceError, connection

TASK_PATHS = (".process_issue", ".process_unit")  # print_edition's tasks


def reconnect():
    try:
        connection.close()
    except DatabaseError:
        pass


def wait_until(check, timeout, interval=0.5):
    """Call `check` until it returns something true; (value, seconds).
    On timeout (None, seconds)."""
    began = time.monotonic()
    while True:
        try:
            value = check()
        except (DatabaseError, InterfaceError):
            reconnect()
            value = None
        if value:
            return value, time.monotonic() - began
        if time.monotonic() - began > timeout:
            return None, time.monotonic() - began
        time.sleep(interval)


def job_row(job_id):
    from toasoan.print_edition.models import ProcessingJob

    return (
        ProcessingJob.objects.filter(pk=job_id)
        .values(
            "status",
            "pages_done",
            "pages_total",
            "attempts",
            "heartbeat_at",
            "started_at",
            "finished_at",
            "runner",
            "run_first_page",
            "message",
        )
        .first()
    )


def page_audit(issue_id, total, page1_pk=None):
    """Pages 1..total: which are missing, stored more than once, and
    whether page 1 is still the row it was (`page1_pk`)."""
    from toasoan.print_edition.models import PrintPage

    rows = list(PrintPage.objects.filter(issue_id=issue_id).values_list("number", "pk"))
    counts = Counter(number for number, _ in rows)
    first = [pk for number, pk in rows if number == 1]
    return {
        "stored": len(rows),
        "missing": sorted(set(range(1, total + 1)) - set(counts)),
        "duplicated": {str(n): c for n, c in sorted(counts.items()) if c > 1},
        "beyond_total": sorted(n for n in counts if n > total),
        "page1_pk_kept": None if page1_pk is None else first == [page1_pk],
    }


def page1_pk(issue_id):
    from toasoan.print_edition.models import PrintPage

    return (
        PrintPage.objects.filter(issue_id=issue_id, number=1)
        .values_list("pk", flat=True)
        .first()
    )


def units(job_id):
    """The job's units of pages (print_edition.units), if it was split."""
    try:
        from toasoan.print_edition.models import ProcessingUnit
    except ImportError:  # a version without units
        return []
    return list(
        ProcessingUnit.objects.filter(job_id=job_id)
        .order_by("first")
        .values("id", "first", "last", "status", "attempts", "pages_done")
    )


def carriers(job_id):
    """The Procrastinate jobs running processing job `job_id`: its own task
    and its units' tasks."""
    from django.db.models import Q
    from procrastinate.contrib.django.models import ProcrastinateJob

    wanted = Q(args__path__endswith=".process_issue", args__args=[job_id])
    for unit in units(job_id):
        wanted |= Q(args__path__endswith=".process_unit", args__args=[unit["id"]])
    return list(
        ProcrastinateJob.objects.filter(wanted, task_name="toasoan:run")
        .order_by("id")
        .values("id", "status", "attempts", "worker_id", "args")
    )


def events(procrastinate_id, since):
    """The job's events, seconds after wall-clock time `since`."""
    from procrastinate.contrib.django.models import ProcrastinateEvent

    return [
        [kind, round(at.timestamp() - since, 1)]
        for kind, at in ProcrastinateEvent.objects.filter(job_id=procrastinate_id)
        .order_by("id")
        .values_list("type", "at")
    ]


def carriers_report(job_id, since):
    """Each carrier job: task, arguments, status, attempts, events."""
    return [
        {
            "id": row["id"],
            "task": row["args"]["path"].rsplit(".", 1)[-1],
            "args": row["args"]["args"],
            "status": row["status"],
            "attempts": row["attempts"],
            "events": events(row["id"], since),
        }
        for row in carriers(job_id)
    ]


def started_again(procrastinate_ids, since):
    """Seconds after `since` (wall clock) when one of these jobs started
    again, or None."""
    from datetime import UTC, datetime

    from procrastinate.contrib.django.models import ProcrastinateEvent

    first = (
        ProcrastinateEvent.objects.filter(
            job_id__in=procrastinate_ids,
            type="started",
            at__gt=datetime.fromtimestamp(since, UTC),
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return None if first is None else first.timestamp() - since


def doing():
    """Procrastinate jobs in 'doing' now, and whether their worker still beats."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    return [
        {
            "id": row["id"],
            "task": row["task_name"],
            "path": (row["args"] or {}).get("path"),
            "worker_id": row["worker_id"],
        }
        for row in ProcrastinateJob.objects.filter(status="doing").values(
            "id", "task_name", "args", "worker_id"
        )
    ]


def doing_except_periodic():
    """'doing' jobs other than the periodic check and scheduled publishing,
    which a live worker runs for a moment every few seconds."""
    return [row for row in doing() if row["task"] == "toasoan:run"]


def newest_worker():
    """The id of the last worker registered with Procrastinate (0: none)."""
    from django.db.models import Max
    from procrastinate.contrib.django.models import ProcrastinateWorker

    return ProcrastinateWorker.objects.aggregate(last=Max("id"))["last"] or 0


def enqueue_flush():
    """Queue a small task (the view counts flush); its carrier job id."""
    from toasoan.reach.tasks import flush_view_counts

    return int(flush_view_counts.enqueue().id)


def task_status(procrastinate_id):
    from procrastinate.contrib.django.models import ProcrastinateJob

    return (
        ProcrastinateJob.objects.filter(pk=procrastinate_id)
        .values_list("status", flat=True)
        .first()
    )


def finished_task(procrastinate_id):
    status = task_status(procrastinate_id)
    return status if status in ("succeeded", "failed", "cancelled", "aborted") else None


def mid_job(job_id, least=2):
    """The job's row once it has stored `least` pages and not all."""
    row = job_row(job_id)
    if row and row["pages_total"] and least <= row["pages_done"] < row["pages_total"]:
        return row
    return None


def final_job(job_id):
    row = job_row(job_id)
    return row if row and row["status"] in ("done", "failed") else None
