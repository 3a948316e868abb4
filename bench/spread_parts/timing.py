"""Timing one issue over N workers, and raw tesseract on the same pages."""

import os
import signal
import tempfile
import time
from datetime import date
from pathlib import Path

from print_parts.raw import Clock, raw_ocr

from . import setup


def raw_tesseract(pdf, pages):
    """Raw tesseract's pages a minute on one core: one pdftoppm render and
    one tesseract call on one thread (as our workers run it), wall and CPU
    seconds."""
    clock = Clock()
    raw_ocr(pdf, pages, Path(tempfile.mkdtemp(dir=setup.WORK)), 300, 1)
    wall, cpu = clock.stop()
    return {
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "pages_per_minute": pages / wall * 60,
        "pages_per_cpu_minute": pages / cpu * 60,
    }


def mean_of(runs):
    """The runs' mean, figure by figure."""
    return {key: sum(run[key] for run in runs) / len(runs) for key in runs[0]}


def new_issue(pdf, label):
    from django.core.files import File
    from wagtail.documents import get_document_model

    from toasoan.print_edition import importing
    from toasoan.print_edition.models import PrintIssuePage

    document = get_document_model()(title=f"bench {label}")
    with open(pdf, "rb") as handle:
        document.file.save(pdf.name, File(handle), save=False)
    document.file_size = pdf.stat().st_size
    document.save()
    issue = PrintIssuePage(
        number_label=label,
        year=2000,
        published_on=date(2000, 1, 1),
        pdf=document,
        live=False,
    )
    importing.archive_page().add_child(instance=issue)
    return PrintIssuePage.objects.get(pk=issue.pk)


def cpu_seconds(pid):
    """CPU seconds of a process and its waited-for children (tesseract,
    poppler), from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def last_worker_id():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        return cursor.fetchone()[0]


def wait_for_workers(count, after, timeout=60):
    """Until `count` workers newer than worker `after` have registered with
    the task engine (started and listening), as in production, where workers
    wait for work: their start (about 2 s of Django) is not counted."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_workers WHERE id > %s", [after]
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{count} workers did not start in {timeout} s")


def with_workers(pdf, pages, count):
    """Start `count` workers, queue the issue, time it until DONE."""
    from toasoan.print_edition.models import PrintPage, ProcessingJob
    from toasoan.print_edition.processing import request_processing

    issue = new_issue(pdf, f"{count}-{int(time.time())}")
    after = last_worker_id()
    workers = [setup.start_worker(f"worker-{count}-{n}") for n in range(count)]
    try:
        wait_for_workers(count, after)
        before = sum(cpu_seconds(worker.pid) for worker in workers)
        started = time.perf_counter()
        load = os.getloadavg()[0]
        job = request_processing(issue)
        while True:
            job.refresh_from_db()
            if job.status in (ProcessingJob.DONE, ProcessingJob.FAILED):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        cpu = sum(cpu_seconds(worker.pid) for worker in workers) - before
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    assert job.status == ProcessingJob.DONE, job.message
    numbers = list(
        PrintPage.objects.filter(issue=issue).values_list("number", flat=True)
    )
    return {
        "seconds": seconds,
        "pages_per_minute": pages / seconds * 60,
        "cpu_seconds": cpu,
        "pages_per_cpu_minute": pages / cpu * 60,
        "stored": len(numbers),
        "stored_once": sorted(numbers) == list(range(1, pages + 1)),
        "units": job.units.count(),
        "load_before": load,
    }


def summarise(report):
    runs, raw = report["runs"], report["raw_tesseract"]
    one = runs.get(1)
    summary = {}
    if one:
        per_core = one["pages_per_minute"]
        summary["one_worker_pages_per_minute"] = round(per_core, 1)
        summary["raw_tesseract_pages_per_minute"] = round(raw["pages_per_minute"], 1)
        summary["overhead_wall_vs_raw"] = round(
            raw["pages_per_minute"] / per_core - 1, 3
        )
        summary["overhead_cpu_vs_raw"] = round(
            raw["pages_per_cpu_minute"] / one["pages_per_cpu_minute"] - 1, 3
        )
        for count, run in runs.items():
            summary[f"speed_up_{count}"] = round(one["seconds"] / run["seconds"], 2)
    report["summary"] = summary
