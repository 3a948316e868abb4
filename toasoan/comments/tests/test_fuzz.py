"""Fuzzing the reader's comment form and the captcha (hypothesis).

Each example posts one hostile form to a published article: odd Unicode,
NFD Vietnamese, control characters and NUL, HTML and template syntax, huge or
missing fields, unknown and duplicated keys, a file where text is expected,
raw bytes or JSON instead of a form; with a captcha that is solved (the
picture or the proof of work), wrong, forged (mangled, signed for another
purpose, or signed with odd content; a proof of work mangled or with one of
its values changed) or absent; with the flood limit, the minimum fill time
and X-Forwarded-For on or off. Whatever is sent: no 5xx, a stored comment
waits for moderation in NFC with a valid IP address or none, and the comments
stored before do not change.
"""

import base64
import hashlib
import ipaddress
import json
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from toasoan.comments import captcha
from toasoan.comments.models import Comment, WordRule
from toasoan.comments.tests.conftest import solved_proof
from toasoan.comments.views import SENT_FLAG
from toasoan.tests import fuzzing
from toasoan.tests.fuzzing import VIETNAMESE, fuzz_settings, hostile_text, nfd

FORM_EXAMPLES = 250
CAPTCHA_EXAMPLES = 150

FIELDS = ("name", "address", "email", "body", "captcha_answer", "website")
UNIQUE = object()  # a good body, made unique in the test (not a duplicate)
GOOD = {
    "name": "Nguyễn Văn An",
    "address": "Hà Nội",
    "email": "an@example.vn",
    "body": UNIQUE,
    "website": "",
}
CAPTCHA_MODES = ("solved", "solved", "pow", "pow-forged", "wrong", "forged", "missing")
TRANSPORTS = ("multipart",) * 4 + ("urlencoded", "raw", "json")


@pytest.fixture
def stored(article):
    """Comments already there (each status) and word rules, before the fuzz."""
    WordRule.objects.create(phrase="lừa đảo", action=WordRule.Action.BAN)
    WordRule.objects.create(phrase="thuốc giả", action=WordRule.Action.HOLD)
    for status in Comment.Status.values:
        Comment.objects.create(
            article=article,
            name=nfd("Trương Thị Mai"),
            email=f"{status}@example.vn",
            body=f"Ý kiến đã có, trạng thái {status}.",
            status=status,
            ip_address="198.51.100.1",
        )
    return snapshot()


def snapshot():
    """{pk: hash of every column} of the stored comments."""
    rows = Comment.objects.order_by("pk").values()
    return {
        row["id"]: hashlib.sha256(
            json.dumps(row, default=str, sort_keys=True).encode()
        ).hexdigest()
        for row in rows
    }


# --------------------------------------------------------------------------
# strategies

