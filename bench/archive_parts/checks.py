"""What the archive holds once every job is over: each page stored once,
counted once, searchable by its serial number through the site's search;
no task left 'doing', no work folder left behind."""

from collections import Counter
from pathlib import Path

from drill_parts import observe


def stored(plans, issues):
    """Pages stored per issue against the plan, and the jobs' counters (a
    page processed twice would be counted twice in `pages_done`)."""
    from toasoan.print_edition.models import PrintPage, ProcessingJob, ProcessingUnit

    report = Counter()
    for plan in plans:
        issue = issues[plan.label]
        numbers = list(
            PrintPage.objects.filter(issue=issue).values_list("number", flat=True)
        )
        job = ProcessingJob.objects.filter(issue_id=issue.pk).first()
        report["pages_planned"] += plan.pages
        report["pages_stored"] += len(numbers)
        report["issues_with_missing_or_extra_pages"] += sorted(numbers) != list(
            range(1, plan.pages + 1)
        )
        report["jobs_done"] += job.status == ProcessingJob.DONE
        report["jobs_counted_twice"] += job.pages_done != plan.pages
        report["ocr_pages"] += job.ocr_pages
        report["ocr_pages_planned"] += plan.pages if plan.scanned else 0
    units = ProcessingUnit.objects.all()
    report["units"] = units.count()
    report["units_taken_more_than_once"] = units.filter(attempts__gt=1).count()
    return dict(report)


def searchable(plans, issues):
    """Each page looked up by its serial number (the digits alone), as a
    reader would search:
    found when the first result is that page of that issue."""
    from toasoan.search import service

    found = Counter()
    missing = []
    for plan in plans:
        title = issues[plan.label].title
        kind = "scanned" if plan.scanned else "text"
        for number, serial in enumerate(plan.serials(), 1):
            outcome = service.search(
                service.Filters(query=str(serial), types=["trang-tap-chi"])
            )
            top = outcome.results[0] if outcome.results else None
            hit = (
                top is not None
                and top.page_number == number
                and top.title.startswith(title)
            )
            found[f"{kind}_found"] += hit
            found[f"{kind}_pages"] += 1
            if not hit and len(missing) < 10:
                missing.append(f"{plan.label} p{number} ({serial})")
    return {**found, "first_missing": missing}


def leftovers(work_root: Path):
    folders = list(work_root.glob("*/*")) if work_root.exists() else []
    return {
        "tasks_left_doing": len(observe.doing_except_periodic()),
        "work_folders_left": len(folders),
    }
