"""Generations of what a block shows, for fragment caching.

A block of a page (the print box, an article's text, its comments, the
"same section" list) is cached in each process under a key holding the
generation of every tag it shows; a purge of a tag bumps its generation, so
a stale copy is never found again. Generations live in the shared store
(Redis in production) and are read in one round trip per request for the
shared tags, and one more for the tags of the page being shown.

A block that shows a shared tag asks for its generation with
`fresh.show("print")` (in a template, `fresh|shows:"print"`), which also tags
the page being rendered, so the page cache is purged with the block it shows;
`fresh.peek("print")` reads it without tagging (for lookups, not blocks). A
block cached with `{% fragment %}` replays the tags its first rendering
recorded.
"""

import time
from contextvars import ContextVar
from itertools import count

from django.conf import settings

from . import store, tags

PREFIX = "pagecache:gen:"
# Not page tags: the "most read" lists' generation, and the search
# outcomes' (moved by every purge: any change may change a search).
MOST_READ = "most-read"
SEARCH = "search"
SHARED = (tags.SITE, tags.PRINT, tags.VIDEOS, MOST_READ, SEARCH)
# A page's own generations expire when unused; one that comes back starts
# from the clock, above any value it had before.
OWN_SECONDS = 7 * 24 * 3600


def seconds():
    """How long a page's own blocks are kept (PAGE_FRAGMENT_SECONDS; 0: not
    kept, every block is made afresh: what the benchmark's cold row shows)."""
    return settings.PAGE_FRAGMENT_SECONDS


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
    """The generations a request reads, in one round trip (`fresh` in a
    template: `fresh|shows:"print"`)."""

    def __init__(self, request):
        self._request = request
        self._values = None
        self._wanted = ()

    def show(self, name):
        """The generation of the shared tag `name`, for a block that shows
        it: the page being rendered is tagged with `name` too."""
        if name not in SHARED:
            raise ValueError(f"{name!r} is not a shared generation: {SHARED}")
        value = self.peek(name)
        tags.add(self._request, name)
        return value

    def want(self, *names):
        """Read `names` with the shared generations, in the same round trip."""
        if self._values is None:
            self._wanted = (*self._wanted, *names)

    def peek(self, name):
        """The generation, without tagging the page (for lookups, not blocks)."""
        return self._read()[name]

    def of(self, *names):
        """The generations of `names` as one key part, in one round trip."""
        values = self._read()
        missing = [n for n in names if n not in values]
        if missing:
            values.update(_read(missing))
        return ".".join(str(values[n]) for n in names)

    def _read(self):
        if self._values is None:
            self._values = _read((*SHARED, *self._wanted))
        return self._values


def _read(names):
    keys = [PREFIX + n for n in names]
    found = store.cache().get_many(keys)
    if len(found) < len(keys):
        found = _start(names, found)
    return {n: found.get(PREFIX + n) or _unknown_value() for n in names}


def _start(names, found):
    """Generations that are not there (new, expired, a restarted Redis) start
    from the clock, never from 0: a process may still keep fragments of an
    older generation in its memory."""
    cache = store.cache()
    for name in names:
        if PREFIX + name not in found:
            cache.add(PREFIX + name, time.time_ns() // 1000, _timeout(name))
    return cache.get_many([PREFIX + n for n in names])


def _timeout(name):
    return None if name in SHARED else OWN_SECONDS


def _unknown_value():
    """The store is down: a value no fragment was kept under, so that every
    block is made afresh (purges cannot reach this process's memory)."""
    return f"x{time.time_ns()}-{next(_unknown)}"


def bump(names):
    cache = store.cache()
    for name in set(names):
        if not name:
            continue
        cache.add(PREFIX + name, time.time_ns() // 1000, _timeout(name))
        try:
            cache.incr(PREFIX + name)
        except ValueError:  # the cache is down: nothing is being kept either
            pass


def set_current(generations):
    return _current.set(generations)


def reset_current(token):
    _current.reset(token)
