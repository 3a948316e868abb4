"""The machinery of the permission matrix (the table is in test_permission_matrix).

A *subject* is who makes the request: anonymous, a signed-in user in no group,
one of the four roles, or a superuser. A *target* is an admin address (with an
optional state-changing POST) or a public API address. Each subject x target
pair is one combination; its outcome is compared with what the table says.

What counts as a denial is exact, so that it cannot be mistaken for success:

- ``login``: a redirect to the Wagtail or Django admin sign-in page (what
  anonymous users and signed-in users without admin access get);
- ``denied``: HTTP 403, or Wagtail 8's own answer to a missing permission —
  ``require_admin_access`` turns every ``PermissionDenied`` into a redirect to
  the dashboard with the error message "Sorry, you do not have permission to
  access this area." (both the address and the message are checked);
- ``not_found``: HTTP 404 (an object the user may not even know of).

Anything else that is 2xx or a redirect elsewhere is ``allowed``. For a POST
the database decides: the action's effect happened (allowed) or not (denied),
whatever the status code says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

ANONYMOUS = "anonymous"
NO_GROUP = "no_group"
WRITER = "writer"
EDITOR = "editor"
MODERATOR = "moderator"
ADMINISTRATOR = "administrator"
SUPERUSER = "superuser"

SUBJECTS = (ANONYMOUS, NO_GROUP, WRITER, EDITOR, MODERATOR, ADMINISTRATOR, SUPERUSER)

ALLOWED = "allowed"
LOGIN = "login"
DENIED = "denied"
NOT_FOUND = "not_found"
DENIALS = {LOGIN, DENIED, NOT_FOUND}

GET = "GET"
POST = "POST"

# The messages Wagtail adds when it refuses (wagtail.admin.auth).
REFUSALS = (
    "Sorry, you do not have permission to access this area.",
    "You do not have permission to access the admin.",
)


def _refusal_texts():
    texts = set(REFUSALS)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.update(translation.gettext(text) for text in REFUSALS)
    return texts


def _login_paths():
    return {reverse("wagtailadmin_login"), reverse("admin:login")}


def classify(response) -> str:
    """allowed / login / denied / not_found; an error status is a failure."""
    status = response.status_code
    if status == 403:
        return DENIED
    if status == 404:
        return NOT_FOUND
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in _login_paths():
            return LOGIN
        if path == reverse("wagtailadmin_home"):
            refusals = _refusal_texts()
            for message in get_messages(response.wsgi_request):
                if message.level == messages.ERROR and str(message).strip() in refusals:
                    return DENIED
        return ALLOWED
    if 200 <= status < 300:
        return ALLOWED
    raise AssertionError(f"unexpected status {status} for {response.request}")


@dataclass(frozen=True)
class Admin:
    """An admin address: who may use it, and (for a POST) what it changes.

    ``args`` name entries of the world (ids) or are literals; ``effect`` tells
    from the database whether the POST did its work.
    """

    area: str
    action: str
    url_name: str
    args: tuple = ()
    allowed: frozenset = frozenset()
    method: str = GET
    query: str = ""
    data: Callable | dict | None = None
    effect: Callable | None = None
    follow: bool = False  # the address only redirects: judge where it leads
    hidden: tuple = ()  # (subjects, world key of a text they must not see)

    @property
    def id(self):
        return f"{self.area}: {self.action}"


@dataclass(frozen=True)
class Public:
    """A public address (API, feed, page) that nobody may use to see secrets.

    ``shows`` must be in the answer (so that the check cannot pass on an empty
    or broken answer); ``never`` must not, for any subject.
    """

    area: str
    action: str
    path: Callable
    status: int = 200
    method: str = GET
    shows: tuple = ()
    never: tuple = ()

    @property
    def id(self):
        return f"{self.area}: {self.action}"


@dataclass
class Tally:
    """What the matrix checked, for the summary at the end of the run.

    A *leak* is a subject getting what the design denies it; a *mismatch* is
    any other difference from the table (refused where allowed, the wrong
    kind of refusal, an expected text missing).
    """

    checked: int = 0
    leaks: list = field(default_factory=list)
    mismatches: list = field(default_factory=list)

    def record(self, combination, leak=None, mismatch=None):
        self.checked += 1
        if leak:
            self.leaks.append(f"{combination}: {leak}")
        if mismatch:
            self.mismatches.append(f"{combination}: {mismatch}")

    def summary(self):
        lines = [
            f"permission matrix: {self.checked} combinations checked, "
            f"{len(self.leaks)} leaks, {len(self.mismatches)} mismatches"
        ]
        lines += [f"  LEAK {line}" for line in self.leaks]
        lines += [f"  MISMATCH {line}" for line in self.mismatches]
        return lines


TALLY = Tally()


def resolve(world, subject, value):
    """ "{key}": that id of the world (or, per subject, the subject's own);
    anything else is literal."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        found = world[value[1:-1]]
        return found[subject] if isinstance(found, dict) else found
    return value


def admin_url(world, subject, target):
    args = [resolve(world, subject, a) for a in target.args]
    return reverse(target.url_name, args=args) + target.query.format(**world)


def judge_admin(client, world, subject, target):
    """(outcome, body) of one admin combination."""
    url = admin_url(world, subject, target)
    if target.method == POST:
        data = target.data(world) if callable(target.data) else (target.data or {})
        response = client.post(url, data)
        if response.status_code >= 500:
            raise AssertionError(f"{response.status_code} from POST {url}")
        outcome = classify(response)
        if outcome == ALLOWED and target.effect is not None:
            outcome = ALLOWED if target.effect(world) else DENIED
        elif target.effect is not None and target.effect(world):
            outcome = ALLOWED  # refused on screen but done in the database
        return outcome, ""
    response = client.get(url)
    outcome = classify(response)
    if target.follow and outcome == ALLOWED and response.status_code in (301, 302):
        response = client.get(response["Location"])
        outcome = classify(response)
    body = text_of(response) if response.status_code == 200 else ""
    return outcome, body


def text_of(response):
    """The answer as text; JSON is re-dumped so that escapes do not hide text."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def admin_verdict(world, subject, target, outcome, body):
    """(leak, mismatch) of one admin combination, each None or a reason."""
    leak = mismatch = None
    if outcome == ALLOWED and subject not in target.allowed:
        leak = f"{target.method} allowed"
    elif outcome != ALLOWED and subject in target.allowed:
        mismatch = f"{outcome}, but the design allows it"
    elif subject in (ANONYMOUS, NO_GROUP) and outcome != LOGIN:
        mismatch = f"{outcome} instead of the sign-in page"
    for subjects, key in target.hidden:
        if subject in subjects and world[key] in body:
            leak = f"shows {world[key]!r}"
        elif subject == SUPERUSER and world[key] not in body:
            # The reference sees everything: else the check proves nothing.
            mismatch = f"even the superuser does not see {world[key]!r}"
    return leak, mismatch


def public_verdict(target, status, body):
    """(leak, mismatch) of one public combination."""
    shown = [text for text in target.never if text in body]
    if shown:
        return f"shows {shown}", None
    if status != target.status:
        if 200 <= status < 300 and not 200 <= target.status < 300:
            return f"answered {status} where {target.status} was due", None
        return None, f"status {status}, expected {target.status}"
    missing = [text for text in target.shows if text not in body]
    return None, (f"does not show {missing}" if missing else None)
