"""A small magazine for the browser tests: every kind of reader page has content.

`build()` makes sections, an author, tagged articles with pictures, quotes and
an embedded video, an approved comment with the newsroom's reply, videos, and
print issue 5-2022 with its three pages processed; it answers the address of
each reader page (the keys of PAGES).
"""

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from wagtail.rich_text import RichText

from toasoan.comments.models import Comment
from toasoan.news.tests import factories
from toasoan.print_edition.models import (
    IssueContentItem,
    PrintArchivePage,
    PrintIssuePage,
    ProcessingJob,
)
from toasoan.print_edition.processing import fingerprint, store_page
from toasoan.print_edition.tests.conftest import make_document
from toasoan.videos.tests.factories import make_video

# A word of the first printed page (toasoan.print_edition.samples.PAGES).
PRINTED_WORD = "hội nghị"
TAG = "Hội nghị"


def body(image, video):
    return [
        ("paragraph", RichText("<p>Sáng nay, Hội nghị bàn về công tác tổ chức.</p>")),
        ("photo", {"image": image, "caption": "Toàn cảnh Hội nghị.", "credit": ""}),
        ("quote", {"text": "Lắng nghe tiếng nói của nhân dân.", "attribution": ""}),
        ("video", {"video": video, "caption": "Phát biểu khai mạc."}),
        ("paragraph", RichText("<p>Các đại biểu thảo luận sôi nổi.</p>")),
    ]


def articles(sections, author, video):
    """Six articles, one an hour, the newest open for comments."""
    now = timezone.now()
    image = factories.make_image("Toàn cảnh Hội nghị")
    made = []
    for i in range(6):
        made.append(
            factories.make_article(
                sections[i % 2],
                f"Hội nghị trưởng ban tổ chức lần {i + 1}",
                published=now - timedelta(hours=i + 1),
                authors=[author],
                tags=[TAG, "Xây dựng Đảng"],
                image=image,
                body=body(image, video),
            )
        )
    Comment.objects.create(
        article=made[0],
        name="Nguyễn Văn An",
        email="an@example.vn",
        body="Bài viết rất bổ ích, cảm ơn tòa soạn.",
        status=Comment.Status.APPROVED,
        reply="Cảm ơn bạn đã đọc và góp ý.",
    )
    return made


def print_issue(article, pdf, pages, folder):
    """Issue 5-2022 in the archive, its pages stored as a finished job does."""
    archive = PrintArchivePage(title="Tạp chí in", slug="tap-chi-in")
    factories.home().add_child(instance=archive)
    factories.publish(archive)
    issue = PrintIssuePage(
        number_label="5", year=2022, published_on=timezone.localdate()
    )
    issue.pdf = make_document(pdf)
    issue.contents = [
        IssueContentItem(sort_order=0, title=article.title, page=1, article=article),
        IssueContentItem(sort_order=1, title="Thủy lợi và hòa bình", page=2),
    ]
    archive.add_child(instance=issue)
    factories.publish(issue)
    for result in pages:
        copies = {
            name: Path(shutil.copy(getattr(result, name), folder))
            for name in ("image", "thumbnail")
        }
        store_page(issue, replace(result, **copies))
    ProcessingJob.objects.create(
        issue=issue,
        document=issue.pdf,
        fingerprint=fingerprint(issue.pdf),
        status=ProcessingJob.DONE,
        pages_total=len(pages),
        pages_done=len(pages),
    )
    return PrintIssuePage.objects.get(pk=issue.pk)


def build(pdf, pages, folder):
    """The magazine, and {page name: address}."""
    root = factories.home()
    sections = [
        factories.make_section(root, "Thời sự - Chính trị", intro="Tin thời sự."),
        factories.make_section(root, "Văn hóa - Xã hội"),
    ]
    author = factories.make_author(
        "Ngô Khiêm", job_title="Phóng viên", bio="Phóng viên ban Thời sự."
    )
    video = make_video("Khai mạc Hội nghị", section=sections[0], tags=[TAG])
    make_video("Mùa lúa mới", section=sections[1])
    news = articles(sections, author, video)
    issue = print_issue(news[0], pdf, pages, folder)
    search = "/tim-kiem/?q=" + PRINTED_WORD.replace(" ", "+")
    return {
        "home": "/",
        "section": sections[0].url,
        "article": news[0].url,
        "search": search,
        "search-none": "/tim-kiem/?q=khong+co+bai+nao+nhu+the",
        "print-archive": "/tap-chi-in/",
        "print-year": "/tap-chi-in/nam-2022/",
        "print-lookup": "/tap-chi-in/tra-cuu/?nam=2022&so=9",
        "print-search": "/tap-chi-in/tim-kiem/?q=" + PRINTED_WORD.replace(" ", "+"),
        "issue": issue.url,
        "page-viewer": issue.page_url(1) + "?q=" + PRINTED_WORD.replace(" ", "+"),
        "video-list": "/video/",
        "video": f"/video/{video.slug}/",
        "author": author.get_url(),
        "tag": f"/the/{news[0].tags.first().slug}/",
        "not-found": "/khong-co-trang-nay/",
    }
