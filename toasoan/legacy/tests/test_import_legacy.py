"""`manage.py import_legacy`: the seed, our own fixtures, bad files, idempotence."""

import hashlib
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from toasoan.news.models import ArticlePage, Author, SectionPage
from toasoan.news.tests.factories import make_section

REPO = Path(__file__).resolve().parents[3]
SEED_DIR = REPO.parent / "shared" / "seed"
SEED_FILES = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []

CHROME = [
    "Ý KIẾN BẠN ĐỌC",
    "Mã bảo vệ",
    "Họ và tên",
    "Bài cùng chuyên mục",
    "GIỚI THIỆU TẠP CHÍ IN",
    "Số 5 - 2022",
    "Tra cứu tạp chí in",
    "VIDEO CLIPS",
]

PAGE = """Văn hóa - Xã hội
Mùa lúa mới trên cao nguyên đá
07:05' 3/9/2023

Những ngày đầu thu, bà con các bản trên cao nguyên đá rộn ràng vào vụ gặt.

Năm nay lúa được mùa, giá bán ổn định nên nhà nào cũng phấn khởi.


Đồng bào thu hoạch lúa trên ruộng bậc thang.

Chính quyền xã đã hỗ trợ giống mới và hướng dẫn kỹ thuật canh tác.

Lê Thu Hà - Đỗ Minh Quân

Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY
Họ và tên : *
Mã bảo vệ :
Bài cùng chuyên mục
VIDEO CLIPS
"""


def run_import(*paths):
    out, err = StringIO(), StringIO()
    call_command("import_legacy", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "trang_001.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.skipif(
    not SEED_FILES and os.environ.get("CI") != "true", reason="no ../shared/seed"
)
def test_seed_page_imports_without_chrome(client, home):
    assert SEED_FILES, f"seed pages missing in {SEED_DIR}"
    out, err = run_import(SEED_DIR)
    assert err == ""
    assert "1 created" in out and "0 failed" in out
    article = ArticlePage.objects.get()
    section = article.get_parent().specific
    assert section.title == "Thời sự - Chính trị"
    assert article.url.startswith("/thoi-su-chinh-tri/hoi-nghi-truong-ban-to-chuc-")
    assert [a.author.name for a in article.article_authors.all()] == ["Ngô Khiêm"]
    captions = [b.value["caption"] for b in article.body if b.block_type == "photo"]
    # The seed's two photo captions, by digest: the repository holds none of
    # the seed's text.
    assert [hashlib.sha256(c.encode()).hexdigest()[:16] for c in captions] == [
        "0c241aaea5109bcd",
        "4c5f374e5af5c3b8",
    ]

    html = client.get(article.url).content.decode()
    story = html[html.index('class="story"') : html.index('class="related"')]
    assert "18:31&#x27; 12/1/2022" in story
    assert "Trương Thị Mai" in story
    for chrome in CHROME:
        assert chrome not in story, chrome
    # Every body line of the seed (up to the byline) is on the page.
    seed_text = SEED_FILES[0].read_text(encoding="utf-8")
    body = seed_text.split("\nNgô Khiêm\n")[0].split("\n")[3:]
    for line in filter(None, (ln.strip(" \xa0") for ln in body)):
        assert line.replace('"', "&quot;")[:60] in story.replace("&#x27;", "'"), line


def test_import_creates_section_authors_and_article(home, page_file, client):
    out, err = run_import(page_file)
    assert "1 created" in out and err == ""
    article = ArticlePage.objects.get()
    assert article.live and article.legacy_source == "trang_001.txt"
    assert not article.has_unpublished_changes
    assert article.live_revision_id == article.latest_revision_id
    assert article.get_parent().specific.title == "Văn hóa - Xã hội"
    assert article.lead.startswith("Những ngày đầu thu")
    assert [a.author.name for a in article.article_authors.order_by("sort_order")] == [
        "Lê Thu Hà",
        "Đỗ Minh Quân",
    ]
    kinds = [b.block_type for b in article.body]
    assert kinds == ["paragraph", "photo", "paragraph"]
    assert article.published_at.isoformat() == "2023-09-03T00:05:00+00:00"
    html = client.get(article.url).content.decode()
    assert "Đồng bào thu hoạch lúa trên ruộng bậc thang." in html
    assert "Mã bảo vệ" not in html


def test_reimport_is_idempotent_and_updates(home, page_file):
    run_import(page_file)
    out, _ = run_import(page_file)
    assert "1 unchanged" in out
    assert ArticlePage.objects.count() == 1
    assert SectionPage.objects.count() == 1 and Author.objects.count() == 2

    page_file.write_text(PAGE.replace("Mùa lúa mới", "Mùa vàng"), encoding="utf-8")
    out, _ = run_import(page_file)
    assert "1 updated" in out
    article = ArticlePage.objects.get()
    assert article.title == "Mùa vàng trên cao nguyên đá"
    assert Author.objects.count() == 2


def test_reimport_into_another_section_moves_the_article(home, page_file):
    run_import(page_file)
    page_file.write_text(PAGE.replace("Văn hóa - Xã hội", "Kinh tế"), "utf-8")
    run_import(page_file)
    article = ArticlePage.objects.get()
    assert article.get_parent().specific.title == "Kinh tế"
    assert article.url.startswith("/kinh-te/")


def test_existing_section_is_matched_without_diacritics(home, page_file):
    make_section(home, "Văn hoá - Xã hội")  # other tone placement
    run_import(page_file)
    assert SectionPage.objects.count() == 1


