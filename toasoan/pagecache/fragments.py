"""Generations of what a block shows, for fragment caching.

A block of a page (the print box, an article's text, its comments, the
"same section" list) is cached in each process under a key holding the
generation of every tag it shows; a purge of a tag bumps its generation, so
a stale copy is never found again. Generations live in the shared store
(Redis in production) and are read in one round trip per request for the
shared tags, and one more for the tags of the page being shown.

Reading a shared generation (`fresh.print`) also tags the page being
rendered, so the page cache is purged with the block it shows; a block cached
with `{% fragment %}` replays the tags its first rendering recorded.
"""

import time
from contextvars import ContextVar
from itertools import count

from . import store, tags

PREFIX = "pagecache:gen:"
SHARED = (tags.SITE, tags.PRINT, tags.VIDEOS)
# A page's own generations expire when unused; one that comes back starts
# from the clock, above any value it had before.
OWN_SECONDS = 7 * 24 * 3600
# Fragments of one page: kept no longer than a cached page would be.
SECONDS = 600

_unknown = count()
# The generations of the request being served (SiteLookupMiddleware), for
# code that has no request at hand (view restrictions).
_current = ContextVar("pagecache_generations", default=None)


def current():
    return _current.get()


def cards(section_path):
    """Generation name of the cards of a section's articles ("same section"):
    bumped by any change of an article there, never a page-cache tag (an edit
    in place must not purge the section's listing pages)."""
    return f"cards:{section_path}"


class Generations:
    """`fresh.print` in a template: the current generation of "print"."""

    def __init__(self, request):
        self._request = request
        self._values = None

    def __getattr__(self, name):
        if name.startswith("_") or name not in SHARED:
            raise AttributeError(name)
        value = self.peek(name)
        tags.add(self._request, name)
        return value

    def peek(self, name):
        """The generation, without tagging the page (for lookups, not blocks)."""
        if self._values is None:
            self._values = _read(SHARED, shared=True)
        return self._values[name]

    def of(self, *names):
        """The generations of `names` as one key part, in one round trip."""
        if self._values is None:
            self._values = _read(SHARED, shared=True)
        missing = [n for n in names if n not in self._values]
        if missing:
            self._values.update(_read(missing, shared=False))
        return ".".join(str(self._values[n]) for n in names)


def _read(names, shared):
    keys = [PREFIX + n for n in names]
    found = store.cache().get_many(keys)
    if len(found) < len(keys):
        found = _start(names, found, shared)
    return {n: found.get(PREFIX + n) or _unknown_value() for n in names}


def _start(names, found, shared):
    """Generations that are not there (new, expired, a restarted Redis) start
    from the clock, never from 0: a process may still keep fragments of an
    older generation in its memory."""
    cache = store.cache()
    timeout = None if shared else OWN_SECONDS
    for name in names:
        if PREFIX + name not in found:
            cache.add(PREFIX + name, time.time_ns() // 1000, timeout)
    return cache.get_many([PREFIX + n for n in names])


def _unknown_value():
    """The store is down: a value no fragment was kept under, so that every
    block is made afresh (purges cannot reach this process's memory)."""
    return f"x{time.time_ns()}-{next(_unknown)}"


def bump(names):
    cache = store.cache()
    for name in set(names):
        if not name:
            continue
        shared = name in SHARED
        timeout = None if shared else OWN_SECONDS
        cache.add(PREFIX + name, time.time_ns() // 1000, timeout)
        try:
            cache.incr(PREFIX + name)
        except ValueError:  # the cache is down: nothing is being kept either
            pass


def set_current(generations):
    return _current.set(generations)


def reset_current(token):
    _current.reset(token)
