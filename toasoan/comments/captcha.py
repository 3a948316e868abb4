"""A self-hosted captcha ("Mã bảo vệ") that writes nothing when shown.

A challenge is a signed token holding a random nonce and its issue time; the
answer is derived from the nonce with the site's secret, so the server can
draw or check it without storing anything. Only solving writes: the nonce is
marked used (no replay), and wrong answers are counted (a challenge dies after
`MAX_WRONG` of them). The picture is a distorted 5-digit number; a reader who
cannot see it uses the proof of work of `pow.py` instead.
"""

import hashlib
import hmac
import io
import math
import random
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from . import limits

SALT = "toasoan.comments.captcha"
MAX_AGE = 30 * 60
MAX_WRONG = 3
DIGITS = 5
IMAGE = "image"


class CaptchaError(Exception):
    """`code` is one of: invalid, expired, used, wrong, dead."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Challenge:
    token: str
    kind: str
    nonce: str
    issued_at: float


def _digest(nonce: str) -> bytes:
    key = f"{SALT}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, nonce.encode(), hashlib.sha256).digest()


def answer_for(challenge: Challenge) -> str:
    number = int.from_bytes(_digest(challenge.nonce)[:8], "big")
    return str(number % 10**DIGITS).zfill(DIGITS)


def new_challenge() -> Challenge:
    payload = {"n": secrets.token_urlsafe(12), "k": IMAGE, "t": round(time.time(), 3)}
    token = signing.dumps(payload, salt=SALT, compress=False)
    return Challenge(token, IMAGE, payload["n"], payload["t"])


def load(token: str, max_age: int = MAX_AGE) -> Challenge:
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise CaptchaError("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise CaptchaError("invalid") from None
    if not isinstance(payload, dict) or not {"n", "k", "t"} <= payload.keys():
        raise CaptchaError("invalid")
    # Only our signature makes a token load, but its content is still checked:
    # a token of another shape (an older release, a leaked key) must be
    # refused like any bad token, not break the form (found by fuzzing). The
    # spelled-out sums that were once the picture's alternative ("question")
    # are refused too: a script answered them all.
    kind, nonce, issued_at = payload["k"], payload["n"], payload["t"]
    if (
        kind != IMAGE
        or not isinstance(nonce, str)
        or isinstance(issued_at, bool)
        or not isinstance(issued_at, int | float)
        or not math.isfinite(issued_at)
    ):
        raise CaptchaError("invalid")
    return Challenge(token, kind, nonce, float(issued_at))


def _normalise(answer: str) -> str:
    """The digits typed, in ASCII: full-width "１２" or "٣" count as 1, 2, 3.

    Other characters are dropped, "²"-like signs too (ASCII only: comparing
    non-ASCII text in constant time raised TypeError, a 500; found by fuzzing).
    """
    text = answer or ""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


def check(challenge: Challenge, answer: str) -> None:
    """Raise CaptchaError unless `answer` is right; does not consume it."""
    if limits.is_claimed(f"captcha:used:{challenge.nonce}"):
        raise CaptchaError("used")
    wrong_key = f"captcha:wrong:{challenge.nonce}"
    if limits.current(wrong_key) >= MAX_WRONG:
        raise CaptchaError("dead")
    if not hmac.compare_digest(_normalise(answer), answer_for(challenge)):
        if limits.count(wrong_key, MAX_AGE) >= MAX_WRONG:
            raise CaptchaError("dead")
        raise CaptchaError("wrong")


def consume(challenge: Challenge) -> None:
    """Mark the challenge solved; a second use raises CaptchaError("used")."""
    if not limits.claim(f"captcha:used:{challenge.nonce}", MAX_AGE):
        raise CaptchaError("used")


def render_png(challenge: Challenge) -> bytes:
    """Draw the digits, each turned and shifted, over lines and dots."""
    text = answer_for(challenge)
    rng = random.Random(challenge.nonce)
    width, height = 200, 64
    image = Image.new("RGB", (width, height), (250, 247, 242))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)],
            fill=(rng.randint(120, 200),) * 3,
            width=2,
        )
    font = ImageFont.load_default(size=40)
    x = 12
    for char in text:
        glyph = Image.new("RGBA", (44, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (6, 2), char, font=font, fill=(rng.randint(60, 150), 20, 30, 255)
        )
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.BICUBIC)
        image.paste(glyph, (x, rng.randint(0, 10)), glyph)
        x += 34 + rng.randint(-3, 3)
    for _ in range(160):
        draw.point(
            (rng.randint(0, width - 1), rng.randint(0, height - 1)),
            fill=(rng.randint(0, 160),) * 3,
        )
    for step in range(0, width, 4):
        offset = int(2 * math.sin(step / 9))
        strip = image.crop((step, 0, step + 4, height))
        image.paste(strip, (step, offset))
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
