"""Images from outside: the checks every upload and import goes through.

Wagtail's image field already refuses a file over WAGTAILIMAGES_MAX_UPLOAD_SIZE,
an extension not in WAGTAILIMAGES_EXTENSIONS, content that does not match the
extension (Willow reads the magic bytes) and more pixels than
WAGTAILIMAGES_MAX_IMAGE_PIXELS, reading only the header. This module adds:

- Pillow's own limit set to the same pixel cap for the whole process, so that
  any image opened anywhere (renditions, the print loader) is refused by its
  header before Pillow allocates memory for it;
- renditions of a stored image Pillow refuses (a bomb, an unreadable file)
  become Wagtail's "missing image" instead of a server error;
- a file Pillow cannot parse is a form error, not a server error (Wagtail
  lets some of Pillow's exceptions through);
- a PNG, GIF or WebP must end where the image ends: another file appended
  (a "polyglot", e.g. HTML or a ZIP after the picture) is refused; a PNG's
  chunks must pass their checksums, and a JPEG must decode to its end (at an
  eighth of its size, so within a few MB): a cut or garbled file is refused
  at upload instead of failing each time it is shown (wagtail/wagtail#1354).
"""

import io
import logging
import struct
import warnings
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.images.fields import WagtailImageField

logger = logging.getLogger(__name__)

# Blocks a file may have before it is refused as abnormal (a 20 MB GIF written
# in full 255-byte sub-blocks has about 80,000; PNG encoders write far fewer
# chunks). Bounds the time of the structure walk.
MAX_BLOCKS = 200_000

PILLOW_ERRORS = (
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,  # UnidentifiedImageError, "image file is truncated", Willow's errors
    SyntaxError,  # some Pillow plug-ins report a broken header this way
    ValueError,
    EOFError,
    IndexError,
    struct.error,
)


def limit_pillow():
    """Make Pillow refuse, when it reads the header, any image over the cap.

    Pillow raises DecompressionBombError above twice MAX_IMAGE_PIXELS and only
    warns between once and twice; half the cap makes the error fall exactly
    at the cap, and the warning (for images within it) is silenced.
    """
    cap = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if cap:
        Image.MAX_IMAGE_PIXELS = cap // 2
        warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def guard_renditions():
    """Renditions of an image Pillow refuses show as missing, not as a 500.

    Wagtail turns a SourceImageIOError into a "not found" rendition in the
    {% image %} tag, the API and the admin; a decompression bomb or an
    unreadable file stored before these checks (or by a script) raises
    Pillow's own errors instead, which this maps to SourceImageIOError.
    """
    from wagtail.images.models import AbstractImage, SourceImageIOError

    original = AbstractImage.get_willow_image
    if getattr(original, "guarded", False):
        return
    # OSError covers Pillow's UnidentifiedImageError and "image file is
    # truncated", and Willow's UnrecognisedImageFormatError.
    refused = (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
    )

    @contextmanager
    def get_willow_image(self):
        try:
            with original(self) as willow_image:
                yield willow_image
        except SourceImageIOError:
            raise
        except refused as error:
            logger.warning("image %s refused by Pillow: %s", self.pk, error)
            raise SourceImageIOError(f"{self.file.name}: {error}") from error

    get_willow_image.guarded = True
    AbstractImage.get_willow_image = get_willow_image


def rendition_url(image, spec):
    """The URL of a rendition, or "" when the source image cannot be read
    (missing, or refused by Pillow): for code outside templates, where
    Wagtail's "not found" placeholder does not apply."""
    from wagtail.images.models import SourceImageIOError

    try:
        return image.get_rendition(spec).url
    except SourceImageIOError:
        return ""


class BrokenImage(Exception):
    pass


