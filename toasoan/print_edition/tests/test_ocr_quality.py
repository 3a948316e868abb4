"""OCR quality on a scanned-like page of our own Vietnamese text.

bench/print_ocr.py measures more pages; this keeps one page under a bar that
tesseract's `vie` model meets, so a change that harms OCR (wrong language,
too low a resolution, a broken parser) fails here.
"""

from pathlib import Path

import pytest

from toasoan.print_edition import loader, quality, samples

MAX_CER = 0.03  # measured about 0.002 on this page; 0.03 leaves room
MAX_CER_FOLDED = 0.02


def test_cer_counts_edits():
    assert quality.cer("Thủy lợi", "Thủy lợi") == 0
    assert quality.cer("Thủy lợi", "Thuy loi") == pytest.approx(2 / 8)
    assert quality.cer("Thủy lợi", "Thuy loi", diacritics=False) == 0
    assert quality.cer("abc", "") == 1


def test_ocr_of_a_noisy_scanned_page_meets_the_bar(tools, tmp_path):
    page = samples.PAGES[0]
    path = Path(tmp_path) / "scan.pdf"
    path.write_bytes(samples.scanned_pdf([page], dpi=200, noise=True))
    limits = loader.Limits()
    info = loader.inspect(path, limits)
    (result,) = loader.pages(path, info, tmp_path, limits)
    assert result.source == "ocr"
    reference = samples.reference_text([page])
    assert quality.cer(reference, result.text) <= MAX_CER, result.text
    assert quality.cer(reference, result.text, diacritics=False) <= MAX_CER_FOLDED
