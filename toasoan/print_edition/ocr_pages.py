"""The loader's OCR: pages without a usable text layer, read by tesseract.

No Django here. Each page is rendered in grey at OCR resolution, despeckled
when it bears specks (`ocr_input`), and read with others in one tesseract
call (`ocr`). Every tool call goes through `sandbox.run`.
"""

from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

from . import parsers, rendering, sandbox
from .sandbox import ProcessingError

OCR_BATCH = 4  # pages per tesseract call (the model loads once per call)
# Lone dark pixels per million above which a page is despeckled before OCR.
# Pages of our bench (bench/print_ocr.py) show 0 when clean or blurred and
# 850-930 when worn (specks), 100 at 100 dpi worn, at 300 dpi.
SPECKS_PER_MEGAPIXEL = 50


def ocr(images: list[Path], limits: sandbox.Limits) -> list[parsers.ParsedPage]:
    """Read several page images with one tesseract call (a list file), so the
    language model is loaded once per batch rather than once per page; the
    time limit grows with the number of pages."""
    images = list(images)
    target = images[0]
    if len(images) > 1:
        target = images[0].with_name(f"{images[0].stem}-list.txt")
        target.write_text("".join(f"{image}\n" for image in images), "utf-8")
    try:
        out = sandbox.run(
            ["tesseract", str(target), "stdout", "-l", limits.ocr_lang, "hocr"],
            limits,
            timeout=limits.timeout * len(images),
            env={"OMP_THREAD_LIMIT": str(limits.ocr_threads)}
            if limits.ocr_threads > 0
            else None,
        )
    finally:
        if target not in images:
            target.unlink(missing_ok=True)
    pages = parsers.parse_hocr_pages(out.decode("utf-8", "replace"))
    if len(pages) != len(images):
        raise ProcessingError("corrupt", f"tesseract read {len(pages)} pages")
    return pages


def ocr_input(path, number, layer, workdir, limits) -> Path:
    """The page in grey at OCR resolution, despeckled with a median filter
    (5×5 at 300 dpi) when it bears specks: the specks of a worn copy stored as
    JPEG make tesseract drop whole lines (bench/print_ocr.py: 33 % → 1.4 %
    CER on a worn 150 dpi page), while on a clean page the filter costs
    accuracy (0.1 % → 0.4 %) and half a second an A4 page."""
    width, height = (layer.width, layer.height) if layer else (595, 842)
    dpi = rendering.render_dpi(limits.ocr_dpi, width, height)
    prefix = Path(workdir) / f"ocr-{number}"
    rendering.pdftoppm(
        path, number, number, prefix, limits, "-gray", "-singlefile", "-r", str(dpi)
    )
    rendered = prefix.with_suffix(".pgm")
    if not rendered.exists():
        raise ProcessingError("corrupt", f"page {number} did not render")
    if limits.despeckle:
        try:
            with Image.open(rendered) as grey:
                if speckled(grey, dpi):
                    size = 5 if dpi >= 250 else 3
                    grey.filter(ImageFilter.MedianFilter(size)).save(rendered)
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise ProcessingError("corrupt", f"page {number}: {error}") from None
    return rendered


def speckled(grey, dpi) -> bool:
    """Whether a grey page bears specks: dark pixels alone in a light
    neighbourhood (9×9 at 300 dpi), more than SPECKS_PER_MEGAPIXEL. Strokes,
    dots and tone marks of 10 pt text have dark neighbours and do not count.
    About 60 ms an A4 page at 300 dpi, where the median filter takes 0.5 s."""
    dark = grey.point(lambda value: 255 if value < 128 else 0)
    radius = 4 if dpi >= 250 else 2
    around = grey.filter(ImageFilter.BoxBlur(radius))
    lonely = around.point(lambda value: 255 if value > 230 else 0)
    specks = ImageChops.darker(dark, lonely).histogram()[255]
    return specks * 1_000_000 > SPECKS_PER_MEGAPIXEL * grey.width * grey.height


def read_ocr(path, numbers, layers, workdir, limits) -> dict:
    """Pages `numbers` (page → its text layer or None) read by OCR."""
    inputs = []
    try:
        for number in numbers:
            inputs.append(ocr_input(path, number, layers[number], workdir, limits))
        return dict(zip(numbers, ocr(inputs, limits), strict=True))
    finally:
        for rendered in inputs:
            rendered.unlink(missing_ok=True)
