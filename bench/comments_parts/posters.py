"""The posters: readers who load a page, solve its captcha and comment."""

import secrets
import threading
import time
import unicodedata
from http.cookiejar import CookieJar
from urllib.parse import unquote, urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

from .common import BenchError
from .web import CAPTCHA_IMAGE, NoRedirect, fetch, form_fields, refusal


def load_captcha(secret: str):
    """toasoan.comments.captcha, signing with the server's SECRET_KEY."""
    from django.conf import settings

    settings.configure(SECRET_KEY=secret, USE_TZ=True)
    from toasoan.comments import captcha

    return captcha


def poster(index, args, base, paths, captcha, run_id, start, records) -> None:
    """One reader: GET the page, solve the captcha, POST; `per_poster` times."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())
    email = f"ban-doc-{index:03d}@bench.example"
    start.wait(timeout=60)
    for n in range(args.per_poster):
        path = paths[(index + n) % len(paths)]
        url = base + path
        body = unicodedata.normalize(
            "NFC",
            f"Ý kiến thử {run_id} số {index:03d}-{n:03d}: bài viết bổ ích, "
            "cảm ơn tòa soạn.",
        )
        record = {"poster": index, "n": n, "path": path, "body": body}
        records.append(record)
        try:
            started = time.perf_counter()
            status, page = fetch(opener, Request(url), args.timeout)
            record["get_s"] = time.perf_counter() - started
            fields = form_fields(page)
            token = fields.get("captcha_token")
            if not token and (image := CAPTCHA_IMAGE.search(page)):
                # The hidden field came empty: take the code the reader sees.
                token = unquote(image[1])
                record["token_from_image"] = True
            if status != 200 or not token:
                record.update(status="bad page", reason=f"GET answered {status}")
                continue
            challenge = captcha.load(token)
            data = {
                "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
                "captcha_token": challenge.token,
                "captcha_answer": captcha.answer_for(challenge),
                "name": f"Bạn đọc {index:03d}",
                "address": "Hà Nội",
                "email": email,
                "body": body,
                "website": "",
            }
            request = Request(
                url, urlencode(data).encode(), headers={"Referer": url}, method="POST"
            )
            started = time.perf_counter()
            status, page = fetch(opener, request, args.timeout)
            record["post_s"] = time.perf_counter() - started
            record["status"] = status
            if status != 303:
                record["reason"] = refusal(status, page)
        except Exception as exc:  # a bench thread must not die silently
            record.update(status="error", reason=f"{type(exc).__name__}: {exc}")


def run_load(args, base: str, paths: list[str], captcha) -> tuple[list, float]:
    """All posters at once; return their records and the wall seconds."""
    run_id = secrets.token_hex(3)
    start = threading.Barrier(args.posters + 1)
    records: list[dict] = []
    threads = [
        threading.Thread(
            target=poster,
            args=(i, args, base, paths, captcha, run_id, start, records),
            daemon=True,
        )
        for i in range(args.posters)
    ]
    for thread in threads:
        thread.start()
    start.wait(timeout=60)
    started = time.perf_counter()
    deadline = time.monotonic() + args.per_poster * 2 * args.timeout + 60
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    wall = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        raise BenchError("posters still running after the deadline")
    return records, wall
