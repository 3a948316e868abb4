"""OCR and text-layer output → words with boxes, and page text (no Django).

Two sources, one shape: tesseract's hOCR (scanned pages) and poppler's
`pdftotext -bbox-layout` XHTML (pages with a text layer). Both become
`ParsedPage`s whose word boxes are stored relative to the page (integers on a
0..SCALE grid), so that a highlight can be drawn on the page image at any
width. Parsing uses the standard library's forgiving HTML parser: the input
comes from tools run on untrusted PDFs and may be odd, never fatal.
"""

import functools
import gc
import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

from toasoan.vietnamese import fold, nfc

SCALE = 10_000  # word boxes are stored on a 0..SCALE grid of the page
FORMAT_VERSION = 1
_BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_WORD_CHARS = re.compile(r"\w+", re.UNICODE)


def _without_gc(function):
    """Run `function` with the cyclic garbage collector paused.

    The parsers make hundreds of thousands of small tuples and lists for an
    issue, none of them in a cycle; while they pile up, each automatic
    collection walks them all again (and the worker's own objects): that
    was about a third of the worker's own CPU time on text-layer pages
    (bench/README.md). Paused while they run, collection resumes afterwards
    and no cycle goes unfreed.
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@dataclass
class ParsedPage:
    width: float
    height: float
    # paragraphs → lines → words, in reading order; a word is a tuple
    # (text, x0, y0, x1, y1) in the source's units (points, pixels)
    paragraphs: list = field(default_factory=list)

    def words(self):
        for paragraph in self.paragraphs:
            for line in paragraph:
                yield from line

    @property
    def text(self) -> str:
        """The page as plain text: one line per line, a blank line between
        paragraphs, so readers can copy it and screen readers can read it."""
        blocks = []
        for paragraph in self.paragraphs:
            lines = [" ".join([word[0] for word in line]) for line in paragraph]
            lines = [line for line in lines if line.strip()]
            if lines:
                blocks.append("\n".join(lines))
        return nfc("\n\n".join(blocks))

    @_without_gc
    def compact_words(self) -> dict:
        """The JSON kept per page: [text, x0, y0, x1, y1] on a 0..SCALE grid.

        About 0.3 ms a page of 450 words: the page's text is normalised (NFC)
        as a whole when it needs it, and a box is clamped only when it leaves
        the page."""
        sx = SCALE / self.width if self.width else 0
        sy = SCALE / self.height if self.height else 0
        words = [
            [text, round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy)]
            for paragraph in self.paragraphs
            for line in paragraph
            for text, x0, y0, x1, y1 in line
            if text.strip()
        ]
        # "\n" composes with nothing: the whole is NFC iff every word is.
        if not unicodedata.is_normalized("NFC", "\n".join([w[0] for w in words])):
            for word in words:
                word[0] = nfc(word[0])
        for word in words:
            if not (
                0 <= word[1] <= SCALE
                and 0 <= word[2] <= SCALE
                and 0 <= word[3] <= SCALE
                and 0 <= word[4] <= SCALE
            ):
                word[1:] = [max(0, min(SCALE, value)) for value in word[1:]]
        return {"v": FORMAT_VERSION, "words": words}


class _Collector(HTMLParser):
    """Shared machinery: paragraphs, lines and words with their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages: list[ParsedPage] = []
        self._word = None  # [text, box, depth] while inside a word element
        self._depth = 0

    @property
    def page(self):
        if not self.pages:
            self.pages.append(ParsedPage(0, 0))
        return self.pages[-1]

    def new_paragraph(self):
        self.page.paragraphs.append([])

    def new_line(self):
        if not self.page.paragraphs:
            self.new_paragraph()
        self.page.paragraphs[-1].append([])

    def start_word(self, box):
        if not self.page.paragraphs or not self.page.paragraphs[-1]:
            self.new_line()
        self._word = ["", box, self._depth]

    def handle_data(self, data):
        if self._word is not None:
            self._word[0] += data

    def handle_endtag(self, tag):
        if self._word is not None and self._depth == self._word[2]:
            text, box, _ = self._word
            text = " ".join(text.split())
            if text:
                self.page.paragraphs[-1][-1].append((text, *box))
            self._word = None
        self._depth = max(0, self._depth - 1)

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <meta/>: no content, no depth

    def feed_all(self, markup: str):
        self.feed(markup or "")
        self.close()
        return _settle(self.pages)


class _HocrParser(_Collector):
    def handle_starttag(self, tag, attrs):
        self._depth += 1
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        box = _bbox(attrs.get("title") or "")
        if "ocr_page" in classes:
            width = height = 0
            if box:
                width, height = box[2] - box[0], box[3] - box[1]
            self.pages.append(ParsedPage(width, height))
        elif "ocr_par" in classes:
            self.new_paragraph()
        elif classes & {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}:
            self.new_line()
        elif "ocrx_word" in classes and box:
            self.start_word(box)


