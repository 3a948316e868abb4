"""Video clips: the uploaded file, its poster, subtitles and publication state."""

import mimetypes
import os

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch import index
from taggit.managers import TaggableManager
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from toasoan.search import fields as search
from toasoan.vietnamese import nfc, slugify

from . import seo
from .panels import VideoStatusPanel


def _ascii_name(folder, filename):
    """videos/2026/11/toan-canh-hoi-nghi.mp4: readable ASCII file names."""
    stem, extension = os.path.splitext(os.path.basename(filename))
    stem = slugify(nfc(stem), max_length=80) or "video"
    return timezone.now().strftime(folder) + stem + extension.lower()[:8]


def video_upload_to(instance, filename):
    return _ascii_name("videos/%Y/%m/", filename)


def subtitles_upload_to(instance, filename):
    return _ascii_name("videos/subtitles/%Y/%m/", filename)


class TaggedVideo(ItemBase):
    """Videos share the articles' tags (Vietnamese slugs, one tag page)."""

    tag = models.ForeignKey(
        "news.Tag", related_name="tagged_videos", on_delete=models.CASCADE
    )
    content_object = models.ForeignKey(
        "videos.Video", related_name="tagged_items", on_delete=models.CASCADE
    )


class VideoQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: published, processed, its time has come."""
        return self.filter(
            published=True,
            status=Video.Status.READY,
            published_at__lte=timezone.now(),
        )


class Video(index.Indexed, models.Model):
    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Processing failed")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
    )
    tags = TaggableManager(through=TaggedVideo, blank=True, verbose_name=_("tags"))
    file = models.FileField(
        _("video file"),
        upload_to=video_upload_to,
        max_length=255,
        help_text=_("MP4, WebM or MOV."),
    )
    web_file = models.FileField(
        _("web version"),
        upload_to="videos/web/%Y/%m/",
        max_length=255,
        blank=True,
        editable=False,
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leave empty to use a frame of the video; choose an image to replace it."
        ),
    )
    poster_is_auto = models.BooleanField(default=False, editable=False)
    subtitles = models.FileField(
        _("subtitles (WebVTT)"),
        upload_to=subtitles_upload_to,
        max_length=255,
        blank=True,
        help_text=_("Optional .vtt file, shown in the player."),
    )
    convert_for_web = models.BooleanField(
        _("convert for the web"),
        default=False,
        help_text=_(
            "Make an H.264/AAC MP4 copy that every browser plays. Runs in the "
            "background; the video is shown once it is done."
        ),
    )
    duration = models.FloatField(_("duration (seconds)"), null=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.READY,
        editable=False,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(
        _("conversion progress (%)"), default=0, editable=False
    )
    processing_error = models.TextField(
        _("processing error"), blank=True, editable=False
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Readers see the video only when this is ticked."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Empty: the time it is first published. A future time schedules it."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VideoQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        FieldPanel("description"),
        FieldPanel("section"),
        FieldPanel("tags"),
        FieldPanel("poster"),
        FieldPanel("subtitles"),
        FieldPanel("convert_for_web"),
        MultiFieldPanel(
            [
                # Writers upload; editors decide what readers see.
                FieldPanel("published", permission="videos.publish_video"),
                FieldPanel("published_at", permission="videos.publish_video"),
            ],
            heading=_("Publication"),
        ),
        VideoStatusPanel(heading=_("Processing status")),
    ]
    search_fields = [
        search.SearchField("title", boost=2),
        search.AutocompleteField("title"),
        search.SearchField("description"),
        search.SearchField("search_tags"),
        index.FilterField("published"),
        index.FilterField("status"),
        index.FilterField("published_at"),
        index.FilterField("section"),
    ]

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        permissions = [("publish_video", _("Can publish videos"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        self.description = nfc(self.description)
        if not self.slug:
            self.slug = self._unique_slug()
        if self.published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = (slugify(self.title, max_length=100) or "video").strip("-")
        slug, n = base, 1
        while Video.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def get_absolute_url(self):
        return reverse("videos:detail", args=[self.slug])

    def seo_head(self, request, context):
        return seo.video_head(self, request, context)

    def search_tags(self):
        if not self.pk:
            return ""
        return " ".join(tag.name for tag in self.tags.all())

    @property
    def is_public(self):
        return (
            self.published
            and self.status == self.Status.READY
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def sources(self):
        """<source> entries, the web-friendly MP4 first."""
        entries = []
        for field in (self.web_file, self.file):
            if field:
                kind = mimetypes.guess_type(field.name)[0] or "video/mp4"
                if kind == "video/quicktime":
                    # Browsers that play MOV do so when told it is MP4.
                    kind = "video/mp4"
                entries.append({"url": field.url, "type": kind})
        return entries

    @property
    def extension(self):
        return os.path.splitext(self.file.name)[1].lower().lstrip(".")
