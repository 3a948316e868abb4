"""The loader on real PDFs with real poppler and tesseract, and its limits."""

import shutil
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from toasoan.core import tools as runner
from toasoan.print_edition import loader, ocr_pages, samples, sandbox
from toasoan.print_edition.loader import ProcessingError

LIMITS = loader.Limits()


def write(tmp_path, data, name="x.pdf"):
    path = Path(tmp_path) / name
    path.write_bytes(data)
    return path


def run_all(path, tmp_path, limits=LIMITS):
    info = loader.inspect(path, limits)
    return info, list(loader.pages(path, info, tmp_path, limits))


def test_text_layer_pages_use_the_text_layer(tools, tmp_path, text_pdf):
    info, results = run_all(write(tmp_path, text_pdf), tmp_path)
    assert info.pages == 3
    assert [r.source for r in results] == ["text"] * 3
    first = results[0]
    assert first.text.startswith("Hội nghị Trung ương bàn về công tác xây dựng Đảng")
    texts = [w[0] for w in first.words["words"]]
    assert "Đảng" in texts
    assert first.image.exists() and first.thumbnail.exists()
    assert 0 < first.width <= LIMITS.display_width
    assert all(0 <= v <= 10_000 for w in first.words["words"] for v in w[1:])


def test_scanned_pages_are_read_by_ocr(tools, tmp_path, scanned_pdf):
    info, results = run_all(write(tmp_path, scanned_pdf), tmp_path)
    assert info.pages == 1
    (page,) = results
    assert page.source == "ocr"
    assert "Thủy lợi và hòa bình" in page.text
    words = {w[0] for w in page.words["words"]}
    assert {"Thủy", "lợi", "hòa", "bình"} <= words


@pytest.mark.parametrize(
    "data, limits, code",
    [
        (b"not a pdf at all", LIMITS, "not_pdf"),
        (b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer <<>>\n%%EOF", LIMITS, "corrupt"),
        (None, replace(LIMITS, max_bytes=1000), "too_big"),
        (None, replace(LIMITS, max_pages=2), "too_many_pages"),
    ],
)
def test_bad_pdfs_fail_with_a_reason(tools, tmp_path, text_pdf, data, limits, code):
    path = write(tmp_path, data if data is not None else text_pdf)
    with pytest.raises(ProcessingError) as error:
        run_all(path, tmp_path, limits)
    assert error.value.code == code


def test_password_protected_pdf_is_refused(tools, tmp_path):
    path = write(tmp_path, samples.text_pdf(samples.PAGES[:1], password="bí mật"))
    with pytest.raises(ProcessingError) as error:
        run_all(path, tmp_path)
    assert error.value.code == "encrypted"


def test_a_slow_tool_is_stopped(tools, tmp_path, scanned_pdf):
    path = write(tmp_path, scanned_pdf)
    info = loader.inspect(path, LIMITS)
    with pytest.raises(ProcessingError) as error:
        list(loader.pages(path, info, tmp_path, replace(LIMITS, timeout=0.05)))
    assert error.value.code == "timeout"


def test_a_greedy_tool_is_stopped_by_the_memory_limit(tools, tmp_path, scanned_pdf):
    path = write(tmp_path, scanned_pdf)
    info = loader.inspect(path, LIMITS)
    with pytest.raises(ProcessingError) as error:
        list(loader.pages(path, info, tmp_path, replace(LIMITS, memory=40 * 1024**2)))
    assert error.value.code == "memory"


@pytest.mark.parametrize("prlimit", [True, False], ids=["prlimit", "preexec_fn"])
def test_tools_run_under_the_memory_limit_with_or_without_prlimit(
    tools, monkeypatch, prlimit
):
    """Through util-linux's prlimit when it is there (no fork of the worker),
    through a preexec_fn otherwise: the same limit either way."""
    if prlimit and runner._prlimit() is None:
        pytest.skip("no prlimit on this machine")
    if not prlimit:
        monkeypatch.setattr(runner, "_prlimit", lambda: None)
    command, options = runner.limited(["pdftoppm", "-v"], 123 * 1024**2)
    assert (command[0] == "pdftoppm") is (not prlimit)
    assert ("preexec_fn" in options) is (not prlimit)
    limit = replace(LIMITS, memory=64 * 1024**2)
    script = "bytearray(256 * 1024 * 1024)"
    with pytest.raises(ProcessingError) as error:
        loader.run(["python3", "-c", script], limit)
    assert error.value.code == "memory"
    loader.run(["python3", "-c", "bytearray(1024)"], limit)  # within the limit


def test_a_tool_that_is_not_installed_is_named(monkeypatch):
    with pytest.raises(ProcessingError) as error:
        loader.run(["toasoan-no-such-tool"], LIMITS)
    assert (error.value.code, error.value.detail) == (
        "tool_missing",
        "toasoan-no-such-tool",
    )


def test_missing_tools_are_named(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda tool: None)
    assert loader.missing_tools() == list(loader.TOOLS)


def mixed_pdf(kinds):
    """A PDF whose pages are born-digital ("text") or scanned ("scan"), each
    starting with the first line of a different sample page."""
    from io import BytesIO

    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "NotoSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSerif", samples.font_path()))
    size = (130 * mm, 40 * mm)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    for number, kind in enumerate(kinds):
        lines = samples.PAGES[number % len(samples.PAGES)][:2]
        if kind == "text":
            pdf.setFont("NotoSerif", 11)
            for row, line in enumerate(lines):
                pdf.drawString(10 * mm, size[1] - 10 * mm - 11 - row * 18, line)
        else:
            image = samples.page_image(lines, dpi=200, size_mm=(130, 40))
            pdf.drawImage(ImageReader(image), 0, 0, *size)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_chunks_and_ocr_batches_keep_pages_in_order(tools, tmp_path, monkeypatch):
    """Chunks of 3 pages and tesseract batches of 2: the scanned pages 2 and 3
    share one tesseract call, page 5 has its own, and every page keeps its
    own text, source, image and word boxes."""
    from toasoan.vietnamese import fold

    kinds = ["text", "scan", "scan", "text", "scan"]
    path = write(tmp_path, mixed_pdf(kinds))
    calls = []
    run = sandbox.run

    def counting(args, *rest, **options):
        calls.append(args[0])
        return run(args, *rest, **options)

    monkeypatch.setattr(sandbox, "run", counting)
    info = loader.inspect(path, LIMITS)
    results = list(loader.pages(path, info, tmp_path, LIMITS, chunk=3, ocr_batch=2))
    assert [r.number for r in results] == [1, 2, 3, 4, 5]
    assert [r.source for r in results] == ["text", "ocr", "ocr", "text", "ocr"]
    assert calls.count("tesseract") == 2
    assert calls.count("pdftotext") == 2  # one per chunk
    for number, result in enumerate(results):
        heading = samples.PAGES[number % len(samples.PAGES)][0]
        assert fold(heading) in fold(result.text), (result.number, result.text)
        assert result.words["words"] and result.image.exists()
        assert result.image.name == f"page-{result.number:04d}.jpg"
    assert not list(tmp_path.glob("ocr-*"))  # OCR inputs and lists are removed


