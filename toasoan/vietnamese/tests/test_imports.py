"""The package must stay importable without Django or any third-party code.

Checked in a fresh interpreter, because inside pytest other tests or plugins
may already have imported Django.
"""

import subprocess
import sys
from pathlib import Path

import pytest

import toasoan.vietnamese

PROJECT_ROOT = Path(__file__).resolve().parents[3]

PUBLIC_API = [
    "TIMEZONE",
    "fold",
    "format_date",
    "format_datetime",
    "is_vietnamese_syllable",
    "nfc",
    "normalize_tone",
    "parse_datetime",
    "search_key",
    "slugify",
]

# Prints one imported top-level module per line, excluding the standard
# library and the project itself. "tzdata" is the fallback zoneinfo uses on
# systems without a zone database; "_sysconfigdata_*" is the standard
# library's build configuration, named after the platform.
PROBE = """
import sys
before = set(sys.modules)
import toasoan.vietnamese
allowed = set(sys.stdlib_module_names) | {"toasoan", "tzdata"}
for name in sorted(set(sys.modules) - before):
    top = name.partition(".")[0]
    if top not in allowed and not top.startswith("_sysconfigdata_"):
        print(name)
"""


@pytest.fixture(scope="module")
def foreign_modules() -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.split()


def test_no_django(foreign_modules):
    assert not [name for name in foreign_modules if name.startswith("django")]


def test_only_standard_library(foreign_modules):
    assert foreign_modules == []


@pytest.mark.parametrize("name", PUBLIC_API)
def test_public_api(name):
    assert name in toasoan.vietnamese.__all__
    assert hasattr(toasoan.vietnamese, name)
