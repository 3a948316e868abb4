import pytest
from django.test import override_settings

from toasoan.news.tests import factories


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change's on-commit purges, as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def site(db):
    """Two sections with three and one articles, all published."""
    home = factories.home()
    news = factories.make_section(home, "Thời sự")
    culture = factories.make_section(home, "Văn hóa")
    author = factories.make_author("Trần Thị Lan")
    articles = [
        factories.make_article(news, f"Tin thời sự {n}", authors=[author])
        for n in range(3)
    ]
    other = factories.make_article(culture, "Chuyện văn hóa")
    return {
        "home": home,
        "news": news,
        "culture": culture,
        "author": author,
        "articles": articles,
        "other": other,
    }
