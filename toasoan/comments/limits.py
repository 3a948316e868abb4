"""Short-lived counters and one-time marks shared by every server process.

They live in the `limits` cache: Redis in production (atomic SET NX / INCR),
a database table on the SQLite default (a unique key makes `add` atomic), so
flood limits and used captchas hold across processes in both set-ups.

When Redis is down (CacheUnavailable, see toasoan.faults.cache) comments are
still accepted: every comment waits for moderation anyway, and refusing
readers for an outage of the cache would lose them. The counters then live in
this process's memory, so flood limits, wrong-answer counts and used captchas
still hold, per server process rather than site-wide, until Redis is back.
"""

import logging

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from toasoan.faults.cache import CacheUnavailable

logger = logging.getLogger(__name__)

_fallback = LocMemCache(
    "toasoan-limits-fallback", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 200_000}}
)


def _shared(operation):
    """Run `operation(cache)` on the shared cache, or on this process's own."""
    try:
        return operation(caches["limits"])
    except CacheUnavailable:
        logger.info("Comment limits kept in process memory: the cache is down")
        return operation(_fallback)


def claim(key: str, seconds: int) -> bool:
    """True the first time `key` is claimed within `seconds`, False after."""
    if seconds <= 0:
        return True
    return _shared(lambda cache: cache.add(key, 1, timeout=seconds))


def is_claimed(key: str) -> bool:
    return _shared(lambda cache: cache.get(key) is not None)


def current(key: str) -> int:
    """The value of a counter made by `count`, 0 when absent or expired."""
    return _shared(lambda cache: int(cache.get(key) or 0))


def count(key: str, seconds: int) -> int:
    """Add one to a counter that expires `seconds` after its first use."""
    return _shared(lambda cache: _count(cache, key, seconds))


def _count(cache, key, seconds):
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1
