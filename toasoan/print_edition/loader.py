"""PDF → page images, thumbnails, text and word boxes, with poppler and tesseract.

No Django here: every tool runs as a subprocess with a timeout and an address-
space limit (RLIMIT_AS), through `toasoan.core.tools`, so a corrupt, hostile or
huge PDF ends one call with a `ProcessingError`, never the worker.
`processing` stores what this returns.

`pages` keeps two CPUs busy: one thread renders the page images of the next
chunk while the caller's thread reads the text layer, makes the thumbnails
and stores the pages of the current one (see `pages`).
"""

import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

from toasoan.core import tools

from . import parsers

TOOLS = ("pdfinfo", "pdftotext", "pdftoppm", "tesseract")
MAX_RENDER_PIXELS = 7000  # longest side of a rendered page, whatever its size
HEADER_BYTES = 1024
# Pages per pdftotext / pdftoppm call: each call parses the PDF and loads its
# fonts again, so fewer calls are faster; the chunk bounds one call's output
# (and the files made ahead of the caller, see `pages`).
CHUNK_PAGES = 50
# Pages of the first chunk: its images start rendering sooner (after reading
# 10 pages' text layer, not 50), for one more call per tool, about 40 ms of
# CPU (bench/README.md). The last chunk holds what is left over, the fewest
# pages to store once the last images are made.
FIRST_CHUNK_PAGES = 10
OCR_BATCH = 4  # pages per tesseract call (the model loads once per call)
# Lone dark pixels per million above which a page is despeckled before OCR.
# Pages of our bench (bench/print_ocr.py) show 0 when clean or blurred and
# 850-930 when worn (specks), 100 at 100 dpi worn, at 300 dpi.
SPECKS_PER_MEGAPIXEL = 50


class ProcessingError(Exception):
    """A failure with a `code` the admin turns into a sentence for editors."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    timeout: float = 120  # seconds per tool call
    memory: int = 2 * 1024**3  # bytes of address space per tool call
    max_bytes: int = 300 * 1024**2
    max_pages: int = 1000
    ocr_dpi: int = 300
    ocr_lang: str = "vie"
    # tesseract's OpenMP threads (OMP_THREAD_LIMIT): with more than one, on 2
    # busy CPUs its threads spin against each other: 2 A4 pages took 18 s
    # (12 s of CPU) instead of 5.5 s (3.2 s of CPU) with one (bench/README.md).
    # 0: as many as OpenMP likes.
    ocr_threads: int = 1
    display_width: int = 1400
    thumb_width: int = 240
    despeckle: bool = True


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


def missing_tools(lang="vie") -> list[str]:
    """Tools (and the OCR language) this machine lacks; empty when all is there."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if "tesseract" not in missing and lang not in _tesseract_languages():
        missing.append(f"tesseract-ocr-{lang}")
    return missing


