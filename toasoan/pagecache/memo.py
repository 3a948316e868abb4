"""Per-process memos: what a server process keeps in its own memory.

Answers read on most pages and rarely changed (the request's site, the view
restrictions, the menu, the "most read" lists, a search's outcome, the
article an address leads to) are kept in each process, so that a page
costs no query and no round trip for them. Every one is a `Memo`:

- a name, unique in the project (`memos()` lists them), first in its keys;
- a time to live in seconds (a number, or a function read at each use, such
  as `fragments.seconds` for PAGE_FRAGMENT_SECONDS): 0 turns the memo off,
  and every answer is made afresh;
- the generations it follows (toasoan.pagecache.fragments): their values
  are part of every key, so the purge of one of them (which bumps it) leaves
  every copy made before behind, never found again.

A memo that follows generations is only used while a request's generations
are at hand (SiteLookupMiddleware sets them; or passed as `fresh`):
elsewhere, in a task or a management command, the answer is made afresh.

All memos share one store, the "template_fragments" cache (settings.base):
Django's local-memory cache, in each process, bounded (MAX_ENTRIES; the
oldest third is dropped when full), each entry with its time to live, and
each answer a copy (pickled), so that what a request does to an object it
was given never reaches the next request.

    MENU = memo.Memo("menu", seconds=3600, follows=(tags.SITE,))
    sections = MENU.get_or_make(lambda: top_sections(home), site.pk)
"""

import hashlib

from django.core.cache import caches

from toasoan.core import internals

from . import fragments

STORE = "template_fragments"
_registry: dict[str, "Memo"] = {}


def store():
    return caches[STORE]


class Memo:
    def __init__(self, name, seconds, follows=()):
        if name in _registry:
            raise ValueError(f"Two per-process memos are named {name!r}")
        _registry[name] = self
        self.name = name
        self._seconds = seconds
        self.follows = tuple(follows)

    def __repr__(self):
        return f"<Memo {self.name} {self.follows}>"

    def seconds(self):
        """How long an answer is kept; 0: not kept."""
        return self._seconds() if callable(self._seconds) else self._seconds

    def key(self, parts, fresh=None, follows=()):
        """The key of `parts` under the current generations; None when the
        memo is off, or follows generations and none are at hand."""
        names = self.follows + tuple(follows)
        if not self.seconds():
            return None
        generations = "-"
        if names:
            fresh = fresh if fresh is not None else fragments.current()
            if fresh is None:
                return None
            generations = fresh.of(*names)
        asked = ":".join(str(part) for part in parts)
        return f"memo:{self.name}:{generations}:{_digest(asked)}"

    def get(self, *parts, fresh=None, follows=()):
        """The kept answer for `parts`, or None."""
        return self.get_at(self.key(parts, fresh, follows))

    def get_at(self, key):
        """The answer kept under a key read with `key()`, or None."""
        return None if key is None else store().get(key)

    def set(self, value, *parts, fresh=None, follows=()):
        """Keep `value` for `parts` (nothing when the memo is off)."""
        self.set_at(self.key(parts, fresh, follows), value)

    def set_at(self, key, value):
        """Keep `value` under a key read with `key()` before it was made (so
        a change during its making leaves it under the old generations)."""
        if key is not None:
            store().set(key, value, self.seconds())

    def get_or_make(self, make, *parts, fresh=None, follows=()):
        """The kept answer for `parts`; else `make()`, kept."""
        key = self.key(parts, fresh, follows)
        if key is None:
            return make()
        found = store().get(key, _MISSING)
        if found is _MISSING:
            found = make()
            store().set(key, found, self.seconds())
        return found


def memos():
    """Every memo of the project, by name."""
    return dict(_registry)


def _digest(text):
    return hashlib.md5(text.encode()).hexdigest()


_MISSING = object()


# -- What an address led to ---------------------------------------------------
# Read by SiteLookupMiddleware before the shared generations (so that an
# article's own generations come in the same round trip) and by the route
# that finds the article (toasoan.news.caching): once per request.

ADDRESSES = Memo("address", fragments.seconds)
ADDRESS_ATTRIBUTE = "_pagecache_address"
_UNREAD = object()


def address_key(request):
    """The request's host, port and path: what the address memo is keyed by."""
    return f"{internals.raw_host(request)}:{request.get_port()}{request.path_info}"


def known_address(request):
    """What this request's address led to last time (None: not known)."""
    found = getattr(request, ADDRESS_ATTRIBUTE, _UNREAD)
    if found is _UNREAD:
        found = ADDRESSES.get(address_key(request))
        setattr(request, ADDRESS_ATTRIBUTE, found)
    return found


def remember_address(request, value):
    """Keep what this request's address led to, for the next request."""
    ADDRESSES.set(value, address_key(request))
    setattr(request, ADDRESS_ATTRIBUTE, value)
