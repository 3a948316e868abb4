"""NFC, folding, search keys and slugs."""

import unicodedata

import pytest

from toasoan.vietnamese import fold, nfc, search_key, slugify, telex


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


SAMPLES = [
    "Trương Thị Mai",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Hòa bình và thủy lợi",
    "Hoà bình và thuỷ lợi",
    "Đổi mới phương thức lãnh đạo, đội ngũ cán bộ",
    "Thời sự - Chính trị",
    "COVID-19 ở Đắk Lắk",
    "người được mười",
    "",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (nfd("Hòa bình"), "Hòa bình"),
        (nfd("Nguyễn Ái Quốc"), "Nguyễn Ái Quốc"),
        ("o\u031b\u0301", "ớ"),
        ("Hòa", "Hòa"),  # old style stays old: nfc does not move tones
        ("hoà", "hoà"),
        ("a\u00a0b", "a\u00a0b"),  # NBSP is kept
        ("  Hà   Nội ", "  Hà   Nội "),
        ("ĐẢNG", "ĐẢNG"),
        ("", ""),
    ],
)
def test_nfc(text, expected):
    assert nfc(text) == expected
    assert nfc(expected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trương Thị Mai", "truong thi mai"),
        ("ĐẢNG", "dang"),
        ("đảng", "dang"),
        ("Đà Nẵng", "da nang"),
        ("\u00d0à Nẵng", "da nang"),  # eth typed for Đ by legacy encodings
        ("NGƯỜI ĐƯỢC MƯỜI", "nguoi duoc muoi"),
        ("Hòa", "hoa"),
        ("hoà", "hoa"),
        ("Thủy", "thuy"),
        ("khuỷu", "khuyu"),
        ("Quốc hội", "quoc hoi"),
        ("ăâêôơư", "aaeoou"),
        ("ĂÂÊÔƠƯ", "aaeoou"),
        ("COVID-19", "covid-19"),
        ("café", "cafe"),
        ("Straße", "strasse"),
        ("a\u00a0b", "a\u00a0b"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected
    assert fold(nfd(text)) == expected


@pytest.mark.parametrize("text", SAMPLES)
def test_fold_is_ascii_for_vietnamese(text):
    assert fold(text).isascii()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Hòa bình", "hoà bình"),
        ("HÒA BÌNH", "hoà bình"),
        ("thủy lợi", "Thuỷ Lợi"),
        ("khỏe", "KHOẺ"),
        ("ngóai", "ngoái"),
        (nfd("Hòa bình"), "hoà bình"),
        (nfd("người được"), "NGƯỜI ĐƯỢC"),
    ],
)
def test_search_key_equal(left, right):
    assert search_key(left) == search_key(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hòa bình", "hoà bình"),
        ("THỦY LỢI", "thuỷ lợi"),
        ("Đảng", "đảng"),
        ("COVID-19", "covid-19"),
        ("", ""),
    ],
)
def test_search_key_value(text, expected):
    assert search_key(text) == expected
    assert unicodedata.is_normalized("NFC", search_key(text))


@pytest.mark.parametrize(
    "words",
    [
        ["ma", "má", "mà", "mả", "mã", "mạ"],
        ["hoa", "hoà", "hoá", "hoả", "hoã", "hoạ"],
        ["ma", "mă", "mâ"],
        ["dang", "đang"],
        ["thu", "thư"],
    ],
)
def test_search_key_keeps_words_apart(words):
    keys = {search_key(w) for w in words}
    assert len(keys) == len(words)
    assert {search_key(nfd(w)) for w in words} == keys


@pytest.mark.parametrize("text", SAMPLES)
def test_search_key_nfd(text):
    assert search_key(nfd(text)) == search_key(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng", "dang"),
        (
            "Đổi mới phương thức lãnh đạo, đội ngũ cán bộ",
            "doi-moi-phuong-thuc-lanh-dao-doi-ngu-can-bo",
        ),
        ("Thời sự - Chính trị", "thoi-su-chinh-tri"),
        ("Hòa bình", "hoa-binh"),
        ("Hoà bình", "hoa-binh"),
        ("  --Hà Nội!!  ", "ha-noi"),
        ("COVID-19: 2 ca mới", "covid-19-2-ca-moi"),
        ("Tòa Soạn & Độc giả", "toa-soan-doc-gia"),
        ("Đà\u00a0Nẵng\tnăm\n2022", "da-nang-nam-2022"),
        ("“Người đẹp” — bình chọn…", "nguoi-dep-binh-chon"),
        ("a_b", "a-b"),
        ("Straße", "strasse"),
        ("北京 Bắc Kinh", "bac-kinh"),
        ("", ""),
        ("   ", ""),
        ("!?…—", ""),
        ("北京", ""),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected
    assert slugify(nfd(text)) == expected


@pytest.mark.parametrize(
    ("text", "max_length", "expected"),
    [
        ("doi moi phuong thuc", 100, "doi-moi-phuong-thuc"),
        ("doi moi phuong thuc", 19, "doi-moi-phuong-thuc"),  # exactly fits
        ("doi moi phuong thuc", 18, "doi-moi-phuong"),
        ("doi moi phuong thuc", 14, "doi-moi-phuong"),  # cut on the hyphen
        ("doi moi phuong thuc", 15, "doi-moi-phuong"),
        ("doi moi phuong thuc", 13, "doi-moi"),
        ("doi moi phuong thuc", 7, "doi-moi"),
        ("doi moi phuong thuc", 6, "doi"),
        ("doi moi phuong thuc", 3, "doi"),
        ("doi moi phuong thuc", 2, "do"),  # first word alone is too long
        ("nghieng", 4, "nghi"),
        ("Đổi mới phương thức lãnh đạo", 20, "doi-moi-phuong-thuc"),
        ("x" * 150, 100, "x" * 100),
        (" ".join(["cán bộ"] * 30), 100, "-".join(["can-bo"] * 14)),
    ],
)
def test_slugify_max_length(text, max_length, expected):
    slug = slugify(text, max_length=max_length)
    assert slug == expected
    assert len(slug) <= max_length
    assert not slug.endswith("-")


def test_slugify_default_max_length():
    slug = slugify("Đổi mới " * 40)
    assert slug == "-".join(["doi-moi"] * 12 + ["doi"])
    assert len(slug) == 99


@pytest.mark.parametrize("max_length", [0, -1])
def test_slugify_bad_max_length(max_length):
    with pytest.raises(ValueError, match="max_length"):
        slugify("Hà Nội", max_length=max_length)


@pytest.mark.parametrize(
    "word, spelled",
    [
        ("người", "nguwowif"),
        ("Trương", "truwowng"),
        ("hòa", "hoaf"),
        ("hoà", "hoaf"),
        ("thủy", "thuyr"),
        ("thuỷ", "thuyr"),
        ("Đảng", "ddangr"),
        ("má", "mas"),
        ("mà", "maf"),
        ("mả", "mar"),
        ("mã", "max"),
        ("mạ", "maj"),
        ("ma", "ma"),
        ("ăn", "awn"),
        ("ấm", "aams"),
        ("covid", "covid"),
    ],
)
def test_telex_keeps_every_diacritic_in_ascii(word, spelled):
    assert telex(word) == spelled
    assert telex(unicodedata.normalize("NFD", word)) == spelled
