"""A worker that outlives its database: it waits, reconnects, goes on.

`serve(run)` calls `run` (one worker's life: connect, take jobs until told
to stop) and returns when `run` returns, which is a clean stop (SIGTERM,
Ctrl-C). When `run` fails because the database went away, or raises
`StoppedUnasked` (Procrastinate stops its worker by itself when its
listener or heartbeat loses the database, and returns normally if the
database is back before the stop completes), `serve` waits
1 s, 2 s, 4 s… (at most BACKGROUND_RECONNECT_MAX_SECONDS) and calls it again,
for ever: an outage never ends the process, and systemd's restart limits
are never reached. A job the lost worker was running is taken up again by
the stalled-job check (toasoan.background.engine) once a worker beats again.

    >>> waits = []
    >>> outcomes = iter([OSError("refused"), OSError("refused"), None])
    >>> def run():
    ...     error = next(outcomes)
    ...     if error:
    ...         raise error
    >>> serve(run, max_wait=3, sleep=waits.append)
    2
    >>> waits
    [1, 2]
"""

import logging
import time

import psycopg
from django.db import InterfaceError, OperationalError
from procrastinate.exceptions import ConnectorException

logger = logging.getLogger(__name__)


class StoppedUnasked(Exception):
    """The worker stopped with no stop signal: one of its side tasks
    (listener, heartbeat) failed, as when the database goes away."""


# What a lost database raises, through each layer that may be talking to it.
OUTAGES = (
    ConnectorException,
    psycopg.Error,
    OperationalError,
    InterfaceError,
    OSError,
    StoppedUnasked,
)
# A run that lasted this long was healthy: the next wait starts from 1 s.
HEALTHY_SECONDS = 60


def serve(run, *, max_wait, sleep=time.sleep, clock=time.monotonic):
    """Run `run` until it returns; after an outage, wait and run it again.
    Returns how many outages it went through."""
    wait, outages = 1, 0
    while True:
        started = clock()
        try:
            run()
            return outages
        except OUTAGES as error:
            outages += 1
            if clock() - started > HEALTHY_SECONDS:
                wait = 1
            logger.warning(
                "Background worker: the database is unreachable (%s); "
                "trying again in %s s",
                error,
                wait,
            )
            sleep(wait)
            wait = min(wait * 2, max_wait)
