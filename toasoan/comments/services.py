"""Accepting a comment: every rule that keeps spam and floods out, in order.

Cheap checks come first; the flood limit and the captcha are spent only when
everything else passed, so an honest reader who mistyped one field does not
have to wait or solve a new code for nothing.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import captcha, limits, words
from .models import Comment, CommentSettings, WordRule, text_fingerprint

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


class CommentRefused(Exception):
    def __init__(self, message, status=400, field=None, new_captcha=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
        self.new_captcha = new_captcha


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


def submit(article, data, ip, challenge, now=None, token_error=None) -> Comment:
    """Store a reader's comment as pending, or raise CommentRefused."""
    now = now or timezone.now()
    if data.get("website"):
        raise CommentRefused(_("Your comment could not be accepted."))
    if not comments_open(article, now=now):
        raise CommentRefused(_("Comments on this article are closed."), status=403)
    if time.time() - challenge.issued_at < setting("COMMENTS_MIN_FILL_SECONDS"):
        raise CommentRefused(
            _("You sent the form very quickly; please check it and send it again.")
        )

    body = data["body"]
    rules = list(WordRule.objects.values_list("phrase", "action"))
    banned = words.first_match(
        body + " " + data["name"], [p for p, a in rules if a == "ban"]
    )
    if banned:
        raise CommentRefused(
            _("Your comment contains words that are not allowed here."), field="body"
        )
    reasons = []
    suspect = words.first_match(body, [p for p, a in rules if a == "hold"])
    if suspect:
        reasons.append(_("suspect word: %(word)s") % {"word": suspect})
    links = len(LINK.findall(body))
    if links > setting("COMMENTS_MAX_LINKS"):
        reasons.append(_("%(count)d links") % {"count": links})

    fingerprint = text_fingerprint(body)
    since = now - timedelta(days=7)
    duplicate = Comment.objects.filter(fingerprint=fingerprint, created_at__gte=since)
    if (
        duplicate.filter(article=article).exists()
        or duplicate.filter(email__iexact=data["email"].strip()).exists()
    ):
        raise CommentRefused(_("This comment has already been sent."), field="body")

    if token_error:
        raise CommentRefused(
            _(CAPTCHA_MESSAGES[token_error]), field="captcha_answer", new_captcha=True
        )
    try:
        captcha.check(challenge, data["captcha_answer"])
    except captcha.CaptchaError as error:
        raise CommentRefused(
            _(CAPTCHA_MESSAGES[error.code]),
            field="captcha_answer",
            new_captcha=error.code != "wrong",
        ) from None

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
    try:
        captcha.consume(challenge)
    except captcha.CaptchaError:
        raise CommentRefused(
            _(CAPTCHA_MESSAGES["used"]), field="captcha_answer", new_captcha=True
        ) from None

    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            name=data["name"],
            address=data.get("address", ""),
            email=email,
            body=body,
            ip_address=ip or None,
            hold_reason="; ".join(reasons)[:200],
            created_at=now,
        )
        # robust: a failure to queue the e-mail must not turn a stored
        # comment into an error page (the reader would send it again).
        transaction.on_commit(lambda: _notify(comment.pk), robust=True)
    return comment


def _notify(comment_id):
    from .tasks import notify_moderators

    notify_moderators.enqueue(comment_id)


def moderate(comment, status, user, note=""):
    """Set a comment's status and keep a record of who did it, and when."""
    from .models import ModerationEvent

    now = timezone.now()
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    ModerationEvent.objects.create(
        comment=comment, action=status, user=user, at=now, note=note[:255]
    )
