"""An article with its section, for the tests of the default Site's links."""

from toasoan.reach.tests.conftest import (  # noqa: F401 (fixtures)
    article,
    author,
    home,
    recent,
    section,
)
