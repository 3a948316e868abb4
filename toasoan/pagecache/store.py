"""The cached pages and the tag registry that says which address shows what.

Entries live in the "pages" cache (Redis in production, so every server
process and the task worker see the same entries and purges). Each tag keeps
the set of addresses carrying it: a Redis set where there is Redis, a plain
cached set otherwise (single-machine setups, where a lost race costs a purge
that comes with the next change or the entry's expiry).

A purge bumps an epoch; a page rendered while a purge happened is not stored,
since it may hold what was just changed (the render read the old row before
the change was committed).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from toasoan.core import internals
from toasoan.faults.cache import FAILURES  # ConnectionError is an OSError

from . import local

logger = logging.getLogger(__name__)

EPOCH = "pagecache:epoch"
TAG_PREFIX = "pagecache:tag:"


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple
    body: bytes


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def entry_key(address: str) -> str:
    return "pagecache:page:" + hashlib.sha1(address.encode()).hexdigest()


def tag_key(tag: str) -> str:
    return TAG_PREFIX + tag


def lookup(address):
    """The entry for `address` (or None) and the current purge epoch."""
    found = cache().get_many([entry_key(address), EPOCH])
    return found.get(entry_key(address)), found.get(EPOCH, 0)


def epoch():
    return cache().get(EPOCH, 0)


def save(address, entry, tags, timeout):
    store = cache()
    store.set(entry_key(address), entry, timeout)
    keep = timeout + 60  # a tag outlives the entries it lists
    client = _redis(store)
    if client is None:
        for tag in tags:
            members = store.get(tag_key(tag)) or set()
            members.add(address)
            store.set(tag_key(tag), members, keep)
        return
    try:
        with client.pipeline(transaction=False) as pipe:
            for tag in tags:
                name = store.make_and_validate_key(tag_key(tag))
                pipe.sadd(name, address)
                pipe.expire(name, keep)
            pipe.execute()
    except FAILURES as error:
        _failed(store, error)
        store.delete(entry_key(address))


def addresses_for(tags):
    """Every cached address carrying one of `tags`."""
    store = cache()
    client = _redis(store)
    if client is None:
        found = set()
        for members in store.get_many([tag_key(t) for t in tags]).values():
            found.update(members)
        return found
    try:
        names = [store.make_and_validate_key(tag_key(t)) for t in tags]
        return {m.decode() for m in client.sunion(names)} if names else set()
    except FAILURES as error:
        _failed(store, error)
        return set()


def forget(tags, addresses):
    """Drop the entries of `addresses` and the `tags`' lists; bump the epoch."""
    store = cache()
    store.delete_many([entry_key(a) for a in addresses])
    store.delete_many([tag_key(t) for t in tags])
    store.add(EPOCH, 0, None)
    try:
        store.incr(EPOCH)
    except ValueError:  # the cache is down: nothing is being stored either
        return
    client = _redis(store)
    if client is not None:
        try:
            local.announce(client)  # every process drops its kept copies
        except FAILURES as error:
            _failed(store, error)


def _redis(store):
    """The raw Redis client for set operations; None without Redis."""
    if not isinstance(store, RedisCache):
        return None
    if getattr(store, "is_down", lambda: False)():
        return _DOWN
    return internals.redis_client(store, write=True)


def _failed(store, error):
    if hasattr(store, "note_failure"):
        store.note_failure(error)
    else:
        logger.warning("Page cache: Redis failed (%s)", error)


class _Down:
    """Stands in for the client of a Redis known to be down: every call fails."""

    def __getattr__(self, name):
        raise ConnectionError("Redis is down")


_DOWN = _Down()
