"""The archive's run: issues published as an editor would (each queues its
processing), two workers sharing their units, one of them killed with
SIGKILL halfway and started again after --restart-after seconds, as
systemd's RestartSec would; the time until the killed worker's unit is
taken up again, and until every job is done."""

import time
from datetime import date

from django.core.files.base import ContentFile
from drill_parts import observe


def publish(plan):
    """The issue of `plan`, published; its processing job."""
    from wagtail.documents import get_document_model

    from toasoan.core import internals
    from toasoan.print_edition import importing
    from toasoan.print_edition.models import PrintIssuePage, ProcessingJob

    data = plan.pdf.read_bytes()
    document = get_document_model()(title=f"Lưu trữ {plan.label}")
    document.file.save(plan.pdf.name, ContentFile(data), save=False)
    document.file_size = len(data)
    internals.set_file_hash(document)
    document.save()
    issue = PrintIssuePage(
        number_label=plan.label,
        year=1990 + int(plan.label[1:]) % 20,
        published_on=date(1990 + int(plan.label[1:]) % 20, 1, 15),
        pdf=document,
    )
    importing.archive_page().add_child(instance=issue)
    issue.save_revision(log_action=False).publish(log_action=False)
    return issue, ProcessingJob.objects.get(issue_id=issue.pk)


def stored_pages():
    from django.db.models import Sum

    from toasoan.print_edition.models import ProcessingJob

    return ProcessingJob.objects.aggregate(done=Sum("pages_done"))["done"] or 0


def running_units():
    from toasoan.print_edition.models import ProcessingUnit

    return dict(
        ProcessingUnit.objects.filter(status=ProcessingUnit.RUNNING).values_list(
            "pk", "pages_done"
        )
    )


def _moved_on(at_kill):
    """Whether every unit running at the kill has stored more or is over."""
    from toasoan.print_edition.models import ProcessingUnit

    now = {
        row["pk"]: row
        for row in ProcessingUnit.objects.filter(pk__in=at_kill).values(
            "pk", "status", "pages_done"
        )
    }
    return all(
        now[pk]["status"] != ProcessingUnit.RUNNING or now[pk]["pages_done"] > done
        for pk, done in at_kill.items()
    )


def all_over(job_ids):
    from toasoan.print_edition.models import ProcessingJob

    left = ProcessingJob.objects.filter(pk__in=job_ids).exclude(
        status__in=[ProcessingJob.DONE, ProcessingJob.FAILED]
    )
    return not left.exists()


def kill_halfway(workers, name, total, share, restart_after, timeout):
    """Once `share` of the pages are stored, SIGKILL worker `name`, start it
    again `restart_after` s later; what happened, with times from the kill."""
    _, waited = observe.wait_until(
        lambda: stored_pages() >= total * share, timeout, interval=1
    )
    at_kill = running_units()
    stored = stored_pages()
    began = time.monotonic()
    orphans = workers.kill9(name)
    time.sleep(restart_after)
    workers.start(f"{name}-again")
    moved, _ = observe.wait_until(lambda: _moved_on(at_kill), timeout, interval=1)
    resumed = time.monotonic() - began
    return {
        "after_seconds": round(waited, 1),
        "pages_stored_at_kill": stored,
        "units_running_at_kill": len(at_kill),
        "tool_calls_left_running": len(orphans),
        "restarted_after_seconds": restart_after,
        "units_taken_up_again_seconds": round(resumed, 1) if moved else None,
    }
