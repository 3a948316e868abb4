"""Tag every Wagtail page as it is served, as its app's rules say (rules.py)."""

from wagtail import hooks

from . import rules, tags


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    shown = rules.for_page(type(page)).shows(page)
    if shown:
        tags.add(request, *shown)
