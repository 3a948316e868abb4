"""Slugs: the admin's client-side formatters agree with the server's slugify."""

import re
import unicodedata

import pytest

from toasoan.core.slugs import SLUG_FORMATTERS
from toasoan.news.models import Tag
from toasoan.vietnamese import slugify

TITLES = [
    "Đảng",
    "Đổi mới phương thức lãnh đạo, đội ngũ cán bộ",
    "Thời sự - Chính trị",
    "Hòa bình và hoà hợp",
    "Ủy ban Thường vụ Quốc hội họp phiên thứ 12",
    "Quỹ khuyến học: 500 suất quà",
    "ĐẮK LẮK MÙA CÀ PHÊ",
    unicodedata.normalize("NFD", "Người Việt ở nước ngoài"),
]


def admin_script_slug(title):
    """What the admin's slug script does: our formatters, then Wagtail's urlify."""
    for pattern, replacement in SLUG_FORMATTERS:
        title = re.sub(pattern, replacement, title)
    title = re.sub(r"[^\w\s-]", "", title, flags=re.ASCII).strip().lower()
    return re.sub(r"[-\s]+", "-", title).strip("-")


@pytest.mark.parametrize("title", TITLES)
def test_admin_formatters_match_server_slugify(title):
    assert admin_script_slug(title) == slugify(title)
    assert admin_script_slug(title).isascii()


def test_formatters_cover_every_vietnamese_letter():
    letters = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    for char in letters + letters.upper():
        folded = admin_script_slug(char)
        assert folded and folded.isascii(), char


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, slug", [("Đảng", "dang"), ("cán bộ", "can-bo"), ("Hòa bình", "hoa-binh")]
)
def test_tag_slugs_are_vietnamese_aware(name, slug):
    assert Tag.objects.create(name=name).slug == slug


def test_page_slug_is_made_from_a_vietnamese_title(section):
    from .factories import make_article

    first = make_article(section, "Đổi mới phương thức lãnh đạo")
    second = make_article(section, "Đổi mới phương thức lãnh đạo")
    assert first.slug == "doi-moi-phuong-thuc-lanh-dao"
    assert second.slug == "doi-moi-phuong-thuc-lanh-dao-2"
