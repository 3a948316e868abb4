"""A Redis cache that behaves like an empty cache while Redis is down.

Pages, most-read counters and Wagtail's caches only use the cache to save
work, so a dead Redis must cost a cache miss, never a 500 or a stalled page:
every call that fails to reach Redis answers as a miss (get → default,
add/touch/delete/has_key → False, incr → ValueError as for a missing key,
set → nothing). After a failure Redis is not tried again for `down_seconds`
(a small circuit breaker), so a Redis that hangs costs one socket timeout per
process every few seconds, not one per cache call. A failure noted during that
wait does not lengthen it, and the page cache's purge listener, which tries
Redis every second, ends it as soon as it gets through (note_up): a Redis
restarted under load is used again within a second. The warning is logged at
most once a minute per server.

Callers that must know the difference between "absent" and "unknown" (flood
limits and used captchas) set OPTIONS `raise_when_down`: they then get
CacheUnavailable and decide for themselves (see toasoan.comments.limits).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from toasoan.core import internals

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY = 60  # seconds between two warnings about the same server

# Per server address, shared by every alias and thread of a process.
_down_until: dict[str, float] = {}
_warned_at: dict[str, float] = {}


class CacheUnavailable(Exception):
    """The cache server could not be reached (only with `raise_when_down`)."""


def reset():
    """Forget which servers were down (tests, or after a repair)."""
    _down_until.clear()
    _warned_at.clear()


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis (and its table of ~170 response
    callbacks) for every cache call: about a third of a millisecond each,
    twenty times per page. A redis.Redis is safe to share between threads.
    """

    def get_client(self, key=None, *, write=False):
        pool = internals.redis_connection_pool(self, write)
        clients = self.__dict__.setdefault("reused_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = internals.new_redis(self, pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.raise_when_down = bool(options.pop("raise_when_down", False))
        self.down_seconds = float(options.pop("down_seconds", 5))
        # A dead or hanging Redis must not hold a page for long.
        options.setdefault("socket_connect_timeout", 0.3)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        internals.use_redis_client_class(self, ReusingRedisCacheClient)
        self._server_key = ",".join(internals.redis_servers(self))

    def _miss(self, value):
        if self.raise_when_down:
            raise CacheUnavailable(self._server_key)
        return value

    def _call(self, method, miss, *args, **kwargs):
        if self.is_down():
            return self._miss(miss)
        try:
            return getattr(super(), method)(*args, **kwargs)
        except FAILURES as error:
            self.note_failure(error)
            return self._miss(miss)

    def is_down(self):
        return _down_until.get(self._server_key, 0) > time.monotonic()

    def note_up(self):
        """The server answered another client (the page cache's purge
        listener, which tries it every second): use it again at once."""
        _down_until.pop(self._server_key, None)

    def note_failure(self, error):
        """Leave the server alone for a while (for callers of the raw client).

        A failure noted while the server is already left alone does not
        lengthen the wait: it tried nothing (a caller of the stand-in for a
        server known to be down) or began before the wait did. Counted, a
        steady flow of pages would keep a server that came back unused for
        as long as it lasted.
        """
        now = time.monotonic()
        if _down_until.get(self._server_key, 0) > now:
            return
        _down_until[self._server_key] = now + self.down_seconds
        if now - _warned_at.get(self._server_key, -WARN_EVERY) >= WARN_EVERY:
            _warned_at[self._server_key] = now
            logger.warning(
                "Redis cache %s is unavailable (%s); answering as a cache miss",
                self._server_key,
                error,
            )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", _MISSING, key, delta, version)
        if result is _MISSING:  # as Django does for a key that is not there
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


_MISSING = object()
