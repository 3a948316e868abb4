"""A processing job: one PDF turned into pages, followed by editors in the
issue's edit view and in the list of jobs (admin_views), and by the import
command. Its rate and time left are measured over the current run."""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .ocr_pages import OCR_BATCH


def runner_id():
    """This process, as a job records who runs it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def runner_is_gone(job):
    """Whether the process that ran `job` was on this machine and has ended."""
    host, _, pid = job.runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


class ProcessingJob(models.Model):
    """Turning one PDF into pages; editors follow it in the issue's edit view."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, _("waiting")),
        (RUNNING, _("processing")),
        (DONE, _("done")),
        (FAILED, _("failed")),
    ]

    issue = models.ForeignKey(
        "print_edition.PrintIssuePage",
        related_name="processing_jobs",
        on_delete=models.CASCADE,
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(max_length=255, blank=True)
    fingerprint = models.CharField(max_length=80, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    ocr_pages = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life: set when it starts and at each batch of
    # pages stored (every few seconds, or one OCR batch, at most).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Runs begun: more than one when a worker died and the job was resumed.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The process running it ("host:pid") and the pages stored when it began:
    # the import command resumes a job whose process is gone, and the rate
    # counts this run's pages only.
    runner = models.CharField(max_length=100, blank=True)
    run_first_page = models.PositiveIntegerField(default=1)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("processing job")

    def __str__(self):
        return f"{self.issue_id}: {self.status}"

    @property
    def percent(self):
        if self.status == self.DONE:
            return 100
        if not self.pages_total:
            return 0
        return min(100, round(100 * self.pages_done / self.pages_total))

    def _run_pages_and_minutes(self):
        pages = self.pages_done - (self.run_first_page - 1)
        if self.status not in (self.RUNNING, self.DONE) or not self.started_at:
            return 0, 0
        end = self.finished_at or timezone.now()
        return pages, (end - self.started_at).total_seconds() / 60

    @property
    def pages_per_minute(self):
        """Pages stored a minute in this run; None before its first batch."""
        pages, minutes = self._run_pages_and_minutes()
        return round(pages / minutes, 1) if pages > 0 and minutes > 0 else None

    @property
    def seconds_left(self):
        """At this run's rate, until the last page; None if unknown."""
        rate = self.pages_per_minute
        if self.status != self.RUNNING or not rate:
            return None
        return round((self.pages_total - self.pages_done) / rate * 60)

    @property
    def pace(self):
        """This run's pace for editors ("32 pages a minute, about 4 minutes
        left"), or "" before its first batch."""
        rate = self.pages_per_minute
        if rate is None:
            return ""
        text = gettext("%(rate)s pages a minute") % {"rate": number_format(rate, 0)}
        left = self.seconds_left
        if left is not None:
            now = timezone.now()
            until = timeuntil(now + timedelta(seconds=max(left, 60)), now)
            text += ", " + gettext("about %(time)s left") % {"time": until}
        return text

    @property
    def stalled(self):
        """Running, but silent for longer than the slowest step can take (one
        tesseract call over a batch of pages, at its time limit), or past the
        job's own time limit: the worker must have died, and the job may be
        run again."""
        if self.status != self.RUNNING or self.started_at is None:
            return False
        now = timezone.now()
        silence = timedelta(seconds=settings.PRINT_TOOL_TIMEOUT * OCR_BATCH + 120)
        if now - (self.heartbeat_at or self.started_at) > silence:
            return True
        return now - self.started_at > timedelta(
            seconds=settings.PRINT_JOB_TIMEOUT + 300
        )


class ProcessingUnit(models.Model):
    """Pages `first` to `last` of a job, processed by whichever worker is
    free (toasoan.print_edition.units): an issue spreads over the workers."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

    job = models.ForeignKey(
        ProcessingJob, related_name="units", on_delete=models.CASCADE
    )
    first = models.PositiveIntegerField()
    last = models.PositiveIntegerField()
    status = models.CharField(max_length=10, default=QUEUED)
    pages_done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["job", "first"]
        constraints = [
            models.UniqueConstraint(fields=["job", "first"], name="print_unit_unique")
        ]

    def __str__(self):
        return f"{self.job_id}: {self.first}-{self.last} {self.status}"
