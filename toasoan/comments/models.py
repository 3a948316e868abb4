"""Reader comments ("Ý kiến bạn đọc"), moderated before they appear."""

import hashlib
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from toasoan.search.admin import folded_text
from toasoan.vietnamese import nfc, search_key


def text_fingerprint(text: str) -> str:
    """The same words, whatever the spacing, case or tone placement."""
    key = re.sub(r"\s+", " ", search_key(text)).strip()
    return hashlib.sha256(key.encode()).hexdigest()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment. Not in the search index: moderators filter the
    queue with plain database lookups, and a comment must stay cheap to save."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        related_name="comments",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("full name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), db_index=True)
    body = models.TextField(_("comment text"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    hold_reason = models.CharField(_("flagged because"), max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(
        _("newsroom reply"),
        blank=True,
        help_text=_("An official reply, shown under the comment once approved."),
    )
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reply_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Name, e-mail and text folded, for the moderators' search (search.admin).
    search_text = models.TextField(blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self):
        body = self.body if len(self.body) <= 80 else self.body[:79] + "…"
        return f"{self.name}: {body}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        self.address = nfc(self.address).strip()
        self.body = nfc(self.body).strip()
        self.reply = nfc(self.reply).strip()
        self.email = self.email.strip().lower()
        self.fingerprint = text_fingerprint(self.body)
        self.search_text = folded_text(self.name, self.email, self.body)
        super().save(*args, **kwargs)


class ModerationEvent(models.Model):
    """Who did what to which comment, and when."""

    comment = models.ForeignKey(
        Comment, related_name="events", on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self):
        return f"{self.action} #{self.comment_id}"


class WordRule(models.Model):
    """A word or phrase that refuses a comment (banned) or flags it (suspect).

    Matching ignores case and tone placement; a word typed without diacritics
    also matches its accented form, so "ngu" typed plainly matches "ngu" and
    "ngũ" alike, but an accented word only matches itself.
    """

    class Action(models.TextChoices):
        BAN = "ban", _("Refuse the comment")
        HOLD = "hold", _("Flag for review")

    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True)
    action = models.CharField(
        _("action"), max_length=4, choices=Action.choices, default=Action.HOLD
    )
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(blank=True, editable=False)

    panels = ["phrase", "action"]

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("word rule")
        verbose_name_plural = _("word rules")

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = nfc(self.phrase).strip()
        self.search_text = folded_text(self.phrase)
        super().save(*args, **kwargs)


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    enabled = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close comments on every article."),
    )
    close_after_days = models.PositiveIntegerField(
        _("close after (days)"),
        default=30,
        help_text=_("Comments close this many days after publication; 0: never."),
    )

    class Meta:
        verbose_name = _("comment settings")
