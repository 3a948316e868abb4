"""What a page shows, as tags recorded on the request while it is rendered.

Tag names (a change purges every cached address carrying its tag):

- ``site``: the masthead menu and site settings; on every cached page.
- ``page:<id>``: shows page <id> (the page itself, or a card of it).
- ``list:all``, ``list:section:<tree path>``, ``list:author:<id>``, ``list:tag:<id>``:
  a list that a newly published article of that kind would enter.
- ``comments:<id>``: the approved comments under article <id>.
- ``videos``: the video corner or a video page; ``print``: the print box or
  a print-edition page.
"""

ATTRIBUTE = "_pagecache_tags"
SITE = "site"
VIDEOS = "videos"
PRINT = "print"
ALL_LISTS = "list:all"


def page(pk):
    return f"page:{pk}"


def listing(kind, pk):
    return f"list:{kind}:{pk}"


def comments(pk):
    return f"comments:{pk}"


def add(request, *tags):
    """Record tags on `request`; a no-op outside a reader request."""
    if request is None:
        return
    found = getattr(request, ATTRIBUTE, None)
    if found is None:
        found = set()
        setattr(request, ATTRIBUTE, found)
    found.update(tags)


def add_pages(request, pages):
    add(request, *(page(p.pk) for p in pages if p is not None))


def of(request):
    return getattr(request, ATTRIBUTE, None) or set()