emails = st.one_of(
    st.just(GOOD["email"]),
    st.emails().map(str),
    hostile_text(80),
    st.builds(lambda local: f"{local}@example.vn", hostile_text(70)),
)
bodies = st.one_of(
    st.builds(
        lambda words, tail: f"{words} {tail}",
        st.sampled_from(VIETNAMESE + ["Trang này LUA DAO", "bán thuoc gia"]),
        st.text(max_size=60),
    ),
    st.builds(lambda text: nfd(f"Ý kiến của tôi: {text}"), st.text(max_size=60)),
    st.builds(
        lambda links: "Xem " + " ".join(links),
        st.lists(st.sampled_from(["http://a.example", "www.b.example"]), max_size=5),
    ),
    hostile_text(4000),
)
FIELD_VALUES = {
    "name": hostile_text(150),
    "address": hostile_text(250),
    "email": emails,
    "body": bodies,
    "captcha_answer": hostile_text(30),
    "website": hostile_text(30),
}
# A valid form with a few fields changed or left out,
# so that most examples get past the form to the spam rules, the captcha,
# the flood limit and the database.
form_fields = st.builds(
    lambda changed, values: {**GOOD, **{name: values[name] for name in changed}},
    st.one_of(
        st.just(set()),
        st.sets(st.sampled_from(sorted(FIELD_VALUES)), min_size=1, max_size=3),
    ),
    st.fixed_dictionaries(
        {name: st.one_of(st.none(), values) for name, values in FIELD_VALUES.items()}
    ),
)
# a forged token: the kind of change made to it, and what to put in it
token_forgeries = st.one_of(
    st.tuples(st.just("text"), hostile_text(300)),
    st.tuples(st.just("mangle"), st.integers(0, 200), st.characters()),
    st.tuples(st.just("truncate"), st.integers(0, 200)),
    st.tuples(st.just("other-salt"), st.text(max_size=20)),
    st.tuples(
        st.just("signed"),
        st.one_of(
            st.none(),
            st.integers(),
            st.text(max_size=20),
            st.lists(st.integers(), max_size=3),
            st.fixed_dictionaries(
                {
                    "n": st.one_of(st.text(max_size=20), st.integers(), st.none()),
                    "k": st.one_of(
                        st.sampled_from([captcha.IMAGE, "question"]),
                        st.text(max_size=10),
                        st.integers(),
                        st.lists(st.integers(), max_size=2),
                    ),
                    "t": st.one_of(
                        st.floats(allow_nan=True, allow_infinity=True),
                        st.text(max_size=10),
                        st.none(),
                        st.lists(st.integers(), max_size=2),
                    ),
                }
            ),
        ),
    ),
)
# one value of a solved proof of work changed: (its name, the new value)
proof_changes = st.tuples(
    st.sampled_from(
        [
            "counter",
            "derivedKey",
            "signature",
            "algorithm",
            "cost",
            "keyPrefix",
            "keySignature",
            "nonce",
            "expiresAt",
        ]
    ),
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=40),
        st.lists(st.integers(), max_size=3),
    ),
)
extra_pairs = st.one_of(
    st.just([]),
    st.just([]),
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from((*FIELDS, "captcha_token")), hostile_text(20)),
            hostile_text(100),
        ),
        max_size=6,
    ),
)
ip_addresses = st.sampled_from(["203.0.113.7", "198.51.100.9", "::1", "2001:db8::7"])
forwarded = st.one_of(
    st.none(),
    ip_addresses,
    st.lists(ip_addresses, min_size=2, max_size=3).map(", ".join),
    st.text(st.characters(max_codepoint=255), max_size=60),
)


def forge(token, forgery):
    kind = forgery[0]
    if kind == "text":
        return forgery[1]
    if kind == "mangle":
        position = forgery[1] % len(token)
        return token[:position] + forgery[2] + token[position + 1 :]
    if kind == "truncate":
        return token[: forgery[1] % len(token)]
    if kind == "other-salt":
        return signing.dumps({"n": forgery[1], "k": "image", "t": 1.0}, salt="other")
    return signing.dumps(forgery[1], salt=captcha.SALT)


def forge_proof(payload, forgery, change):
    """A solved proof of work, mangled as a token is, or one value changed."""
    if forgery[0] != "signed":
        return forge(payload, forgery)
    data = json.loads(base64.b64decode(payload))
    name, value = change
    if name in ("counter", "derivedKey"):
        data["solution"][name] = value
    elif name == "signature":
        data["challenge"]["signature"] = value
    else:
        data["challenge"]["parameters"][name] = value
    return base64.b64encode(json.dumps(data).encode()).decode()


def captcha_answer(mode, challenge, fields):
    """The right answer for a solved code, unless the example changed it."""
    if mode == "solved" and "captcha_answer" not in fields:
        return f" {captcha.answer_for(challenge)} "
    return fields.get("captcha_answer")


def encode(transport, pairs, file_field):
    """(body, content type) of the form, or a dict for the test client."""
    if transport == "multipart":
        data = {}
        for key, value in pairs:
            data.setdefault(key, []).append(value)
        if file_field:
            data[file_field] = SimpleUploadedFile("y-kien.txt", b"\x00\xff<script>")
        return data, None
    if transport == "urlencoded":
        return urlencode(pairs).encode(), "application/x-www-form-urlencoded"
    if transport == "json":
        return json.dumps(dict(pairs)).encode(), "application/json"
    return None, "application/x-www-form-urlencoded"


def send(client, url, transport, pairs, raw, file_field, headers):
    body, content_type = encode(transport, pairs, file_field)
    if transport == "multipart":
        return client.post(url, body, **headers)
    if transport == "raw":
        body = urlencode(pairs[:2]).encode() + b"&" + raw
    return client.generic("POST", url, body, content_type=content_type, **headers)


# --------------------------------------------------------------------------
# invariants


def check_invariants(response, stored_before, known):
    """`known`: the pks of every comment before this request."""
    assert 200 <= response.status_code < 500, response.status_code
    existing = {pk: h for pk, h in snapshot().items() if pk in stored_before}
    assert existing == stored_before, "a stored comment changed or disappeared"
    new = list(Comment.objects.exclude(pk__in=known))
    if response.status_code == 303:
        assert response["Location"].endswith(f"?{SENT_FLAG}#y-kien")
        assert len(new) == 1
    else:
        assert new == []
    for comment in new:
        assert comment.status == Comment.Status.PENDING
        for text in (comment.name, comment.address, comment.body, comment.email):
            assert unicodedata.is_normalized("NFC", text)
            assert "\x00" not in text
        if comment.ip_address is not None:
            ipaddress.ip_address(comment.ip_address)


