"""`manage.py work`: the background worker, whatever the engine.

On PostgreSQL, a Procrastinate worker (heartbeats, retries, stalled jobs
taken up again, any number of these on any number of hosts) that waits
through database outages (toasoan.background.worker). On SQLite (`make
run`), django-tasks' `db_worker`.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app

from toasoan.background.conf import PROCRASTINATE_BACKEND
from toasoan.background.worker import serve


class Command(BaseCommand):
    help = "Run background tasks (waits through database outages)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default=",".join(settings.BACKGROUND_QUEUES),
            help="comma-separated queues to serve (default: all)",
        )
        parser.add_argument(
            "--concurrency", type=int, default=1, help="tasks run at once"
        )

    def handle(self, *args, queues, concurrency, **options):
        names = [name.strip() for name in queues.split(",") if name.strip()]
        if settings.TASKS["default"]["BACKEND"] != PROCRASTINATE_BACKEND:
            call_command("db_worker", queue_name=",".join(names), interval=1)
            return
        serve(
            lambda: _procrastinate(names, concurrency),
            max_wait=settings.BACKGROUND_RECONNECT_MAX_SECONDS,
        )


def _procrastinate(queues, concurrency):
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=queues,
            concurrency=concurrency,
            update_heartbeat_interval=settings.BACKGROUND_HEARTBEAT_SECONDS,
            stalled_worker_timeout=settings.BACKGROUND_STALLED_SECONDS,
        )
