"""Generations of the blocks shared by many pages, for fragment caching.

The print box, the video corner and the section menu are the same on every
page that shows them; they are cached once (Django's ``{% cache %}`` tag, or
in code) under a key holding the generation of their tag, and a purge of that
tag bumps the generation. Reading a generation also tags the page being
rendered, so the page cache is purged with the block it shows.
"""

import time

from . import store, tags

PREFIX = "pagecache:gen:"
SHARED = (tags.SITE, tags.PRINT, tags.VIDEOS)


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
            found = store.cache().get_many([PREFIX + t for t in SHARED])
            if len(found) < len(SHARED):
                found = _start(found)
            self._values = {t: found.get(PREFIX + t, 0) for t in SHARED}
        return self._values[name]


def _start(found):
    """Generations that are not there (a new or restarted Redis) start from
    the clock, never from 0: a process may still keep fragments of an older
    generation 0 in its memory."""
    shared = store.cache()
    for name in SHARED:
        if PREFIX + name not in found:
            shared.add(PREFIX + name, time.time_ns() // 1000, None)
    return shared.get_many([PREFIX + t for t in SHARED])


def bump(names):
    shared = store.cache()
    for name in set(names).intersection(SHARED):
        shared.add(PREFIX + name, time.time_ns() // 1000, None)
        try:
            shared.incr(PREFIX + name)
        except ValueError:  # the cache is down: nothing is being kept either
            pass
