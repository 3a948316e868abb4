"""Generate realistic legacy pages (the seed's shape) for tests and benchmarks.

All text is invented from a small vocabulary; nothing comes from real pages.
``generate_legacy_page(rng, index)`` gives the page text; ``generate_legacy_record``
gives the same page together with what the parser should read back from it.
The output only depends on the state of ``rng`` and on ``index`` (the title
carries ``index`` so that 10,000 generated pages have 10,000 distinct titles).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["GeneratedPage", "generate_legacy_page", "generate_legacy_record"]

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NBSP = "\u00a0"

SECTIONS = (
    "Thời sự - Chính trị",
    "Xây dựng Đảng",
    "Kinh tế - Xã hội",
    "Văn hóa - Văn nghệ",
    "Giáo dục - Khoa học",
    "Quốc phòng - An ninh",
    "Nghiên cứu - Trao đổi",
    "Diễn đàn bạn đọc",
)
ACTORS = (
    "Hội Văn học nghệ thuật tỉnh Lam Hà",
    "Trường Cao đẳng nghề Sông Thương",
    "Huyện ủy Đồi Mây",
    "Câu lạc bộ Nhà báo cao tuổi",
    "Thư viện tỉnh Bến Nguyệt",
    "Hợp tác xã chè Suối Ngọc",
    "Bảo tàng Làng nghề Phú Diệp",
    "Ban biên tập Tạp chí Đồng Thanh",
)
ACTIONS = (
    "tổ chức hội thảo về",
    "tổng kết chương trình",
    "triển khai kế hoạch",
    "trao giải cuộc thi viết về",
    "ra mắt chuyên đề",
    "lấy ý kiến góp ý cho đề án",
)
TOPICS = (
    "chuyển đổi số trong hoạt động báo chí",
    "bảo tồn nghề dệt thổ cẩm",
    "phát triển du lịch cộng đồng ven biển",
    "đào tạo nghề cho thanh niên nông thôn",
    "xây dựng thư viện cộng đồng ở vùng cao",
    "số hóa kho ảnh tư liệu",
    "nâng cao chất lượng bữa ăn học đường",
    "phục dựng lễ hội cầu mùa",
)
SUBJECTS = (
    "Ban tổ chức",
    "Các đại biểu",
    "Lãnh đạo địa phương",
    "Nhiều chuyên gia",
    "Đội ngũ phóng viên",
    "Người dân trong vùng",
    "Các hợp tác xã",
    "Đoàn công tác",
    "Hội đồng thẩm định",
)
VERBS = (
    "đã thống nhất",
    "tiếp tục đẩy mạnh",
    "đề xuất bổ sung",
    "tập trung thảo luận",
    "đánh giá cao",
    "kiến nghị tháo gỡ",
    "cam kết hỗ trợ",
    "chủ động phối hợp hoàn thiện",
    "rà soát lại",
)
OBJECTS = (
    "các giải pháp nâng cao chất lượng đào tạo nghề",
    "kế hoạch phục dựng lễ hội truyền thống",
    "cơ chế đặt hàng tác phẩm báo chí",
    "những vướng mắc trong việc tiêu thụ nông sản",
    "chương trình số hóa tư liệu quý",
    "mô hình đọc sách lưu động",
    "lộ trình đổi mới của tòa soạn",
    "việc giữ gìn tiếng nói của đồng bào",
)
TAILS = (
    "",
    " trong thời gian tới",
    " theo hướng thiết thực, hiệu quả",
    " ở các xã vùng sâu, vùng xa",
    " trước khi bước vào mùa mưa bão",
    " nhằm đáp ứng yêu cầu ngày càng cao của bạn đọc",
    " với sự tham gia của {n} đơn vị",
    " trong giai đoạn {y}-{y5}",
)
ORDINALS = ("Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm")
EVENTS = ("hội thảo", "buổi tọa đàm", "lễ trao giải", "hội nghị", "buổi ra mắt")
CAPTIONS = (
    "Toàn cảnh {event}.",
    "Quang cảnh {event}.",
    "Các đại biểu dự {event}.",
    "Đồng chí {name} phát biểu tại {event}.",
    "Ông {name} trao giấy chứng nhận cho các tác giả.",
    "Một góc trưng bày tại {event}.",
    "Quang cảnh {event}. Ảnh: {name}",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quang", "Hải")
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hạnh",
    "Khánh",
    "Lan",
    "Nam",
    "Phong",
    "Quyên",
    "Sơn",
    "Tâm",
    "Trang",
    "Tuấn",
    "Yến",
)
SEPARATORS = (", ", " - ", " và ")


@dataclass
class GeneratedPage:
    text: str
    section: str
    title: str
    published: datetime
    lead: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    authors: list[str] = field(default_factory=list)


def _name(rng: random.Random) -> str:
    if rng.random() < 0.2:  # a pen name
        return f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _sentence(rng: random.Random, year: int, lower: bool = False) -> str:
    subject = rng.choice(SUBJECTS)
    if lower:
        subject = subject[0].lower() + subject[1:]
    tail = rng.choice(TAILS).format(n=rng.randint(3, 60), y=year, y5=year + 5)
    return f"{subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{tail}."


def _prose(rng: random.Random, year: int, ordinal: str | None = None) -> str:
    """A paragraph of 3-6 sentences (never mistaken for a caption)."""
    count = rng.randint(3, 6)
    sentences = [_sentence(rng, year) for _ in range(count)]
    if ordinal:
        space = NBSP if rng.random() < 0.3 else " "
        sentences[0] = f"{ordinal},{space}{_sentence(rng, year, lower=True)}"
    return " ".join(sentences)


def chrome_lines(issue: int, year: int) -> list[str]:
    """The old site's boxes after an article, as the scraper saw them."""
    return [
        "Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY",
        "",
        f"Họ và tên : * {NBSP}",
        f"Địa chỉ : {NBSP}",
        f"Email : * {NBSP}",
        "Ý kiến của bạn : *",
        "",
        "Mã bảo vệ :",
        "",
        NBSP,
        "",
        "Bài cùng chuyên mục",
        "GIỚI THIỆU TẠP CHÍ IN",
        f"Số {issue} - {year}",
        "Tra cứu tạp chí in:",
        "Tra cứu tạp chí in trước năm 2010:",
        "VIDEO CLIPS",
    ]


