"""Fuzzing the legacy importer (hypothesis): mutated legacy pages.

A realistic page from the generator (toasoan/legacy/generate.py) is
mutated: lines dropped, doubled, swapped or replaced; hostile text in the
section, title, date and byline (very long lines, HTML and <script>, NFD,
control characters, impossible and far-off dates); then the bytes: a byte
changed or inserted, the file cut short, another encoding (UTF-16, cp1258,
latin-1), a BOM, CRLF. The parser alone gets many such pages; the import
command gets fewer, written to files, some over an article imported before.

Whatever the file holds: the parser returns an article or raises its own
LegacyParseError; the command reports each file as imported or SKIPPED and
never raises; what it stores fits its columns (PostgreSQL enforces lengths
that SQLite does not) and is NFC; and nothing stored before changes, not even
the article a bad file would have updated.
"""

import hashlib
import json
import random
import re
import tempfile
import unicodedata
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from toasoan.legacy.generate import generate_legacy_page
from toasoan.legacy.keys import page_key
from toasoan.legacy.parser import (
    LegacyArticle,
    LegacyParseError,
    parse_legacy,
    parse_legacy_file,
)
from toasoan.news.models import ArticlePage, Author, SectionPage
from toasoan.news.tests.factories import make_article, make_section
from toasoan.tests import fuzzing
from toasoan.tests.fuzzing import fuzz_settings, hostile_text, nfd

SUMMARY = re.compile(
    r"(?P<created>\d+) created, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed\."
)
PARSER_EXAMPLES = 400
IMPORT_EXAMPLES = 120

BAD_DATES = [
    "31/2/2022",
    "0/0/0000",
    "18:31' 1/1/0001",
    "23:59' 31/12/9999",
    "99:99' 12/1/2022",
    "18:31'12/1/2022",
    "18:31 12/1/2022",
    "12/1/2022 18:31'",
    "12.1.2022",
    "12-1-2022",
    "12/1/22",
    "hôm qua",
]


def house_format(moment):
    """ "18:31' 12/1/2022", the year always with four digits."""
    time = f"{moment.hour:02d}:{moment.minute:02d}'"
    return f"{time} {moment.day}/{moment.month}/{moment.year:04d}"


dates = st.one_of(
    st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31)).map(house_format),
    st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)).map(house_format),
    st.sampled_from(BAD_DATES),
    hostile_text(40),
)
names = st.lists(
    st.one_of(
        st.sampled_from(["Ngô Khiêm", "Lê Thu Hà", nfd("Đỗ Minh Quân")]),
        st.text(st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=300),
    ),
    min_size=1,
    max_size=9,
).map(" - ".join)
line_texts = st.one_of(
    hostile_text(400),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            '<p style="' + "x" * 100_000 + '">',
            "Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY",
            "“Một câu trích dẫn chưa đóng",
            "(Ảnh: TTXVN)",
            "Số 5 - 2022",
            "Đ" * 301,
        ]
    ),
)
sections = st.one_of(
    st.sampled_from(
        ["!!!", "🙂", "Video", "Tìm kiếm", "Ở" * 200, "Đ" * 201, "<b>Văn hóa</b>"]
    ),
    st.sampled_from(["Thời sự - Chính trị", "Văn hoá - Xã hội"]).map(nfd),
    hostile_text(210),
)
titles = st.one_of(
    st.integers(240, 310).map(lambda n: "Đ" * n),
    st.sampled_from(["???", "🙂", "<script>alert(1)</script>", "tim-kiem"]),
    hostile_text(300),
)
# the header lines and the byline, each replaced or kept
headers = st.fixed_dictionaries(
    {
        "section": st.one_of(st.none(), st.none(), st.none(), sections),
        "title": st.one_of(st.none(), st.none(), st.none(), titles),
        "date": st.one_of(st.none(), st.none(), st.none(), dates),
        "byline": st.one_of(st.none(), st.none(), st.none(), names),
    }
)
# (where, what): where is an index into the lines, taken modulo their number
line_mutations = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 100)),
    st.tuples(st.just("double"), st.integers(0, 100)),
    st.tuples(st.just("swap"), st.integers(0, 100), st.integers(0, 100)),
    st.tuples(st.just("replace"), st.integers(0, 100), line_texts),
    st.tuples(st.just("insert"), st.integers(0, 100), line_texts),
    st.tuples(st.just("header"), st.integers(0, 2), line_texts),
    st.tuples(st.just("date"), dates),
    st.tuples(st.just("byline"), names),
    st.tuples(st.just("blank"), st.integers(0, 100), st.integers(1, 5)),
)
byte_mutations = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(max_size=8)),
    st.tuples(st.just("cut"), st.integers(0, 10**6)),
    st.tuples(st.just("encode"), st.sampled_from(["utf-16", "cp1258", "latin-1"])),
    st.tuples(st.just("bom")),
    st.tuples(st.just("crlf")),
)
pages = st.tuples(
    st.integers(0, 2**32),
    headers,
    st.lists(line_mutations, max_size=4),
    st.one_of(
        st.just([]), st.just([]), st.just([]), st.lists(byte_mutations, max_size=2)
    ),
)
# For the command: fewer broken files, so that more reach the database.
pages_to_import = st.tuples(
    st.integers(0, 2**32),
    headers,
    st.lists(line_mutations, max_size=2),
    st.one_of(*[st.just([])] * 6, st.lists(byte_mutations, max_size=1)),
)


