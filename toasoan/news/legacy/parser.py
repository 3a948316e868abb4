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
punctuation removed, whitespace collapsed) equals one of :data:`CHROME_MARKERS`
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

Caption rule (tuned on the seed page and the fixtures in the tests) -- a
paragraph is a caption when it is a single line, is not the lead or the
byline, and either

* ends with a photo credit (``Ảnh: TTXVN``, ``(Ảnh: Minh An)``,
  ``Ảnh minh họa``) and has at most 40 words before it, or
* has at most :data:`MAX_CAPTION_WORDS` (25) words, is one sentence (no
  ``. `` / ``! `` / ``? `` sentence break; ``TP.``, ``TS.``, initials... are
  not breaks), has no ``:`` or ``;``, starts with a capital letter, ends with
  ``.`` -- or, directly after a photo gap only, with a letter, digit, ``)`` or
  closing quote (never with ``:`` ``;`` ``,`` ``…`` ``?`` ``!``) -- and does
  not contain a verb of speech (``cho biết``, ``nhấn mạnh``, ``khẳng định``...);
  unless it follows a photo gap, it must also be no longer than 3/4 of the
  article's median paragraph, so that a page of short paragraphs keeps them;

and in both cases it does not start with an enumeration or a connective
(``Thứ nhất``, ``Thứ hai``... ``Một là``, ``Hai là``..., ``Trước hết``,
``Tuy nhiên``, ``Ngoài ra``, ``Theo``, ``1.``, ``a)``, ``-``...), does not
start with a quotation mark, is not inside a multi-paragraph quotation and is
not followed by a quote block (then it introduces the quote). On the seed this
keeps exactly the two photo captions and leaves "Thứ ba, ..." (33 words, an
enumeration) a paragraph. Known limit: a short one-sentence paragraph of ordinary prose
("Hội nghị bế mạc chiều cùng ngày.") reads as a caption.

