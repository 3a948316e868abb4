"""Print pages in the site search and in the print-only search page."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from toasoan.search import service
from toasoan.search.views import PAGE_PARAMS

KEY = "trang-tap-chi"


def run(query, **params):
    data = QueryDict(mutable=True)
    data.update({"q": query, **params})
    filters = service.Filters.from_params(data, PAGE_PARAMS)
    request = RequestFactory().get("/tim-kiem/", {"q": query})
    return service.run(filters, request)


@pytest.mark.parametrize(
    "query, page",
    [
        ("thủy lợi", 2),
        ("thuy loi", 2),
        ("thuỷ lợi", 2),
        ("xay dung dang", 1),
        ("VĂN HOÁ ĐỌC", 3),
    ],
)
def test_print_pages_are_found_with_or_without_diacritics(processed_issue, query, page):
    outcome = run(query, loai=KEY)
    assert outcome.count >= 1
    best = outcome.results[0]
    assert best.type == KEY and best.page_number == page
    assert best.url.startswith(f"/tap-chi-in/so-5-2022/trang-{page}/?q=")
    assert best.thumbnail.endswith(f"thumb-{page:04d}.jpg")
    assert best.published == processed_issue.published_at
    assert any(matched for _, matched in best.snippet)


def test_section_filter_and_dates_exclude_print_pages(processed_issue, home):
    from toasoan.news.tests.factories import make_section

    make_section(home, "Thời sự")
    assert run("thuy loi", loai=KEY).count == 1
    assert run("thuy loi", loai=KEY, **{"chuyen-muc": "thoi-su"}).count == 0
    assert run("thuy loi", loai=KEY, den="31/12/2021").count == 0
    assert run("thuy loi", loai=KEY, tu="1/1/2022", den="31/12/2022").count == 1


def test_print_pages_sort_by_date(processed_issue, make_issue):
    outcome = run("thuy", loai=KEY, **{"sap-xep": "moi-nhat"})
    assert [r.page_number for r in outcome.results] == [2]
    assert outcome.results[0].published == processed_issue.published_at


def test_unpublished_issue_pages_are_not_found(processed_issue):
    processed_issue.unpublish(log_action=False)
    assert run("thuy loi", loai=KEY).count == 0


def test_print_search_page(client, processed_issue):
    response = client.get("/tap-chi-in/tim-kiem/", {"q": "hoa binh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/tap-chi-in/so-5-2022/trang-2/?q=hoa+binh"' in html
    assert "<mark>hòa</mark>" in html


@pytest.mark.parametrize("params", [{"q": "x", "tu": "32/13/2022"}, {"trang": "x"}])
def test_print_search_page_bad_input_is_400(client, archive, params):
    response = client.get("/tap-chi-in/tim-kiem/", params)
    assert response.status_code == 400
    assert 'class="notice notice--error"' in response.content.decode()


def test_site_search_lists_print_pages(client, processed_issue):
    response = client.get("/api/v1/search/", {"q": "thuy san", "type": KEY})
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["page_number"] == 2
    assert data["results"][0]["type"] == KEY
