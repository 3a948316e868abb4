"""The bare tools (poppler, tesseract) making what ours makes, timed.

What print_throughput.py compares ours against: each tool called once for
the whole PDF, as one would by hand, one after the other or side by side.
"""

import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path


class Clock:
    """Elapsed and CPU seconds (this process and its finished children)."""

    @staticmethod
    def _cpu():
        own = resource.getrusage(resource.RUSAGE_SELF)
        tools = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + tools.ru_utime + tools.ru_stime

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    def stop(self):
        return time.perf_counter() - self.wall, self._cpu() - self.cpu


def _tool(args, env=None):
    subprocess.run(
        args,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env} if env else None,
    )


def display_commands(pdf, folder, dpi, thumb_width):
    """Page JPEGs and thumbnails as ours stores them: one pdftoppm call each
    for the whole file (same dpi, JPEG quality and thumbnail width)."""
    return [
        ["pdftoppm", "-jpeg", "-jpegopt", "quality=82", "-r", str(dpi)]
        + [str(pdf), str(folder / "page")],
        ["pdftoppm", "-jpeg", "-jpegopt", "quality=80", "-scale-to-x"]
        + [str(thumb_width), "-scale-to-y", "-1", str(pdf), str(folder / "thumb")],
    ]


def text_commands(pdf, folder, display_dpi, thumb_width):
    """What ours makes for a text-layer PDF: the words with their boxes for
    every page (one `pdftotext -bbox-layout`), the page images, thumbnails."""
    words = ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf)]
    return [
        words + [str(folder / "words.html")],
        *display_commands(pdf, folder, display_dpi, thumb_width),
    ]


def _start(args):
    return subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(processes):
    for process in processes:
        _, stderr = process.communicate()
        if process.returncode:
            raise subprocess.CalledProcessError(
                process.returncode, process.args, stderr=stderr
            )


def raw_ocr(pdf, pages, folder, ocr_dpi, threads):
    """The OCR render of the first `pages` pages in grey (one pdftoppm call),
    then one tesseract call over the list of pages writing hOCR."""
    env = {"OMP_THREAD_LIMIT": str(threads)} if threads else None
    _tool(
        ["pdftoppm", "-gray", "-r", str(ocr_dpi), "-l", str(pages)]
        + [str(pdf), str(folder / "ocr")]
    )
    images = sorted(folder.glob("ocr-*.pgm"))
    assert len(images) == pages, images
    listing = folder / "pages.txt"
    listing.write_text("".join(f"{image}\n" for image in images))
    _tool(["tesseract", str(listing), str(folder / "ocr"), "-l", "vie", "hocr"], env)


def raw_scanned(
    pdf,
    pages,
    folder,
    display_dpi,
    thumb_width,
    ocr_dpi=300,
    threads=None,
    side_by_side=False,
):
    """The bare tools making what ours makes for a scanned PDF: every page in
    grey at the OCR resolution, tesseract's hOCR of them (the word boxes; the
    text is in it), and the display images and thumbnails. `threads`:
    OMP_THREAD_LIMIT for tesseract (None: OpenMP's default, as many as there
    are CPUs). `side_by_side`: the display renders run beside the OCR."""
    clock = Clock()
    display = display_commands(pdf, folder, display_dpi, thumb_width)
    started = [_start(args) for args in display] if side_by_side else []
    raw_ocr(pdf, pages, folder, ocr_dpi, threads)
    if side_by_side:
        _wait(started)
    else:
        for args in display:
            _tool(args)
    return clock.stop()


def raw_text(pdf, folder, display_dpi, thumb_width, side_by_side=False):
    """The bare tools making what ours makes for a text-layer PDF, one after
    the other or all started at once (`side_by_side`)."""
    commands = text_commands(pdf, folder, display_dpi, thumb_width)
    clock = Clock()
    if side_by_side:
        _wait([_start(args) for args in commands])
    else:
        for args in commands:
            _tool(args)
    return clock.stop()


def raw_tesseract(pdf, pages, work):
    """Raw tesseract on the first `pages` pages of a PDF (what the issue's
    bar names as the baseline): the OCR render and one tesseract call, on
    OpenMP's threads and on one, the faster kept; (wall, CPU) seconds.
    Each run works in a new folder in `work`."""
    runs = []
    for threads in (None, 1):
        clock = Clock()
        raw_ocr(pdf, pages, Path(tempfile.mkdtemp(dir=work)), 300, threads)
        runs.append(clock.stop())
    return tuple(map(min, zip(*runs, strict=True)))
