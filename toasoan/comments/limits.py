"""Short-lived counters and one-time marks shared by every server process.

They live in the `limits` cache: Redis in production (atomic SET NX / INCR),
a database table on the SQLite default (a unique key makes `add` atomic), so
flood limits and used captchas hold across processes in both set-ups.
"""

from django.core.cache import caches


def _cache():
    return caches["limits"]


def claim(key: str, seconds: int) -> bool:
    """True the first time `key` is claimed within `seconds`, False after."""
    if seconds <= 0:
        return True
    return _cache().add(key, 1, timeout=seconds)


def is_claimed(key: str) -> bool:
    return _cache().get(key) is not None


def current(key: str) -> int:
    """The value of a counter made by `count`, 0 when absent or expired."""
    return int(_cache().get(key) or 0)


def count(key: str, seconds: int) -> int:
    """Add one to a counter that expires `seconds` after its first use."""
    cache = _cache()
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1