@pytest.mark.parametrize(
    "threads, expected", [(1, {"OMP_THREAD_LIMIT": "1"}), (0, None)]
)
def test_tesseract_runs_on_the_configured_threads(
    tmp_path, monkeypatch, threads, expected
):
    calls = []

    def fake_run(args, limits, timeout=None, env=None):
        calls.append((args[0], env))
        return b"<div class='ocr_page' title='bbox 0 0 10 10'></div>"

    monkeypatch.setattr(sandbox, "run", fake_run)
    image = tmp_path / "ocr-1.pgm"
    image.write_bytes(b"P5 1 1 255 \x00")
    ocr_pages.ocr([image], replace(LIMITS, ocr_threads=threads))
    assert calls == [("tesseract", expected)]


def test_only_pages_with_specks_are_despeckled(tools, tmp_path, monkeypatch):
    """The median filter (half a second an A4 page) runs on worn pages, whose
    specks it removes, not on clean or blurred ones, where it only costs."""
    filtered = []
    median = ocr_pages.ImageFilter.MedianFilter

    def recording(size):
        filtered.append(size)
        return median(size)

    monkeypatch.setattr(ocr_pages.ImageFilter, "MedianFilter", recording)
    lines = samples.PAGES[1]
    for noise, expected in ((False, []), (True, []), (2, [5])):
        filtered.clear()
        path = write(tmp_path, samples.scanned_pdf([lines], dpi=150, noise=noise))
        rendered = ocr_pages.ocr_input(path, 1, None, tmp_path, LIMITS)
        assert rendered.exists() and filtered == expected, noise


