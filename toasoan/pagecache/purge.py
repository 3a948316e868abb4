"""Purging: from what changed to the tags it touches, to the cached addresses.

The purge runs when the change is committed (a purge before the commit could
be refilled by a reader with the old row), drops our entries at once and asks
Wagtail's frontend-cache backends (nginx in production,
``WAGTAILFRONTENDCACHE``), through Wagtail's purge task on the "purge"
queue, to drop the same addresses.
"""

import logging

from django.conf import settings
from django.db import transaction

from . import fragments, store

logger = logging.getLogger(__name__)


def purge_tags(*names):
    """Purge every cached address carrying one of `names`, after the commit."""
    names = {n for n in names if n}
    if not names:
        return
    # Now, and again at the commit: a block made in between read the old row.
    # Any change may change a search's outcome.
    kept = names | {fragments.SEARCH}
    fragments.bump(kept)
    if settings.PAGE_CACHE_SECONDS > 0:
        transaction.on_commit(lambda: purge_now(names), robust=True)
    else:  # no page was tagged or stored, but blocks are kept
        transaction.on_commit(lambda: fragments.bump(kept), robust=True)


def purge_now(names):
    fragments.bump(names | {fragments.SEARCH})
    addresses = store.addresses_for(names)
    store.forget(names, addresses)
    if addresses and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

        # Wagtail's own purge task, on a queue of its own: a purge must not
        # wait behind an hour of OCR (docs/deployment.md runs its worker).
        purge_urls_from_cache_task.using(
            queue_name=settings.PAGE_CACHE_PURGE_QUEUE
        ).enqueue(sorted(addresses))
    if addresses:
        logger.info("Page cache: purged %d addresses for %s", len(addresses), names)
    return addresses
