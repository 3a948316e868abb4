"""Start processing when an issue is published with a new PDF; tidy files."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published


def _on_publish(sender, instance, **kwargs):
    from .processing import request_processing

    request_processing(instance)


def _delete_files(sender, instance, **kwargs):
    for field in (instance.image, instance.thumbnail):
        if field:
            field.storage.delete(field.name)


def connect():
    from .models import PrintIssuePage, PrintPage

    page_published.connect(_on_publish, sender=PrintIssuePage, weak=False)
    post_delete.connect(_delete_files, sender=PrintPage, weak=False)