@pytest.mark.parametrize(
    "name, content",
    [
        ("rong.txt", b""),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("utf16.txt", "Thời sự\nTiêu đề\n18:31' 12/1/2022\n\nThân".encode("utf-16")),
        ("sai-gio.txt", "Thời sự\nTiêu đề\nkhông phải giờ\n\nThân bài.".encode()),
        ("thieu.txt", "Thời sự\nTiêu đề\n".encode()),
    ],
)
def test_bad_file_is_reported_and_batch_goes_on(
    home, tmp_path, page_file, name, content
):
    bad = tmp_path / name
    bad.write_bytes(content)
    out, err = run_import(tmp_path)
    assert f"SKIPPED {bad}:" in err
    assert "1 created" in out and "1 failed" in out
    assert ArticlePage.objects.count() == 1


def test_missing_path_is_reported(home, tmp_path):
    out, err = run_import(tmp_path / "khong-co.txt")
    assert "SKIPPED" in err and "1 failed" in out


def test_imported_articles_are_searchable_at_once(home, page_file, client):
    run_import(page_file)
    data = client.get("/api/v1/search/", {"q": "ruong bac thang"}).json()
    assert [r["title"] for r in data["results"]] == ["Mùa lúa mới trên cao nguyên đá"]
    authors = client.get("/api/v1/search/", {"q": "Đỗ Minh Quân"}).json()
    assert authors["count"] == 1


def test_images_beside_the_pages_are_never_opened_or_stored(home, tmp_path, page_file):
    """The importer takes text only: a photo slot keeps its caption, with no
    image; picture files in the folder (here decompression bombs and a page
    disguised as a picture) are skipped as not text, never decoded."""
    from wagtail.images import get_image_model

    from toasoan.uploads.tests import samples

    pictures = {name: make() for name, make in samples.BOMBS.items()}
    pictures["anh.jpg"] = samples.HTML
    for name, data in pictures.items():
        (tmp_path / name).write_bytes(data)
    (out, err), cost = samples.measure(lambda: run_import(tmp_path))
    assert "1 created" in out and "5 failed" in out
    assert f"SKIPPED {tmp_path / 'bom.png'}: not a UTF-8 text file" in err
    assert not get_image_model().objects.exists()
    photos = [
        b.value for b in ArticlePage.objects.get().body if b.block_type == "photo"
    ]
    assert photos and all(photo["image"] is None for photo in photos)
    assert cost.seconds < 5 and cost.peak_bytes < 100 * 1024 * 1024, cost


@pytest.mark.parametrize(
    "section, title, section_slug, article_slug",
    [
        ("!!!", "???", "chuyen-muc", "bai-viet"),
        ("🙂", "Bài viết thường", "chuyen-muc", "bai-viet-thuong"),
        ("Video", "Bài trong chuyên mục Video", "chuyen-muc-video", None),
        ("Tìm kiếm", "Bài tìm kiếm", "chuyen-muc-tim-kiem", None),
    ],
)
def test_titles_without_a_usable_slug_are_imported(
    home, tmp_path, client, section, title, section_slug, article_slug
):
    """Regression (fuzzing): such pages stopped the whole import with a
    ValidationError (blank slug, or a slug reserved for the site's routes)."""
    path = tmp_path / "trang.txt"
    path.write_text(
        PAGE.replace("Văn hóa - Xã hội", section).replace(
            "Mùa lúa mới trên cao nguyên đá", title
        ),
        encoding="utf-8",
    )
    out, err = run_import(path)
    assert "1 created" in out and err == ""
    article = ArticlePage.objects.get()
    assert article.get_parent().slug == section_slug
    if article_slug:
        assert article.slug == article_slug
    assert client.get(article.url).status_code == 200


def test_a_file_the_database_refuses_is_skipped_and_forgotten(home, tmp_path):
    """A page refused when stored (here by a stand-in validation error) is
    reported; the section it created is rolled back and not reused by the
    next file, which imports normally."""
    from unittest import mock

    from django.core.exceptions import ValidationError

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(PAGE.replace("Văn hóa - Xã hội", "Kinh tế"), encoding="utf-8")
    second.write_text(
        PAGE.replace("Văn hóa - Xã hội", "Kinh tế").replace("Mùa lúa", "Mùa ngô"),
        encoding="utf-8",
    )
    real_clean = ArticlePage.full_clean
    calls = []

    def refuse_first(self, *args, **kwargs):
        calls.append(self.title)
        if len(calls) == 1:
            raise ValidationError({"title": ["refused"]})
        return real_clean(self, *args, **kwargs)

    with mock.patch.object(ArticlePage, "full_clean", refuse_first):
        out, err = run_import(tmp_path)
    assert f"SKIPPED {first}: cannot be stored: title: refused" in err
    assert "1 created" in out and "1 failed" in out
    article = ArticlePage.objects.get()
    assert article.title.startswith("Mùa ngô")
    assert list(SectionPage.objects.values_list("title", flat=True)) == ["Kinh tế"]
    assert article.get_parent().specific.title == "Kinh tế"


@pytest.mark.parametrize(
    "header, message",
    [
        ("Văn hóa\n" + "Đ" * 256 + "\n07:05' 3/9/2023", "title too long"),
        ("Văn hóa\nTiêu đề\n07:05' 1/1/0001", "publication year 1 is not between"),
    ],
)
def test_pages_the_columns_cannot_hold_are_skipped(home, tmp_path, header, message):
    """Regression (fuzzing): a 256-character title or a year-1 date stopped
    the whole import (ValidationError, OverflowError)."""
    path = tmp_path / "trang.txt"
    path.write_text(header + PAGE.split("07:05' 3/9/2023", 1)[1], encoding="utf-8")
    out, err = run_import(path)
    assert "1 failed" in out and message in err
    assert ArticlePage.objects.count() == 0
