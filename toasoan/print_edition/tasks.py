"""Background work of the print edition: a PDF becomes searchable pages."""

from django_tasks import task


@task()
def process_issue(job_id):
    """Run one processing job (queued by `processing.request_processing`)."""
    from .processing import run_job

    return run_job(job_id)
