"""Hostile and ordinary files for the upload tests, made in memory.

The bombs are real files of 28 bytes to 107 KB that declare 30000 × 30000
pixels (the WebP 16383 × 16383, its format's largest): decoded, each would
need 0.9 to 1.1 GB of memory.
"""

import io
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

BOMB_SIDE = 30_000


def _png_chunk(kind, data):
    crc = struct.pack(">I", zlib.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + crc


def png_bomb(width=BOMB_SIDE, height=BOMB_SIDE):
    """A complete, valid 1-bit PNG: every row of zeros, deflated ~1000:1."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\0" * (1 + (width + 7) // 8)
    squeeze = zlib.compressobj(9)
    block = row * 1000
    rows = b"".join(squeeze.compress(block) for _ in range(height // 1000))
    rows += squeeze.compress(row * (height % 1000)) + squeeze.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def gif_bomb(width=BOMB_SIDE, height=BOMB_SIDE):
    """Screen and one frame of 30000 × 30000; the LZW data is just clear+end."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return screen + frame + b"\x02\x01\x2c\x00" + b";"


def jpeg_bomb(width=BOMB_SIDE, height=BOMB_SIDE):
    """An 8 × 8 JPEG whose frame header (SOF0) says 30000 × 30000."""
    data = bytearray(image_bytes("JPEG", (8, 8)))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def webp_bomb():
    """An 8 × 8 lossy WebP whose VP8 frame header says 16383 × 16383."""
    data = bytearray(image_bytes("WEBP", (8, 8)))
    start = data.index(b"\x9d\x01\x2a")  # the VP8 key frame start code
    struct.pack_into("<HH", data, start + 3, 16383, 16383)
    return bytes(data)


BOMBS = {
    "bom.png": png_bomb,
    "bom.gif": gif_bomb,
    "bom.jpg": jpeg_bomb,
    "bom.webp": webp_bomb,
}


def image_bytes(kind="PNG", size=(40, 30), noise=False):
    image = (
        Image.effect_noise(size, 80).convert("RGB")
        if noise
        else Image.new("RGB", size, (160, 20, 30))
    )
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def zip_bytes(members=(("a.txt", b"x"),), first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
PDF = image_bytes("PDF", (20, 20))


@dataclass
class Cost:
    seconds: float
    peak_bytes: int  # growth of the process's peak resident memory


def _status(field):
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) * 1024


def measure(action):
    """Run `action()`; its result and what it cost in time and peak memory.

    On Linux the kernel's peak-RSS mark is reset first (clear_refs "5"), so
    the growth is this action's own peak even if the process was bigger
    before; elsewhere the growth of ru_maxrss is a lower bound.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before, peak = _status("VmRSS"), lambda: _status("VmHWM")
    except OSError:  # not Linux
        import resource
        import sys

        unit = 1 if sys.platform == "darwin" else 1024

        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit

        before = peak()
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    return result, Cost(seconds, max(0, peak() - before))


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


UPLOADS = {
    # kind: (title, add, multiple upload, chooser upload, chooser field prefix)
    "images": (
        "Ảnh",
        "wagtailimages:add",
        "wagtailimages:add_multiple",
        "wagtailimages_chooser:create",
        "image-chooser-upload-",
    ),
    "documents": (
        "Tài liệu",
        "wagtaildocs:add",
        "wagtaildocs:add_multiple",
        "wagtaildocs_chooser:create",
        "document-chooser-upload-",
    ),
}


def upload(client, kind, how, name, data):
    """Upload one file as the admin's JavaScript does: (stored?, message)."""
    import html
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    title, add, multiple, chooser, prefix = UPLOADS[kind]
    file = SimpleUploadedFile(name, data)
    if how == "add":
        response = client.post(reverse(add), {"title": title, "file": file})
        if response.status_code == 302:
            return True, ""
        assert response.status_code == 200
        return False, " ".join(response.context["form"].errors["file"])
    if how == "multiple":
        response = client.post(reverse(multiple), {"files[]": file})
        assert response.status_code == 200
        answer = json.loads(response.content)
        return answer["success"], answer.get("error_message", "")
    response = client.post(
        reverse(chooser), {prefix + "title": title, prefix + "file": file}
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    if answer["step"] == "chosen":
        return True, ""
    assert answer["step"] == "reshow_creation_form"
    return False, html.unescape(answer["htmlFragment"])
