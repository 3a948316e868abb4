"""A deleted video takes its files (and the poster ffmpeg made) with it."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Video


@receiver(post_delete, sender=Video)
def delete_files(sender, instance, **kwargs):
    files = [f for f in (instance.file, instance.web_file, instance.subtitles) if f]
    poster_id = instance.poster_id if instance.poster_is_auto else None

    def cleanup():
        for field_file in files:
            field_file.storage.delete(field_file.name)
        if poster_id:
            from wagtail.images import get_image_model

            get_image_model().objects.filter(pk=poster_id).delete()

    # Only once the deletion is committed: a rolled-back delete keeps its files.
    transaction.on_commit(cleanup, robust=True)
