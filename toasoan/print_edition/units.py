"""An issue's pages in units that any free worker takes.

A job of more than PRINT_UNIT_PAGES pages is planned as units of that many
pages (`plan`), and a task is queued for each in the same transaction as
the units (the task engine keeps its queue in the database): a unit never
exists without its task, whichever moment a worker dies. Each unit's task
(`processing.run_unit`) claims it (`claim`: `attempts` makes the claim
atomic), stores its pages in batches and counts them on the unit and the
job, and marks it done (`complete`); the unit that completes the last one
finishes the job. A unit taken up again after its worker died resumes
after the pages it had stored; pages are stored under (issue, number), so
none is ever stored twice.

    >>> ranges(20, 8)
    [(1, 8), (9, 16), (17, 20)]
"""

from django.db import transaction

from .jobs import ProcessingJob, ProcessingUnit


def ranges(pages, size):
    """(first, last) of each unit of `size` pages over `pages` pages."""
    return [
        (first, min(first + size - 1, pages)) for first in range(1, pages + 1, size)
    ]


def plan(job, pages, size, enqueue):
    """Units of the job, made and queued (`enqueue(unit_id)`) in one
    transaction; if the job already has units (a job taken up again after
    its worker died while planning), nothing new: their tasks exist.
    Returns the ids of the units made now."""
    with transaction.atomic():
        if ProcessingUnit.objects.filter(job=job).exists():
            return []
        ProcessingUnit.objects.bulk_create(
            [ProcessingUnit(job=job, first=a, last=b) for a, b in ranges(pages, size)]
        )
        ids = list(ProcessingUnit.objects.filter(job=job).values_list("pk", flat=True))
        for unit_id in ids:
            enqueue(unit_id)
    return ids


def claim(unit_id):
    """The unit, claimed for this worker, or None if it is done, failed or
    taken meanwhile. A RUNNING unit is claimed too: the task engine hands a
    task out again only once its worker is dead."""
    unit = ProcessingUnit.objects.filter(pk=unit_id).first()
    if unit is None or unit.status not in (
        ProcessingUnit.QUEUED,
        ProcessingUnit.RUNNING,
    ):
        return None
    claimed = ProcessingUnit.objects.filter(
        pk=unit_id, status=unit.status, attempts=unit.attempts
    ).update(status=ProcessingUnit.RUNNING, attempts=unit.attempts + 1)
    if not claimed:
        return None
    unit.status, unit.attempts = ProcessingUnit.RUNNING, unit.attempts + 1
    return unit


def complete(unit):
    """Mark the unit done; whether it was the job's last one."""
    ProcessingUnit.objects.filter(pk=unit.pk).update(status=ProcessingUnit.DONE)
    unit.status = ProcessingUnit.DONE
    pending = ProcessingUnit.objects.filter(job_id=unit.job_id).exclude(
        status=ProcessingUnit.DONE
    )
    return not pending.exists()


def fail(unit):
    ProcessingUnit.objects.filter(pk=unit.pk).update(status=ProcessingUnit.FAILED)


def job_of(unit_id):
    """The id of the job a unit belongs to, or None."""
    return (
        ProcessingUnit.objects.filter(pk=unit_id)
        .values_list("job_id", flat=True)
        .first()
    )


def running(job_id):
    return ProcessingJob.objects.filter(
        pk=job_id, status=ProcessingJob.RUNNING
    ).exists()
