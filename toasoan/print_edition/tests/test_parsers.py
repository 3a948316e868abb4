import pytest

from toasoan.print_edition import parsers

HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html><body>
<div class='ocr_page' id='page_1' title='image "x.png"; bbox 0 0 1000 2000; ppageno 0'>
 <div class='ocr_carea' title="bbox 100 100 900 300">
  <p class='ocr_par' title="bbox 100 100 900 300">
   <span class='ocr_line' title="bbox 100 100 900 150; baseline 0 -10">
    <span class='ocrx_word' title='bbox 100 100 300 150; x_wconf 96'>Thủy</span>
    <span class='ocrx_word' title='bbox 320 100 500 150; x_wconf 96'
      ><strong>lợi,</strong></span>
   </span>
   <span class='ocr_line' title="bbox 100 200 900 250">
    <span class='ocrx_word' title='bbox 100 200 400 250; x_wconf 90'>Đảng</span>
    <span class='ocrx_word' title='bbox 420 200 600 250; x_wconf 90'>&amp;</span>
   </span>
  </p>
  <p class='ocr_par' title="bbox 100 400 900 450">
   <span class='ocr_line' title="bbox 100 400 900 450">
    <span class='ocrx_word' title='bbox 100 400 300 450; x_wconf 91'>hoà</span>
   </span>
  </p>
 </div>
</div></body></html>"""

BBOX = """<html><body><doc>
<page width="200.000000" height="400.000000">
 <flow><block xMin="10" yMin="10" xMax="190" yMax="30">
  <line xMin="10" yMin="10" xMax="190" yMax="30">
   <word xMin="10.0" yMin="10.0" xMax="50.0" yMax="30.0">Hội</word>
   <word xMin="60.0" yMin="10.0" xMax="100.0" yMax="30.0">nghị</word>
  </line></block></flow>
</page>
<page width="200" height="400"></page>
</doc></body></html>"""


def test_hocr_words_boxes_and_text():
    page = parsers.parse_hocr(HOCR)
    assert (page.width, page.height) == (1000, 2000)
    assert page.text == "Thủy lợi,\nĐảng &\n\nhoà"
    words = page.compact_words()["words"]
    assert words[0] == ["Thủy", 1000, 500, 3000, 750]
    assert words[1][0] == "lợi,"
    assert len(words) == 5


def test_bbox_layout_pages():
    pages = parsers.parse_bbox_layout(BBOX)
    assert len(pages) == 2
    assert pages[0].text == "Hội nghị"
    assert pages[0].compact_words()["words"][1] == ["nghị", 3000, 250, 5000, 750]
    assert pages[1].text == "" and not parsers.has_text(pages[1])


@pytest.mark.parametrize(
    "markup", ["", "<html><body><p>no page</p>", "<div class='ocr_page'", "\x00\xff"]
)
def test_odd_input_never_raises(markup):
    page = parsers.parse_hocr(markup)
    assert page.text == ""
    assert parsers.parse_bbox_layout(markup) == []


@pytest.mark.parametrize(
    "wanted, expected",
    [
        ({"thuy"}, ["Thủy"]),
        ({"loi"}, ["lợi,"]),
        ({"dang"}, ["Đảng"]),
        ({"hoa"}, ["hoà"]),
        ({"thuy", "hoa"}, ["Thủy", "hoà"]),
        ({"nuoc"}, []),
        (set(), []),
    ],
)
def test_matching_boxes_fold_diacritics(wanted, expected):
    words = parsers.parse_hocr(HOCR).compact_words()
    boxes = parsers.matching_boxes(words, wanted)
    by_box = {tuple(w[1:]): w[0] for w in words["words"]}
    assert [by_box[tuple(b)] for b in boxes] == expected


def test_has_text_needs_enough_letters():
    page = parsers.parse_bbox_layout(BBOX)[0]
    assert not parsers.has_text(page)  # "Hội nghị": 7 letters
    assert parsers.has_text(page, minimum=5)


def test_bbox_layout_fallback_reads_what_expat_refuses():
    broken = BBOX.replace("</doc>", "").replace("<flow>", "<flow><br>")
    pages = parsers.parse_bbox_layout(broken)
    assert [p.text for p in pages] == ["Hội nghị", ""]
    assert (
        pages[0].compact_words() == parsers.parse_bbox_layout(BBOX)[0].compact_words()
    )


def _all_readers(markup):
    return (
        parsers._bbox_layout_tokens(markup),
        parsers._bbox_layout_xml(markup),
        parsers._BboxLayoutParser().feed_all(markup),
    )


def test_the_fast_layout_reader_agrees_with_expat_and_html_on_poppler_output(
    tools, tmp_path
):
    import subprocess

    from toasoan.print_edition import samples

    path = tmp_path / "x.pdf"
    path.write_bytes(samples.text_pdf(samples.PAGES + [["Lúa & tôm <2023>"] * 3]))
    markup = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    fast, xml, forgiving = _all_readers(markup)
    assert len(fast) == 4 and fast == xml == forgiving
    assert fast[3].text.splitlines()[0] == "Lúa & tôm <2023>"


@pytest.mark.parametrize(
    "change",
    [
        # attributes in another order: the fast reader gives up, expat reads it
        lambda m: m.replace('xMin="60.0" yMin="10.0"', 'yMin="10.0" xMin="60.0"'),
        # a word outside any line
        lambda m: m.replace(
            "<flow>", '<flow><word xMin="1" yMin="1" xMax="2" yMax="2">x</word>'
        ),
    ],
)
def test_layout_the_fast_reader_does_not_know_goes_to_the_other_readers(change):
    markup = change(BBOX)
    assert parsers._bbox_layout_tokens(markup) is None
    pages = parsers.parse_bbox_layout(markup)
    assert pages[0].text == "Hội nghị"


def test_words_are_composed_and_kept_on_the_page():
    """Decomposed input (combining marks) is stored composed, like the page's
    text; a box that leaves the page is clamped to it, the others are kept."""
    decomposed = "Thu\u0309y"  # "Thủy" with a combining hook above
    markup = BBOX.replace(">Hội<", f">{decomposed}<").replace(
        'xMax="100.0" yMax="30.0"', 'xMax="250.0" yMax="30.0"'
    )
    (page, _) = parsers.parse_bbox_layout(markup)
    words = page.compact_words()["words"]
    assert words == [["Thủy", 500, 250, 2500, 750], ["nghị", 3000, 250, 10_000, 750]]
    assert page.text == "Thủy nghị"


def test_parsing_pauses_the_garbage_collector_and_restores_it(monkeypatch):
    import gc

    seen = []
    tokens = parsers._bbox_layout_tokens

    def spying(markup):
        seen.append(gc.isenabled())
        return tokens(markup)

    monkeypatch.setattr(parsers, "_bbox_layout_tokens", spying)
    assert gc.isenabled()
    (page, _) = parsers.parse_bbox_layout(BBOX)
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(parsers, "_bbox_layout_tokens", lambda markup: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        parsers.parse_bbox_layout(BBOX)
    assert gc.isenabled()
    gc.disable()  # whoever turned it off keeps it off
    try:
        page.compact_words()
        assert not gc.isenabled()
    finally:
        gc.enable()