class _BboxLayoutParser(_Collector):
    def handle_starttag(self, tag, attrs):
        self._depth += 1
        attrs = dict(attrs)
        if tag == "page":
            self.pages.append(
                ParsedPage(_number(attrs.get("width")), _number(attrs.get("height")))
            )
        elif tag == "block":
            self.new_paragraph()
        elif tag == "line":
            self.new_line()
        elif tag == "word":
            box = [_number(attrs.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")]
            self.start_word(box)


def _settle(pages):
    """Empty lines and paragraphs dropped, the rest made tuples: tuples of
    strings and numbers are soon left alone by the garbage collector, where
    lists would be walked again at each collection while the pages wait to be
    stored."""
    for page in pages:
        paragraphs = (
            tuple([tuple(line) for line in paragraph if line])
            for paragraph in page.paragraphs
        )
        page.paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    return pages


def _bbox(title: str):
    match = _BBOX.search(title)
    return [int(v) for v in match.groups()] if match else None


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


@_without_gc
def parse_hocr(markup: str) -> ParsedPage:
    """The first page of tesseract's hOCR (we OCR one image at a time)."""
    pages = _HocrParser().feed_all(markup)
    return pages[0] if pages else ParsedPage(0, 0)


@_without_gc
def parse_hocr_pages(markup: str) -> list[ParsedPage]:
    """Every page of tesseract's hOCR (one per image of a list input)."""
    return _HocrParser().feed_all(markup)


@_without_gc
def parse_bbox_layout(markup: str) -> list[ParsedPage]:
    """Every page of `pdftotext -bbox-layout` output, in order.

    poppler writes the same regular XHTML every time, which a single regular
    expression reads four times faster than expat builds a tree (0.7 ms a
    page of 450 words); output it does not fully account for goes to expat,
    and what expat refuses to the forgiving HTML parser.
    """
    pages = _bbox_layout_tokens(markup or "")
    if pages is not None:
        return pages
    try:
        return _bbox_layout_xml(markup)
    except (ElementTree.ParseError, ValueError):
        return _BboxLayoutParser().feed_all(markup)


_LAYOUT_TOKEN = re.compile(
    r'<word xMin="([^"]*)" yMin="([^"]*)" xMax="([^"]*)" yMax="([^"]*)">'
    r"([^<]*)</word>|<(page|block|line)\b([^>]*)>"
)
_PAGE_SIZE = re.compile(r'\b(width|height)="([^"]*)"')


def _bbox_layout_tokens(markup: str) -> list[ParsedPage] | None:
    """poppler's layout read token by token; None when a word, line or block
    turns up outside its parent or some `<word` was not understood."""
    pages, page, paragraph, line, words = [], None, None, None, 0
    try:
        for x0, y0, x1, y1, text, tag, attrs in _LAYOUT_TOKEN.findall(markup):
            if not tag:
                if line is None:
                    return None
                words += 1
                if "&" in text:
                    text = html.unescape(text)
                if " " in text or not text.isprintable():
                    text = " ".join(text.split())
                if text:
                    line.append((text, float(x0), float(y0), float(x1), float(y1)))
            elif tag == "line":
                if paragraph is None:
                    return None
                line = []
                paragraph.append(line)
            elif tag == "block":
                if page is None:
                    return None
                paragraph, line = [], None
                page.paragraphs.append(paragraph)
            else:
                size = dict(_PAGE_SIZE.findall(attrs))
                page = ParsedPage(
                    _number(size.get("width")), _number(size.get("height"))
                )
                pages.append(page)
                paragraph = line = None
    except ValueError:
        return None
    if words != markup.count("<word"):
        return None
    return _settle(pages)


def _bbox_layout_xml(markup: str) -> list[ParsedPage]:
    # Drop the DOCTYPE (expat would not fetch it, but need not see it either).
    markup = re.sub(r"<!DOCTYPE[^>]*>", "", markup or "", count=1)
    root = ElementTree.fromstring(markup)
    # poppler puts every element in the XHTML namespace; find it once and let
    # ElementTree's C code pick the elements out (a page of 1,500 words).
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    page_tag, block_tag, line_tag, word_tag = (
        ns + name for name in ("page", "block", "line", "word")
    )
    pages = []
    for page_el in root.iter(page_tag):
        page = ParsedPage(_number(page_el.get("width")), _number(page_el.get("height")))
        for block in page_el.iter(block_tag):
            paragraph = []
            for line in block.iterfind(line_tag):
                words = []
                for word in line.iterfind(word_tag):
                    text = word.text
                    if not text:
                        continue
                    if " " in text or not text.isprintable():
                        text = " ".join(text.split())
                        if not text:
                            continue
                    words.append(
                        (
                            text,
                            _number(word.get("xMin")),
                            _number(word.get("yMin")),
                            _number(word.get("xMax")),
                            _number(word.get("yMax")),
                        )
                    )
                if words:
                    paragraph.append(words)
            page.paragraphs.append(paragraph)
        pages.append(page)
    return _settle(pages)


def has_text(page: ParsedPage, minimum: int = 20) -> bool:
    """Whether a text layer is worth using: enough letters, not just a page
    number or a stray mark left by a scanner."""
    letters = 0
    for word in page.words():
        letters += sum(len(m) for m in _WORD_CHARS.findall(word[0]))
        if letters >= minimum:
            return True  # a page of text answers after a few words
    return False


def matching_boxes(words: dict | None, wanted: set[str]) -> list[list[int]]:
    """Boxes of the stored words whose folded form is one of `wanted`.

    `wanted` holds folded query words (no diacritics, đ→d), so "thuy loi",
    "thủy lợi" and "thuỷ lợi" all light up the same words on the page.
    """
    if not words or not wanted:
        return []
    boxes = []
    for entry in words.get("words", []):
        text, *box = entry
        tokens = {fold(t) for t in _WORD_CHARS.findall(text)}
        if tokens & wanted:
            boxes.append(box)
    return boxes
