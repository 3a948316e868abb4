"""Image uploads in the admin (add, multiple upload, chooser) and renditions.

Every refusal must be a form error with a message, leave nothing in the
database or in storage, and cost little: a decompression bomb is refused from
its header, in well under a second and without decoding a pixel.
"""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.images.shortcuts import get_rendition_or_not_found

from toasoan.news.tests.factories import make_article, make_image, make_section
from toasoan.uploads.images import CheckedImageField, check_image_file

from . import samples

Image = get_image_model()
MAX_SECONDS = 1.0
MAX_PEAK_BYTES = 100 * 1024 * 1024  # a decoded bomb would need 300 MB or more
WAYS = ["add", "multiple", "chooser"]


def post_image(client, how, name, data):
    return samples.upload(client, "images", how, name, data)


def message(code, **values):
    """The field's message for `code`, in the language of the test."""
    return str(CheckedImageField().error_messages[code]) % values


@pytest.mark.parametrize("how", WAYS)
def test_an_ordinary_image_is_accepted(admin_client, how):
    """The control case: the same requests store a real picture."""
    stored, error = post_image(admin_client, how, "anh.png", samples.image_bytes())
    assert stored, error
    assert Image.objects.count() == 1


@pytest.fixture(scope="module")
def bombs():
    return {name: make() for name, make in samples.BOMBS.items()}


@pytest.mark.parametrize("name", list(samples.BOMBS))
def test_the_bombs_are_small_files_declaring_huge_images(bombs, name):
    assert len(bombs[name]) < 200 * 1024
    with pytest.raises(PILImage.DecompressionBombError, match="pixels"):
        PILImage.open(io.BytesIO(bombs[name]))


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("name", list(samples.BOMBS))
def test_decompression_bombs_are_refused_quickly(admin_client, media, bombs, how, name):
    # The same refusal once with a harmless file, so that template loading
    # and imports of a first request are not counted.
    post_image(admin_client, how, name, b"x")
    (stored, error), cost = samples.measure(
        lambda: post_image(admin_client, how, name, bombs[name])
    )
    print(f"\n{how} {name}: {cost.seconds * 1000:.0f} ms, {cost.peak_bytes} B")
    assert not stored
    expected = message(
        "file_too_many_pixels",
        num_pixels=gettext("unknown number"),
        max_pixels_count=64_000_000,
    )
    assert expected in error
    assert cost.seconds < MAX_SECONDS, cost
    assert cost.peak_bytes < MAX_PEAK_BYTES, cost
    assert Image.objects.count() == 0
    assert samples.stored_files(media) == []


def test_pillow_refuses_more_than_the_cap_everywhere():
    """Pillow's own limit is the upload cap (64 M pixels), not its default
    (179 M): 9000 × 9000 = 81 M is refused by any Image.open in the process."""
    assert PILImage.MAX_IMAGE_PIXELS * 2 == 64_000_000
    with pytest.raises(PILImage.DecompressionBombError):
        PILImage.open(io.BytesIO(samples.gif_bomb(9000, 9000)))
    PILImage.open(io.BytesIO(samples.gif_bomb(8000, 8000)))  # 64 M: allowed


TRAILING = "image_trailing_data"
NOISY_PNG = samples.image_bytes("PNG", (64, 64), noise=True)
NOISY_JPEG = samples.image_bytes("JPEG", (64, 64), noise=True)


def png_with(tail):
    return samples.image_bytes("PNG") + tail