# --------------------------------------------------------------------------
# the tests


@fuzz_settings(FORM_EXAMPLES)
@given(
    fields=form_fields,
    mode=st.sampled_from(CAPTCHA_MODES),
    forgery=token_forgeries,
    proof_change=proof_changes,
    transport=st.sampled_from(TRANSPORTS),
    extra=extra_pairs,
    raw=st.binary(max_size=300),
    file_field=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(FIELDS)),
    remote=ip_addresses,
    forwarded_for=forwarded,
    trust_forwarded=st.booleans(),
    flood=st.sampled_from([0, 0, 0, 15]),
    min_fill=st.sampled_from([0, 0, 0, 3]),
)
def test_fuzz_comment_form(
    article,
    stored,
    fields,
    mode,
    forgery,
    proof_change,
    transport,
    extra,
    raw,
    file_field,
    remote,
    forwarded_for,
    trust_forwarded,
    flood,
    min_fill,
):
    """Any form posted to an article: a clear 3xx/4xx, never a server error."""
    fuzzing.tried("comment form")
    challenge = captcha.new_challenge()
    pairs = []
    if mode != "missing":
        token = forge(challenge.token, forgery) if mode == "forged" else challenge.token
        pairs.append(("captcha_token", token))
    if mode.startswith("pow"):
        proof = solved_proof()
        if mode == "pow-forged":
            proof = forge_proof(proof, forgery, proof_change)
        pairs.append(("captcha_pow", proof))
    for name in FIELDS:
        value = fields.get(name)
        if name == "captcha_answer":
            value = captcha_answer(mode, challenge, fields)
        if value is UNIQUE:
            value = f"Bài viết rất bổ ích, ý kiến số {fuzzing.inputs['comment form']}."
        if value is not None:
            pairs.append((name, value))
    pairs += extra
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    known = set(Comment.objects.values_list("pk", flat=True))
    with override_settings(
        COMMENTS_FLOOD_SECONDS=flood,
        COMMENTS_MIN_FILL_SECONDS=min_fill,
        COMMENTS_TRUST_X_FORWARDED_FOR=trust_forwarded,
    ):
        response = send(
            Client(), article.url, transport, pairs, raw, file_field, headers
        )
    fuzzing.answered("comment form", response.status_code)
    check_invariants(response, stored, known)


@fuzz_settings(CAPTCHA_EXAMPLES)
@given(forgery=token_forgeries, kind=st.one_of(st.none(), hostile_text(20)))
def test_fuzz_captcha_endpoints(db, forgery, kind):
    """Forged tokens in the image address, odd kinds for a new code: 200/404."""
    fuzzing.tried("captcha")
    client = Client()
    token = forge(captcha.new_challenge().token, forgery)
    image = client.get(f"/binh-luan/ma-bao-ve/{quote(token, safe='')}.png")
    fuzzing.answered("captcha", image.status_code)
    assert image.status_code in (200, 404)
    if image.status_code == 200:
        assert image.content.startswith(b"\x89PNG")
    params = {} if kind is None else {"loai": kind}
    fresh = client.get("/binh-luan/ma-bao-ve/moi/", params)
    fuzzing.answered("captcha", fresh.status_code)
    assert fresh.status_code == 200
    assert captcha.load(fresh.json()["token"]).kind == captcha.IMAGE
    proof = client.get("/binh-luan/ma-bao-ve/thu-thach/", params)
    fuzzing.answered("captcha", proof.status_code)
    assert proof.status_code == 200 and proof.json()["signature"]


@pytest.mark.parametrize("field", [*FIELDS, "captcha_token"])
def test_nul_bytes_are_refused_before_the_database(article, field):
    """PostgreSQL refuses NUL in text: Django's form fields refuse it first,
    with a 400 (CI runs this on PostgreSQL too)."""
    challenge = captcha.new_challenge()
    data = {
        **GOOD,
        "body": "Một ý kiến có ký tự lạ.",
        "captcha_token": challenge.token,
        "captcha_answer": captcha.answer_for(challenge),
    }
    data[field] = f"{data[field]}\x00" if data[field] else "\x00"
    response = Client().post(article.url, data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 400
    assert not Comment.objects.exists()
