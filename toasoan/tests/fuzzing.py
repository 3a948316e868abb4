"""Shared pieces of the fuzz tests (hypothesis): settings, hostile text, counts.

Each fuzz test records how many inputs it tried and what the server answered;
`conftest.py` at the repository root prints the totals after the run, so CI
logs show the figures docs/security.md quotes ("## Fuzzing").
"""

import os
import unicodedata
from collections import Counter, defaultdict

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Fixed examples per test keep the whole fuzz run within about a minute on
# SQLite; derandomize makes every run (and CI) try the same inputs, and no
# example database is written into the work tree. FUZZ_SCALE=10 tries ten
# times as many inputs, for a longer run by hand.
SCALE = max(1, int(os.environ.get("FUZZ_SCALE") or 1))
FUZZ_SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz_settings(max_examples: int, *, shared_fixture: bool = True):
    """Hypothesis settings for one fuzz test.

    `shared_fixture`: the test takes function-scoped fixtures (the database,
    an article) on purpose: every example runs against the same stored
    content, which is what "nothing already stored changes" is checked
    against, so hypothesis's warning about such fixtures does not apply.
    """
    checks = list(FUZZ_SETTINGS["suppress_health_check"])
    if shared_fixture:
        checks.append(HealthCheck.function_scoped_fixture)
    return settings(
        max_examples=max_examples * SCALE,
        **{**FUZZ_SETTINGS, "suppress_health_check": checks},
    )


# --------------------------------------------------------------------------
# counts

inputs: Counter = Counter()  # area -> examples tried
# area -> HTTP status (or an outcome's name, for the importer) -> count
statuses: defaultdict = defaultdict(Counter)


def tried(area: str) -> None:
    inputs[area] += 1


def answered(area: str, status: int | str) -> None:
    statuses[area][status] += 1


def server_errors() -> int:
    return sum(
        n
        for counts in statuses.values()
        for status, n in counts.items()
        if isinstance(status, int) and status >= 500
    )


def summary_lines() -> list[str]:
    lines = []
    for area in sorted(inputs):
        answers = sorted(statuses[area].items(), key=lambda pair: str(pair[0]))
        codes = ", ".join(f"{status}: {n}" for status, n in answers)
        lines.append(
            f"{area}: {inputs[area]} inputs"
            + (f", {sum(statuses[area].values())} answers ({codes})" if codes else "")
        )
    if inputs:
        lines.append(f"server errors (5xx): {server_errors()}")
    return lines


# --------------------------------------------------------------------------
# hostile text

VIETNAMESE = [
    "Nguyễn Văn An",
    "Trương Thị Mai",
    "Hòa bình, hoà bình",
    "Đảng Cộng sản Việt Nam",
    "Khát vọng hòa bình và hữu nghị giữa các dân tộc.",
    "Quý độc giả thân mến",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\t\r\n\x0b\x0c\x1b\x7f\x85",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202e\u2066\u2069",  # bidi overrides
    "\ud7ff\ue000\uffff\U0010ffff",
    "\U0001f642\U0001f1fb\U0001f1f3",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }} {% now 'Y' %} ${7*7}",
    "' OR 1=1 --",
    "%00%ff%",
    "../../etc/passwd",
    "a" * 101,
    "x" * 3001,
    "ư" * 20_000,
    nfd("Trương Thị Mai ") * 500,
]


def hostile_text(max_size: int = 200):
    """Any text a browser or a script could send (no lone surrogates:
    they cannot be encoded in a request)."""
    return st.one_of(
        st.text(max_size=max_size),
        st.sampled_from(SPECIAL),
        st.sampled_from(VIETNAMESE),
        st.sampled_from(VIETNAMESE).map(nfd),
        st.text(st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=40),
        st.tuples(st.text(min_size=1, max_size=4), st.integers(1, 5000)).map(
            lambda pair: pair[0] * pair[1]
        ),
    )
