"""`manage.py restore PATH [--yes]`: put a backup archive back in place."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from toasoan.backups.archive import restore_backup


class Command(BaseCommand):
    help = "Restore the database and media from a backup archive made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tar.gz archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace a database that already has content",
        )

    def handle(self, *args, path, yes=False, **options):
        started = time.monotonic()
        manifest, counts, mismatches = restore_backup(path, overwrite=yes)
        if mismatches:
            details = "; ".join(
                f"{table}: {want} -> {got}"
                for table, (want, got) in list(mismatches.items())[:20]
            )
            raise CommandError(
                _("Restored, but row counts differ from the backup: %(details)s")
                % {"details": details}
            )
        self.stdout.write(
            _(
                "Restored %(created)s backup: %(tables)d tables and %(rows)d rows "
                "match the manifest, %(files)d media files verified, %(seconds).1f s."
            )
            % {
                "created": manifest.get("created_at", "?"),
                "tables": len(counts),
                "rows": sum(counts.values()),
                "files": len(manifest["media"]),
                "seconds": time.monotonic() - started,
            }
        )
