from pathlib import Path

import pytest

from toasoan.news.tests import factories


@pytest.fixture
def home(db):
    return factories.home()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)