def _body(
    rng: random.Random, year: int
) -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    """The paragraphs after the lead, each with the blank lines before it, and
    the blocks the parser should read from them."""
    pieces: list[tuple[int, str]] = []  # (blank lines before, paragraph text)
    expected: list[tuple[str, str]] = []
    ordinals = iter(ORDINALS) if rng.random() < 0.4 else iter(())
    for _ in range(rng.randint(3, 9)):
        event = rng.choice(EVENTS)
        roll = rng.random()
        if roll < 0.25:  # a photo slot, with a caption most of the time
            if rng.random() < 0.7:
                caption = rng.choice(CAPTIONS).format(event=event, name=_name(rng))
                pieces.append((2, caption))
                expected.append(("image", caption))
                text = _prose(rng, year)
                pieces.append((1, text))
                expected.append(("paragraph", text))
            else:
                text = _prose(rng, year)[:-1] + " (ảnh trên)."
                pieces.append((2, text))
                expected += [("image", ""), ("paragraph", text)]
        elif roll < 0.35:  # a caption where the gap was lost
            caption = rng.choice(CAPTIONS).format(event=event, name=_name(rng))
            pieces.append((1, caption))
            expected.append(("image", caption))
        elif roll < 0.45 and not (pieces and expected[-1] == ("image", pieces[-1][1])):
            # a quotation (not right after a caption: that would read as its intro)
            quote = (
                f"“{_sentence(rng, year)} {_sentence(rng, year)[:-1]}”, "
                f"ông {_name(rng)} chia sẻ."
            )
            pieces.append((1, quote))
            expected.append(("quote", quote))
        else:
            text = _prose(rng, year, next(ordinals, None))
            pieces.append((1, text))
            expected.append(("paragraph", text))
    return pieces, expected


def generate_legacy_record(rng: random.Random, index: int) -> GeneratedPage:
    """One page and the article the parser should read from it."""
    section = rng.choice(SECTIONS)
    actor, action, topic = rng.choice(ACTORS), rng.choice(ACTIONS), rng.choice(TOPICS)
    year = rng.randint(2005, 2024)
    title = f"{actor} {action} {topic} (kỳ {index + 1})"
    published = datetime(
        year,
        rng.randint(1, 12),
        rng.randint(1, 28),
        rng.randint(6, 22),
        rng.randint(0, 59),
        tzinfo=TIMEZONE,
    )
    when = (
        f"{published.hour:02d}:{published.minute:02d}' "
        f"{published.day}/{published.month}/{published.year}"
    )
    day_part = rng.choice(("Sáng", "Chiều", "Tối"))
    lead = (
        f"{day_part} {published.day}-{published.month}, {actor} {action} {topic}. "
        f"{_sentence(rng, year)}"
    )
    authors = [_name(rng) for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])]
    separator = rng.choice(SEPARATORS)

    pieces, expected = _body(rng, year)

    issue = rng.randint(1, 12)
    out = [section, title, when, "", lead]
    for gap, text in pieces:
        out += [""] * gap
        out.append(text + (NBSP if rng.random() < 0.15 else ""))
    out += [
        "",
        separator.join(authors),
        "",
        *chrome_lines(issue, year),
    ]
    return GeneratedPage(
        text="\n".join(out),
        section=section,
        title=title,
        published=published,
        lead=lead,
        blocks=expected,
        authors=authors,
    )


def generate_legacy_page(rng: random.Random, index: int) -> str:
    """The text of one realistic legacy page, in the shape of the seed."""
    return generate_legacy_record(rng, index).text