@lru_cache(maxsize=1)
def _tesseract_languages():
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (out.stdout + out.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def run(args, limits: Limits, timeout=None, env=None) -> bytes:
    """Run one tool under the limits (`core.tools`); its stdout, or a
    ProcessingError. `env`: variables to set for this tool on top of the
    worker's. In the thread of an `_Ahead`, the tool is killed when that
    stops."""
    bounds = tools.Limits(timeout=timeout or limits.timeout, memory=limits.memory)
    watcher = getattr(_thread, "ahead", None)
    try:
        return tools.run(args, bounds, env=env, watcher=watcher)
    except tools.ToolError as error:
        if error.code in ("failed", "memory") and "password" in error.stderr.lower():
            raise ProcessingError("encrypted", error.stderr[-300:]) from None
        code = "tool_failed" if error.code == "failed" else error.code
        raise ProcessingError(code, error.detail) from None


_thread = threading.local()  # .ahead: the _Ahead that runs this thread


class _Ahead:
    """One thread running tool calls ahead of the caller of `pages`.

    Waiting for a subprocess releases the GIL, so its poppler calls use the
    second CPU while the caller parses and stores pages. `stop` kills the
    tool it is running, drops the calls not started and waits for the
    thread: once it returns, nothing more is written in the work folder.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._running = set()
        self._stopped = False
        self._executor = None

    def submit(self, function, *args) -> Future:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=1,
                thread_name_prefix="print-tools",
                initializer=self._enter,
            )
        return self._executor.submit(function, *args)

    def _enter(self):
        _thread.ahead = self

    def started(self, process):
        with self._lock:
            self._running.add(process)
            if self._stopped:
                process.kill()

    def finished(self, process):
        with self._lock:
            self._running.discard(process)

    def stop(self):
        with self._lock:
            self._stopped = True
            for process in self._running:
                process.kill()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def _settled(function, *args) -> Future:
    """`function` run now in this thread: a done Future holding its result or
    its exception, raised only when its turn comes (`_Chunk.finish`)."""
    done = Future()
    try:
        done.set_result(function(*args))
    except Exception as error:
        done.set_exception(error)
    return done


def inspect(path: Path, limits: Limits) -> DocumentInfo:
    """Check the file is a PDF we may open, within the limits, before any work."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ProcessingError("too_big", f"{size} > {limits.max_bytes}")
    with open(path, "rb") as handle:
        if b"%PDF-" not in handle.read(HEADER_BYTES):
            raise ProcessingError("not_pdf")
    try:
        out = run(["pdfinfo", str(path)], limits).decode("utf-8", "replace")
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


def text_layer(path: Path, first: int, last: int, limits: Limits):
    """Pages first..last as poppler reads their text layer (maybe empty)."""
    out = run(
        [
            "pdftotext",
            "-bbox-layout",
            "-enc",
            "UTF-8",
            "-f",
            str(first),
            "-l",
            str(last),
            str(path),
            "-",
        ],
        limits,
    )
    pages = parsers.parse_bbox_layout(out.decode("utf-8", "replace"))
    if len(pages) != last - first + 1:
        raise ProcessingError("corrupt", f"pdftotext read {len(pages)} pages")
    return pages


def _pdftoppm(path, first, last, prefix, limits, *options):
    run(
        ["pdftoppm", "-f", str(first), "-l", str(last), *options]
        + [str(path), str(prefix)],
        limits,
    )


def _dpi(want, width_pt, height_pt):
    """`want` dpi, lowered so the longest side stays under MAX_RENDER_PIXELS."""
    longest = max(width_pt, height_pt, 1) / 72
    return max(30, min(want, int(MAX_RENDER_PIXELS / longest)))


def _display_dpi(layer, limits):
    width, height = (layer.width, layer.height) if layer else (595, 842)
    want = max(30, int(limits.display_width * 72 / max(width, 1)))
    return min(_dpi(want, width, height), limits.ocr_dpi)


_VIEW = ("-jpeg", "-jpegopt", "quality=82")


def _thumb_options(limits):
    return [
        *("-jpeg", "-jpegopt", "quality=80", "-scale-to-y", "-1"),
        *("-scale-to-x", str(limits.thumb_width)),
    ]


def _display_runs(first, layers, limits):
    """(first, last, dpi) of the pdftoppm calls for the page images of a
    chunk: one for pages of one size (the usual case); else one per page,
    each at a dpi that keeps it within MAX_RENDER_PIXELS."""
    dpis = [_display_dpi(layer, limits) for layer in layers]
    if len(set(dpis)) == 1:
        return [(first, first + len(layers) - 1, dpis[0])]
    return [(first + i, first + i, dpi) for i, dpi in enumerate(dpis)]


def chunk_ranges(count, chunk=CHUNK_PAGES, first=FIRST_CHUNK_PAGES):
    """(first, last) page of each chunk: `first` pages, then `chunk` pages
    at a time, the rest last."""
    sizes = [min(count, first)] if first > 0 else []
    left = count - sum(sizes)
    sizes += [chunk] * (left // chunk) + ([left % chunk] if left % chunk else [])
    ranges, start = [], 1
    for size in sizes:
        ranges.append((start, start + size - 1))
        start += size
    return ranges


@dataclass
class _Chunk:
    """Pages first..last on their way: the text layer read (or its error),
    the page images rendering in the `_Ahead` thread."""

    first: int
    last: int
    layers: Future  # the pages' ParsedPages, or the error reading them
    runs: list = field(default_factory=list)  # (first, last, Future of the render)

    @classmethod
    def start(cls, path, first, last, workdir, limits, ahead):
        chunk = cls(first, last, _settled(text_layer, path, first, last, limits))
        if chunk.layers.exception() is None:
            for start, end, dpi in _display_runs(first, chunk.layers.result(), limits):
                prefix = Path(workdir) / f"view-{start}-{end}"
                options = [*_VIEW, "-r", str(dpi)]
                render = ahead.submit(
                    _pdftoppm, path, start, end, prefix, limits, *options
                )
                chunk.runs.append((start, end, render))
        return chunk

    def finish(self, path, workdir, limits):
        """The thumbnails made (in this thread), then the pages' text layers
        and images (page number → (image, thumbnail)) once rendered; or the
        first failure in the order of the calls had they run one after the
        other (text layer, then image and thumbnail of each run)."""
        thumbs = [
            _settled(
                _pdftoppm,
                path,
                start,
                end,
                Path(workdir) / f"thumb-{start}-{end}",
                limits,
                *_thumb_options(limits),
            )
            for start, end, _ in self.runs
        ]
        layers = dict(enumerate(self.layers.result(), self.first))
        for (_, _, render), thumb in zip(self.runs, thumbs, strict=True):
            render.result()
            thumb.result()
        return layers, self._images(Path(workdir))

    def _images(self, workdir):
        found = {}
        for start, end, _ in self.runs:
            for kind in ("view", "thumb"):
                for produced in workdir.glob(f"{kind}-{start}-{end}-*.jpg"):
                    number = int(produced.stem.rsplit("-", 1)[1])
                    found[(kind, number)] = produced
        images = {}
        for number in range(self.first, self.last + 1):
            view, small = found.get(("view", number)), found.get(("thumb", number))
            if view is None or small is None:
                raise ProcessingError("corrupt", f"page {number} did not render")
            images[number] = (view, small)
        return images


def ocr(images: list[Path], limits: Limits) -> list[parsers.ParsedPage]:
    """Read several page images with one tesseract call (a list file), so the
    language model is loaded once per batch rather than once per page; the
    time limit grows with the number of pages."""
    images = list(images)
    target = images[0]
    if len(images) > 1:
        target = images[0].with_name(f"{images[0].stem}-list.txt")
        target.write_text("".join(f"{image}\n" for image in images), "utf-8")
    try:
        out = run(
            ["tesseract", str(target), "stdout", "-l", limits.ocr_lang, "hocr"],
            limits,
            timeout=limits.timeout * len(images),
            env={"OMP_THREAD_LIMIT": str(limits.ocr_threads)}
            if limits.ocr_threads > 0
            else None,
        )
    finally:
        if target not in images:
            target.unlink(missing_ok=True)
    pages = parsers.parse_hocr_pages(out.decode("utf-8", "replace"))
    if len(pages) != len(images):
        raise ProcessingError("corrupt", f"tesseract read {len(pages)} pages")
    return pages


def _ocr_input(path, number, layer, workdir, limits) -> Path:
    """The page in grey at OCR resolution, despeckled with a median filter
    (5×5 at 300 dpi) when it bears specks: the specks of a worn copy stored as
    JPEG make tesseract drop whole lines (bench/print_ocr.py: 33 % → 1.4 %
    CER on a worn 150 dpi page), while on a clean page the filter costs
    accuracy (0.1 % → 0.4 %) and half a second an A4 page."""
    width, height = (layer.width, layer.height) if layer else (595, 842)
    dpi = _dpi(limits.ocr_dpi, width, height)
    prefix = Path(workdir) / f"ocr-{number}"
    _pdftoppm(
        path, number, number, prefix, limits, "-gray", "-singlefile", "-r", str(dpi)
    )
    rendered = prefix.with_suffix(".pgm")
    if not rendered.exists():
        raise ProcessingError("corrupt", f"page {number} did not render")
    if limits.despeckle:
        try:
            with Image.open(rendered) as grey:
                if _speckled(grey, dpi):
                    size = 5 if dpi >= 250 else 3
                    grey.filter(ImageFilter.MedianFilter(size)).save(rendered)
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise ProcessingError("corrupt", f"page {number}: {error}") from None
    return rendered


def _speckled(grey, dpi) -> bool:
    """Whether a grey page bears specks: dark pixels alone in a light
    neighbourhood (9×9 at 300 dpi), more than SPECKS_PER_MEGAPIXEL. Strokes,
    dots and tone marks of 10 pt text have dark neighbours and do not count.
    About 60 ms an A4 page at 300 dpi, where the median filter takes 0.5 s."""
    dark = grey.point(lambda value: 255 if value < 128 else 0)
    radius = 4 if dpi >= 250 else 2
    around = grey.filter(ImageFilter.BoxBlur(radius))
    lonely = around.point(lambda value: 255 if value > 230 else 0)
    specks = ImageChops.darker(dark, lonely).histogram()[255]
    return specks * 1_000_000 > SPECKS_PER_MEGAPIXEL * grey.width * grey.height


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


def _read_ocr(path, numbers, layers, workdir, limits) -> dict:
    """Pages `numbers` (page → its text layer or None) read by OCR."""
    inputs = []
    try:
        for number in numbers:
            inputs.append(_ocr_input(path, number, layers[number], workdir, limits))
        return dict(zip(numbers, ocr(inputs, limits), strict=True))
    finally:
        for rendered in inputs:
            rendered.unlink(missing_ok=True)


def pages(
    path: Path,
    info: DocumentInfo,
    workdir,
    limits: Limits,
    chunk=CHUNK_PAGES,
    ocr_batch=OCR_BATCH,
    first=FIRST_CHUNK_PAGES,
):
    """Yield a PageResult per page, in order, reading and rendering a chunk
    of pages (`chunk_ranges`) per poppler call and OCR-ing up to `ocr_batch`
    pages (of those without a usable text layer) per tesseract call.

    Before the pages of a chunk are yielded, the next chunk's text layer is
    read and its page images started in a second thread (`_Ahead`): they
    render on the other CPU while this chunk's thumbnails are made and its
    pages read, OCR'd and stored by the caller. So at most one chunk of
    images is made ahead, and a failure is raised where it would have been
    had every call run in turn. Closing the generator (as `processing`
    does, at once, on any error) kills the tool running ahead and waits for
    its thread, so the work folder can go.
    """
    ranges = chunk_ranges(info.pages, chunk, min(first, chunk))
    ahead = _Ahead()
    try:
        coming = _Chunk.start(path, *ranges[0], workdir, limits, ahead)
        for index in range(len(ranges)):
            current = coming
            if index + 1 < len(ranges):
                following = ranges[index + 1]
                coming = _Chunk.start(path, *following, workdir, limits, ahead)
            layers, images = current.finish(path, workdir, limits)
            yield from _chunk_pages(path, layers, images, workdir, limits, ocr_batch)
    finally:
        ahead.stop()


def _chunk_pages(path, layers, images, workdir, limits, ocr_batch):
    need_ocr = [
        number
        for number, layer in layers.items()
        if layer is None or not parsers.has_text(layer)
    ]
    read = {}
    for number, layer in layers.items():
        if number not in need_ocr:
            yield _page_result(number, layer, "text", images[number], workdir)
            continue
        if number not in read:
            start = need_ocr.index(number)
            batch = need_ocr[start : start + ocr_batch]
            read.update(_read_ocr(path, batch, layers, workdir, limits))
        parsed = read.pop(number)
        yield _page_result(number, parsed, "ocr", images[number], workdir)


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    return _SAFE.sub("-", os.path.basename(name or "")).strip("-") or "file"
