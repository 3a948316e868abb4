"""`load_demo_content`: a newcomer's site has sections, authors and enough articles."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from toasoan.news.models import ArticlePage, Author, SectionPage


@override_settings(DEBUG=True)
def test_demo_content_loads_once_and_paginates(client, home):
    out = StringIO()
    call_command("load_demo_content", articles=30, stdout=out)
    assert "30 articles" in out.getvalue()
    assert "admin" in out.getvalue() and "toasoan-demo" in out.getvalue()
    assert SectionPage.objects.live().count() == 8
    assert Author.objects.count() == 5
    titles = list(ArticlePage.objects.values_list("title", flat=True))
    assert len(titles) == 30 and len(set(titles)) == 30
    assert all(a.image_id for a in ArticlePage.objects.all())
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("toasoan-demo")

    with override_settings(NEWS_PAGE_SIZE=3):
        section = SectionPage.objects.get(slug="thoi-su-chinh-tri")
        assert 'rel="next"' in client.get(section.url).content.decode()
    assert client.get("/").status_code == 200

    again = StringIO()
    call_command("load_demo_content", stdout=again)
    assert "kept" in again.getvalue()
    assert ArticlePage.objects.count() == 30


@override_settings(DEBUG=False)
def test_no_default_admin_password_outside_development(db, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("load_demo_content", articles=1, stdout=out)
    assert not get_user_model().objects.filter(username="admin").exists()
