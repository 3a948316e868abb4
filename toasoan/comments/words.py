"""The moderators' word list, matched the way Vietnamese readers type.

A rule matches a run of words in a comment when, word by word, either both
carry the same letters and tones (whatever the tone placement or Unicode
form), or the comment's word was typed without any diacritics and equals the
rule's word once folded. So a banned word is also caught when typed plainly,
but an innocent accented word that merely folds to the same letters is not.
"""

import re

from toasoan.vietnamese import fold, nfc, search_key

WORD = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return WORD.findall(nfc(text))


def _same_word(typed: str, rule: str) -> bool:
    if search_key(typed) == search_key(rule):
        return True
    plain = fold(typed) == typed.lower()
    return plain and typed.lower() == fold(rule)


def contains_phrase(text: str, phrase: str) -> bool:
    words, wanted = _tokens(text), _tokens(phrase)
    if not wanted:
        return False
    size = len(wanted)
    for start in range(len(words) - size + 1):
        window = words[start : start + size]
        if all(_same_word(w, r) for w, r in zip(window, wanted, strict=True)):
            return True
    return False


def first_match(text: str, phrases) -> str | None:
    for phrase in phrases:
        if contains_phrase(text, phrase):
            return phrase
    return None
