"""Database down: a Vietnamese 503 with Retry-After, never a traceback."""

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError

from toasoan.faults.middleware import DatabaseUnavailableMiddleware

from .conftest import READER

FAILURES = {
    "refused": OperationalError(
        'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused'
    ),
    "locked": OperationalError("database is locked"),
    "closed": InterfaceError("connection already closed"),
}

URLS = {
    "home": lambda s: "/",
    "article": lambda s: s["article"].url,
    "section": lambda s: s["section"].url,
    "search": lambda s: "/tim-kiem/?q=đất+đai",
    "video": lambda s: s["video"].get_absolute_url(),
}


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails from now on (the 503 page must need none)."""

    def down(failure):
        def refuse(execute, sql, params, many, context):
            raise FAILURES[failure]

        wrapper = connection.execute_wrapper(refuse)
        wrapper.__enter__()
        return wrapper

    made = []
    yield lambda failure: made.append(down(failure))
    for wrapper in made:
        wrapper.__exit__(None, None, None)


def assert_unavailable(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert '<html lang="vi">' in html
    assert "Trang tạm thời không truy cập được" in html
    assert "Mời bạn tải lại trang sau một, hai phút." in html
    assert "Bạn có thể thử lại sau khoảng 30 giây." in html
    assert "Về trang chủ" in html
    for leak in ("Traceback", "OperationalError", "InterfaceError", "5432", "locked"):
        assert leak not in html


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("url", URLS)
def test_reader_pages_answer_503_in_vietnamese(
    client, site, database_down, url, failure
):
    path = URLS[url](site)
    assert client.get(path).status_code == 200
    database_down(failure)
    assert_unavailable(client.get(path))


def test_connecting_fails(client, site, monkeypatch):
    """The server is gone: opening a connection itself fails."""

    def refuse():
        raise OperationalError("could not connect to server: Connection refused")

    path = site["article"].url
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get(path)
    monkeypatch.undo()
    assert_unavailable(response)


def test_posting_a_comment_answers_503(client, site, database_down, comment_data):
    path = site["article"].url
    database_down("locked")
    response = client.post(path, comment_data())
    assert_unavailable(response)


def test_view_beacon_answers_503(client, site, database_down):
    database_down("refused")
    response = client.post(f"/api/v1/views/{site['article'].pk}/", **READER)
    assert response.status_code == 503


def test_admin_answers_503(admin_client, database_down):
    database_down("refused")
    assert_unavailable(admin_client.get("/admin/"))


def test_other_errors_are_left_to_the_500_handler(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = rf.get("/")
    assert middleware.process_exception(request, ValueError("lỗi khác")) is None
    assert middleware.process_exception(request, FAILURES["locked"]).status_code == 503
