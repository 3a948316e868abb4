"""docs/api.md is kept honest: its fields, parameters and errors are real."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


def json_blocks():
    return [
        json.loads(b) for b in re.findall(r"```json\n(.*?)```", DOC.read_text(), re.S)
    ]


@pytest.fixture
def video(section, settings, tmp_path):
    from toasoan.videos.tests.factories import make_video

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_video("Toàn cảnh Hội nghị", section=section, description="Phóng sự.")


def test_documented_article_listing_is_the_real_one(client, article):
    documented = json_blocks()[0]
    real = client.get("/api/v2/articles/", {"limit": 1}).json()
    assert set(documented) == set(real)
    doc_item, real_item = documented["items"][0], real["items"][0]
    assert set(doc_item) == set(real_item)
    assert set(doc_item["meta"]) == set(real_item["meta"])
    assert set(doc_item["authors"][0]) == set(real_item["authors"][0])
    assert set(doc_item["image_thumbnail"]) == set(real_item["image_thumbnail"])


def test_documented_video_is_the_real_one(client, video):
    documented = json_blocks()[1]
    real = client.get(f"/api/v2/videos/{video.pk}/").json()
    assert set(documented) == set(real)
    assert set(documented["section"]) == set(real["section"])
    assert set(documented["poster"]) == set(real["poster"])


def test_documented_endpoints_and_parameters_work(client, article, video):
    text = DOC.read_text()
    endpoints = re.findall(r"^\| `(/api/v2/[a-z]+/)` \|", text, re.M)
    assert endpoints == [
        "/api/v2/articles/",
        "/api/v2/sections/",
        "/api/v2/pages/",
        "/api/v2/images/",
        "/api/v2/videos/",
    ]
    for url in endpoints:
        assert client.get(url).status_code == 200, url
    params = dict(re.findall(r"^\| `(\w+)` \| `([^`]+)`", text, re.M))
    assert set(params) == {
        "limit", "offset", "fields", "order", "child_of", "descendant_of"
    }  # fmt: skip
    section_id = str(article.get_parent().pk)
    for name, value in params.items():
        if name in {"child_of", "descendant_of"}:
            value = section_id
        response = client.get("/api/v2/articles/", {name: value})
        assert response.status_code == 200, (name, response.content)


def test_documented_error_is_the_real_shape(client, article):
    documented = json_blocks()[2]
    with translation.override("vi"):
        response = client.get("/api/v2/articles/", {"limit": "nhiều"})
    assert response.status_code == 400
    assert set(response.json()) == set(documented)
    assert response.json()["message"].endswith("limit must be a positive integer")
    assert documented["message"].endswith("limit must be a positive integer")


def test_documented_index_is_the_real_one(client, db):
    documented = json_blocks()[-1]
    real = client.get("/api/v2/").json()
    assert set(documented) == set(real)
    assert list(documented["endpoints"]) == list(real["endpoints"])
    base = "https://tapchi.example.vn"
    for name, url in documented["endpoints"].items():
        assert url.removeprefix(base) == real["endpoints"][name].split("testserver")[1]
