"""Media files with HTTP Range support, for development (DEBUG) only.

Django's static() serve ignores Range, so a browser cannot seek in a video it
serves. In production nginx serves /media/ itself (see docs/deployment.md).
"""

import mimetypes
import os
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.urls import re_path
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import serve

from toasoan.core.internals import safe_join

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024
# Documents are served only by Wagtail's /documents/<id>/<name> view (as
# attachments, with their collection's privacy), never as plain media files;
# nginx refuses the same folder (docs/deployment.md).
NOT_SERVED = ("documents/",)


class Unsatisfiable(Exception):
    pass


def parse_range(header, size):
    """(start, end) inclusive for a single byte range; None to send it all.

    Multiple ranges and malformed headers are ignored (RFC 9110 allows it);
    a range that starts past the end, or ends before it starts, cannot be
    satisfied.
    """
    match = RANGE_RE.match(header.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        raise Unsatisfiable
    return start, min(end, size - 1)


def _read(path, start, length):
    with open(path, "rb") as handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


@require_safe
def serve_media(request, path, document_root=None):
    root = document_root or settings.MEDIA_ROOT
    if posixpath.normpath(path).lstrip("/").startswith(NOT_SERVED):
        raise Http404
    header = request.headers.get("Range")
    if not header:
        try:
            response = serve(request, path, document_root=root)
        except SuspiciousFileOperation:
            raise Http404 from None
        response["Accept-Ranges"] = "bytes"
        return response
    try:
        full = Path(safe_join(root, path))
    except SuspiciousFileOperation:
        raise Http404 from None
    if not full.is_file():
        raise Http404
    size = full.stat().st_size
    try:
        byte_range = parse_range(header, size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    content_type = mimetypes.guess_type(str(full))[0] or "application/octet-stream"
    if byte_range is None:
        response = FileResponse(full.open("rb"), content_type=content_type)
    else:
        start, end = byte_range
        length = end - start + 1
        response = StreamingHttpResponse(
            _read(full, start, length), status=206, content_type=content_type
        )
        response["Content-Length"] = str(length)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(os.path.getmtime(full))
    return response


def media_urlpatterns():
    """Like static(MEDIA_URL), with Range: for toasoan/urls.py under DEBUG."""
    prefix = settings.MEDIA_URL
    if not prefix or "://" in prefix:
        return []
    return [
        re_path(
            r"^" + re.escape(prefix.lstrip("/")) + r"(?P<path>.*)$",
            serve_media,
            kwargs={"document_root": settings.MEDIA_ROOT},
        )
    ]
