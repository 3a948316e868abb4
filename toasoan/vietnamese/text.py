"""Unicode normalization, search keys and slugs for Vietnamese text."""

import re
import unicodedata

from .tones import normalize_tone

__all__ = ["fold", "nfc", "search_key", "slugify"]

# "đ" has no decomposition, so dropping marks alone would keep it. "ð" (eth)
# is included because legacy Vietnamese encodings often produced "Ð" for "Đ".
_D_LETTERS = str.maketrans({"đ": "d", "ð": "d"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Compose text to NFC and change nothing else.

    Keeps what the writer typed while making precomposed and combining input
    compare equal.
    """
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip all diacritics, map đ to d and casefold, for loose matching.

    "Trương Thị Mai" and "truong thi mai" fold to the same string, so readers
    who type without accents still find what they look for.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(
        ch for ch in decomposed if not unicodedata.category(ch).startswith("M")
    )
    return bare.translate(_D_LETTERS)


def search_key(text: str) -> str:
    """Lowercase NFC text with tones in the new style, for exact-word search.

    Unlike fold, it keeps the diacritics, so "ma" and "má" stay different,
    while "Hòa" and "hoà" (or NFD input) give the same key.
    """
    return normalize_tone(nfc(text).casefold(), style="new")


def slugify(text: str, max_length: int = 100) -> str:
    """Make a readable ASCII slug such as "doi-moi-phuong-thuc".

    A slug longer than max_length is cut at a word boundary, so that URLs do
    not end in half a word; only a single overlong word is cut mid-word.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, not {max_length}")
    slug = _NOT_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug.rfind("-", 0, max_length + 1)
    if cut > 0:
        return slug[:cut]
    return slug[:max_length]
