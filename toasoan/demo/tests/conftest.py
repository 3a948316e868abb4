import pytest

from toasoan.news.tests import factories


@pytest.fixture
def home(db):
    return factories.home()
