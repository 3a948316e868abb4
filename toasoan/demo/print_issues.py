"""A small print edition for the demo site: a recent issue with a text layer,
linked to demo articles, and an old scanned issue read by OCR."""

import io
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from toasoan.print_edition import importing, loader, samples
from toasoan.print_edition.models import IssueContentItem, PrintIssuePage

A5 = (148, 210)
OLD_PAGES = [
    [
        "Mừng xuân mới, tòa soạn gửi lời chúc tới bạn đọc",
        "Năm qua, tạp chí đã đến với bạn đọc ở mọi miền đất",
        "nước. Chúng tôi cảm ơn những lá thư góp ý chân thành",
        "và hẹn gặp lại trong những số báo mùa xuân sắp tới.",
    ],
    [
        "Chuyện làng nghề gốm bên dòng sông quê",
        "Những người thợ già vẫn giữ lửa lò suốt đêm giao thừa,",
        "nặn từng chiếc bình, chiếc lọ mang dáng hình quê hương.",
        "Hàng gốm theo thuyền xuôi về chợ Tết ở thị xã.",
    ],
]


def draw_cover(label, year, colour=(163, 22, 28)):
    """A plain magazine cover: masthead, number, year."""
    font_path = samples.font_path()
    image = Image.new("RGB", (600, 850), (250, 247, 242))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 600, 190], fill=colour)
    draw.text(
        (300, 95),
        "TẠP CHÍ TÒA SOẠN",
        font=ImageFont.truetype(font_path, 56),
        fill="white",
        anchor="mm",
    )
    draw.text(
        (300, 430),
        f"Số {label}",
        font=ImageFont.truetype(font_path, 120),
        fill=colour,
        anchor="mm",
    )
    draw.text(
        (300, 560),
        str(year),
        font=ImageFont.truetype(font_path, 72),
        fill=(60, 60, 60),
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def load_demo_print(stdout=None, articles=()):
    """Add the demo issues; say clearly when the PDF tools are missing."""

    def say(message):
        if stdout is not None:
            stdout.write(message)

    missing = loader.missing_tools()
    if missing:
        say(
            "Tạp chí in mẫu: bỏ qua vì máy chưa cài "
            + ", ".join(missing)
            + " (cần poppler-utils và tesseract-ocr-vie)."
        )
        return []
    if PrintIssuePage.objects.exists():
        say("Tạp chí in mẫu: đã có số tạp chí in, giữ nguyên.")
        return []
    made = []
    with tempfile.TemporaryDirectory(prefix="toasoan-demo-print-") as folder:
        folder = Path(folder)
        specs = [
            ("5", 2022, date(2022, 5, 15), samples.text_pdf(size_mm=A5)),
            (
                "Tết",
                2009,
                date(2009, 1, 20),
                samples.scanned_pdf(OLD_PAGES, dpi=200, size_mm=A5, noise=True),
            ),
        ]
        for label, year, published_on, data in specs:
            pdf = folder / f"so-{year}-{len(made) + 1}.pdf"
            pdf.write_bytes(data)
            cover = folder / f"bia-{year}.jpg"
            cover.write_bytes(draw_cover(label, year))
            issue, job = importing.import_issue(
                pdf, label, year, published_on=published_on, cover_path=cover
            )
            made.append(issue)
            say(
                f"Tạp chí in mẫu: {issue.title}, {job.pages_total} trang "
                f"({job.ocr_pages} trang OCR), {job.get_status_display()}."
            )
    recent = made[0]
    titles = [lines[0] for lines in samples.PAGES]
    articles = list(articles)[: len(titles)]
    recent.contents = [
        IssueContentItem(
            sort_order=i,
            title=articles[i].title if i < len(articles) else title,
            authors="Ban Biên tập",
            page=i + 1,
            article=articles[i] if i < len(articles) else None,
        )
        for i, title in enumerate(titles)
    ]
    recent.save_revision(log_action=False).publish(log_action=False)
    return made
