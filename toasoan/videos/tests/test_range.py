"""The development media view honours Range (seeking in the player)."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import resolve

from toasoan.videos.media import media_urlpatterns, parse_range, serve_media

CONTENT = bytes(range(256)) * 40  # 10240 bytes, each offset recognisable
SIZE = len(CONTENT)


@pytest.fixture
def media_root(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(CONTENT)
    return tmp_path


def get(media_root, path="videos/clip.mp4", method="get", **headers):
    request = getattr(RequestFactory(), method)(f"/media/{path}", headers=headers)
    return serve_media(request, path, document_root=str(media_root))


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_without_range_the_whole_file(media_root):
    response = get(media_root)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=10000-", 10000, SIZE - 1),
        ("bytes=-240", SIZE - 240, SIZE - 1),
        ("bytes=-99999", 0, SIZE - 1),
        ("bytes=5000-999999", 5000, SIZE - 1),
        ("bytes=0-0", 0, 0),
    ],
)
def test_partial_content(media_root, header, start, end):
    response = get(media_root, Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize(
    "header", [f"bytes={SIZE}-", "bytes=20000-20010", "bytes=50-10", "bytes=-0"]
)
def test_unsatisfiable_range(media_root, header):
    response = get(media_root, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize("header", ["items=0-5", "bytes=0-5,10-20", "bytes=abc"])
def test_malformed_or_multiple_ranges_get_the_whole_file(media_root, header):
    response = get(media_root, Range=header)
    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.mark.parametrize("path", ["videos/none.mp4", "../secret.txt", "videos"])
def test_missing_or_outside_files_are_404(media_root, path):
    from django.http import Http404

    with pytest.raises(Http404):
        get(media_root, path=path, Range="bytes=0-1")
    with pytest.raises(Http404):
        get(media_root, path=path)


def test_head_and_post(media_root):
    assert get(media_root, method="head", Range="bytes=0-9").status_code == 206
    assert get(media_root, method="post").status_code == 405


def test_parse_range_table():
    assert parse_range("bytes=1-2", 10) == (1, 2)
    assert parse_range(" bytes = 1 - 2 ", 10) == (1, 2)
    assert parse_range("bytes=-", 10) is None


@override_settings(MEDIA_URL="/media/")
def test_media_urlpatterns_route_to_the_range_view(media_root):
    pattern = media_urlpatterns()[0]
    match = pattern.resolve("media/videos/clip.mp4")
    assert match.func is serve_media
    assert match.kwargs["path"] == "videos/clip.mp4"


def test_urls_use_the_range_view_under_debug():
    """toasoan/urls.py wires the view in when DEBUG is on."""
    import importlib

    import toasoan.urls

    with override_settings(DEBUG=True):
        module = importlib.reload(toasoan.urls)
        match = resolve("/media/videos/x.mp4", urlconf=module)
    importlib.reload(toasoan.urls)
    assert match.func is serve_media
