"""The pages a server process served last, kept in its memory until a purge.

A page-cache hit costs one Redis round trip, most of what a hit costs. Each
process keeps the pages it found for a few seconds (PAGE_CACHE_LOCAL_SECONDS)
and drops them all the moment a purge is announced on a Redis channel, which
a thread of the process listens to. Nothing is kept while that thread is not
subscribed (starting, or Redis lost), so a purge never misses a copy. Its
(re)subscription tells the page cache's Redis client that Redis is back.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

CHANNEL = "pagecache:purged"
MAX_ENTRIES = 512


class LocalPages:
    def __init__(self, connect, seconds, on_subscribed=None):
        self._connect = connect  # () -> a redis.Redis without a read timeout
        self.seconds = seconds
        # Called when the channel is (re)subscribed: Redis answers again.
        self._on_subscribed = on_subscribed or (lambda: None)
        self._reset()

    def _reset(self):
        self._pid = os.getpid()  # a forked worker starts its own listener
        self._pages = {}
        self._version = 0
        self._listening = False
        self._started = False
        self._stopped = False
        self._lock = threading.Lock()

    def version(self):
        """Read before looking a page up in Redis, given back to put()."""
        return self._version

    def get(self, address):
        if self._pid != os.getpid():
            self._reset()
        if not self._listening:
            self._start()
            return None
        found = self._pages.get(address)
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def put(self, address, entry, version):
        """Keep `entry`, unless a purge came since `version` was read."""
        if not self._listening or version != self._version:
            return
        if len(self._pages) >= MAX_ENTRIES:
            self._pages.clear()
        self._pages[address] = (entry, time.monotonic() + self.seconds)
        if version != self._version:  # a purge came while it was being put
            self._pages.pop(address, None)

    def drop(self):
        self._version += 1
        self._pages.clear()

    def _start(self):
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(
            target=self._listen, name="pagecache-purges", daemon=True
        ).start()

    def stop(self):
        self._stopped = True

    def _listen(self):
        failing = False
        while not self._stopped:
            try:
                pubsub = self._connect().pubsub()
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    self.drop()  # a purge, or a (re)subscription after a gap
                    if message["type"] == "subscribe":
                        self._listening, failing = True, False
                        self._on_subscribed()
                    if self._stopped:
                        break
            except Exception as error:  # noqa: BLE001 - any failure: stop keeping
                if not failing:  # once per outage
                    logger.warning("Page cache: purge channel lost (%s)", error)
                failing = True
            self._listening = False
            self.drop()
            time.sleep(1)


def announce(client):
    """Tell every process that something was purged (`client`: raw Redis)."""
    client.publish(CHANNEL, b"1")


def from_settings():
    """The process's LocalPages; None without Redis or when turned off."""
    seconds = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
    config = settings.CACHES.get(settings.PAGE_CACHE_ALIAS, {})
    if seconds <= 0 or "redis" not in config.get("BACKEND", "").lower():
        return None
    location = config["LOCATION"]
    url = location[0] if isinstance(location, list | tuple) else location

    def connect():
        import redis

        return redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_keepalive=True
        )

    def subscribed():  # Redis is back: the page cache need not wait for it
        cache = caches[settings.PAGE_CACHE_ALIAS]
        if hasattr(cache, "note_up"):
            cache.note_up()

    return LocalPages(connect, seconds, subscribed)
