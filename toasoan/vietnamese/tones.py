"""Placement of Vietnamese tone marks.

Vietnamese text arrives with the tone mark on different vowels depending on the
writer's habit ("hòa" or "hoà") and keyboard (precomposed or combining
characters). This module parses each syllable and puts its single tone mark
back on the vowel that a chosen spelling style expects, so that the same word
always has the same code points.
"""

import re
import unicodedata

__all__ = ["STYLES", "is_vietnamese_syllable", "normalize_tone"]

STYLES = ("new", "old")

# The five combining tone marks; the level tone (thanh ngang) has no mark.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Vowels carrying a quality mark (circumflex, breve, horn) attract the tone.
_QUALITY_VOWELS = frozenset("âăêôơư")
_VOWELS = "aăâeêioôơuưy"
_BARE_VOWELS = frozenset("aeiouy")

# Alternation order matters: longer initials first, and "gi"/"qu" before "g".
# The regex engine falls back from "gi" to "g" when no vowel follows the "i",
# which is exactly how "gìn" and "gì" differ from "giá" and "giữ".
_SYLLABLE = re.compile(
    r"(?P<initial>ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    rf"(?P<nucleus>[{_VOWELS}]{{1,3}})"
    r"(?P<final>ch|ng|nh|[cmnpt])?"
)

# Vowel clusters that occur in Vietnamese once "qu" and "gi" are taken as
# initials; anything else ("ou", "ea", ...) marks the word as foreign.
_NUCLEI_TABLE = """
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi
    ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
    iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu
"""
_NUCLEI = frozenset(_NUCLEI_TABLE.split())

# Open two-vowel nuclei whose tone position is a matter of spelling style.
_STYLE_DEPENDENT = frozenset({"oa", "oe", "uy"})

# A "word" for our purpose: letters, digits and any combining diacritic, so an
# NFD syllable is not split at its marks and "COVID19" stays one token.
_WORD = re.compile(r"[\w\u0300-\u036f]+")


def _split_tone(word: str) -> tuple[str, str] | None:
    """Return (toneless NFC base, tone mark) or None if the marks look wrong.

    The tone mark is "" for a level-tone syllable. None means more than one
    tone mark, or a tone mark that does not sit on a vowel, which no
    Vietnamese syllable has.
    """
    tone = ""
    base_chars = []
    last_letter = ""
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            if tone or last_letter.lower() not in _BARE_VOWELS:
                return None
            tone = ch
            continue
        if not unicodedata.combining(ch):
            last_letter = ch
        base_chars.append(ch)
    return unicodedata.normalize("NFC", "".join(base_chars)), tone


def _parse(base: str) -> re.Match[str] | None:
    """Match a toneless, lowercase syllable against Vietnamese phonotactics."""
    match = _SYLLABLE.fullmatch(base)
    if match is None or match["nucleus"] not in _NUCLEI:
        return None
    return match


def _tone_index(nucleus: str, closed: bool, style: str) -> int:
    """Index within the nucleus of the vowel that carries the tone."""
    marked = [i for i, ch in enumerate(nucleus) if ch in _QUALITY_VOWELS]
    if marked:
        # Last one wins so that "ươ" puts the tone on "ơ".
        return marked[-1]
    if closed:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    if nucleus in _STYLE_DEPENDENT:
        return 1 if style == "new" else 0
    return 0


def is_vietnamese_syllable(word: str) -> bool:
    """Tell whether word is spelled like one Vietnamese syllable.

    Only the shape is checked (initial, vowel cluster, final, at most one tone
    mark on a vowel), not whether the syllable is in a dictionary.
    """
    split = _split_tone(word)
    if split is None:
        return False
    base = split[0]
    lower = base.lower()
    return len(lower) == len(base) and _parse(lower) is not None


def _retone(word: str, style: str) -> str:
    """Move the tone mark of one syllable; foreign words come back as NFC."""
    split = _split_tone(word)
    if split is None or not split[1]:
        return word
    base, tone = split
    lower = base.lower()
    match = _parse(lower) if len(lower) == len(base) else None
    if match is None:
        return word
    nucleus = match["nucleus"]
    at = match.start("nucleus") + _tone_index(nucleus, bool(match["final"]), style)
    # The base keeps the writer's letter case; NFC composes the mark onto it.
    return unicodedata.normalize("NFC", base[: at + 1] + tone + base[at + 1 :])


def normalize_tone(text: str, style: str = "new") -> str:
    """Put every syllable's tone mark where the style wants it; return NFC.

    style "new" (kiểu mới) writes hoà, khoẻ, thuỷ; style "old" (kiểu cũ)
    writes hòa, khỏe, thủy. Words that are not Vietnamese syllables are left
    as they are, apart from NFC normalization.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    retoned = _WORD.sub(lambda m: _retone(m.group(), style), text)
    return unicodedata.normalize("NFC", retoned)
