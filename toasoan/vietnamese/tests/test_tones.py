"""Tone-mark placement: the rules of both spelling styles, word by word."""

import unicodedata

import pytest

from toasoan.vietnamese import is_vietnamese_syllable, normalize_tone


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# (old style, new style): open "oa", "oe", "uy" are the only style-dependent
# cases.
STYLE_PAIRS = [
    ("hòa", "hoà"),
    ("hòe", "hoè"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("lòa", "loà"),
    ("họa", "hoạ"),
    ("xõa", "xoã"),
    ("tùy", "tuỳ"),
    ("ủy", "uỷ"),
    ("úy", "uý"),
    ("òa", "oà"),
    ("thúy", "thuý"),
    ("HÒA", "HOÀ"),
    ("Thủy", "Thuỷ"),
    ("KHỎE", "KHOẺ"),
    ("Hòa", "Hoà"),
]

# Words whose tone position is the same in both styles, each with the rule it
# exercises.
STYLE_FREE = [
    ("quý", "qu is an initial"),
    ("quả", "qu is an initial"),
    ("quạ", "qu is an initial"),
    ("quốc", "qu is an initial; quality vowel"),
    ("quyền", "qu is an initial; yê"),
    ("giá", "gi is an initial"),
    ("già", "gi is an initial"),
    ("giữ", "gi is an initial; quality vowel"),
    ("giữa", "gi is an initial; ưa"),
    ("giếng", "gi is an initial; quality vowel"),
    ("giường", "gi is an initial; ươ"),
    ("giỏi", "gi is an initial; oi"),
    ("gì", "gi without another vowel"),
    ("gìn", "gi without another vowel"),
    ("người", "ươ takes it on ơ"),
    ("được", "ươ takes it on ơ"),
    ("mười", "ươ takes it on ơ"),
    ("tươi", "ươ takes it on ơ"),
    ("rượu", "ươ takes it on ơ"),
    ("thuở", "uơ takes it on ơ"),
    ("uống", "uô takes it on ô"),
    ("muốn", "uô takes it on ô"),
    ("tiền", "iê takes it on ê"),
    ("yến", "yê takes it on ê"),
    ("uyển", "uyê takes it on ê"),
    ("khuyến", "uyê takes it on ê"),
    ("thuyết", "uyê takes it on ê"),
    ("khuấy", "uây takes it on â"),
    ("hoặc", "oă takes it on ă"),
    ("thuế", "uê takes it on ê"),
    ("gửi", "ưi takes it on ư"),
    ("mứa", "ưa takes it on ư"),
    ("hưu", "ưu takes it on ư"),
    ("hoàng", "closed: last vowel"),
    ("toán", "closed: last vowel"),
    ("hoạch", "closed: last vowel"),
    ("khuých", "closed: last vowel"),
    ("huỳnh", "closed: last vowel"),
    ("khoét", "closed: last vowel"),
    ("ngoái", "open, three vowels: middle"),
    ("khuỷu", "open, three vowels: middle"),
    ("ngoẹo", "open, three vowels: middle"),
    ("xoáy", "open, three vowels: middle"),
    ("mía", "open ia: first"),
    ("múa", "open ua: first"),
    ("của", "open ua: first"),
    ("cáo", "open ao: first"),
    ("tái", "open ai: first"),
    ("máu", "open au: first"),
    ("chạy", "open ay: first"),
    ("mèo", "open eo: first"),
    ("tói", "open oi: first"),
    ("túi", "open ui: first"),
    ("dìu", "open iu: first"),
    ("ý", "single vowel"),
    ("à", "single vowel"),
    ("Đảng", "single vowel, đ initial"),
    ("NGƯỜI", "upper case"),
    ("Quốc", "capitalised"),
    ("GIỮ", "upper case gi"),
]

# (as typed, expected in the new style): the mark sits on the wrong vowel.
MISPLACED = [
    ("ngóai", "ngoái"),
    ("mưá", "mứa"),
    ("ngừơi", "người"),
    ("đựơc", "được"),
    ("múôn", "muốn"),
    ("tìên", "tiền"),
    ("qúy", "quý"),
    ("qủa", "quả"),
    ("gía", "giá"),
    ("gìa", "già"),
    ("hòang", "hoàng"),
    ("tóan", "toán"),
    ("miá", "mía"),
    ("khủyu", "khuỷu"),
    ("thúyết", "thúyết"),  # two tone marks: not a syllable, left alone
    ("HÒANG", "HOÀNG"),
]

# Not Vietnamese syllables, or nothing to move: must come back as they were.
UNTOUCHED = [
    "COVID-19",
    "email",
    "Wagtail",
    "iPhone 15",
    "café",
    "Pokémon",
    "Zoë",
    "où",
    "https://toasoan.vn/hoa-binh?page=2",
    "hoa",
    "thuy",
    "THUY",
    "2022",
    "",
    "   ",
    "— « » …",
    "hóà",
    "ǹa",
    "Đắk Lắk",
]

SENTENCE_OLD = (
    "Hòa bình, thủy lợi và sức khỏe: ủy ban Quốc hội họp "
    "lúc 18:31' 12/1/2022 về COVID-19 (email: toasoan@example.vn)."
)
SENTENCE_NEW = (
    "Hoà bình, thuỷ lợi và sức khoẻ: uỷ ban Quốc hội họp "
    "lúc 18:31' 12/1/2022 về COVID-19 (email: toasoan@example.vn)."
)


@pytest.mark.parametrize(("old", "new"), STYLE_PAIRS)
def test_old_to_new(old, new):
    assert normalize_tone(old, "new") == new
    assert normalize_tone(old) == new


@pytest.mark.parametrize(("old", "new"), STYLE_PAIRS)
def test_new_to_old(old, new):
    assert normalize_tone(new, "old") == old


@pytest.mark.parametrize(("old", "new"), STYLE_PAIRS)
@pytest.mark.parametrize("style", ["new", "old"])
def test_styles_are_idempotent(old, new, style):
    expected = new if style == "new" else old
    assert normalize_tone(expected, style) == expected


@pytest.mark.parametrize(("word", "rule"), STYLE_FREE)
@pytest.mark.parametrize("style", ["new", "old"])
def test_style_free_words(word, rule, style):
    assert normalize_tone(word, style) == word, rule


@pytest.mark.parametrize(("typed", "expected"), MISPLACED)
def test_misplaced_marks_are_moved(typed, expected):
    assert normalize_tone(typed) == expected


@pytest.mark.parametrize("text", UNTOUCHED)
@pytest.mark.parametrize("style", ["new", "old"])
def test_untouched(text, style):
    assert normalize_tone(text, style) == text


@pytest.mark.parametrize(
    "text",
    [w for pair in STYLE_PAIRS for w in pair]
    + [w for w, _ in STYLE_FREE]
    + [w for w, _ in MISPLACED]
    + UNTOUCHED
    + [SENTENCE_OLD, SENTENCE_NEW],
)
@pytest.mark.parametrize("style", ["new", "old"])
def test_nfd_input_gives_nfc_output(text, style):
    expected = normalize_tone(text, style)
    assert is_nfc(expected)
    assert normalize_tone(nfd(text), style) == expected


def test_mixed_nfc_and_nfd_input():
    mixed = nfd("Hòa") + " bình " + nfd("thủy") + " lợi"
    assert normalize_tone(mixed) == "Hoà bình thuỷ lợi"


def test_tone_typed_after_precomposed_quality_vowel():
    """Some keyboards send "ê" followed by a combining acute."""
    assert normalize_tone("y\u00ea\u0301n") == "yến"
    assert normalize_tone("ng\u01b0\u01a1\u0300i") == "người"


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        (SENTENCE_OLD, "new", SENTENCE_NEW),
        (SENTENCE_NEW, "old", SENTENCE_OLD),
        (SENTENCE_OLD, "old", SENTENCE_OLD),
        (SENTENCE_NEW, "new", SENTENCE_NEW),
    ],
)
def test_sentence(text, style, expected):
    assert normalize_tone(text, style) == expected


