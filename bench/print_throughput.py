"""Pages per minute of the print-edition processing, against the raw tools.

Run by hand (see bench/README.md): `python bench/print_throughput.py`.
Needs tesseract (vie) and poppler. It makes a throwaway SQLite database and
media folder, then for two A4 PDFs of our own Vietnamese text (about 40
lines a page) — one with a text layer, one scanned (image only, 300 dpi) —
it times:

- ours: `importing.import_issue`, as `manage.py import_print_issue` runs
  it: the document stored, the issue published, every page rendered, read
  (text layer, or despeckle + tesseract hOCR), its image and thumbnail made,
  its words parsed, stored and indexed;
- raw: the bare tools making the same files, each called once for the whole
  PDF as one would by hand — text layer: `pdftotext -bbox-layout` (words and
  boxes of every page), `pdftoppm -jpeg` at our display dpi and quality,
  `pdftoppm -jpeg -scale-to-x 240` for the thumbnails; scanned: `pdftoppm
  -gray -r 300` for every page, one `tesseract` over the list of pages
  writing hOCR (text and word boxes), and the same two display renders.

Overhead = ours / raw − 1, from pages per minute.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="print-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from toasoan.print_edition import demo, importing, loader, samples  # noqa: E402

A4 = (210, 297)


def a4_pages(count):
    lines = [line for page in samples.PAGES + demo.OLD_PAGES for line in page]
    per_page = 40
    return [
        [lines[(p * 7 + i) % len(lines)] for i in range(per_page)] for p in range(count)
    ]


def _tool(args):
    subprocess.run(args, check=True, capture_output=True, stdin=subprocess.DEVNULL)


def raw_display(pdf, folder, dpi, thumb_width):
    """Page JPEGs and thumbnails as ours stores them: one pdftoppm call each
    for the whole file (same dpi, JPEG quality and thumbnail width)."""
    _tool(
        ["pdftoppm", "-jpeg", "-jpegopt", "quality=82", "-r", str(dpi)]
        + [str(pdf), str(folder / "page")]
    )
    _tool(
        ["pdftoppm", "-jpeg", "-jpegopt", "quality=80", "-scale-to-x"]
        + [str(thumb_width), "-scale-to-y", "-1", str(pdf), str(folder / "thumb")]
    )


def raw_scanned(pdf, pages, folder, display_dpi, thumb_width, ocr_dpi=300):
    """The bare tools making what ours makes for a scanned PDF: every page in
    grey at the OCR resolution (one pdftoppm call), one tesseract call over
    the list of pages writing hOCR (the word boxes; the text is in it), and
    the display images and thumbnails."""
    start = time.perf_counter()
    _tool(["pdftoppm", "-gray", "-r", str(ocr_dpi), str(pdf), str(folder / "ocr")])
    images = sorted(folder.glob("ocr-*.pgm"))
    assert len(images) == pages, images
    listing = folder / "pages.txt"
    listing.write_text("".join(f"{image}\n" for image in images))
    _tool(["tesseract", str(listing), str(folder / "ocr"), "-l", "vie", "hocr"])
    raw_display(pdf, folder, display_dpi, thumb_width)
    return time.perf_counter() - start


def raw_text(pdf, folder, display_dpi, thumb_width):
    """The bare tools making what ours makes for a text-layer PDF: the words
    with their boxes for every page (one `pdftotext -bbox-layout`), the
    display images and thumbnails."""
    start = time.perf_counter()
    _tool(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf)]
        + [str(folder / "words.html")]
    )
    raw_display(pdf, folder, display_dpi, thumb_width)
    return time.perf_counter() - start


def ours(pdf, number):
    start = time.perf_counter()
    issue, job = importing.import_issue(pdf, number, 2024)
    seconds = time.perf_counter() - start
    assert job.status == "done", job.message
    return seconds, job


def loader_only(pdf, folder):
    """The same page work without the database: where the time goes."""
    limits = loader.Limits()
    start = time.perf_counter()
    info = loader.inspect(pdf, limits)
    for _ in loader.pages(pdf, info, folder, limits):
        pass
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--text-pages", type=int, default=40)
    parser.add_argument("--scanned-pages", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", choices=("text", "scan"), help="one kind only")
    args = parser.parse_args()
    if loader.missing_tools():
        sys.exit(f"missing: {loader.missing_tools()}")
    settings.MEDIA_ROOT = str(WORK / "media")
    call_command("migrate", verbosity=0)
    text_pdf = WORK / "text.pdf"
    text_pdf.write_bytes(
        samples.text_pdf(a4_pages(args.text_pages), size_mm=A4, font_pt=10)
    )
    scanned_pdf = WORK / "scanned.pdf"
    scanned_pdf.write_bytes(
        samples.scanned_pdf(
            a4_pages(args.scanned_pages), dpi=300, size_mm=A4, font_pt=10
        )
    )
    # The dpi and thumbnail width ours uses for an A4 page (loader._display_dpi).
    display_dpi = round(loader.Limits().display_width * 72 / (A4[0] / 25.4 * 72))
    thumb = loader.Limits().thumb_width
    rows = []
    jobs = [
        ("text layer", text_pdf, args.text_pages, "text"),
        ("scanned (OCR)", scanned_pdf, args.scanned_pages, "scan"),
    ]
    jobs = [job for job in jobs if args.only in (None, job[3])]
    for kind, pdf, pages, short in jobs:
        # Interleaved repetitions, best of each: the machine is shared.
        raw_times, our_times, bare_times = [], [], []
        for rep in range(args.repeat):
            folder = Path(tempfile.mkdtemp(dir=WORK))
            if short == "text":
                raw_times.append(raw_text(pdf, folder, display_dpi, thumb))
            else:
                raw_times.append(raw_scanned(pdf, pages, folder, display_dpi, thumb))
            bare_times.append(loader_only(pdf, Path(tempfile.mkdtemp(dir=WORK))))
            seconds, job = ours(pdf, f"{short}{rep}")
            our_times.append(seconds)
        raw_seconds, our_seconds = min(raw_times), min(our_times)
        rows.append(
            {
                "kind": kind,
                "pages": pages,
                "ocr_pages": job.ocr_pages,
                "raw_seconds": raw_times,
                "loader_seconds": bare_times,
                "our_seconds": our_times,
                "raw_pages_per_minute": 60 * pages / raw_seconds,
                "loader_pages_per_minute": 60 * pages / min(bare_times),
                "our_pages_per_minute": 60 * pages / our_seconds,
                "overhead": our_seconds / raw_seconds - 1,
            }
        )
    header = ("", "pages", "raw p/min", "loader p/min", "ours p/min", "overhead")
    print("{:<15}{:>6}{:>11}{:>14}{:>12}{:>10}".format(*header))
    for row in rows:
        print(
            f"{row['kind']:<15}{row['pages']:>6}{row['raw_pages_per_minute']:>11.1f}"
            f"{row['loader_pages_per_minute']:>14.1f}"
            f"{row['our_pages_per_minute']:>12.1f}{row['overhead']:>10.1%}"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "print_throughput.json").write_text(
        json.dumps({"nproc": os.cpu_count(), "rows": rows}, indent=2)
    )


if __name__ == "__main__":
    main()
