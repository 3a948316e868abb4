"""Background work of the print edition: a PDF becomes searchable pages,
in units of pages that any free worker takes (units.py)."""

from django_tasks import task


@task()
def process_issue(job_id):
    """Run one processing job (queued by `processing.request_processing`)."""
    from .processing import run_job

    return run_job(job_id)


@task()
def process_unit(unit_id):
    """Run one unit of a job's pages (queued by `units.plan`)."""
    from .processing import run_unit

    return run_unit(unit_id)
