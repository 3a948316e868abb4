"""Import legacy text pages (files or folders) as published articles."""

import time

from django.core.management.base import BaseCommand

from toasoan.legacy.importer import Importer, LegacyStoreError, iter_files
from toasoan.legacy.parser import LegacyParseError


class Command(BaseCommand):
    help = "Import legacy pages shaped like the seed; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *paths, **options):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        failed = []
        started = time.monotonic()
        with Importer() as importer:
            for path in iter_files(options["paths"]):
                try:
                    status = importer.import_file(path)
                except (LegacyParseError, LegacyStoreError, OSError) as exc:
                    failed.append(path)
                    self.stderr.write(f"SKIPPED {path}: {exc}")
                    continue
                counts[status] += 1
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{status} {path}")
        elapsed = time.monotonic() - started
        done = sum(counts.values())
        rate = done / elapsed if elapsed else 0.0
        self.stdout.write(
            f"Imported {done} files in {elapsed:.1f} s ({rate:.1f}/s): "
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {len(failed)} failed."
        )