DISGUISED = [
    # name, content, error code
    ("trang.jpg", samples.HTML, "invalid_image"),
    ("xhtml.jpg", samples.XHTML, "invalid_image_known_format"),  # read as SVG
    ("hinh.png", samples.SVG, "invalid_image_known_format"),
    ("hinh.svg", samples.SVG, "invalid_image_extension"),
    ("ma.png", b"alert(document.cookie)//", "invalid_image"),
    ("tai-lieu.jpg", samples.PDF, "invalid_image"),
    ("nen.png", samples.zip_bytes(), "invalid_image"),
    ("anh.jpg", samples.image_bytes("PNG"), "invalid_image_known_format"),
    # GIF/HTML and GIF/JS polyglots: a GIF header, then a page or a script.
    ("gif-html.gif", b"GIF89a" + samples.HTML, "invalid_image"),
    ("gif-js.gif", b"GIF89a/*\0\0\0\0\0*/=alert(1);", "invalid_image"),
    # A real picture with a page or an archive appended.
    ("png-html.png", png_with(samples.HTML), TRAILING),
    ("png-zip.png", png_with(samples.zip_bytes()), TRAILING),
    ("gif-zip.gif", samples.image_bytes("GIF") + samples.zip_bytes(), TRAILING),
    ("webp-html.webp", samples.image_bytes("WEBP") + samples.HTML, TRAILING),
    # Cut or garbled pictures, which would fail each time they are shown.
    ("cut.png", NOISY_PNG[:200], "invalid_image"),
    ("cut.gif", samples.image_bytes("GIF", noise=True)[:200], "invalid_image"),
    ("cut.jpg", NOISY_JPEG[: len(NOISY_JPEG) // 2], "invalid_image"),
    ("hong.png", NOISY_PNG[:100] + b"\xff" + NOISY_PNG[101:], "invalid_image"),
]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("name, data, code", DISGUISED)
def test_files_disguised_as_images_are_refused(
    admin_client, media, how, name, data, code
):
    stored, error = post_image(admin_client, how, name, data)
    assert not stored
    assert error
    if code in ("invalid_image", "invalid_image_extension"):
        assert message(code) in error
    assert Image.objects.count() == 0
    assert samples.stored_files(media) == []


@pytest.mark.parametrize("name, data, code", DISGUISED)
def test_the_field_names_the_reason(name, data, code):
    with pytest.raises(ValidationError) as refused:
        CheckedImageField().clean(SimpleUploadedFile(name, data))
    assert refused.value.code == code


@pytest.mark.parametrize("how", WAYS)
def test_size_cap(admin_client, media, how):
    data = samples.image_bytes("PNG", (64, 64), noise=True)
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=4000):
        stored, error = post_image(admin_client, how, "to.png", data)
    assert len(data) > 4000 and not stored
    assert filesizeformat(4000) in error and filesizeformat(len(data)) in error
    assert Image.objects.count() == 0
    assert samples.stored_files(media) == []


def bomb_in_storage(data):
    """An image whose stored file was replaced by a bomb or a broken file
    (stored before these checks, or by a script): Wagtail only finds out when
    it renders it."""
    image = make_image("Ảnh bị tráo")
    Path(image.file.path).write_bytes(data)
    return image


@pytest.mark.parametrize("name", ["bom.png", "bom.jpg", "cut.jpg"])
def test_renditions_of_a_stored_bomb_are_missing_images_not_errors(db, bombs, name):
    """Also of a cut JPEG, which Pillow gives up on half-way through."""
    cut = NOISY_JPEG[: len(NOISY_JPEG) // 2]
    image = bomb_in_storage(bombs[name] if name in bombs else cut)
    (rendition, cost) = samples.measure(
        lambda: get_rendition_or_not_found(image, "fill-480x300")
    )
    print(f"\nrendition {name}: {cost.seconds * 1000:.0f} ms, {cost.peak_bytes} B")
    assert rendition.file.name == "not-found"
    assert cost.seconds < MAX_SECONDS and cost.peak_bytes < MAX_PEAK_BYTES, cost
    with pytest.raises(SourceImageIOError):
        image.get_rendition("width-960")


@pytest.mark.parametrize(
    "address",
    [
        "{article}",
        "/{section}/",
        "/",
        "/tim-kiem/?q=bai+co+anh",
        "/api/v1/search/?q=bai+co+anh",
        "/api/v2/articles/?fields=image",
        "/rss/",
    ],
)
def test_pages_showing_a_stored_bomb_still_answer(client, home, bombs, address):
    """The reader's pages, the search, the API and the feed each make a
    rendition of the article's picture: none may fail or decode the bomb."""
    image = bomb_in_storage(bombs["bom.png"])
    section = make_section(home, "Ảnh")
    article = make_article(section, "Bài có ảnh", image=image)
    url = address.format(article=article.url, section=section.slug)
    response, cost = samples.measure(lambda: client.get(url))
    assert response.status_code == 200
    assert "Bài có ảnh" in response.content.decode()
    assert cost.seconds < 2 * MAX_SECONDS and cost.peak_bytes < MAX_PEAK_BYTES, cost
    assert not image.renditions.exists()


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("bom.png", samples.png_bomb(12_000, 12_000), "file_too_many_pixels"),
        ("trang.jpg", samples.HTML, "invalid_image"),
        ("png-html.png", png_with(samples.HTML), "image_trailing_data"),
    ],
)
def test_files_brought_by_import_commands_get_the_same_checks(
    tmp_path, name, data, code
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as refused:
        check_image_file(path)
    assert refused.value.code == code
    ordinary = tmp_path / "anh.webp"
    ordinary.write_bytes(samples.image_bytes("WEBP"))
    check_image_file(ordinary)
