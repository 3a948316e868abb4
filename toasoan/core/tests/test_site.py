"""The Wagtail Site follows BASE_URL, so every absolute link the APIs give
(Wagtail's detail_url and html_url, ours, the search API's) uses it."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from wagtail.models import Site

from toasoan.core.site import BaseURLError, site_address

BASE = "https://tapchi.example.vn"
MIGRATION = importlib.import_module("toasoan.reach.migrations.0002_site_from_base_url")
ROOT = Path(django_settings.BASE_DIR)


def set_site(settings, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url
    out = StringIO()
    call_command("set_site_from_base_url", stdout=out)
    return out.getvalue()


def default_site():
    return Site.objects.get(is_default_site=True)


def absolute_links(data):
    """Every string in an answer that is an absolute address."""
    if isinstance(data, dict):
        return [link for value in data.values() for link in absolute_links(value)]
    if isinstance(data, list):
        return [link for value in data for link in absolute_links(value)]
    if isinstance(data, str) and data.startswith(("http://", "https://")):
        return [data]
    return []


def test_the_api_links_use_base_url(client, settings, article):
    assert "Site: https://tapchi.example.vn (from BASE_URL)" in set_site(settings, BASE)
    assert (default_site().hostname, default_site().port) == ("tapchi.example.vn", 443)
    listing = client.get("/api/v2/articles/").json()
    detail = client.get(f"/api/v2/articles/{article.pk}/").json()
    meta = listing["items"][0]["meta"]
    assert meta["detail_url"] == f"{BASE}/api/v2/articles/{article.pk}/"
    assert meta["html_url"] == f"{BASE}{article.url}"
    links = absolute_links(listing) + absolute_links(detail)
    assert len(links) >= 6  # detail, page, author, thumbnail, parent, image
    assert all(link.startswith(f"{BASE}/") for link in links), links

    search = client.get("/api/v1/search/", {"q": "hoi nghi"}).json()
    assert [r["url"] for r in search["results"]] == [f"{BASE}{article.url}"]


def test_the_command_is_idempotent_and_keeps_a_port(settings, db):
    set_site(settings, "http://127.0.0.1:8000")
    site = default_site()
    assert site.root_url == "http://127.0.0.1:8000"
    assert "(already BASE_URL's)" in set_site(settings, "http://127.0.0.1:8000/")
    assert default_site().root_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "base_url, reason",
    [
        ("https://tapchi.example.vn:8443", "443 only"),
        ("http://tapchi.example.vn:443", "443 only"),
        ("ftp://tapchi.example.vn", "not an http"),
        ("tapchi.example.vn", "not an http"),
        ("https://tapchi.example.vn/bao/", "has a path"),
        ("http://[::1]:8000", "IPv6"),
        ("http://tapchi.example.vn:99999", "out of range"),
    ],
)
def test_base_urls_a_site_cannot_hold_are_refused(settings, db, base_url, reason):
    before = default_site().root_url
    with pytest.raises(CommandError, match=reason):
        set_site(settings, base_url)
    assert default_site().root_url == before


def test_another_site_with_that_address_is_not_overwritten(settings, home):
    Site.objects.create(hostname="tapchi.example.vn", port=443, root_page=home)
    with pytest.raises(CommandError, match="another Site"):
        set_site(settings, BASE)


def test_site_address():
    assert site_address("HTTPS://TapChi.example.vn") == ("tapchi.example.vn", 443)
    assert site_address("http://localhost") == ("localhost", 80)
    with pytest.raises(BaseURLError):
        site_address("https://tapchi.example.vn?x=1")


def test_the_migration_replaces_only_the_placeholder(settings, db):
    settings.WAGTAILADMIN_BASE_URL = BASE
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    MIGRATION.site_from_base_url(apps, None)
    assert default_site().root_url == BASE
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    MIGRATION.site_from_base_url(apps, None)  # an operator's Site: kept
    assert default_site().root_url == BASE


def test_api_root_lists_the_endpoints(client, settings, db):
    set_site(settings, BASE)
    response = client.get("/api/v2/")
    assert response.status_code == 200
    data = response.json()
    names = list(data["endpoints"])
    assert names[:5] == ["articles", "sections", "pages", "images", "videos"]
    assert "print-issues" in names
    for name, url in data["endpoints"].items():
        assert url == f"{BASE}/api/v2/{name}/"
        assert client.get(url.removeprefix(BASE)).status_code == 200, url
    assert data["search"] == f"{BASE}/api/v1/search/"
    assert client.post("/api/v2/").status_code == 405


def test_make_run_and_the_deployment_guide_set_the_site():
    run_dev = (ROOT / "scripts" / "run-dev.sh").read_text()
    assert run_dev.index("set_site_from_base_url") < run_dev.index("runserver")
    guide = (ROOT / "docs" / "deployment.md").read_text()
    migrate = guide.index("manage.py migrate --noinput")
    assert guide.index("manage.py set_site_from_base_url") > migrate
    assert "set_site_from_base_url" in (ROOT / "README.md").read_text()
