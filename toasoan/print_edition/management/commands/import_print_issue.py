"""Add print issues from PDF files and process their pages before returning.

    manage.py import_print_issue --number 5 --year 2022 so-5-2022.pdf \
        [--cover bia.jpg] [--date 2022-05-15]
    manage.py import_print_issue FOLDER_OR_FILES...   # names like 2022-5.pdf

In the second form the number and year come from each file name
("2022-5.pdf", "2009_1+2.pdf", "so-tet-2009.pdf"), a cover is taken from an
image of the same name, and a report lists what failed.

Running it again resumes: files already done are skipped, failed ones are
tried again, and a file whose import was interrupted (Ctrl-C, a crash)
goes on after its stored pages. While it works it writes the pages done,
pages a minute and the time left.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from toasoan.print_edition import importing, loader
from toasoan.print_edition.import_progress import Progress
from toasoan.print_edition.models import ProcessingJob


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Import print issues (PDF) and process their pages (text layer or OCR)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="PDF files or folders of PDFs")
        parser.add_argument("--number", help="issue number: 5, 1+2, Tết…")
        parser.add_argument("--year", type=int)
        parser.add_argument("--cover", help="cover image (single issue)")
        parser.add_argument("--date", type=_date, help="publication date YYYY-MM-DD")

    def handle(self, *args, paths, number, year, cover, date, **options):
        missing = loader.missing_tools()
        if missing:
            raise CommandError(
                "Missing tools, install them first: " + ", ".join(missing)
            )
        if (number is None) != (year is None):
            raise CommandError("Give both --number and --year, or neither.")
        if number is not None:
            if len(paths) != 1 or not Path(paths[0]).is_file():
                raise CommandError("--number/--year take exactly one PDF file.")
            if cover and not Path(cover).is_file():
                raise CommandError(f"Cover not found: {cover}")
            self.progress = Progress(1, self.stdout.write)
            job = self.one(Path(paths[0]), number, year, date, cover)
            if job is None or job.status != ProcessingJob.DONE:
                raise CommandError(
                    f"{paths[0]}: {job.message if job else 'not processed'}"
                )
            return
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf")
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"Not found: {raw}")
        failed = []
        self.progress = Progress(len(files), self.stdout.write)
        for path in files:
            guessed = importing.guess_from_name(path)
            if guessed is None:
                failed.append((path, "cannot read number and year from the name"))
                self.stderr.write(f"FAILED {path}: {failed[-1][1]}")
                continue
            job = self.one(path, *guessed, date, importing.find_cover(path))
            if job is None or job.status != ProcessingJob.DONE:
                failed.append((path, job.message if job else "not processed"))
        self.stdout.write(
            f"Report: {len(files) - len(failed)} imported, {len(failed)} failed."
        )
        self.stdout.write(self.progress.summary())
        for path, reason in failed:
            self.stdout.write(f"  failed: {path}: {reason}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files failed.")

    def one(self, path, number, year, published_on, cover):
        try:
            issue, job = importing.import_issue(
                path,
                number,
                year,
                published_on=published_on,
                cover_path=cover,
                progress=self.progress.batch,
            )
        except ValidationError as error:
            self.stderr.write(f"FAILED {path}: {' '.join(error.messages)}")
            job = None
        except (OSError, ValueError) as error:
            self.stderr.write(f"FAILED {path}: {error}")
            job = None
        self.progress.finished(job)
        if job is None:
            return None
        if job.status == ProcessingJob.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path}: {issue.title}, {job.pages_total} pages "
                    f"({job.ocr_pages} by OCR) → {issue.url}"
                )
            )
        else:
            self.stderr.write(f"FAILED {path}: {job.message}")
        return job
