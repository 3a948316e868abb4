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


def ocr_input(path, number, layer, workdir, limits, view_dpi=None) -> Path:
    """The page in grey at OCR resolution, despeckled with a median filter
    (5×5 at 300 dpi) when it bears specks: the specks of a worn copy stored as
    JPEG make tesseract drop whole lines (bench/print_ocr.py: 33 % → 1.4 %
    CER on a worn 150 dpi page), while on a clean page the filter costs
    accuracy (0.1 % → 0.4 %) and half a second an A4 page.

    `view_dpi`: also make the page's display image and thumbnail from this
    render, before despeckling (`scan_views`), for a grey scan, where a
    second render by poppler would only give the same pixels again."""
    width, height = (layer.width, layer.height) if layer else (595, 842)
    dpi = rendering.render_dpi(limits.ocr_dpi, width, height)
    prefix = Path(workdir) / f"ocr-{number}"
    rendering.pdftoppm(
        path, number, number, prefix, limits, "-gray", "-singlefile", "-r", str(dpi)
    )
    rendered = prefix.with_suffix(".pgm")
    if not rendered.exists():
        raise ProcessingError("corrupt", f"page {number} did not render")
    if not limits.despeckle and view_dpi is None:
        return rendered
    try:
        with Image.open(rendered) as grey:
            if view_dpi is not None:
                paths = rendering.scan_view_paths(workdir, number)
                scan_views(grey, view_dpi / dpi, paths, limits)
            if limits.despeckle and speckled(grey, dpi):
                size = 5 if dpi >= 250 else 3
                grey.filter(ImageFilter.MedianFilter(size)).save(rendered)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ProcessingError("corrupt", f"page {number}: {error}") from None
    return rendered


def scan_views(grey, scale, paths, limits):
    """The display image (`scale` of the OCR render) and the thumbnail, as
    JPEGs with poppler's qualities. Averaged over boxes (the right filter to
    shrink): 30 ms an A4 page at 300 dpi, where the two poppler renders took
    130 ms (bench/README.md, print_spread.py)."""
    view_path, thumb_path = paths
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    view = grey.resize(size, Image.Resampling.BOX)
    view.save(view_path, "JPEG", quality=rendering.VIEW_QUALITY)
    thumb_height = max(1, round(view.height * limits.thumb_width / view.width))
    thumb = view.resize((limits.thumb_width, thumb_height), Image.Resampling.BOX)
    thumb.save(thumb_path, "JPEG", quality=rendering.THUMB_QUALITY)


# Rows of the page looked at for specks: bands of SPECK_BAND rows, one band
# in SPECK_EVERY; specks of wear are spread over the whole page, and the
# blur that finds them costs 60 ms an A4 page at 300 dpi when run on all of it.
SPECK_BAND = 64
SPECK_EVERY = 4


def speckled(grey, dpi) -> bool:
    """Whether a grey page bears specks: dark pixels alone in a light
    neighbourhood (9×9 at 300 dpi), more than SPECKS_PER_MEGAPIXEL. Strokes,
    dots and tone marks of 10 pt text have dark neighbours and do not count.
    Looked at in bands (a quarter of the page): about 25 ms an A4 page at
    300 dpi, where the median filter takes 0.5 s."""
    radius = 4 if dpi >= 250 else 2
    step = SPECK_BAND * SPECK_EVERY
    if grey.height < 2 * step:
        bands = [(0, grey.height)]
    else:
        bands = [
            (top, top + SPECK_BAND)
            for top in range(step // 2, grey.height - step // 2, step)
        ]
    specks = looked = 0
    for top, bottom in bands:
        specks += _lone_dark(grey, top, bottom, radius)
        looked += grey.width * (bottom - top)
    return specks * 1_000_000 > SPECKS_PER_MEGAPIXEL * looked


def _lone_dark(grey, top, bottom, radius) -> int:
    """Lone dark pixels in rows top..bottom, their neighbourhood included."""
    above, below = max(0, top - radius), min(grey.height, bottom + radius)
    part = grey.crop((0, above, grey.width, below))
    dark = part.point(_DARK)
    lonely = part.filter(ImageFilter.BoxBlur(radius)).point(_LIGHT)
    lone = ImageChops.darker(dark, lonely)
    return lone.crop((0, top - above, grey.width, bottom - above)).histogram()[255]


_DARK = [255 if value < 128 else 0 for value in range(256)]
_LIGHT = [255 if value > 230 else 0 for value in range(256)]


def read_ocr(path, numbers, layers, workdir, limits, views=None) -> dict:
    """Pages `numbers` (page → its text layer or None) read by OCR. `views`
    (page → display dpi): the pages whose display images are made from
    their OCR render (`ocr_input`), at `scan_view_paths`."""
    views = views or {}
    inputs = []
    try:
        for number in numbers:
            inputs.append(
                ocr_input(
                    path, number, layers[number], workdir, limits, views.get(number)
                )
            )
        return dict(zip(numbers, ocr(inputs, limits), strict=True))
    finally:
        for rendered in inputs:
            rendered.unlink(missing_ok=True)
