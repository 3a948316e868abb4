"""Parse the text pages of the legacy site into structured articles.

Pure Python (no Django). A legacy page, as the scraper saved it, looks like::

    Thời sự - Chính trị                 <- line 1: the section
    <title>                             <- line 2: the title
    18:31' 12/1/2022                    <- line 3: publication time (Hanoi time)
                                        <- one blank line
    <lead / sapo paragraph>
                                        <- two or more blank lines: a photo stood here
                                        <-
    <paragraph (may say "(ảnh trên)")>

    <short caption paragraph>

    <paragraph> ...

    <Byline Name>                       <- the last short paragraph of the body

    Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY      <- site chrome starts: dropped
    Họ và tên : * ...

Normalisation: the text is put in NFC, ``\\r\\n`` / ``\\r`` become ``\\n``, a
leading BOM is dropped, and each line loses the spaces/NBSP at both ends (NBSP
inside a line is kept as typed). A line made only of whitespace/NBSP counts as
blank. Leading blank lines before the header are ignored.

Body: paragraphs are runs of non-blank lines (lines of one paragraph are joined
with ``\\n``). The body ends at the first line whose normalised form (``fold()``,
punctuation removed, whitespace collapsed) equals one of ``chrome.CHROME_MARKERS``
(``#`` in a marker stands for a number, so ``"Số # - #"`` matches ``Số 5 - 2022``
and ``SO 12/2019``). Chrome-marker lines seen *before* the first body paragraph
(e.g. a "Chia sẻ" / "In bài viết" bar above the text) are skipped.

Structure of the result:

* ``lead`` is the first body paragraph (a gap before it is ignored).
* ``authors``: the last body paragraph is the byline when it is not the lead,
  has no final punctuation, and splits (on ``,`` ``;`` ``&`` `` - `` `` và ``
  or a line break, after an optional ``Bài và ảnh:``-style label) into 1-8 names
  of 1-6 words and at most 120 characters each, every word starting with a
  capital letter and made of letters (``.``, ``-`` and ``'`` allowed, for
  initials).
* ``blocks``: the rest, in order. Every gap (2+ blank lines) between body
  paragraphs is a photo slot and yields an ``image`` block; a caption paragraph
  directly after a gap becomes that image's caption (one block), a caption
  elsewhere becomes an ``image`` block of its own (a gap right before the
  byline gives an uncaptioned ``image`` block at the end). A paragraph that is
  entirely a quotation becomes a ``quote``. Everything else is a ``paragraph``.

The caption, quote and byline rules are in ``blocks.py``, the chrome markers
in ``chrome.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path

from toasoan.vietnamese import nfc, parse_datetime

from .blocks import MAX_CAPTION_WORDS, MAX_NAME_LENGTH, Block, Paragraph, body_blocks
from .chrome import CHROME_MARKERS, is_chrome_line

__all__ = [
    "CHROME_MARKERS",
    "MAX_CAPTION_WORDS",
    "MAX_NAME_LENGTH",
    "MAX_TITLE_LENGTH",
    "Block",
    "LegacyArticle",
    "LegacyParseError",
    "is_chrome_line",
    "parse_legacy",
    "parse_legacy_file",
]

# What the database columns hold (Wagtail's page title; the author's name in
# blocks.py): longer values were stored by SQLite but refused by PostgreSQL or
# by page validation, which stopped the whole import (found by fuzzing).
MAX_TITLE_LENGTH = 255
MAX_SECTION_LENGTH = 200
# Publication years the importer accepts: year 1 in Vietnam time is before
# year 1 in UTC, which cannot be stored (OverflowError).
FIRST_YEAR, LAST_YEAR = 1900, 2200


class LegacyParseError(ValueError):
    """The text is not a legacy page; the message says why (in English)."""


@dataclass
class LegacyArticle:
    section: str
    title: str
    published: datetime  # aware, Asia/Ho_Chi_Minh
    lead: str  # the first body paragraph (the sapo)
    blocks: list[Block] = field(default_factory=list)  # body after the lead
    authors: list[str] = field(default_factory=list)  # from the byline


# --------------------------------------------------------------------------
# normalisation helpers

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
_EDGE_JUNK = " \t\f\v\u00a0\u2007\u202f\u200b\ufeff"


def _clean_lines(text: str) -> list[str]:
    text = nfc(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _LINE_BREAKS.sub("\n", text)
    lines = []
    for line in text.split("\n"):
        line = line.strip(_EDGE_JUNK)
        # a line of only (Unicode) whitespace is blank
        lines.append(line if line.strip() else "")
    return lines


def _preview(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


# --------------------------------------------------------------------------
# parsing


def _split_body(lines: list[str], first_line: int) -> list[Paragraph]:
    """Paragraphs of the body, up to the first chrome marker.

    ``first_line`` is the 1-based line number of ``lines[0]``.
    """
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = gap = blanks = 0

    def flush() -> None:
        if current:
            paragraphs.append(Paragraph("\n".join(current), gap, start))
            current.clear()

    for number, line in enumerate(lines, start=first_line):
        if not line:
            flush()
            blanks += 1
        elif is_chrome_line(line):
            flush()
            if paragraphs:
                break  # the chrome starts here
            blanks = 0  # a share/print bar above the text: skip it
        else:
            if not current:
                start, gap, blanks = number, blanks, 0
            current.append(line)
    flush()
    return paragraphs


def _parse_time(line: str, number: int) -> datetime:
    if not line:
        raise LegacyParseError(f"line {number}: missing publication time")
    try:
        published = parse_datetime(line)
    except ValueError:
        raise LegacyParseError(
            f"line {number}: not a publication time: {_preview(line)}"
        ) from None
    if not FIRST_YEAR <= published.year <= LAST_YEAR:
        raise LegacyParseError(
            f"line {number}: publication year {published.year} is not between "
            f"{FIRST_YEAR} and {LAST_YEAR}"
        )
    return published


def _looks_like_time(line: str) -> bool:
    try:
        parse_datetime(line)
    except ValueError:
        return False
    return True


def parse_legacy(text: str) -> LegacyArticle:
    """Parse the text of one legacy page. Raises :class:`LegacyParseError`."""
    if not isinstance(text, str):
        raise TypeError(f"parse_legacy() needs str, not {type(text).__name__}")
    lines = _clean_lines(text)
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        raise LegacyParseError("empty file")
    header = lines[first : first + 3]
    if len(header) < 3 or not any(header[1:]):
        raise LegacyParseError(
            f"fewer than 3 header lines (section, title, time) from line {first + 1}"
        )
    section, title, when = header
    n_section, n_title, n_time = first + 1, first + 2, first + 3
    if len(section) > MAX_SECTION_LENGTH:
        raise LegacyParseError(
            f"line {n_section}: section too long "
            f"({len(section)} characters, max {MAX_SECTION_LENGTH})"
        )
    if title and _looks_like_time(title):
        raise LegacyParseError(
            f"line {n_title}: publication time where the title should be "
            "(section or title line missing)"
        )
    if not title:
        raise LegacyParseError(f"line {n_title}: empty title")
    if len(title) > MAX_TITLE_LENGTH:
        raise LegacyParseError(
            f"line {n_title}: title too long "
            f"({len(title)} characters, max {MAX_TITLE_LENGTH})"
        )
    published = _parse_time(when, n_time)

    paragraphs = _split_body(lines[first + 3 :], first + 4)
    if not paragraphs:
        raise LegacyParseError("no body paragraph after the header")

    lead, rest = paragraphs[0], paragraphs[1:]
    blocks, authors = body_blocks(lead, rest)
    return LegacyArticle(
        section=section,
        title=title,
        published=published,
        lead=lead.text,
        blocks=blocks,
        authors=authors,
    )


def parse_legacy_file(path: str | PathLike[str]) -> LegacyArticle:
    """Read ``path`` (UTF-8, BOM optional) and parse it with :func:`parse_legacy`.

    Raises :class:`LegacyParseError` for a file that is not UTF-8 text (invalid
    UTF-8, NUL bytes or other binary control characters); ``OSError`` for a file
    that cannot be read.
    """
    data = Path(path).read_bytes()
    if _BINARY_BYTES.search(data):
        raise LegacyParseError("not a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LegacyParseError("not a UTF-8 text file") from None
    return parse_legacy(text)


# C0 controls other than \t \n \v \f \r, and DEL: never in a text page
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
