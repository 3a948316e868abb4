from datetime import datetime

import pytest
from wagtail.rich_text import RichText

from toasoan.news.tests.factories import home, make_article, make_section
from toasoan.vietnamese import TIMEZONE


def body(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


@pytest.fixture
def corpus(db):
    """A small newsroom with the hard cases of Vietnamese search."""
    root = home()
    politics = make_section(root, "Thời sự - Chính trị")
    culture = make_section(root, "Văn hóa - Xã hội")
    when = [datetime(2022, 1, d, 9, 0, tzinfo=TIMEZONE) for d in range(1, 12)]
    articles = {
        "mai": make_article(
            politics,
            "Hội nghị trưởng ban tổ chức",
            published=when[0],
            body=body("Đồng chí Trương Thị Mai phát biểu chỉ đạo hội nghị."),
        ),
        "hoa": make_article(
            culture,
            "Khát vọng hòa bình",
            published=when[1],
            body=body("Bài viết về hòa bình và hữu nghị giữa các dân tộc."),
        ),
        "ma_sac": make_article(
            culture, "Má tôi", published=when[2], body=body("Kỷ niệm về má.")
        ),
        "ma_huyen": make_article(
            culture, "Mà thôi", published=when[3], body=body("Chuyện cũ mà thôi.")
        ),
        "ma": make_article(
            culture, "Con ma", published=when[4], body=body("Truyện con ma.")
        ),
        "dang": make_article(
            politics,
            "Xây dựng Đảng trong sạch",
            published=when[5],
            body=body("Công tác xây dựng Đảng năm 2022."),
        ),
        "draft": make_article(
            politics, "Bản nháp Trương Thị Mai", published=when[6], live=False
        ),
    }
    return articles
