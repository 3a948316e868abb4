"""Small builders for pages in tests; every page is published like in the admin."""

import io
from datetime import datetime

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from toasoan.news.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)
from toasoan.vietnamese import TIMEZONE


def home():
    return HomePage.objects.get()


def publish(page):
    page.save_revision(log_action=False).publish(log_action=False)
    page.refresh_from_db()
    return page


def make_section(parent=None, title="Thời sự - Chính trị", **fields):
    section = SectionPage(title=title, show_in_menus=True, **fields)
    (parent or home()).add_child(instance=section)
    return publish(section)


def make_image(title="Ảnh thử", colour=(160, 20, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 40), colour).save(buffer, "PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name="anh-thu.png")
    image.save()
    return image


def make_author(name="Ngô Văn Bút", **fields):
    return Author.objects.create(name=name, **fields)


def make_article(
    section,
    title="Bài viết thử",
    *,
    published=None,
    authors=(),
    tags=(),
    lead="Sapo của bài viết.",
    body=None,
    image=None,
    live=True,
):
    article = ArticlePage(
        title=title,
        live=live,
        lead=lead,
        image=image,
        published_at=published or datetime(2022, 1, 12, 18, 31, tzinfo=TIMEZONE),
        body=body
        if body is not None
        else [("paragraph", RichText("<p>Đoạn văn thứ nhất.</p>"))],
    )
    article.article_authors = [
        ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(authors)
    ]
    section.add_child(instance=article)
    if tags:
        article.tags.add(*tags)
        article.save()
    if live:
        publish(article)
    else:
        article.save_revision(log_action=False)
    return article
