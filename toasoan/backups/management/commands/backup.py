"""`manage.py backup [--output PATH]`: database + media in one tar.gz."""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from toasoan.backups.archive import create_backup


class Command(BaseCommand):
    help = "Write one backup archive (tar.gz) with the database, media and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive path (default: ./toasoan-backup-YYYYMMDD-HHMMSS.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = f"toasoan-backup-{stamp}.tar.gz"
        output = Path(output).resolve()
        started = time.monotonic()
        manifest = create_backup(output)
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(tables)d tables, %(rows)d rows, "
                "%(files)d media files, %(size)d bytes, %(seconds).1f s."
            )
            % {
                "path": output,
                "tables": len(manifest["row_counts"]),
                "rows": sum(manifest["row_counts"].values()),
                "files": len(manifest["media"]),
                "size": output.stat().st_size,
                "seconds": time.monotonic() - started,
            }
        )
