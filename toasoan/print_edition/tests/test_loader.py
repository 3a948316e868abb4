"""The loader on real PDFs with real poppler and tesseract, and its limits."""

from dataclasses import replace
from pathlib import Path

import pytest

from toasoan.print_edition import loader, samples
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


def test_missing_tools_are_named(monkeypatch):
    monkeypatch.setattr(loader.shutil, "which", lambda tool: None)
    assert loader.missing_tools() == list(loader.TOOLS)
