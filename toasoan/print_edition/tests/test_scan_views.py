"""A grey scan's display image and thumbnail come from its OCR render; a
colour scan, or a page with a text layer, is rendered by poppler."""

import doctest
from io import BytesIO
from pathlib import Path

from PIL import Image

from toasoan.print_edition import loader, rendering, samples, sandbox

LIMITS = loader.Limits()


def _pdf(tmp_path, images, dpi=200):
    path = Path(tmp_path) / "scan.pdf"
    buffer = BytesIO()
    images[0].save(
        buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:]
    )
    path.write_bytes(buffer.getvalue())
    return path


def _pages(path, tmp_path, monkeypatch):
    calls = []
    run = sandbox.run

    def recording(args, *rest, **options):
        calls.append(list(args))
        return run(args, *rest, **options)

    monkeypatch.setattr(sandbox, "run", recording)
    info = loader.inspect(path, LIMITS)
    return list(loader.pages(path, info, tmp_path, LIMITS)), calls


def _renders(calls):
    """pdftoppm calls other than the OCR renders (display images, thumbnails)."""
    return [args for args in calls if args[0] == "pdftoppm" and "-gray" not in args]


def test_a_grey_scan_is_rendered_once(tools, tmp_path, monkeypatch):
    grey = samples.page_image(samples.PAGES[0], dpi=200)
    results, calls = _pages(_pdf(tmp_path, [grey, grey]), tmp_path, monkeypatch)
    assert [r.source for r in results] == ["ocr", "ocr"]
    assert _renders(calls) == []
    assert sum(args[0] == "pdftoppm" for args in calls) == 2  # one a page
    for result in results:
        assert "Hội nghị" in result.text
        with Image.open(result.image) as view, Image.open(result.thumbnail) as thumb:
            assert view.format == thumb.format == "JPEG"
            assert view.mode == "L"
            assert (view.width, view.height) == (result.width, result.height)
            # The page at its display dpi (200 dpi scan, display width 1400 px
            # for an A4 width; this page is 130 mm wide).
            assert abs(view.width - 130 / 25.4 * 273) <= 4
            assert thumb.width == LIMITS.thumb_width
            # Not a blank: the text is there, dark on light.
            assert view.getextrema()[0] < 60 and view.getextrema()[1] > 200
    assert not list(Path(tmp_path).glob("*-scan-*"))  # moved to their names


def test_a_colour_scan_is_rendered_by_poppler(tools, tmp_path, monkeypatch):
    page = samples.page_image(samples.PAGES[1], dpi=200).convert("RGB")
    page.paste((200, 30, 30), (0, 0, 200, 60))  # a red band: a colour page
    results, calls = _pages(_pdf(tmp_path, [page]), tmp_path, monkeypatch)
    assert [r.source for r in results] == ["ocr"]
    assert len(_renders(calls)) == 2  # the display image and the thumbnail
    with Image.open(results[0].image) as view:
        assert view.mode == "RGB"
        red, green, _ = view.getpixel((10, 10))
        assert red > 150 and green < 80


def test_image_listing_and_runs_examples():
    assert doctest.testmod(rendering).failed == 0


def test_pages_poppler_cannot_list_are_rendered(tools, tmp_path, monkeypatch):
    grey = samples.page_image(samples.PAGES[0], dpi=200)
    path = _pdf(tmp_path, [grey])
    run = sandbox.run

    def failing_list(args, *rest, **options):
        if args[0] == "pdfimages":
            raise sandbox.ProcessingError("tool_failed", "listing")
        return run(args, *rest, **options)

    monkeypatch.setattr(sandbox, "run", failing_list)
    info = loader.inspect(path, LIMITS)
    (result,) = list(loader.pages(path, info, tmp_path, LIMITS))
    assert result.source == "ocr" and result.image.exists()
