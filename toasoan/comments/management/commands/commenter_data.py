"""Export or delete everything a commenter left, found by their e-mail."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from toasoan.comments.models import Comment


class Command(BaseCommand):
    help = "Export (JSON) or delete the comments and personal data of one e-mail."

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true")
        action.add_argument("--delete", action="store_true")

    def handle(self, email, export, delete, **options):
        email = email.strip().lower()
        if "@" not in email:
            raise CommandError(f"not an e-mail address: {email!r}")
        comments = Comment.objects.filter(email__iexact=email).select_related("article")
        if export:
            data = [
                {
                    "article": c.article.title,
                    "url": c.article.url,
                    "name": c.name,
                    "address": c.address,
                    "email": c.email,
                    "ip_address": c.ip_address,
                    "comment": c.body,
                    "status": c.status,
                    "sent_at": c.created_at.isoformat(),
                }
                for c in comments.order_by("created_at")
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        with transaction.atomic():
            count, _ = comments.delete()
        self.stderr.write(f"Deleted the data of {email}: {count} rows.")
