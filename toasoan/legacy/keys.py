"""What makes two scraped files the same legacy page.

Pure Python (no Django): the importer and the migration that keyed the
articles imported before it (news 0007, which keeps a frozen copy) use it.

A legacy page carries no address of its own: the scraper kept the section,
the title, the publication time and the text, but no URL or canonical link
(see ``parser.py``). So a page is known by those three, each normalised, and
the file name plays no part: the same page saved under another name is still
the same page.

* section: folded like the importer's choice of section (``fold``: no
  diacritics, case folded), so the key follows the section the article is
  filed under;
* title: NFC, case folded, tone marks in one style (``hòa`` = ``hoà``);
* time: the minute, in UTC.

In both texts any run of whitespace (NBSP included) counts as one space.

The key is three hashes of :data:`PART_HEX` hex digits, one per part, so that
two keys can also be compared part by part (:func:`differing_parts`).
"""

import hashlib
from datetime import UTC, datetime

from toasoan.vietnamese import fold, search_key

__all__ = ["KEY_LENGTH", "PART_HEX", "differing_parts", "page_key", "section_key"]

PART_HEX = 20
KEY_LENGTH = 3 * PART_HEX


def _squash(text: str) -> str:
    return " ".join(text.split())


def section_key(name: str) -> str:
    """How the importer tells sections apart: "Văn hoá  - xã hội" is the
    section "Văn hóa - Xã hội"."""
    return _squash(fold(name))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:PART_HEX]


def page_key(section: str, title: str, published: datetime) -> str:
    """The page's key: ``KEY_LENGTH`` hex digits."""
    if published.tzinfo is None:
        raise ValueError("published must be an aware datetime")
    minute = published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    parts = (section_key(section), _squash(search_key(title)), minute)
    return "".join(_digest(part) for part in parts)


def differing_parts(key: str, other: str) -> int:
    """How many of section, title and time differ between two keys (0-3)."""
    if len(key) != KEY_LENGTH or len(other) != KEY_LENGTH:
        return 3
    return sum(
        key[i : i + PART_HEX] != other[i : i + PART_HEX]
        for i in range(0, KEY_LENGTH, PART_HEX)
    )
