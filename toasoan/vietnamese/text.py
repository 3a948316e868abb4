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


_TONE_LETTERS = {
    "\u0300": "f",  # huyền
    "\u0301": "s",  # sắc
    "\u0309": "r",  # hỏi
    "\u0303": "x",  # ngã
    "\u0323": "j",  # nặng
}


def telex(word: str) -> str:
    """Spell a word in Telex with the tone letter last: "người" → "nguwowif".

    The result is plain ASCII that keeps every diacritic, so a full-text
    engine can index the exact word next to its folded form; putting the tone
    last makes old and new tone placement ("hòa", "hoà") spell the same.
    """
    letters: list[str] = []
    tone = ""
    # No tone re-placement needed: the tone letter goes last whatever vowel
    # carried it, so NFC + lower case is enough (and much cheaper).
    for char in unicodedata.normalize("NFC", word).lower():
        if char == "đ":
            letters.append("dd")
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        letters.append(base)
        for mark in marks:
            if mark == "\u0302":  # circumflex: â ê ô → aa ee oo
                letters.append(base)
            elif mark in ("\u0306", "\u031b"):  # breve, horn: ă ơ ư → aw ow uw
                letters.append("w")
            elif mark in _TONE_LETTERS:
                tone = _TONE_LETTERS[mark]
    return "".join(letters) + tone
