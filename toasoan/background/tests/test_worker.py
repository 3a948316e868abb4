"""The worker waits through database outages and never exits on one."""

import pytest
from django.db import OperationalError

from toasoan.background import conf
from toasoan.background.worker import HEALTHY_SECONDS, StoppedUnasked, serve


def runs(*outcomes):
    """A `run` that raises or returns each of `outcomes` in turn."""
    left = iter(outcomes)

    def run():
        outcome = next(left)
        if isinstance(outcome, BaseException):
            raise outcome

    return run


def test_it_waits_longer_after_each_outage_up_to_the_limit():
    waits = []
    outages = [OperationalError("server closed the connection")] * 6
    assert serve(runs(*outages, None), max_wait=8, sleep=waits.append) == 6
    assert waits == [1, 2, 4, 8, 8, 8]


def test_a_healthy_run_between_outages_starts_the_waits_again():
    waits, now = [], iter([0, 1, 1, 2, 2, 2 + HEALTHY_SECONDS + 1, 100, 101])
    run = runs(OSError("refused"), OSError("refused"), OSError("lost"), None)
    serve(run, max_wait=30, sleep=waits.append, clock=lambda: next(now))
    assert waits == [1, 2, 1]


def test_other_errors_are_not_outages_and_end_it():
    with pytest.raises(ZeroDivisionError):
        serve(runs(ZeroDivisionError()), max_wait=8, sleep=lambda s: None)


def test_the_engine_follows_the_database():
    postgres = conf.tasks_for("django.db.backends.postgresql")["default"]
    sqlite = conf.tasks_for("django.db.backends.sqlite3")["default"]
    assert postgres["BACKEND"] == conf.PROCRASTINATE_BACKEND
    assert sqlite["BACKEND"] == conf.DATABASE_BACKEND
    assert postgres["QUEUES"] == sqlite["QUEUES"] == ["default", "purge"]
    assert conf.apps_for("django.db.backends.postgresql") == [
        "procrastinate.contrib.django"
    ]
    assert conf.apps_for("django.db.backends.sqlite3") == []


def test_a_worker_that_stopped_unasked_is_started_again():
    waits = []
    assert (
        serve(
            runs(StoppedUnasked("listener lost"), None), max_wait=8, sleep=waits.append
        )
        == 1
    )
    assert waits == [1]
