"""What the news pages show and what their changes purge (toasoan.pagecache).

Registered from NewsConfig.ready; the tags are described in
docs/performance.md.
"""

from django.db.models.signals import post_save, pre_delete

from toasoan.pagecache import fragments, rules, tags

from .authors import ArticleAuthor, Author
from .models import ArticlePage, HomePage, SectionPage


def _section_path(article):
    return article.path[: -article.steplen]


def article_shows(article):
    # Its "same section" list takes the section's next new article.
    return (
        tags.page(article.pk),
        tags.comments(article.pk),
        tags.listing("section", _section_path(article)),
    )


def listing_state(article):
    """Before an article is saved: was it live, and with which date?"""
    return (
        type(article)
        .objects.filter(pk=article.pk)
        .values_list("live", "published_at")
        .first()
    )


def article_published(article, before):
    """The tags an article's publication touches.

    Every page showing the article carries ``page:<id>``. When the article
    enters lists it was not in (first publication, publication again, a new
    date), the lists it enters are purged too: home, its sections, its
    authors' and tags' pages and the feeds, and the "same section" lists.
    Its authors' and tags' lists are always purged, since an edit may add one,
    and the kept "same section" cards of its section.
    """
    listed_again = before is None or not before[0] or before[1] != article.published_at
    names = {tags.page(article.pk), fragments.cards(_section_path(article))}
    names.update(
        tags.listing("author", link.author_id) for link in article.article_authors.all()
    )
    names.update(tags.listing("tag", tag.pk) for tag in article.tags.all())
    if listed_again:
        names.add(tags.ALL_LISTS)
        # Sections are tagged by tree path: the article's own path names them
        # all (below the home page, depth 2) without a query.
        step = article.steplen
        names.update(
            tags.listing("section", article.path[: step * depth])
            for depth in range(3, article.depth)
        )
    return names


def article_gone(article):
    return (
        tags.page(article.pk),
        tags.comments(article.pk),
        fragments.cards(_section_path(article)),
    )


def author_changed(author, created):
    """A byline renamed, moved or removed: its page and every article showing
    it (a new author is on no page yet). Before a removal, while the
    article links are still there."""
    if created:
        return ()
    shown = ArticleAuthor.objects.filter(author_id=author.pk).values_list(
        "page_id", flat=True
    )
    return (tags.listing("author", author.pk), *map(tags.page, shown))


def register():
    rules.page(
        ArticlePage,
        shows=article_shows,
        published=article_published,
        gone=article_gone,
        remember=listing_state,
    )
    rules.page(SectionPage, shows=lambda page: (tags.listing("section", page.path),))
    rules.page(HomePage, shows=lambda page: (tags.ALL_LISTS,))
    rules.model(
        Author,
        changed=author_changed,
        signals=(post_save, pre_delete),
        image=lambda pk: (tags.listing("author", pk),),
    )
