"""OCR quality of the print-edition pipeline on Vietnamese pages we wrote.

Run by hand (see bench/README.md): `python bench/print_ocr.py`. Needs
tesseract with `vie` and poppler. No database: pages go through
`toasoan.print_edition.loader` exactly as a job runs them.

The pages are our own text (toasoan.print_edition.samples, toasoan.demo), drawn
with Noto Serif into image-only PDFs at several resolutions, clean and
"noisy" (a 0.4° skew and a slight blur, like a photocopy), "worn" (a 0.8°
skew, more blur and specks, stored as JPEG). For each variant it prints the
character error rate (CER: edits per reference character) with diacritics,
and without them (both sides folded: what is left is errors in the letters
themselves, not in tone or vowel marks).
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.test")

import django  # noqa: E402

django.setup()

from toasoan.demo import print_issues as demo  # noqa: E402
from toasoan.print_edition import loader, quality, samples  # noqa: E402

VARIANTS = [
    ("300 dpi clean", {"dpi": 300}),
    ("200 dpi clean", {"dpi": 200}),
    ("200 dpi noisy", {"dpi": 200, "noise": True}),
    ("150 dpi noisy", {"dpi": 150, "noise": True}),
    ("150 dpi worn", {"dpi": 150, "noise": 2}),
    ("150 dpi 8pt worn", {"dpi": 150, "noise": 2, "font_pt": 8}),
    ("100 dpi worn", {"dpi": 100, "noise": 2}),
]


def main():
    missing = loader.missing_tools()
    if missing:
        sys.exit(f"missing: {', '.join(missing)}")
    pages = samples.PAGES + demo.OLD_PAGES
    reference = samples.reference_text(pages)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        limits = loader.Limits()
        for name, options in VARIANTS:
            path = folder / "scan.pdf"
            path.write_bytes(samples.scanned_pdf(pages, **options))
            start = time.perf_counter()
            info = loader.inspect(path, limits)
            results = list(loader.pages(path, info, folder, limits))
            seconds = time.perf_counter() - start
            text = "\n".join(r.text for r in results)
            rows.append(
                {
                    "variant": name,
                    "pages": len(results),
                    "characters": len(quality.normalise(reference)),
                    "cer": quality.cer(reference, text),
                    "cer_without_diacritics": quality.cer(reference, text, False),
                    "seconds_per_page": seconds / len(results),
                }
            )
    header = ("variant", "pages", "chars", "CER", "CER folded", "s/page")
    print("{:<16}{:>6}{:>7}{:>9}{:>12}{:>8}".format(*header))
    for row in rows:
        print(
            f"{row['variant']:<16}{row['pages']:>6}{row['characters']:>7}"
            f"{row['cer']:>9.2%}{row['cer_without_diacritics']:>12.2%}"
            f"{row['seconds_per_page']:>8.2f}"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "print_ocr.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
