"""The reading-statistics fixtures (an article with a byline and an image,
a reader's browser, fresh view counters), shared with toasoan.reach's tests."""

from toasoan.reach.tests.conftest import (  # noqa: F401 (fixtures)
    _fresh_views,
    article,
    author,
    home,
    reader_agent,
    recent,
    section,
)