def _png_end(data):
    pos, blocks = 8, 0
    while True:
        if pos + 8 > len(data):
            raise BrokenImage("PNG ends before IEND")
        length, kind = struct.unpack_from(">I4s", data, pos)
        if not kind.isalpha():
            raise BrokenImage("PNG chunk type is not letters")
        end = pos + 8 + length
        blocks += 1
        if end + 4 > len(data) or blocks > MAX_BLOCKS:
            raise BrokenImage("PNG chunk runs past the end")
        crc = zlib.crc32(memoryview(data)[pos + 4 : end])
        if crc != struct.unpack_from(">I", data, end)[0]:
            raise BrokenImage(f"PNG chunk {kind!r} fails its checksum")
        pos = end + 4
        if kind == b"IEND":
            return pos


def _gif_end(data):
    def colour_table(packed):
        return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0

    def sub_blocks(pos, blocks):
        while True:
            size = data[pos]
            pos += 1 + size
            blocks += 1
            if size == 0:
                return pos, blocks
            if blocks > MAX_BLOCKS:
                raise BrokenImage("too many GIF blocks")

    try:
        pos, blocks = 13 + colour_table(data[10]), 0
        while pos < len(data):
            introducer = data[pos]
            if introducer == 0x3B:  # trailer
                return pos + 1
            if introducer == 0x21:  # extension: label, then sub-blocks
                pos, blocks = sub_blocks(pos + 2, blocks)
            elif introducer == 0x2C:  # image: descriptor, colours, LZW data
                pos += 10 + colour_table(data[pos + 9]) + 1
                pos, blocks = sub_blocks(pos, blocks)
            else:
                raise BrokenImage(f"unexpected GIF block {introducer:#x}")
    except IndexError:
        raise BrokenImage("GIF ends inside a block") from None
    if pos > len(data):
        raise BrokenImage("GIF block runs past the end")
    return pos  # no trailer, but nothing after the last block either


def _webp_end(data):
    if len(data) < 12 or data[8:12] != b"WEBP":
        raise BrokenImage("not a RIFF WebP")
    end = 8 + struct.unpack_from("<I", data, 4)[0]
    if end > len(data):
        raise BrokenImage("WebP shorter than its RIFF size")
    return end


def _jpeg_end(data):
    """Decode the whole picture at 1/8 scale (libjpeg's DCT scaling), which
    reads every byte of it; the length of the file, as data after the end is
    allowed: phones store extra pictures (MPF) or a video ("motion photo")
    there."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.draft(picture.mode, (picture.width // 8, picture.height // 8))
            picture.load()
    except PILLOW_ERRORS as error:
        raise BrokenImage(f"JPEG does not decode: {error}") from None
    return len(data)


# How to find where the picture ends (and check it on the way), per format.
IMAGE_END = {"png": _png_end, "gif": _gif_end, "webp": _webp_end, "jpeg": _jpeg_end}


def check_structure(handle, format_name):
    """Walk or decode the file: BrokenImage when it is cut short or garbled,
    else the number of bytes after the end of the image (0 for a clean file)."""
    find_end = IMAGE_END.get(format_name)
    if find_end is None:
        return 0
    handle.seek(0)
    data = handle.read()
    handle.seek(0)
    return len(data) - find_end(data)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, plus a form error for whatever Pillow cannot
    parse and for a file with other data appended to the image."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except ValidationError:
            raise
        except PILLOW_ERRORS as error:
            logger.info("image upload refused: %r", error)
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from None
        if upload is None:
            return None
        try:
            extra = check_structure(upload, upload.image.format_name)
        except BrokenImage as error:
            logger.info("image upload refused: %s", error)
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from None
        if extra:
            raise ValidationError(
                _(
                    "The file holds %(bytes)s bytes of other data after the end "
                    "of the image. Save it again as a plain %(format)s image and "
                    "upload that."
                )
                % {"bytes": extra, "format": upload.image.format_name.upper()},
                code="image_trailing_data",
            )
        return upload


class _LocalFile(File):
    """A file on disk that Wagtail's field reads in place (no copy)."""

    def temporary_file_path(self):
        return self.file.name


def check_image_file(path):
    """The upload checks for an image file an import command brings in:
    ValidationError with the admin's message when it would be refused there."""
    path = Path(path)
    with open(path, "rb") as handle:
        CheckedImageField().clean(_LocalFile(handle, name=path.name))
