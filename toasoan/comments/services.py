"""Accepting a comment: every rule that keeps spam and floods out.

A bot's form (the trap field, sent too fast) and a closed article are refused
at once. Everything else a reader can correct is found in the same try, the
security code included, so that every error is shown at once. The flood limit
and the security code (or proof of work) are spent only when all passed, so
an honest reader who mistyped one field does not wait or solve a new code
for nothing.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import captcha, limits, pow, words
from .models import (
    Comment,
    CommentSettings,
    ModerationEvent,
    WordRule,
    text_fingerprint,
)
from .tasks import notify_moderators

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


class CommentRefused(Exception):
    """`message` goes to `field` (None: the whole form; no message: the
    errors are on the form already)."""

    def __init__(self, message, status=400, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


def setting(name):
    return getattr(settings, name)


def comments_open(article, site_settings=None, now=None) -> bool:
    site_settings = site_settings or CommentSettings.load()
    if not (site_settings.enabled and article.comments_open):
        return False
    days = site_settings.close_after_days
    published = article.display_time
    if days and published:
        return (now or timezone.now()) < published + timedelta(days=days)
    return True


CAPTCHA_MESSAGES = {
    "invalid": gettext_noop("The security code has expired; please type the new code."),
    "expired": gettext_noop("The security code has expired; please type the new code."),
    "used": gettext_noop(
        "This security code has already been used; please type the new code."
    ),
    "wrong": gettext_noop("The security code is not right; please try again."),
    "dead": gettext_noop("Too many wrong answers; please type the new code."),
}
# The proof of work (pow.py): the reader ticks the box again for a new one.
POW_MESSAGES = {
    "invalid": gettext_noop(
        "The check done by your browser could not be confirmed; "
        "please tick the box again."
    ),
    "expired": gettext_noop(
        "The check done by your browser has expired; please tick the box again."
    ),
    "used": gettext_noop(
        "The check done by your browser has already been used; "
        "please tick the box again."
    ),
}
POW_MESSAGES["wrong"] = POW_MESSAGES["invalid"]


def submit(article, form, ip, now=None) -> Comment:
    """Store the comment of a bound CommentForm as pending, or raise CommentRefused.

    Everything a reader can correct is found in one try and added to the form
    (its fields, a banned word, a comment sent before, the security code);
    CommentRefused(None) then says only that the form holds errors. A bot's
    form, a closed article or a flood are refused at once.
    """
    now = now or timezone.now()
    form.is_valid()
    _refuse_outright(article, form, now)
    reasons = _check_text(article, form, now)
    proof = check_captcha(form)
    if form.errors:
        raise CommentRefused(None)
    data = form.cleaned_data
    seconds = setting("COMMENTS_FLOOD_SECONDS")
    email = data["email"].strip().lower()
    if not limits.claim(f"flood:email:{email}", seconds) or (
        ip and not limits.claim(f"flood:ip:{ip}", seconds)
    ):
        raise CommentRefused(
            _("You have just sent a comment; please wait %(seconds)d seconds.")
            % {"seconds": seconds},
            status=429,
        )
    _use_up(form, proof)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            name=data["name"],
            address=data.get("address", ""),
            email=email,
            body=data["body"],
            ip_address=ip or None,
            hold_reason="; ".join(reasons)[:200],
            created_at=now,
        )
        # robust: a failure to queue the e-mail must not turn a stored
        # comment into an error page (the reader would send it again).
        transaction.on_commit(lambda: _notify(comment.pk), robust=True)
    return comment


def _refuse_outright(article, form, now):
    if form.cleaned_data.get("website") or form.has_error("website"):
        raise CommentRefused(_("Your comment could not be accepted."))
    if not comments_open(article, now=now):
        raise CommentRefused(_("Comments on this article are closed."), status=403)
    minimum = setting("COMMENTS_MIN_FILL_SECONDS")
    if minimum > 0 and time.time() - form.challenge.issued_at < minimum:
        raise CommentRefused(
            _("You sent the form very quickly; please check it and send it again.")
        )


def _check_text(article, form, now):
    """Add the errors of the word list and of a repeat; the reasons to hold."""
    data = form.cleaned_data
    if "body" not in data:
        return []
    body = data["body"]
    rules = list(WordRule.objects.values_list("phrase", "action"))
    banned = words.first_match(
        body + " " + data.get("name", ""), [p for p, a in rules if a == "ban"]
    )
    if banned:
        form.add_error(
            "body", _("Your comment contains words that are not allowed here.")
        )
        return []
    fingerprint = text_fingerprint(body)
    since = now - timedelta(days=7)
    duplicate = Comment.objects.filter(fingerprint=fingerprint, created_at__gte=since)
    email = data.get("email", "").strip()
    if duplicate.filter(article=article).exists() or (
        email and duplicate.filter(email__iexact=email).exists()
    ):
        form.add_error("body", _("This comment has already been sent."))
        return []
    reasons = []
    suspect = words.first_match(body, [p for p, a in rules if a == "hold"])
    if suspect:
        reasons.append(_("suspect word: %(word)s") % {"word": suspect})
    links = len(LINK.findall(body))
    if links > setting("COMMENTS_MAX_LINKS"):
        reasons.append(_("%(count)d links") % {"count": links})
    return reasons


def check_captcha(form):
    """The solved picture or proof of work; else its error is added to the form.

    A proof of work that passes wins (and is kept on the form for the next
    try); otherwise the picture's code is checked, without using either up.
    """
    payload = form.cleaned_data.get("captcha_pow")
    pow_code = None
    if payload:
        try:
            form.proof = pow.check(payload)
            return form.proof
        except captcha.CaptchaError as error:
            pow_code = error.code
    if form.has_error("captcha_answer"):
        return None
    answer = form.cleaned_data.get("captcha_answer", "")
    if not answer and pow_code:
        form.add_error("captcha_answer", _(POW_MESSAGES[pow_code]))
    elif not answer:
        form.add_error("captcha_answer", _("Please type the security code."))
    elif form.token_error:
        form.add_error("captcha_answer", _(CAPTCHA_MESSAGES[form.token_error]))
        form.new_captcha = True
    else:
        try:
            captcha.check(form.challenge, answer)
            return form.challenge
        except captcha.CaptchaError as error:
            form.add_error("captcha_answer", _(CAPTCHA_MESSAGES[error.code]))
            form.new_captcha = error.code != "wrong"
    return None


def _use_up(form, proof):
    """Claim the solved code or proof of work: no second comment with it."""
    try:
        if isinstance(proof, pow.Proof):
            pow.consume(proof)
        else:
            captcha.consume(proof)
    except captcha.CaptchaError:
        used = proof is form.proof
        form.proof = None
        message = POW_MESSAGES["used"] if used else CAPTCHA_MESSAGES["used"]
        form.new_captcha = not used
        raise CommentRefused(_(message), field="captcha_answer") from None


def _notify(comment_id):
    notify_moderators.enqueue(comment_id)


def moderate(comment, status, user, note=""):
    """Set a comment's status and keep a record of who did it, and when."""
    now = timezone.now()
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    ModerationEvent.objects.create(
        comment=comment, action=status, user=user, at=now, note=note[:255]
    )
