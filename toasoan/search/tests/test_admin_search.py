"""Every admin search finds the same things however the query is typed.

With diacritics, without, decomposed (NFD, as some phones and Mac keyboards
send it), in capitals and in the other tone-mark style: pages, the page
chooser, images, documents and the snippets (comments, word rules, videos,
authors) with their choosers.
"""

import unicodedata

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from toasoan.comments.models import Comment, WordRule
from toasoan.news.tests.factories import (
    home,
    make_article,
    make_author,
    make_image,
    make_section,
)
from toasoan.videos.tests.factories import make_video

WANTED = "Làng nghề Đà Nẵng hòa nhịp khởi nghiệp"
OTHER = "Phố cổ Hà Nội mùa thu"
TYPED = "Đà Nẵng hòa"
FORMS = {
    "as typed": TYPED,
    "without diacritics": "da nang hoa",
    "NFD": unicodedata.normalize("NFD", TYPED),
    "capitals": TYPED.upper(),
    "other tone style": "Đà Nẵng hoà",
    "several words": "khởi nghiệp Đà Nẵng",
}

ENDPOINTS = {
    "pages": "/admin/pages/search/",
    "page chooser": "/admin/choose-page/search/",
    "images": "/admin/images/",
    "image chooser": "/admin/images/chooser/results/",
    "documents": "/admin/documents/",
    "document chooser": "/admin/documents/chooser/results/",
    "comments": "/admin/snippets/comments/comment/",
    "word rules": "/admin/snippets/comments/wordrule/",
    "videos": "/admin/videos/",
    "video chooser": "/admin/snippets/choose/videos/video/results/",
    "authors": "/admin/snippets/news/author/",
    "author chooser": "/admin/snippets/choose/news/author/results/",
}


def _document(title):
    document = get_document_model()(title=title)
    document.file.save("tai-lieu.txt", ContentFile(b"x"), save=False)
    document.save()
    return document


@pytest.fixture
def newsroom(db, client, django_user_model):
    section = make_section(home(), "Kinh tế")
    articles = {}
    for title in (WANTED, OTHER):
        articles[title] = make_article(section, title)
        make_image(title)
        _document(title)
        make_video(title)
        make_author(title)
        WordRule.objects.create(phrase=title)
        Comment.objects.create(
            article=articles[title],
            name="Bạn đọc",
            email="ban.doc@example.vn",
            body=f"Tôi đọc bài {title}.",
        )
    admin = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("where", ENDPOINTS)
def test_admin_search_ignores_how_the_query_is_typed(newsroom, where, form):
    response = newsroom.get(ENDPOINTS[where], {"q": FORMS[form]})
    assert response.status_code == 200
    html = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        html = response.json()["html"]
    # The comment list's article filter names every article: look for the text.
    said = "Tôi đọc bài " if where == "comments" else ""
    assert said + WANTED in html, f"{where}: {FORMS[form]!r} did not find it"
    assert said + OTHER not in html, f"{where}: {FORMS[form]!r} found everything"
