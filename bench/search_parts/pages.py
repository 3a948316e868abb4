"""The articles, laid out in the page tree as treebeard would, in bulk."""

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

from .common import BenchError
from .text import Writer

SECTIONS = (
    "Thời sự",
    "Kinh tế",
    "Thế giới",
    "Văn hóa",
    "Thể thao",
    "Giáo dục",
    "Sức khỏe",
    "Công nghệ",
)


def make_sections():
    from toasoan.news.tests.factories import make_section

    return [make_section(title=title) for title in SECTIONS]


def make_people(writer: Writer):
    from toasoan.news.models import Author, Tag
    from toasoan.vietnamese import slugify

    rng = writer.rng
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
    given = ["An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khoa", "Linh", "Phúc"]
    authors = []
    for i in range(200):
        name = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        authors.append(Author(name=name, slug=f"{slugify(name)}-{i}"))
    tags = {}
    while len(tags) < 150:
        name = " ".join(writer.words_(2)).capitalize()
        tags.setdefault(slugify(name), name)
    tags = [Tag(name=name, slug=slug) for slug, name in tags.items()]
    return Author.objects.bulk_create(authors), Tag.objects.bulk_create(tags)


def article(writer: Writer, i: int, section, child: int, plants: dict):
    """One unsaved ArticlePage laid out as treebeard's add_child would."""
    from wagtail.models import Page

    from toasoan.news.models import ArticlePage
    from toasoan.vietnamese import slugify

    rng = writer.rng
    title = writer.title()
    paragraphs = writer.body()
    if i in plants:
        word, where = plants[i]
        if where == "title":
            title = f"{title} {word}"
        else:
            paragraphs[0] = f"{paragraphs[0]} {word} nổi tiếng."
    slug = f"{slugify(title)[:200]}-{i}"
    when = datetime(2025, 6, 1, tzinfo=UTC) - timedelta(
        seconds=rng.randrange(3 * 365 * 86400)
    )
    body = [
        {
            "type": "paragraph",
            "value": f"<p>{text}</p>",
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        }
        for text in paragraphs
    ]
    return ArticlePage(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(section.path, section.depth + 1, child),
        depth=section.depth + 1,
        numchild=0,
        url_path=f"{section.url_path}{slug}/",
        translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        locale_id=section.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=when,
        last_published_at=when,
        published_at=when,
        lead=writer.sentence(rng.randint(15, 30)) + ".",
        body=json.dumps(body, ensure_ascii=False),
    )


def insert(model, objs, fields, returning=False):
    """Multi-row INSERTs of `fields`, as Model.save() does one table at a time."""
    from django.db import connection

    size = max(1, min(500, connection.ops.bulk_batch_size(fields, objs)))
    returned = []
    for start in range(0, len(objs), size):
        rows = model._base_manager._insert(
            objs[start : start + size],
            fields=fields,
            returning_fields=model._meta.db_returning_fields if returning else None,
            using="default",
        )
        returned.extend(rows or [])
    return returned


def create_articles(count: int, writer: Writer, plants: dict) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from toasoan.news.models import ArticleAuthor, ArticlePage, TaggedArticle

    started = time.perf_counter()
    sections = make_sections()
    authors, tags = make_people(writer)
    rng = writer.rng
    content_type = ContentType.objects.get_for_model(ArticlePage)
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    local_fields = list(ArticlePage._meta.local_concrete_fields)
    children = [0] * len(sections)
    for start in range(0, count, 1000):
        objs = []
        for i in range(start, min(count, start + 1000)):
            which = rng.randrange(len(sections))
            children[which] += 1
            obj = article(writer, i, sections[which], children[which], plants)
            obj.content_type = content_type
            objs.append(obj)
        with transaction.atomic():
            rows = insert(Page, objs, page_fields, returning=True)
            if len(rows) != len(objs):
                raise BenchError("the database did not return the new page ids")
            for obj, (pk,) in zip(objs, rows, strict=True):
                obj.id = obj.page_ptr_id = pk
            insert(ArticlePage, objs, local_fields)
            bylines, tagged = [], []
            for obj in objs:
                for order, author in enumerate(rng.sample(authors, rng.randint(1, 2))):
                    bylines.append(
                        ArticleAuthor(page_id=obj.pk, author=author, sort_order=order)
                    )
                for tag in rng.sample(tags, rng.randint(0, 3)):
                    tagged.append(TaggedArticle(content_object_id=obj.pk, tag=tag))
            ArticleAuthor.objects.bulk_create(bylines, batch_size=500)
            TaggedArticle.objects.bulk_create(tagged, batch_size=500)
    for section, number in zip(sections, children, strict=True):
        Page.objects.filter(pk=section.pk).update(numchild=number)
    seconds = time.perf_counter() - started
    if count <= 200_000:
        problems = [len(p) for p in Page.find_problems()]
    else:  # find_problems makes two queries a page: 20 minutes at 1,000,000
        problems = [
            Page.objects.filter(pk=section.pk, numchild=number).count() != 1
            for section, number in zip(sections, children, strict=True)
        ]
    if any(problems):
        raise BenchError(f"treebeard finds problems in the tree: {problems}")
    return {"seconds": seconds, "sections": len(sections)}
