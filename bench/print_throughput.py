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
  writing hOCR (text and word boxes), and the same two display renders;
  tesseract run both with OpenMP's threads and on one thread
  (OMP_THREAD_LIMIT=1, as ours runs it), the faster counting as raw;
- raw side by side: the same calls started together (`Popen`), the elapsed
  time running until the last one ends: on 2 CPUs the fastest way by hand.
  Text layer: the three calls at once; scanned: the two display renders
  beside the OCR render followed by tesseract.

- raw tesseract, for the text-layer PDF: the issue's own baseline ("against
  raw tesseract on the same pages"), the OCR render and one tesseract call
  on its first `--tesseract-sample` pages; ours reads their text layer.

Overhead = ours / raw − 1, from pages per minute, against each raw row: of
the elapsed time (the best of the interleaved repetitions) and of the CPU
time (this process and the tools it ran, user + system; the least of the
repetitions), which other work on a shared machine disturbs much less.
Running calls side by side shortens the elapsed time only; the CPU time of
both raw rows is that of the same calls.

The raw rows' tool calls are in print_parts/raw.py.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
WORK = Path(tempfile.mkdtemp(prefix="print-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from print_parts.raw import Clock, raw_scanned, raw_tesseract, raw_text  # noqa: E402

from toasoan.demo import print_issues as demo  # noqa: E402
from toasoan.print_edition import importing, loader, samples  # noqa: E402

A4 = (210, 297)


def a4_pages(count):
    lines = [line for page in samples.PAGES + demo.OLD_PAGES for line in page]
    per_page = 40
    return [
        [lines[(p * 7 + i) % len(lines)] for i in range(per_page)] for p in range(count)
    ]


def ours(pdf, number):
    clock = Clock()
    issue, job = importing.import_issue(pdf, number, 2024)
    seconds = clock.stop()
    assert job.status == "done", job.message
    return seconds, job


def loader_only(pdf, folder):
    """The same page work without the database: where the time goes."""
    limits = loader.Limits()
    clock = Clock()
    info = loader.inspect(pdf, limits)
    for _ in loader.pages(pdf, info, folder, limits):
        pass
    return clock.stop()


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--text-pages", type=int, default=40)
    parser.add_argument("--scanned-pages", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", choices=("text", "scan"), help="one kind only")
    parser.add_argument(
        "--tesseract-sample",
        type=int,
        default=4,
        help="text-layer pages OCR'd by raw tesseract for its rate (0: skip)",
    )
    return parser.parse_args()


def make_pdfs(args):
    """The two A4 PDFs: one with a text layer, one scanned (image only)."""
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
    return text_pdf, scanned_pdf


def raw_scanned_both(pdf, pages, display_dpi, thumb, side_by_side):
    """raw_scanned with tesseract on OpenMP's threads, then on one thread."""
    return [
        raw_scanned(
            pdf,
            pages,
            Path(tempfile.mkdtemp(dir=WORK)),
            display_dpi,
            thumb,
            threads=n,
            side_by_side=side_by_side,
        )
        for n in (None, 1)
    ]


def repetitions(args, pdf, pages, short, display_dpi, thumb):
    """Interleaved repetitions of raw, raw side by side, loader and ours.

    Returns the (wall, CPU) seconds of each series, tesseract's own
    (OpenMP threads) runs for a scanned PDF, and the last import's job.
    """
    series = {"raw": [], "side": [], "bare": [], "ours": [], "openmp": []}
    for rep in range(args.repeat):
        for side_by_side, key in ((False, "raw"), (True, "side")):
            if short == "text":
                folder = Path(tempfile.mkdtemp(dir=WORK))
                series[key].append(
                    raw_text(pdf, folder, display_dpi, thumb, side_by_side)
                )
            else:
                # By hand one would run tesseract as it comes (OpenMP threads)
                # or on one thread: raw is the faster of the two each time.
                both = raw_scanned_both(pdf, pages, display_dpi, thumb, side_by_side)
                if not side_by_side:
                    series["openmp"].append(both[0])
                series[key].append(tuple(map(min, zip(*both, strict=True))))
        series["bare"].append(loader_only(pdf, Path(tempfile.mkdtemp(dir=WORK))))
        seconds, job = ours(pdf, f"{short}{rep}")
        series["ours"].append(seconds)
    return series, job


def rates(series, pages, index):
    """The figures of one clock (0: wall, 1: CPU), the best of each series."""
    raw_times, side_times = series["raw"], series["side"]
    bare_times, our_times = series["bare"], series["ours"]
    raw, side, bare, our = (
        min(times[index] for times in kind)
        for kind in (raw_times, side_times, bare_times, our_times)
    )
    return {
        "raw_seconds": [times[index] for times in raw_times],
        "raw_side_by_side_seconds": [times[index] for times in side_times],
        "loader_seconds": [times[index] for times in bare_times],
        "our_seconds": [times[index] for times in our_times],
        "raw_pages_per_minute": 60 * pages / raw,
        "raw_side_by_side_pages_per_minute": 60 * pages / side,
        "loader_pages_per_minute": 60 * pages / bare,
        "our_pages_per_minute": 60 * pages / our,
        "overhead": our / raw - 1,
        "overhead_side_by_side": our / side - 1,
    }


def measure(args, kind, pdf, pages, short, display_dpi, thumb):
    """One row of the table: one kind of PDF, every way, both clocks."""
    # Interleaved repetitions, best of each: the machine is shared.
    series, job = repetitions(args, pdf, pages, short, display_dpi, thumb)
    row = {"kind": kind, "pages": pages, "ocr_pages": job.ocr_pages}
    sample = min(args.tesseract_sample, pages)
    if short == "text" and sample > 0:
        # Ours reads the text layer; tesseract would OCR the same pages.
        wall, cpu = raw_tesseract(pdf, sample, WORK)
        row["raw_tesseract"] = {
            "pages": sample,
            "wall_pages_per_minute": 60 * sample / wall,
            "cpu_pages_per_minute": 60 * sample / cpu,
        }
    if series["openmp"]:
        row["raw_openmp_seconds"] = series["openmp"]
    for index, clock in enumerate(("wall", "cpu")):
        row[clock] = rates(series, pages, index)
    return row


def print_table(rows):
    header = ("", "pages", "clock", "raw p/min", "side p/min", "loader p/min")
    print(
        "{:<15}{:>6}{:>6}{:>11}{:>12}{:>14}{:>12}{:>9}{:>9}".format(
            *header, "ours p/min", "vs raw", "vs side"
        )
    )
    for row in rows:
        for clock in ("wall", "cpu"):
            figures = row[clock]
            print(
                f"{row['kind']:<15}{row['pages']:>6}{clock:>6}"
                f"{figures['raw_pages_per_minute']:>11.1f}"
                f"{figures['raw_side_by_side_pages_per_minute']:>12.1f}"
                f"{figures['loader_pages_per_minute']:>14.1f}"
                f"{figures['our_pages_per_minute']:>12.1f}"
                f"{figures['overhead']:>9.1%}"
                f"{figures['overhead_side_by_side']:>9.1%}"
            )
    for row in rows:
        if "raw_tesseract" in row:
            tess = row["raw_tesseract"]
            for clock in ("wall", "cpu"):
                ours_rate = row[clock]["our_pages_per_minute"]
                rate = tess[f"{clock}_pages_per_minute"]
                print(
                    f"{row['kind']}: raw tesseract on the first {tess['pages']} "
                    f"pages, {clock}: {rate:.1f} p/min; ours "
                    f"{ours_rate / rate:.0f}x as many (overhead "
                    f"{rate / ours_rate - 1:.1%})"
                )


def main():
    args = parse_args()
    if loader.missing_tools():
        sys.exit(f"missing: {loader.missing_tools()}")
    settings.MEDIA_ROOT = str(WORK / "media")
    call_command("migrate", verbosity=0)
    text_pdf, scanned_pdf = make_pdfs(args)
    # The dpi and thumbnail width ours uses for an A4 page (loader._display_dpi).
    display_dpi = round(loader.Limits().display_width * 72 / (A4[0] / 25.4 * 72))
    thumb = loader.Limits().thumb_width
    jobs = [
        ("text layer", text_pdf, args.text_pages, "text"),
        ("scanned (OCR)", scanned_pdf, args.scanned_pages, "scan"),
    ]
    rows = [
        measure(args, kind, pdf, pages, short, display_dpi, thumb)
        for kind, pdf, pages, short in jobs
        if args.only in (None, short)
    ]
    print_table(rows)
    print(f"load average after: {open('/proc/loadavg').read().strip()}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "print_throughput.json").write_text(
        json.dumps(
            {
                "nproc": os.cpu_count(),
                "loadavg": open("/proc/loadavg").read().split()[:3],
                "rows": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
