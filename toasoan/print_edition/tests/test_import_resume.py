"""import_print_issue run again: done files skipped, failed ones tried
again, an interrupted one resumed; the pace shown while it works."""

import os
import socket
import subprocess
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from toasoan.print_edition import processing, samples
from toasoan.print_edition.import_progress import Job, Progress, duration
from toasoan.print_edition.models import PrintPage, ProcessingJob


def folder_of_issues(tmp_path):
    (tmp_path / "2022-5.pdf").write_bytes(samples.text_pdf(samples.PAGES[:1]))
    (tmp_path / "2021-7.pdf").write_bytes(samples.text_pdf(samples.PAGES[1:3]))
    return tmp_path


def test_a_second_run_skips_done_files_and_retries_failed_ones(
    tools, home, tmp_path, monkeypatch, capsys
):
    folder = folder_of_issues(tmp_path)
    run = processing._run

    def failing_for_2021(job, **kwargs):
        if job.issue.year == 2021:
            raise processing.ProcessingError("tool_failed", "pdftoppm: crashed")
        return run(job, **kwargs)

    monkeypatch.setattr(processing, "_run", failing_for_2021)
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("import_print_issue", str(folder))
    done = ProcessingJob.objects.get(issue__year=2022)
    assert ProcessingJob.objects.get(issue__year=2021).status == ProcessingJob.FAILED
    monkeypatch.setattr(processing, "_run", run)
    capsys.readouterr()
    call_command("import_print_issue", str(folder))
    out = capsys.readouterr().out
    assert "Report: 2 imported, 0 failed." in out
    assert list(ProcessingJob.objects.filter(issue__year=2022)) == [done]
    latest = ProcessingJob.objects.filter(issue__year=2021).first()
    assert latest.status == ProcessingJob.DONE and latest.pages_done == 2
    assert "pages processed in" in out


def test_an_interrupted_import_resumes_after_its_stored_pages(tools, home, tmp_path):
    folder = folder_of_issues(tmp_path)
    call_command("import_print_issue", str(folder))
    job = ProcessingJob.objects.get(issue__year=2021)
    kept = PrintPage.objects.get(issue=job.issue, number=1)
    PrintPage.objects.filter(issue=job.issue, number=2).delete()
    ended = subprocess.Popen(["true"])  # a process that ran and ended
    ended.wait()
    gone = f"{socket.gethostname()}:{ended.pid}"
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.RUNNING, pages_done=1, runner=gone, finished_at=None
    )
    call_command("import_print_issue", str(folder))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.run_first_page) == (ProcessingJob.DONE, 2, 2)
    numbers = PrintPage.objects.filter(issue=job.issue).values_list("number", "pk")
    assert sorted(n for n, _ in numbers) == [1, 2]
    assert dict(numbers)[1] == kept.pk


def test_a_job_of_a_live_process_is_not_taken_over(tools, home, tmp_path):
    folder = folder_of_issues(tmp_path)
    call_command("import_print_issue", str(folder))
    job = ProcessingJob.objects.get(issue__year=2021)
    alive = f"{socket.gethostname()}:{os.getppid()}"
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.RUNNING, runner=alive, heartbeat_at=timezone.now()
    )
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("import_print_issue", str(folder))
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ProcessingJob.RUNNING, 1)


def test_the_pace_of_a_run():
    lines = []
    clock = iter([0, 30, 30, 30, 90, 90]).__next__
    progress = Progress(files=3, write=lines.append, every=0, clock=clock)
    progress.batch(Job("a.pdf", pages_done=10, pages_total=20))
    assert lines == ["a.pdf: 10/20 pages · 20 pages/min · about 2 min left"]
    progress.finished(Job("a.pdf", pages_done=20, pages_total=20))
    assert progress.summary() == "20 pages processed in 2 min, 13 pages/min."
    assert [duration(s) for s in (5, 600, 12_000)] == ["5 s", "10 min", "3 h 20 min"]


def test_editors_see_the_pace_of_a_running_job(make_issue, text_pdf):
    job = processing.request_processing(make_issue(pdf=text_pdf, live=False))
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.RUNNING,
        started_at=timezone.now() - timedelta(minutes=2),
        pages_total=100,
        pages_done=40,
        run_first_page=21,
    )
    job.refresh_from_db()
    assert job.pages_per_minute == 10
    assert job.seconds_left == 360
    with translation.override("en"):
        assert job.pace == "10 pages a minute, about 6\xa0minutes left"
    with translation.override("vi"):
        assert job.pace == "10 trang một phút, còn khoảng 6\xa0phút"