def mutate_lines(text, mutations):
    lines = text.split("\n")
    for mutation in mutations:
        kind, *args = mutation
        at = args[0] % len(lines) if args and isinstance(args[0], int) else 0
        if kind == "drop" and len(lines) > 1:
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = args[1] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif kind in ("replace", "header"):
            lines[at] = args[1]
        elif kind == "insert":
            lines.insert(at, args[1])
        elif kind == "date" and len(lines) > 2:
            lines[2] = args[0]
        elif kind == "byline":
            cut = next((i for i, ln in enumerate(lines) if ln.isupper()), len(lines))
            lines.insert(cut, args[0])
            lines.insert(cut, "")
        elif kind == "blank":
            lines[at:at] = [""] * args[1]
    return "\n".join(lines)


def mutate_bytes(text, mutations):
    data = text.encode("utf-8")
    for kind, *args in mutations:
        if kind == "flip" and data:
            at = args[0] % len(data)
            data = data[:at] + bytes([args[1]]) + data[at + 1 :]
        elif kind == "insert":
            at = args[0] % (len(data) + 1)
            data = data[:at] + args[1] + data[at:]
        elif kind == "cut":
            data = data[: args[0] % (len(data) + 1)]
        elif kind == "encode":
            data = data.decode("utf-8", "replace").encode(args[0], "replace")
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
    return data


def change_header(text, header):
    changes = [("header", i, header[k]) for i, k in enumerate(["section", "title"])]
    changes += [("date", header["date"]), ("byline", header["byline"])]
    return mutate_lines(text, [c for c in changes if c[-1] is not None])


def page_bytes(page):
    seed, header, line_changes, byte_changes = page
    text = change_header(
        generate_legacy_page(random.Random(seed), seed % 10_000), header
    )
    return mutate_bytes(mutate_lines(text, line_changes), byte_changes)


# --------------------------------------------------------------------------
# the parser alone


@fuzz_settings(PARSER_EXAMPLES, shared_fixture=False)
@given(page=pages)
def test_fuzz_parser(page):
    """Bytes of a mutated page: an article or LegacyParseError, nothing else."""
    fuzzing.tried("legacy parser")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trang.txt"
        path.write_bytes(page_bytes(page))
        try:
            article = parse_legacy_file(path)
        except LegacyParseError as error:
            fuzzing.answered("legacy parser", "refused")
            assert str(error)
            return
    fuzzing.answered("legacy parser", "parsed")
    assert isinstance(article, LegacyArticle)
    for text in [article.section, article.title, article.lead]:
        assert text and unicodedata.is_normalized("NFC", text) and "\x00" not in text


