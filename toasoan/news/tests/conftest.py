import pytest

from . import factories


@pytest.fixture
def home(db):
    return factories.home()


@pytest.fixture
def section(home):
    return factories.make_section(home, "Thời sự - Chính trị")


@pytest.fixture
def author(db):
    return factories.make_author("Ngô Văn Bút", job_title="Phóng viên")
