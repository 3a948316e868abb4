"""Character error rate of OCR output against the text we know (no Django)."""

from toasoan.vietnamese import fold, nfc


def normalise(text: str, diacritics: bool = True) -> str:
    """NFC, one space between words; folded (no diacritics, đ→d) if asked."""
    text = " ".join(nfc(text or "").split())
    return text if diacritics else fold(text)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings, by characters."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        previous = current
    return previous[-1]


def cer(reference: str, hypothesis: str, diacritics: bool = True) -> float:
    """Edits needed to turn the OCR text into the reference, per reference
    character. Without diacritics both sides are folded first, which shows how
    much of the error is tone and vowel marks."""
    ref = normalise(reference, diacritics)
    hyp = normalise(hypothesis, diacritics)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
