"""The loader's poppler calls: text layers and page images, a chunk at a time.

No Django here. A `Chunk` reads the text layer of its pages in the caller's
thread and renders their images in the `sandbox.Ahead` thread; `finish`
makes the thumbnails and hands both over in page order (see `loader.pages`).
Every tool call goes through `sandbox.run`.
"""

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from . import parsers, sandbox
from .sandbox import ProcessingError

MAX_RENDER_PIXELS = 7000  # longest side of a rendered page, whatever its size
# Pages per pdftotext / pdftoppm call: each call parses the PDF and loads its
# fonts again, so fewer calls are faster; the chunk bounds one call's output
# (and the files made ahead of the caller, see `loader.pages`).
CHUNK_PAGES = 50
# Pages of the first chunk: its images start rendering sooner (after reading
# 10 pages' text layer, not 50), for one more call per tool, about 40 ms of
# CPU (bench/README.md). The last chunk holds what is left over, the fewest
# pages to store once the last images are made.
FIRST_CHUNK_PAGES = 10


def text_layer(path: Path, first: int, last: int, limits: sandbox.Limits):
    """Pages first..last as poppler reads their text layer (maybe empty)."""
    out = sandbox.run(
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


def pdftoppm(path, first, last, prefix, limits, *options):
    """Render pages first..last to files named `prefix`-N, as `options` say."""
    sandbox.run(
        ["pdftoppm", "-f", str(first), "-l", str(last), *options]
        + [str(path), str(prefix)],
        limits,
    )


def render_dpi(want, width_pt, height_pt):
    """`want` dpi, lowered so the longest side stays under MAX_RENDER_PIXELS."""
    longest = max(width_pt, height_pt, 1) / 72
    return max(30, min(want, int(MAX_RENDER_PIXELS / longest)))


def _display_dpi(layer, limits):
    width, height = (layer.width, layer.height) if layer else (595, 842)
    want = max(30, int(limits.display_width * 72 / max(width, 1)))
    return min(render_dpi(want, width, height), limits.ocr_dpi)


VIEW_QUALITY = 82  # JPEG quality of the display images
THUMB_QUALITY = 80  # ... and of the thumbnails
_VIEW = ("-jpeg", "-jpegopt", f"quality={VIEW_QUALITY}")


def _thumb_options(limits):
    return [
        *("-jpeg", "-jpegopt", f"quality={THUMB_QUALITY}", "-scale-to-y", "-1"),
        *("-scale-to-x", str(limits.thumb_width)),
    ]


def _display_runs(first, layers, limits, skip=()):
    """(first, last, dpi) of the pdftoppm calls for the page images of a
    chunk: one per run of consecutive pages of one size (one call for the
    usual chunk), each at a dpi that keeps it within MAX_RENDER_PIXELS;
    none for the pages in `skip`.

    >>> from types import SimpleNamespace as Page
    >>> a4, wide = Page(width=595, height=842), Page(width=1190, height=842)
    >>> _display_runs(1, [a4, a4, wide, a4], sandbox.Limits())
    [(1, 2, 169), (3, 3, 84), (4, 4, 169)]
    >>> _display_runs(1, [a4, a4, a4, a4], sandbox.Limits(), skip={2})
    [(1, 1, 169), (3, 4, 169)]
    """
    runs = []
    for number, layer in enumerate(layers, first):
        if number in skip:
            continue
        dpi = _display_dpi(layer, limits)
        if runs and runs[-1][1] == number - 1 and runs[-1][2] == dpi:
            runs[-1] = (runs[-1][0], number, dpi)
        else:
            runs.append((number, number, dpi))
    return runs


def needs_ocr(layer) -> bool:
    """Whether a page is read by OCR: no usable text layer."""
    return layer is None or not parsers.has_text(layer)


def grey_scans(path, first, layers, limits) -> dict:
    """Of pages first.. (their text layers), those read by OCR whose images
    all have one colour component (a grey scan), with their display dpi:
    their display images are made from the OCR render (`ocr_pages`), not
    rendered by poppler a second time. A page with a colour image, or none,
    is rendered as any other; so is every page if poppler cannot list them.
    """
    wanted = {number for number, layer in enumerate(layers, first) if needs_ocr(layer)}
    if not wanted:
        return {}
    last = first + len(layers) - 1
    try:
        out = sandbox.run(
            ["pdfimages", "-list", "-f", str(first), "-l", str(last), str(path)],
            limits,
        )
    except ProcessingError:
        return {}
    components = image_components(out.decode("utf-8", "replace"))
    return {
        number: _display_dpi(layers[number - first], limits)
        for number in wanted
        if components.get(number) == {1}
    }


def image_components(listing: str) -> dict:
    """Page → the colour components of its images, from `pdfimages -list`;
    a stencil mask (painted in any colour) counts as 0, soft masks not at all.

    >>> image_components(
    ...     "page num type width height color comp bpc enc\\n"
    ...     "----------------------------------------------\\n"
    ...     "   1   0 image  2480  3508  gray    1   8  jpeg\\n"
    ...     "   2   1 image  2480  3508  rgb     3   8  jpeg\\n"
    ...     "   2   2 smask  2480  3508  gray    1   8  image\\n"
    ...     "   3   3 stencil   10    10  -      1   1  image\\n"
    ... )
    {1: {1}, 2: {3}, 3: {0}}
    """
    pages = {}
    for line in listing.splitlines()[2:]:
        fields = line.split()
        if len(fields) < 7 or not fields[0].isdigit() or not fields[6].isdigit():
            continue
        kind, comp = fields[2], int(fields[6])
        if kind in ("smask", "mask"):
            continue
        pages.setdefault(int(fields[0]), set()).add(comp if kind == "image" else 0)
    return pages


def scan_view_paths(workdir, number) -> tuple[Path, Path]:
    """Where `ocr_pages` puts a grey scan's display image and thumbnail."""
    folder = Path(workdir)
    return folder / f"view-scan-{number}.jpg", folder / f"thumb-scan-{number}.jpg"


def chunk_ranges(count, chunk=CHUNK_PAGES, first=FIRST_CHUNK_PAGES, start=1):
    """(first, last) page of each chunk of pages `start`..`count`: `first`
    pages, then `chunk` pages at a time, the rest last.

    >>> chunk_ranges(10, chunk=4, first=2)
    [(1, 2), (3, 6), (7, 10)]
    >>> chunk_ranges(10, chunk=4, first=2, start=8)
    [(8, 9), (10, 10)]
    """
    count = max(0, count - start + 1)
    sizes = [min(count, first)] if first > 0 and count else []
    left = count - sum(sizes)
    sizes += [chunk] * (left // chunk) + ([left % chunk] if left % chunk else [])
    ranges = []
    for size in sizes:
        ranges.append((start, start + size - 1))
        start += size
    return ranges


@dataclass
class Chunk:
    """Pages first..last on their way: the text layer read (or its error),
    the page images rendering in the `sandbox.Ahead` thread; the grey scans
    (`grey_scans`: page → display dpi) get theirs from their OCR render."""

    first: int
    last: int
    layers: Future  # the pages' ParsedPages, or the error reading them
    runs: list = field(default_factory=list)  # (first, last, Future of the render)
    scans: dict = field(default_factory=dict)

    @classmethod
    def start(cls, path, first, last, workdir, limits, ahead):
        layers = sandbox.settled(text_layer, path, first, last, limits)
        chunk = cls(first, last, layers)
        if chunk.layers.exception() is None:
            parsed = chunk.layers.result()
            chunk.scans = grey_scans(path, first, parsed, limits)
            for start, end, dpi in _display_runs(first, parsed, limits, chunk.scans):
                prefix = Path(workdir) / f"view-{start}-{end}"
                options = [*_VIEW, "-r", str(dpi)]
                render = ahead.submit(
                    pdftoppm, path, start, end, prefix, limits, *options
                )
                chunk.runs.append((start, end, render))
        return chunk

    def finish(self, path, workdir, limits):
        """The thumbnails made (in this thread), then the pages' text layers
        and images (page number → (image, thumbnail)) once rendered; or the
        first failure in the order of the calls had they run one after the
        other (text layer, then image and thumbnail of each run). A grey
        scan's images are where its OCR will make them (`scan_view_paths`)."""
        thumbs = [
            sandbox.settled(
                pdftoppm,
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
            if number in self.scans:
                images[number] = scan_view_paths(workdir, number)
                continue
            view, small = found.get(("view", number)), found.get(("thumb", number))
            if view is None or small is None:
                raise ProcessingError("corrupt", f"page {number} did not render")
            images[number] = (view, small)
        return images
