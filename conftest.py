"""Project-wide pytest setup.

In CI (CI=true) a skipped test is a failure: a test may skip on a developer's
machine that lacks a service or the seed page, never in CI.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        report.longrepr = f"skipped in CI, which must run every test: {reason}"


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    """Caches outlive a test's database transaction (Redis does): clear them."""
    if "django_db_setup" not in request.fixturenames and not any(
        m.name == "django_db" for m in request.node.iter_markers()
    ):
        yield
        return
    from django.core.cache import caches

    for alias in (
        "default",
        "limits",
        "views",
        "pages",
        "template_fragments",
        "renditions",
    ):
        try:
            caches[alias].clear()
        except Exception:  # the limits table may not exist yet
            pass
    yield


def pytest_terminal_summary(terminalreporter):
    """The fuzz tests' figures (inputs tried, answers), when any ran."""
    import sys

    fuzzing = sys.modules.get("toasoan.tests.fuzzing")
    if fuzzing is None or not fuzzing.inputs:
        return
    terminalreporter.section("fuzzing (hypothesis)")
    for line in fuzzing.summary_lines():
        terminalreporter.write_line(line)