@fuzz_settings(PARSER_EXAMPLES, shared_fixture=False)
@given(text=hostile_text(2000))
def test_fuzz_parser_any_text(text):
    """Any text at all: an article or LegacyParseError."""
    fuzzing.tried("legacy parser")
    try:
        assert isinstance(parse_legacy(text), LegacyArticle)
    except LegacyParseError as error:
        fuzzing.answered("legacy parser", "refused")
        assert str(error)
    else:
        fuzzing.answered("legacy parser", "parsed")


# --------------------------------------------------------------------------
# the import command


def fingerprint(obj):
    """A hash of the row's columns; a page's count of children is left out
    (treebeard keeps it up to date when an article is added or moved)."""
    row = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname != "numchild"
    }
    return hashlib.sha256(json.dumps(row, default=str, sort_keys=True).encode())


def snapshot():
    rows = {}
    for model in (ArticlePage, SectionPage, Author):
        for obj in model.objects.order_by("pk"):
            rows[(model.__name__, obj.pk)] = fingerprint(obj).hexdigest()
    return rows


def fits_its_columns(obj):
    """What PostgreSQL would refuse and SQLite stores: too long, NUL."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, str):
            assert "\x00" not in value, field.name
            if isinstance(field, models.CharField) and field.max_length:
                assert len(value) <= field.max_length, (field.name, len(value))


def run_import(path):
    out, err = StringIO(), StringIO()
    call_command("import_legacy", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def stored(home):
    """Content there before the fuzz: a hand-made article and imported ones."""
    make_article(make_section(home, "Văn hóa - Xã hội"), "Bài viết có sẵn")
    folder = Path(tempfile.mkdtemp(prefix="toasoan-legacy-"))
    for seed in range(3):
        text = generate_legacy_page(random.Random(seed), seed)
        (folder / f"co-san-{seed}.txt").write_text(text, encoding="utf-8")
    out, _ = run_import(folder)
    assert "3 created" in out
    return folder


@fuzz_settings(IMPORT_EXAMPLES)
@given(page=pages_to_import, over_existing=st.booleans())
def test_fuzz_import_command(stored, page, over_existing):
    """A mutated file, new or over an imported one: imported or SKIPPED."""
    fuzzing.tried("legacy import")
    number = fuzzing.inputs["legacy import"]
    name = f"co-san-{number % 3}.txt" if over_existing else f"mo-{number}.txt"
    before = snapshot()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(page_bytes(page))
        out, err = run_import(path)
        imported = None if "SKIPPED" in err else parse_legacy_file(path)
    counts = SUMMARY.search(out)
    assert counts and sum(map(int, counts.groups())) == 1, out
    failed = counts["failed"] == "1"
    outcome = next(key for key, value in counts.groupdict().items() if value == "1")
    fuzzing.answered("legacy import", outcome)
    assert failed == err.startswith(f"SKIPPED {path}: "), (out, err)
    after = snapshot()
    touched = None
    if imported is not None:  # the article of the page, whatever its file name
        wanted = page_key(imported.section, imported.title, imported.published)
        touched = ArticlePage.objects.filter(legacy_key=wanted).first()
    for key, digest in before.items():
        if failed or touched is None or key != ("ArticlePage", touched.pk):
            assert after.get(key) == digest, f"{key} changed"
    if not failed:
        assert touched is not None and touched.live
        for obj in [touched, touched.get_parent().specific]:
            fits_its_columns(obj)
            assert unicodedata.is_normalized("NFC", obj.title)
        for link in touched.article_authors.all():
            fits_its_columns(link.author)


def test_nul_bytes_are_refused_before_the_database(home, tmp_path):
    """A NUL anywhere in a page: refused as not text (PostgreSQL would refuse
    it when storing; CI runs this on PostgreSQL too)."""
    text = generate_legacy_page(random.Random(1), 1)
    path = tmp_path / "nul.txt"
    path.write_bytes(text.replace("\n", "\n\x00", 5).encode())
    out, err = run_import(path)
    assert "1 failed" in out and "not a UTF-8 text file" in err
    assert not ArticlePage.objects.exists()
