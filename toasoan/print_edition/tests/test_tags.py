"""The boxes for other pages: {% print_box %} and {% printed_in article %}."""

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from toasoan.news.tests.factories import make_article, make_image, make_section
from toasoan.print_edition.models import IssueContentItem


def render(source, **context):
    request = RequestFactory().get("/")
    template = Template("{% load print_tags %}" + source)
    return template.render(Context({"request": request, **context}))


def counted(source, **context):
    render(source, **context)  # warm renditions and the site-root cache
    with CaptureQueriesContext(connection) as ctx:
        html = render(source, **context)
    return html, len(ctx.captured_queries)


def test_print_box_shows_the_latest_issue(make_issue):
    make_issue("4", 2022, published_on=date(2022, 4, 15), cover=make_image())
    make_issue("5", 2022, published_on=date(2022, 5, 15), cover=make_image())
    make_issue("6", 2022, published_on=date(2022, 6, 15), live=False)
    html = render("{% print_box %}")
    assert "Số 5 - 2022" in html and "Số 4" not in html and "Số 6" not in html
    assert 'href="/tap-chi-in/so-5-2022/"' in html
    assert 'href="/tap-chi-in/"' in html
    assert "<img" in html


def test_print_box_is_empty_without_issues(archive):
    assert "print-box" not in render("{% print_box %}")


@pytest.mark.parametrize("cover", [True, False])
def test_print_box_costs_a_fixed_number_of_queries(make_issue, cover):
    image = make_image() if cover else None
    make_issue("1", 2021, cover=image, published_on=date(2021, 1, 1))
    _, few = counted("{% print_box %}")
    for n in range(2, 6):
        make_issue(str(n), 2021, cover=image, published_on=date(2021, n, 1))
    html, many = counted("{% print_box %}")
    assert "Số 5 - 2021" in html
    assert few == many <= 5  # restrictions, issue, cover, renditions, site


def test_printed_in_links_to_the_page(make_issue, home):
    article = make_article(make_section(home, "Thời sự"), "Bài đã in")
    issue = make_issue("5", 2022)
    IssueContentItem.objects.create(issue=issue, title="Bài", page=12, article=article)
    html, queries = counted("{% printed_in article %}", article=article)
    assert "Đăng trên Tạp chí in số 5-2022, trang 12" in html or (
        "Published in print issue 5-2022, page 12" in html
    )
    assert 'href="/tap-chi-in/so-5-2022/trang-12/"' in html
    assert queries <= 3


def test_printed_in_ignores_unpublished_issues(make_issue, home):
    article = make_article(make_section(home, "Thời sự"), "Bài chưa in")
    issue = make_issue("6", 2022, live=False)
    IssueContentItem.objects.create(issue=issue, title="Bài", page=3, article=article)
    assert render("{% printed_in article %}", article=article).strip() == ""
    assert render("{% printed_in None %}").strip() == ""
