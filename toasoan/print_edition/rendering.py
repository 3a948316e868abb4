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
    the page images rendering in the `sandbox.Ahead` thread."""

    first: int
    last: int
    layers: Future  # the pages' ParsedPages, or the error reading them
    runs: list = field(default_factory=list)  # (first, last, Future of the render)

    @classmethod
    def start(cls, path, first, last, workdir, limits, ahead):
        layers = sandbox.settled(text_layer, path, first, last, limits)
        chunk = cls(first, last, layers)
        if chunk.layers.exception() is None:
            for start, end, dpi in _display_runs(first, chunk.layers.result(), limits):
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
        other (text layer, then image and thumbnail of each run)."""
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
            view, small = found.get(("view", number)), found.get(("thumb", number))
            if view is None or small is None:
                raise ProcessingError("corrupt", f"page {number} did not render")
            images[number] = (view, small)
        return images
