"""The benchmark's database, settings and scanned PDF."""

import subprocess
import tempfile
from pathlib import Path

from http_parts import data

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "toasoan-bench-spread"
DATABASE = "bench_spread"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def environment(unit_pages):
    WORK.mkdir(parents=True, exist_ok=True)
    return {
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": PG_URL,
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "PRINT_UNIT_PAGES": str(unit_pages),
        "PRINT_WORK_ROOT": str(WORK / "work"),
        "LOG_LEVEL": "ERROR",
    }


def fresh_database():
    data.fresh_database(DATABASE)


def migrate():
    from django.core.management import call_command

    from toasoan.news.tests import factories

    call_command("migrate", verbosity=0)
    factories.home()


def scanned_pdf(pages):
    """An A4 scanned PDF (300 dpi) of `pages` pages of Vietnamese text."""
    from toasoan.demo import print_issues as demo
    from toasoan.print_edition import samples

    lines = [line for page in samples.PAGES + demo.OLD_PAGES for line in page]
    texts = [[lines[(p * 7 + i) % len(lines)] for i in range(40)] for p in range(pages)]
    pdf = WORK / f"scanned-{pages}.pdf"
    if not pdf.exists():
        pdf.write_bytes(
            samples.scanned_pdf(texts, dpi=300, size_mm=(210, 297), font_pt=10)
        )
    return pdf


def start_worker(name):
    log = open(WORK / f"{name}.log", "ab")
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "manage.py", "work", "--queues", "default"],
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
