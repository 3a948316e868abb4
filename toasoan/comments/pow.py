"""The security code's alternative: proof of work done by the reader's browser.

A reader who cannot see the picture ticks a box; the browser (the ALTCHA
widget, vendored in static/comments/vendor/altcha) fetches a challenge from
`challenge()` and tries counters until PBKDF2-SHA-256 of the challenge's
nonce and the counter gives the published half of a key. The server drew that
counter at random below COMMENTS_POW_MAX_NUMBER, so finding it takes half
that many derivations on average, for a browser and a script alike (a lower
bound on the counter would only shorten the search of a script that knows
it). Nothing is stored when a challenge is made: it is signed with a key
derived from SECRET_KEY and carries its expiry; the server checks a solution
with two HMACs (altcha's fast path: the whole derived key is signed too).
Only its use writes: the nonce is claimed in the `limits` cache, so a solved
challenge counts for one comment.

The `altcha` library (altcha-org's own, PoW v2) makes and checks the
challenges; this module adds the secret, the difficulty and the one-time use.
"""

import secrets
import time
from dataclasses import dataclass

import altcha
from django.conf import settings
from django.utils.crypto import salted_hmac

from . import limits
from .captcha import MAX_AGE, CaptchaError

SALT = "toasoan.comments.pow"
ALGORITHM = "PBKDF2/SHA-256"
MAX_PAYLOAD = 4000  # a solved challenge is about 700 characters
# What the library may raise on a payload it cannot read (it catches most).
UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


@dataclass(frozen=True)
class Proof:
    """A solved challenge, checked but not yet used."""

    payload: str
    nonce: str
    expires_at: int


def _secret(purpose: str) -> str:
    return salted_hmac(SALT, purpose, algorithm="sha256").hexdigest()


def challenge(now: float | None = None) -> dict:
    """A new signed challenge, as the widget reads it (JSON)."""
    now = time.time() if now is None else now
    made = altcha.create_challenge(
        ALGORITHM,
        settings.COMMENTS_POW_COST,
        counter=secrets.randbelow(settings.COMMENTS_POW_MAX_NUMBER),
        expires_at=int(now) + MAX_AGE,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return made.to_dict()


def _used_key(nonce: str) -> str:
    return f"captcha:used:pow:{nonce}"


def check(payload: str) -> Proof:
    """The proof in `payload`, or CaptchaError: invalid, expired, wrong, used.

    Does not use it up (see `consume`): a reader whose form has other errors
    keeps it for the next try.
    """
    if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD:
        raise CaptchaError("invalid")
    try:
        result = altcha.verify_solution(
            payload, _secret("challenge"), hmac_key_secret=_secret("key")
        )
        parameters = altcha.Payload.from_base64(payload).challenge.parameters
    except UNREADABLE:
        raise CaptchaError("invalid") from None
    if result.expired:
        raise CaptchaError("expired")
    if not result.verified:
        raise CaptchaError("wrong" if result.invalid_solution else "invalid")
    proof = Proof(payload, str(parameters.nonce), int(parameters.expires_at))
    if limits.is_claimed(_used_key(proof.nonce)):
        raise CaptchaError("used")
    return proof


def consume(proof: Proof) -> None:
    """Mark the proof used until its challenge expires; a second use raises."""
    seconds = max(1, proof.expires_at - int(time.time()) + 60)
    if not limits.claim(_used_key(proof.nonce), seconds):
        raise CaptchaError("used")
