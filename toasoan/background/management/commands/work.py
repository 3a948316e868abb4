"""`manage.py work`: the background worker, whatever the engine.

On PostgreSQL, a Procrastinate worker (heartbeats, retries, stalled jobs
taken up again, any number of these on any number of hosts) that waits
through database outages (toasoan.background.worker). On SQLite (`make
run`), django-tasks' `db_worker`.
"""

import asyncio
import signal

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app
from procrastinate.worker import Worker

from toasoan.background.conf import PROCRASTINATE_BACKEND
from toasoan.background.worker import StoppedUnasked, serve


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
    """One worker's life; StoppedUnasked when it ends with no stop signal."""
    if not asyncio.run(_run_worker(queues, concurrency)):
        raise StoppedUnasked("the worker stopped by itself (database lost?)")


async def _run_worker(queues, concurrency):
    """Procrastinate's run_worker with our own SIGTERM/SIGINT handlers;
    whether one of them stopped it."""
    asked = []
    with app.replace_connector(app.connector.get_worker_connector()):
        async with app.open_async():
            app.perform_import_paths()
            worker = Worker(
                app=app,
                **{
                    **app.worker_defaults,
                    "queues": queues,
                    "concurrency": concurrency,
                    "update_heartbeat_interval": settings.BACKGROUND_HEARTBEAT_SECONDS,
                    "stalled_worker_timeout": settings.BACKGROUND_STALLED_SECONDS,
                    "install_signal_handlers": False,
                },
            )
            loop = asyncio.get_running_loop()

            def stop():
                asked.append(True)
                worker.stop()

            for number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(number, stop)
            try:
                await worker.run()
            finally:
                for number in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(number)
    return bool(asked)