def test_specks_are_lone_dark_pixels():
    from PIL import Image

    page = samples.page_image(samples.PAGES[0], dpi=300)
    assert not ocr_pages.speckled(page, 300)
    assert ocr_pages.speckled(
        samples.page_image(samples.PAGES[0], dpi=300, noise=2), 300
    )
    dusty = page.copy()
    for x in range(0, dusty.width, 40):  # one lone dark pixel every 40 × 40
        for y in range(0, dusty.height, 40):
            dusty.putpixel((x, y), 0)
    assert ocr_pages.speckled(dusty, 300)
    assert not ocr_pages.speckled(Image.new("L", (600, 600), 255), 300)


@pytest.mark.parametrize(
    "count, chunk, first, sizes",
    [
        (1, 50, 10, [1]),
        (10, 50, 10, [10]),
        (15, 50, 10, [10, 5]),
        (40, 50, 10, [10, 30]),
        (200, 50, 10, [10, 50, 50, 50, 40]),
        (110, 50, 10, [10, 50, 50]),
        (5, 3, 3, [3, 2]),
        (200, 50, 0, [50, 50, 50, 50]),
    ],
)
def test_chunks_cover_every_page_once_the_first_small(count, chunk, first, sizes):
    ranges = loader.chunk_ranges(count, chunk, first)
    assert [last - start + 1 for start, last in ranges] == sizes
    assert [page for start, last in ranges for page in range(start, last + 1)] == (
        list(range(1, count + 1))
    )


def _first_page(args):
    return args[args.index("-f") + 1] if "-f" in args else None


def test_a_failure_ahead_is_raised_in_page_order(
    tools, tmp_path, text_pdf, monkeypatch
):
    """The next chunk's text layer is read, and its images started, before
    this chunk's pages are yielded; its failure still comes after them, and
    a failure of this chunk's images comes first, though the next chunk's
    text failed earlier: as when every call ran in turn."""
    path = write(tmp_path, text_pdf)
    info = loader.inspect(path, LIMITS)
    run = sandbox.run
    failing = {}

    def flaky(args, *rest, **options):
        key = (Path(args[0]).name, _first_page(args), "-r" in args)
        if key in failing:
            raise ProcessingError(*failing[key])
        return run(args, *rest, **options)

    monkeypatch.setattr(sandbox, "run", flaky)
    for fail, numbers, detail in (
        ({("pdftotext", "3", False): ("corrupt", "text 3")}, [1, 2], "text 3"),
        (
            {
                ("pdftotext", "3", False): ("corrupt", "text 3"),
                ("pdftoppm", "2", True): ("memory", "image 2"),
            },
            [1],
            "image 2",
        ),
    ):
        failing.clear()
        failing.update(fail)
        folder = tmp_path / detail.replace(" ", "-")
        folder.mkdir()
        yielded = []
        with pytest.raises(ProcessingError) as error:
            for result in loader.pages(path, info, folder, LIMITS, chunk=1):
                yielded.append(result.number)
        assert yielded == numbers and error.value.detail == detail


def test_closing_the_pages_stops_the_work_made_ahead(
    tools, tmp_path, text_pdf, monkeypatch
):
    """A job that stops early (time limit, superseded, any error) closes the
    generator: the tool rendering ahead is killed at once, its thread ends,
    no tool is left running and nothing more is written in the work folder,
    which can then be removed."""
    path = write(tmp_path, text_pdf)
    workdir = tmp_path / "work"
    workdir.mkdir()
    started = []

    class Recording(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(runner.subprocess, "Popen", Recording)
    sleeping = threading.Event()
    run = sandbox.run

    def slow(args, *rest, **options):
        ahead = threading.current_thread().name.startswith("print-tools")
        if ahead and _first_page(args) == "2":
            sleeping.set()
            run(["sleep", "60"], LIMITS)
        return run(args, *rest, **options)

    monkeypatch.setattr(sandbox, "run", slow)
    threads = threading.active_count()
    info = loader.inspect(path, LIMITS)
    results = loader.pages(path, info, workdir, LIMITS, chunk=1)
    assert next(results).number == 1
    assert sleeping.wait(30)
    began = time.monotonic()
    results.close()
    assert time.monotonic() - began < 10  # not the sleep's 60 s
    (sleep,) = [p for p in started if p.args[-2:] == ["sleep", "60"]]
    assert sleep.returncode == -9  # killed
    assert all(process.returncode is not None for process in started)
    assert threading.active_count() == threads
    left = sorted(workdir.iterdir())
    time.sleep(0.3)
    assert sorted(workdir.iterdir()) == left
    shutil.rmtree(workdir)
