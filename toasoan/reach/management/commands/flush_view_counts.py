"""Move article view counts from the cache to the database (run every few minutes).

With Redis every server process counts into the same cache, so one flush
(cron, or the development loop) writes them all. Without Redis each process
flushes its own counts from its beacon requests; this command then only
prunes old rows.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from toasoan.reach import views_count


class Command(BaseCommand):
    help = "Write cached article view counts to the database (batched)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="How many past hours of counters to read (default: all kept).",
        )

    def handle(self, *args, hours=None, **options):
        if hours is not None and hours < 1:
            raise CommandError(_("--hours must be at least 1."))
        written = views_count.flush(hours=hours)
        pruned = views_count.prune()
        self.stdout.write(
            _("Wrote %(views)d views; removed %(rows)d old rows.")
            % {"views": written, "rows": pruned}
        )
