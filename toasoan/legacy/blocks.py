"""What each paragraph of a legacy page's body is: a paragraph, a quotation,
a photo (with its caption, or none) or the byline.

Pure Python (no Django); :mod:`parser` reads the header and cuts the body into
paragraphs, this module classifies them.

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

import re
from dataclasses import dataclass

from .chrome import NOT_WORD, fold_key

__all__ = [
    "MAX_CAPTION_WORDS",
    "MAX_NAME_LENGTH",
    "Block",
    "Paragraph",
    "body_blocks",
    "parse_byline",
]

# What the author's name column holds: a longer name was stored by SQLite but
# refused by PostgreSQL, which stopped the whole import (found by fuzzing).
MAX_NAME_LENGTH = 120
MAX_CAPTION_WORDS = 25
MAX_CREDITED_CAPTION_WORDS = 40
MAX_ATTRIBUTION_WORDS = 12


@dataclass
class Block:
    """One item of the article body, in order."""

    kind: str  # "paragraph" | "image" | "quote"
    text: str = ""  # paragraph text; for "image" the caption ("" when none)


@dataclass
class Paragraph:
    text: str
    gap: int  # blank lines before it
    line: int  # 1-based line number of its first line


def _words(text: str) -> int:
    return len(text.split())


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
    fold_key(w)
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
        bare = fold_key(word)
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
    if not NOT_WORD.sub("", tail):
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
    if _starts_with(fold_key(" ".join(words[:4])), _NON_CAPTION_STARTS):
        return False
    credit = _CREDIT.search(text)
    if credit:
        return _words(text[: credit.start()]) <= MAX_CREDITED_CAPTION_WORDS
    if len(words) > MAX_CAPTION_WORDS or not text[0].isupper():
        return False
    if not after_gap and len(words) > short_limit:
        return False  # not much shorter than the article's own paragraphs
    if _sentence_count(text) != 1 or _SPEECH_VERBS.search(fold_key(text)):
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


def parse_byline(text: str) -> list[str] | None:
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


def _in_quote_after(text: str, in_quote: bool) -> bool:
    """Whether a multi-paragraph quotation is still open after ``text``."""
    balance = _quote_balance(text)
    if balance > 0 and text[0] in _QUOTE_CHARS:
        return True
    if balance < 0 or (in_quote and text.rstrip(".").endswith(tuple(_CLOSERS))):
        return False
    return in_quote


def body_blocks(
    lead: Paragraph, rest: list[Paragraph]
) -> tuple[list[Block], list[str]]:
    """The blocks after the lead, and the byline's names (``[]``: none)."""
    authors: list[str] = []
    byline_gap = False
    if rest and (names := parse_byline(rest[-1].text)) is not None:
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
            in_quote = _in_quote_after(text, in_quote)
    if byline_gap:
        blocks.append(Block("image", ""))
    return blocks, authors
