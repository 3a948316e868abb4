"""Generations of the blocks shared by many pages, for fragment caching.

The print box, the video corner and the section menu are the same on every
page that shows them; they are cached once (Django's ``{% cache %}`` tag, or
in code) under a key holding the generation of their tag, and a purge of that
tag bumps the generation. Reading a generation also tags the page being
rendered, so the page cache is purged with the block it shows.
"""

from django.core.cache import caches

from . import tags

PREFIX = "pagecache:gen:"
SHARED = (tags.SITE, tags.PRINT, tags.VIDEOS)
ALIAS = "default"


class Generations:
    """`fresh.print` in a template: the current generation of "print"."""

    def __init__(self, request):
        self._request = request
        self._values = None

    def __getattr__(self, name):
        if name.startswith("_") or name not in SHARED:
            raise AttributeError(name)
        if self._values is None:
            found = caches[ALIAS].get_many([PREFIX + t for t in SHARED])
            self._values = {t: found.get(PREFIX + t, 0) for t in SHARED}
        tags.add(self._request, name)
        return self._values[name]


def bump(names):
    store = caches[ALIAS]
    for name in set(names).intersection(SHARED):
        store.add(PREFIX + name, 0, None)
        try:
            store.incr(PREFIX + name)
        except ValueError:  # the cache is down: nothing is being kept either
            pass
