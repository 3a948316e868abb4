"""PDF → page images, thumbnails, text and word boxes, with poppler and tesseract.

No Django here: every tool runs as a subprocess with a timeout and an address-
space limit (RLIMIT_AS), through `toasoan.core.tools`, so a corrupt, hostile or
huge PDF ends one call with a `ProcessingError`, never the worker.
`processing` stores what this returns.

The work is shared out: `sandbox` runs the tools (every call through
`sandbox.run`), `rendering` reads text layers and renders page images a
chunk at a time, `ocr_pages` reads the pages without a text layer. This
module checks the PDF (`inspect`) and hands out its pages (`pages`); the
names the rest of the app uses are kept here.

`pages` keeps two CPUs busy: one thread renders the page images of the next
chunk while the caller's thread reads the text layer, makes the thumbnails
and stores the pages of the current one (see `pages`).
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from . import sandbox
from .ocr_pages import OCR_BATCH, SPECKS_PER_MEGAPIXEL, ocr, read_ocr
from .rendering import (
    CHUNK_PAGES,
    FIRST_CHUNK_PAGES,
    MAX_RENDER_PIXELS,
    Chunk,
    chunk_ranges,
    needs_ocr,
    text_layer,
)
from .sandbox import TOOLS, Limits, ProcessingError, missing_tools, run

__all__ = [
    "CHUNK_PAGES",
    "FIRST_CHUNK_PAGES",
    "HEADER_BYTES",
    "MAX_RENDER_PIXELS",
    "OCR_BATCH",
    "SPECKS_PER_MEGAPIXEL",
    "TOOLS",
    "DocumentInfo",
    "Limits",
    "PageResult",
    "ProcessingError",
    "chunk_ranges",
    "inspect",
    "missing_tools",
    "ocr",
    "pages",
    "run",
    "safe_name",
    "text_layer",
]

HEADER_BYTES = 1024


@dataclass
class DocumentInfo:
    pages: int
    encrypted: bool


@dataclass
class PageResult:
    number: int
    source: str  # "text" (the PDF's text layer) or "ocr"
    text: str
    words: dict
    image: Path  # JPEG for the page viewer
    thumbnail: Path  # small JPEG for grids and search results
    width: int
    height: int


def inspect(path: Path, limits: Limits) -> DocumentInfo:
    """Check the file is a PDF we may open, within the limits, before any work."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ProcessingError("too_big", f"{size} > {limits.max_bytes}")
    with open(path, "rb") as handle:
        if b"%PDF-" not in handle.read(HEADER_BYTES):
            raise ProcessingError("not_pdf")
    try:
        out = sandbox.run(["pdfinfo", str(path)], limits).decode("utf-8", "replace")
    except ProcessingError as error:
        if error.code == "tool_failed":
            raise ProcessingError("corrupt", error.detail) from None
        raise
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in out.splitlines())
    )
    try:
        pages = int(fields.get("Pages", "0"))
    except ValueError:
        pages = 0
    if pages < 1:
        raise ProcessingError("corrupt", "no pages")
    if pages > limits.max_pages:
        raise ProcessingError("too_many_pages", f"{pages} > {limits.max_pages}")
    encrypted = fields.get("Encrypted", "no").startswith("yes")
    return DocumentInfo(pages=pages, encrypted=encrypted)


def _finish_images(images, number, workdir):
    """Fixed names for the page's files, and the image's size."""
    view, small = images
    try:
        with Image.open(view) as source:
            width, height = source.size
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ProcessingError("corrupt", f"page {number}: {error}") from None
    image = Path(workdir) / f"page-{number:04d}.jpg"
    thumbnail = Path(workdir) / f"thumb-{number:04d}.jpg"
    view.replace(image)
    small.replace(thumbnail)
    return image, thumbnail, width, height


def _page_result(number, parsed, source, images, workdir) -> PageResult:
    image, thumbnail, width, height = _finish_images(images, number, workdir)
    return PageResult(
        number=number,
        source=source,
        text=parsed.text,
        words=parsed.compact_words(),
        image=image,
        thumbnail=thumbnail,
        width=width,
        height=height,
    )


def pages(
    path: Path,
    info: DocumentInfo,
    workdir,
    limits: Limits,
    chunk=CHUNK_PAGES,
    ocr_batch=OCR_BATCH,
    first=FIRST_CHUNK_PAGES,
    start=1,
    stop=None,
):
    """Yield a PageResult per page, in order, reading and rendering a chunk
    of pages (`chunk_ranges`) per poppler call and OCR-ing up to `ocr_batch`
    pages (of those without a usable text layer) per tesseract call.

    Before the pages of a chunk are yielded, the next chunk's text layer is
    read and its page images started in a second thread (`sandbox.Ahead`): they
    render on the other CPU while this chunk's thumbnails are made and its
    pages read, OCR'd and stored by the caller. So at most one chunk of
    images is made ahead, and a failure is raised where it would have been
    had every call run in turn. Closing the generator (as `processing`
    does, at once, on any error) kills the tool running ahead and waits for
    its thread, so the work folder can go. Only pages `start` to `stop` (by
    default the last) are made: a unit of a job, or a job resumed after its
    worker died.
    """
    last = info.pages if stop is None else min(stop, info.pages)
    ranges = chunk_ranges(last, chunk, min(first, chunk), start)
    if not ranges:
        return
    ahead = sandbox.Ahead()
    try:
        coming = Chunk.start(path, *ranges[0], workdir, limits, ahead)
        for index in range(len(ranges)):
            current = coming
            if index + 1 < len(ranges):
                following = ranges[index + 1]
                coming = Chunk.start(path, *following, workdir, limits, ahead)
            layers, images = current.finish(path, workdir, limits)
            yield from _chunk_pages(
                path, layers, images, workdir, limits, ocr_batch, current.scans
            )
    finally:
        ahead.stop()


def _chunk_pages(path, layers, images, workdir, limits, ocr_batch, scans):
    need_ocr = [number for number, layer in layers.items() if needs_ocr(layer)]
    read = {}
    for number, layer in layers.items():
        if number not in need_ocr:
            yield _page_result(number, layer, "text", images[number], workdir)
            continue
        if number not in read:
            start = need_ocr.index(number)
            batch = need_ocr[start : start + ocr_batch]
            read.update(read_ocr(path, batch, layers, workdir, limits, scans))
        parsed = read.pop(number)
        yield _page_result(number, parsed, "ocr", images[number], workdir)


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    return _SAFE.sub("-", os.path.basename(name or "")).strip("-") or "file"