@pytest.mark.parametrize("sentence", [SENTENCE_OLD, nfd(SENTENCE_OLD)])
def test_sentence_round_trip(sentence):
    there = normalize_tone(sentence, "new")
    assert normalize_tone(there, "old") == unicodedata.normalize("NFC", sentence)


def test_whitespace_and_punctuation_are_kept():
    text = "\u00a0Hòa\tbình,\n  khỏe!\u00a0"
    assert normalize_tone(text) == "\u00a0Hoà\tbình,\n  khoẻ!\u00a0"


@pytest.mark.parametrize("style", ["", "NEW", "moi", None])
def test_unknown_style(style):
    with pytest.raises(ValueError, match="style"):
        normalize_tone("hòa", style)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("hòa", True),
        ("hoà", True),
        ("người", True),
        ("quý", True),
        ("gìn", True),
        ("khuỷu", True),
        ("NGHIÊNG", True),
        ("Đảng", True),
        ("hoa", True),
        ("a", True),
        (nfd("thuyết"), True),
        ("email", False),
        ("COVID", False),
        ("Wagtail", False),
        ("café", False),
        ("où", False),
        ("qu", False),
        ("hóà", False),
        ("ǹa", False),
        ("19", False),
        ("", False),
        ("hòa bình", False),
    ],
)
def test_is_vietnamese_syllable(word, expected):
    assert is_vietnamese_syllable(word) is expected