Quote rule: the paragraph starts with ``“`` (or ``"``, ``«``), contains exactly
one quotation (one opening and one closing mark), and after the closing mark
there is nothing, punctuation, or a short attribution (at most 12 words,
introduced by ``,`` ``-`` ``–`` ``(`` or ``.``).

Nothing is lost: every non-chrome body paragraph ends up as the lead, a
paragraph, a quote, a caption or the byline.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path

from toasoan.vietnamese import fold, nfc, parse_datetime

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

#: Lines that start the site chrome (compared after ``fold()``, punctuation
#: removal and whitespace collapsing, so case and diacritics do not matter).
#: ``#`` stands for a number. Extend freely.
CHROME_MARKERS: tuple[str, ...] = (
    # reader-comment box
    "Ý kiến bạn đọc về bài viết này",
    "Ý kiến bạn đọc",
    "Ý kiến bạn đọc (#)",
    "Họ và tên",
    "Họ tên",
    "Địa chỉ",
    "Email",
    "Ý kiến của bạn",
    "Mã bảo vệ",
    "Mã xác nhận",
    "Gửi ý kiến",
    "Gửi ý kiến của bạn",
    "Gửi bình luận",
    "Bình luận",
    # related articles
    "Bài cùng chuyên mục",
    "Tin cùng chuyên mục",
    "Các tin khác",
    "Các bài khác",
    "Tin liên quan",
    "Bài liên quan",
    "Bài viết liên quan",
    "Tin đã đưa",
    "Đọc nhiều nhất",
    "Tin đọc nhiều",
    # print issue box
    "Giới thiệu tạp chí in",
    "Số # - #",
    "Tra cứu tạp chí in",
    "Tra cứu tạp chí in trước năm #",
    # video corner
    "Video clips",
    "Video clip",
    # tools
    "In bài viết",
    "Bản in",
    "Gửi bài viết",
    "Gửi cho bạn bè",
    "Chia sẻ",
    "Về đầu trang",
    "Lên đầu trang",
    "Quay lại",
    "Trở về",
    "Từ khóa",
)

# What the database columns hold (Wagtail's page title, the author's name):
# longer values were stored by SQLite but refused by PostgreSQL or by page
# validation, which stopped the whole import (found by fuzzing).
MAX_TITLE_LENGTH = 255
MAX_SECTION_LENGTH = 200
MAX_NAME_LENGTH = 120
# Publication years the importer accepts: year 1 in Vietnam time is before
# year 1 in UTC, which cannot be stored (OverflowError).
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_CAPTION_WORDS = 25
MAX_CREDITED_CAPTION_WORDS = 40
MAX_ATTRIBUTION_WORDS = 12


class LegacyParseError(ValueError):
    """The text is not a legacy page; the message says why (in English)."""


@dataclass
class Block:
    """One item of the article body, in order."""

    kind: str  # "paragraph" | "image" | "quote"
    text: str = ""  # paragraph text; for "image" the caption ("" when none)


@dataclass
class LegacyArticle:
    section: str
    title: str
    published: datetime  # aware, Asia/Ho_Chi_Minh
    lead: str  # the first body paragraph (the sapo)
    blocks: list[Block] = field(default_factory=list)  # body after the lead
    authors: list[str] = field(default_factory=list)  # from the byline


@dataclass
class _Paragraph:
    text: str
    gap: int  # blank lines before it
    line: int  # 1-based line number of its first line


# --------------------------------------------------------------------------
# normalisation helpers

_NOT_WORD = re.compile(r"[\W_]+")
_NOT_WORD_OR_HASH = re.compile(r"[^\w#]+|_+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
_EDGE_JUNK = " \t\f\v\u00a0\u2007\u202f\u200b\ufeff"


def _key(text: str) -> str:
    """``fold()``ed, punctuation-free, whitespace-collapsed form of ``text``."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


@functools.lru_cache(maxsize=8)
def _chrome_regex(markers: tuple[str, ...]) -> tuple[re.Pattern[str], int]:
    """The markers as one regex over keys, and the longest line worth trying."""
    alternatives = []
    longest = 0
    for marker in markers:
        tokens = _NOT_WORD_OR_HASH.sub(" ", fold(marker)).split()
        if tokens:
            alternatives.append(
                " ".join(r"\d+" if t == "#" else re.escape(t) for t in tokens)
            )
            longest = max(longest, len(marker))
    pattern = re.compile("|".join(alternatives) or r"(?!)")
    # room for punctuation, spacing and long numbers around the marker words
    return pattern, 2 * longest + 20


def is_chrome_line(line: str, markers: tuple[str, ...] = CHROME_MARKERS) -> bool:
    """True when ``line`` is one of the site-chrome markers."""
    pattern, longest = _chrome_regex(tuple(markers))
    if len(line) > longest:
        return False  # a paragraph of text, not a marker (and cheap to tell)
    key = _key(line)
    return bool(key) and pattern.fullmatch(key) is not None


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


def _words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------
# classification helpers

_OPENERS = "“«"
_CLOSERS = "”»"
_QUOTE_CHARS = '“”«»"„'

_CREDIT = re.compile(
    r"(?<!\w)[(\[]?\s*"
    r"(?:(?:nguồn\s+)?ảnh|anh|photo)\s*"
    r"(?::[^()\[\]]{1,80}?|minh\s+h(?:ọa|oạ|oa)[^()\[\]]{0,40}?)"
    r"\s*[)\]]?\s*\.?$",
    re.IGNORECASE,
)

# folded word sequences that open enumerations and connectives: not captions
_NON_CAPTION_STARTS = tuple(
    _key(w)
    for w in (
        "Thứ nhất",
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
        "Thứ năm",
        "Thứ sáu",
        "Thứ bảy",
        "Thứ bẩy",
        "Thứ tám",
        "Thứ chín",
        "Thứ mười",
        "Một là",
        "Hai là",
        "Ba là",
        "Bốn là",
        "Năm là",
        "Sáu là",
        "Bảy là",
        "Tám là",
        "Chín là",
        "Mười là",
        "Trước hết",
        "Trước tiên",
        "Cuối cùng",
        "Tiếp theo",
        "Ngoài ra",
        "Bên cạnh đó",
        "Tuy nhiên",
        "Tuy vậy",
        "Do đó",
        "Do vậy",
        "Vì vậy",
        "Vì thế",
        "Bởi vậy",
        "Bởi thế",
        "Theo",
        "Đồng thời",
        "Mặt khác",
        "Hơn nữa",
        "Như vậy",
        "Sau đó",
        "Tiếp đó",
        "Trước đó",
        "Trong khi",
        "Nhưng",
        "Nếu",
    )
)
_SPEECH_VERBS = re.compile(
    r"\b(?:cho biet|cho rang|khang dinh|nhan manh|noi rang|nhan dinh)\b"
)
_LIST_ITEM = re.compile(r"^(?:[-–—•·+*]|(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s)")
_SENTENCE_BREAK = re.compile(r"[.!?…]+[”\"’)]*\s+(?=\S)")
# "TP. Huế", "TS. Lan": a period after these does not end a sentence
_ABBREVIATIONS = frozenset(
    ("tp", "tx", "tt", "ts", "ths", "gs", "pgs", "bs", "ks", "ls", "nxb", "st")
)


def _sentence_count(text: str) -> int:
    count = 1
    for match in _SENTENCE_BREAK.finditer(text):
        after = text[match.end()]
        if not (after.isupper() or after.isdigit() or after in _QUOTE_CHARS):
            continue  # "... tiếp tục" after an ellipsis: same sentence
        before = text[: match.start()].split()
        word = before[-1] if before else ""
        bare = _key(word)
        if match.group().startswith(".") and (
            bare in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
        ):
            continue  # "TP. Huế", "N. Lan"
        count += 1
    return count


def _starts_with(key: str, prefixes: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + " ") for p in prefixes)


def _is_quote(text: str) -> bool:
    if not text or text[0] not in _OPENERS + '"':
        return False
    if text[0] == '"':
        if text.count('"') != 2 or any(c in text for c in _OPENERS + _CLOSERS):
            return False
        end = text.index('"', 1)
    else:
        opener = text[0]
        closer = _CLOSERS[_OPENERS.index(opener)]
        if text.count(opener) != 1 or text.count(closer) != 1:
            return False
        end = text.index(closer)
    quoted, tail = text[1:end].strip(), text[end + 1 :].strip()
    if not _words(quoted):
        return False
    if not _NOT_WORD.sub("", tail):
        return True  # nothing but punctuation after the quotation
    if tail[0] not in ",.-–—(":
        return False  # “Đổi mới” là ...: the quotation is only part of it
    return _words(tail) <= MAX_ATTRIBUTION_WORDS and _sentence_count(tail) == 1


def _quote_balance(text: str) -> int:
    balance = sum(text.count(c) for c in _OPENERS) - sum(
        text.count(c) for c in _CLOSERS
    )
    if text.count('"') % 2:
        balance += 1 if text.startswith('"') else -1
    return balance


def _is_caption(
    text: str,
    *,
    after_gap: bool,
    in_quote: bool,
    next_is_quote: bool,
    short_limit: float = MAX_CAPTION_WORDS,
) -> bool:
    if "\n" in text or in_quote or next_is_quote:
        return False
    if text[0] in _QUOTE_CHARS or _LIST_ITEM.match(text):
        return False
    words = text.split()
    if len(words) > MAX_CREDITED_CAPTION_WORDS + 12:
        return False  # too long for any caption (cheap early exit)
    if _starts_with(_key(" ".join(words[:4])), _NON_CAPTION_STARTS):
        return False
    credit = _CREDIT.search(text)
    if credit:
        return _words(text[: credit.start()]) <= MAX_CREDITED_CAPTION_WORDS
    if len(words) > MAX_CAPTION_WORDS or not text[0].isupper():
        return False
    if not after_gap and len(words) > short_limit:
        return False  # not much shorter than the article's own paragraphs
    if _sentence_count(text) != 1 or _SPEECH_VERBS.search(_key(text)):
        return False
    if ":" in text or ";" in text:
        return False  # a list or an explanation, not a caption
    end = text.rstrip('”"’»)')
    if end.endswith(".") and not end.endswith(".."):
        return True
    return after_gap and (text[-1].isalnum() or text[-1] in '”"’»)')


_BYLINE_LABEL = re.compile(
    r"^(?:bài\s*(?:và|,|&|-)\s*ảnh|bài|ảnh|tin|tin\s*(?:và|,|&)\s*ảnh|"
    r"nhóm\s+phóng\s+viên|nhóm\s+pv|pv|phóng\s+viên|tác\s+giả)\s*:\s*",
    re.IGNORECASE,
)
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,;&\n]|\s[-–—]\s|\svà\s)\s*")
_NAME_CHARS = frozenset(".-'’")


def _parse_byline(text: str) -> list[str] | None:
    if not text[-1].isalnum():
        return None
    text = _BYLINE_LABEL.sub("", text, count=1)
    names = _BYLINE_SEPARATORS.split(text)
    if not 1 <= len(names) <= 8:
        return None
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 6 or len(" ".join(words)) > MAX_NAME_LENGTH:
            return None
        for word in words:
            if not word[0].isupper() or not all(
                c.isalpha() or c in _NAME_CHARS for c in word
            ):
                return None
    return [" ".join(n.split()) for n in names]


# --------------------------------------------------------------------------
# parsing


def _split_body(lines: list[str], first_line: int) -> list[_Paragraph]:
    """Paragraphs of the body, up to the first chrome marker.

    ``first_line`` is the 1-based line number of ``lines[0]``.
    """
    paragraphs: list[_Paragraph] = []
    current: list[str] = []
    start = gap = blanks = 0

    def flush() -> None:
        if current:
            paragraphs.append(_Paragraph("\n".join(current), gap, start))
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
    authors: list[str] = []
    byline_gap = False
    if rest and (names := _parse_byline(rest[-1].text)) is not None:
        authors = names
        byline_gap = rest[-1].gap >= 2
        rest = rest[:-1]

    # Without a photo gap or a credit, a caption must also be clearly shorter
    # than the paragraphs around it: 3/4 of the median paragraph length.
    lengths = sorted(_words(p.text) for p in [lead, *rest])
    short_limit = max(6, lengths[len(lengths) // 2] * 3 / 4)

    blocks: list[Block] = []
    in_quote = False
    for i, para in enumerate(rest):
        text = para.text
        after_gap = para.gap >= 2
        if after_gap:
            in_quote = False
        is_quote = _is_quote(text)
        next_is_quote = i + 1 < len(rest) and _is_quote(rest[i + 1].text)
        if not is_quote and _is_caption(
            text,
            after_gap=after_gap,
            in_quote=in_quote,
            next_is_quote=next_is_quote,
            short_limit=short_limit,
        ):
            blocks.append(Block("image", text))
        else:
            if after_gap:
                blocks.append(Block("image", ""))
            blocks.append(Block("quote" if is_quote else "paragraph", text))
        if not is_quote:
            balance = _quote_balance(text)
            if balance > 0 and text[0] in _QUOTE_CHARS:
                in_quote = True
            elif balance < 0 or (
                in_quote and text.rstrip(".").endswith(tuple(_CLOSERS))
            ):
                in_quote = False
    if byline_gap:
        blocks.append(Block("image", ""))

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
