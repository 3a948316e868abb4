"""One scanned issue over 1 and 2 workers: the speed-up, and the cost of
our pipeline against raw tesseract on the same pages.

    .venv/bin/python bench/print_spread.py --pages 60

Builds a PostgreSQL database of its own (`bench_spread` on 127.0.0.1:5432),
makes an A4 scanned PDF of --pages pages (300 dpi, as print_throughput.py
does), then for 1 and for 2 workers (`manage.py work`, Procrastinate): a
fresh issue with that PDF is queued, the workers started, and the time
from the queueing to the job's DONE measured; the issue splits into units
of PRINT_UNIT_PAGES pages that the workers share. Raw tesseract (one
pdftoppm render and one tesseract call, one thread) on the same pages gives
pages a minute per core to compare with, measured before and after the
workers' runs (their mean: this machine drifts by a few per cent). The
workers are started and listening before the issue is queued (their start
is not timed). Needs PostgreSQL, poppler and tesseract (vie).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from spread_parts import setup, timing  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--unit-pages", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="worker counts to time")
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    return parser.parse_args()


def main():
    args = parse_args()
    os.environ.update(setup.environment(args.unit_pages))
    setup.fresh_database()
    import django

    django.setup()
    setup.migrate()
    pdf = setup.scanned_pdf(args.pages)
    report = {"pages": args.pages, "unit_pages": args.unit_pages, "runs": {}}
    report["machine"] = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    raws = [timing.raw_tesseract(pdf, args.pages)]
    print(f"raw tesseract, one thread: {raws[0]['pages_per_minute']:.1f} pages/min")
    for count in [int(n) for n in args.workers.split(",")]:
        run = timing.with_workers(pdf, args.pages, count)
        report["runs"][count] = run
        print(
            f"{count} worker(s): {run['seconds']:.1f} s, "
            f"{run['pages_per_minute']:.1f} pages/min, pages stored {run['stored']}"
        )
    raws.append(timing.raw_tesseract(pdf, args.pages))
    print(f"raw tesseract again: {raws[1]['pages_per_minute']:.1f} pages/min")
    report["raw_tesseract_runs"] = raws
    report["raw_tesseract"] = timing.mean_of(raws)
    timing.summarise(report)
    print(json.dumps(report["summary"], indent=2))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "out" / f"print_spread-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"Report: {out}")


if __name__ == "__main__":
    main()
