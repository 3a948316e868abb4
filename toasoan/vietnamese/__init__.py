"""Vietnamese text and date helpers, free of Django so any layer can use them.

Text: NFC normalization, accent folding, tone-mark placement, search keys and
slugs. Dates: the magazine's "18:31' 12/1/2022" format in Vietnam time.
"""

from .dates import TIMEZONE, format_date, format_datetime, parse_datetime
from .text import fold, nfc, search_key, slugify, telex
from .tones import is_vietnamese_syllable, normalize_tone

__all__ = [
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
    "telex",
]
