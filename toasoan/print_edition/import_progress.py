"""What an import of many PDFs has done, how fast, and how long is left.

The import command calls `batch(job)` after each batch of pages stored and
`finished(job)` after each file; lines are written at most every `every`
seconds. Only this run's pages count towards the rate (a resumed job's
earlier pages were not made now). Time left counts the current file's
pages left and, for the files not started, the average pages of a file so
far.

    >>> lines = []
    >>> clock = iter([0, 0, 60, 60, 120, 120]).__next__
    >>> progress = Progress(files=2, write=lines.append, every=0, clock=clock)
    >>> job = Job("a.pdf", pages_done=30, pages_total=60, run_first_page=1)
    >>> progress.batch(job)
    >>> lines[-1]
    'a.pdf: 30/60 pages · 30 pages/min · about 3 min left'
"""

import time
from dataclasses import dataclass


@dataclass
class Job:
    """The fields of a ProcessingJob that progress reads (doctests, tests)."""

    file_name: str
    pages_done: int
    pages_total: int
    run_first_page: int = 1


def duration(seconds):
    """'45 s', '12 min', '3 h 20 min'."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class Progress:
    def __init__(self, files, write, every=10, clock=time.monotonic):
        self.files, self.write, self.every, self.clock = files, write, every, clock
        self.started = clock()
        self.files_done = 0
        self.pages_before = 0  # this run's pages of the files finished
        self.pages_of_files = []  # each finished file's page count
        self.written = None

    def _made(self, job):
        return max(0, job.pages_done - (job.run_first_page - 1))

    def rate(self, job=None):
        """Pages a minute made in this run, or None before any."""
        pages = self.pages_before + (self._made(job) if job else 0)
        minutes = (self.clock() - self.started) / 60
        return pages / minutes if pages and minutes > 0 else None

    def seconds_left(self, job):
        rate = self.rate(job)
        if rate is None:
            return None
        known = self.pages_of_files + [job.pages_total]
        average = sum(known) / len(known)
        unstarted = max(0, self.files - self.files_done - 1)
        pages = job.pages_total - job.pages_done + unstarted * average
        return pages / rate * 60

    def batch(self, job):
        now = self.clock()
        if self.written is not None and now - self.written < self.every:
            return
        self.written = now
        rate, left = self.rate(job), self.seconds_left(job)
        line = f"{job.file_name}: {job.pages_done}/{job.pages_total} pages"
        if rate is not None:
            line += f" · {rate:.0f} pages/min · about {duration(left)} left"
        self.write(line)

    def finished(self, job):
        self.files_done += 1
        if job is not None:
            self.pages_before += self._made(job)
            self.pages_of_files.append(job.pages_total)

    def summary(self):
        rate = self.rate()
        elapsed = duration(self.clock() - self.started)
        speed = f", {rate:.0f} pages/min" if rate else ""
        return f"{self.pages_before} pages processed in {elapsed}{speed}."
