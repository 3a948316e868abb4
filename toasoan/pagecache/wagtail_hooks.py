"""Tag every Wagtail page as it is served (see toasoan.pagecache.tags)."""

from wagtail import hooks

from . import tags


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    from toasoan.news.models import ArticlePage, HomePage, SectionPage
    from toasoan.print_edition.models import PrintArchivePage, PrintIssuePage

    if isinstance(page, ArticlePage):
        # Its "same section" list takes the section's next new article.
        tags.add(
            request,
            tags.page(page.pk),
            tags.comments(page.pk),
            tags.listing("section", page.path[: -page.steplen]),
        )
    elif isinstance(page, SectionPage):
        tags.add(request, tags.listing("section", page.path))
    elif isinstance(page, HomePage):
        tags.add(request, tags.ALL_LISTS)
    elif isinstance(page, PrintArchivePage | PrintIssuePage):
        tags.add(request, tags.PRINT, tags.page(page.pk))
