"""Reader pages cost a fixed number of SQL queries, however much content.

Each page is rendered once to warm caches and renditions, counted, then more
articles, tags and authors are added and the page must cost exactly as much.
"""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toasoan.comments.models import Comment
from toasoan.pagecache import fragments, tags
from toasoan.videos.tests.factories import make_video
from toasoan.vietnamese import TIMEZONE

from .factories import make_article, make_author, make_image, make_section

T0 = datetime(2023, 3, 1, 8, 0, tzinfo=TIMEZONE)

# The pinned figures: raise them only with a reason in the commit message.
# Counted with warm caches, as a reader finds them between two changes: the
# menu, the print box, the video corner and "printed in" are cached fragments
# (toasoan.pagecache.fragments; cold, they cost 2, 3, 3 and 2 queries), view
# restrictions a cached list, "Đọc nhiều" a cached list (2-5 queries cold),
# the Wagtail site and the comment settings kept per process (1 each),
# and an article is found by its address in one query with its image.
# An article itself and its own blocks (text, head, comments, "same section")
# are kept too (news/caching.py): no query between two changes;
# "article-changed" is the first reader after a change of the article, its
# comments and its section.
EXPECTED = {"home": 8, "section": 7, "article": 0, "article-changed": 8}


def add_articles(sections, count, start):
    image = make_image()
    for i in range(count):
        authors = [make_author(f"Tác giả {start + i}"), make_author(f"Phụ {start + i}")]
        make_article(
            sections[i % len(sections)],
            f"Bài {start + i}",
            published=T0 + timedelta(hours=start + i),
            authors=authors,
            tags=[f"thẻ {start + i}", f"chủ đề {i}"],
            image=image,
        )


def add_print_issue(home, article):
    """A published print issue whose contents list `article` on page 12."""
    from datetime import date

    from toasoan.print_edition.models import (
        IssueContentItem,
        PrintArchivePage,
        PrintIssuePage,
    )

    archive = PrintArchivePage(title="Tạp chí in", slug="tap-chi-in")
    home.add_child(instance=archive)
    archive.save_revision(log_action=False).publish()
    issue = PrintIssuePage(number_label="5", year=2022, published_on=date(2022, 5, 1))
    issue.contents = [IssueContentItem(title=article.title, page=12, article=article)]
    archive.add_child(instance=issue)
    issue.save_revision(log_action=False).publish()


def count_queries(client, url, changed=()):
    client.get(url)  # warm renditions and caches
    cache.clear()
    client.get(url)
    fragments.bump(changed)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def sections(home):
    return [make_section(home, "Thời sự"), make_section(home, "Kinh tế")]


@pytest.mark.parametrize("page", ["home", "section", "article", "article-changed"])
def test_query_count_does_not_grow_with_content(client, sections, page):
    add_articles(sections, 3, 0)
    target = make_article(
        sections[0],
        "Bài chính",
        authors=[make_author("A"), make_author("B")],
        tags=["x", "y"],
    )
    make_video("Clip 1", section=sections[0])
    add_print_issue(sections[0].get_parent(), target)
    url = {"home": "/", "section": sections[0].url}.get(page, target.url)
    changed = ()
    if page == "article-changed":
        section_cards = fragments.cards(sections[0].path)
        changed = (tags.page(target.pk), tags.comments(target.pk), section_cards)
    before = count_queries(client, url, changed)

    add_articles(sections + [make_section(sections[0], "Mục con")], 9, 100)
    target.article_authors.create(author=make_author("C"), sort_order=5)
    target.tags.add("z", "w")
    for i in range(3):
        make_video(f"Clip {i + 2}", section=sections[i % 2], tags=[f"thẻ {i}"])
    for i in range(4):
        Comment.objects.create(
            article=target,
            name=f"Bạn đọc {i}",
            email=f"ban{i}@example.vn",
            body=f"Ý kiến số {i}",
            status=Comment.Status.APPROVED,
        )
    after = count_queries(client, url, changed)

    assert after == before
    assert after == EXPECTED[page], f"{page}: {after} queries"  # noqa
