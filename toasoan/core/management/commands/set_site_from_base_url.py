"""Point Wagtail's default Site at BASE_URL (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from toasoan.core.site import BaseURLError, set_default_site


class Command(BaseCommand):
    help = (
        "Set the default Wagtail Site's host name and port from BASE_URL, so "
        "that the API's and the sitemap's absolute links use it. Idempotent."
    )

    def handle(self, *args, **options):
        base_url = settings.WAGTAILADMIN_BASE_URL
        try:
            changed = set_default_site(Site, base_url)
        except BaseURLError as error:
            raise CommandError(str(error)) from None
        root_url = Site.objects.get(is_default_site=True).root_url
        if changed:
            self.stdout.write(self.style.SUCCESS(f"Site: {root_url} (from BASE_URL)"))
        else:
            self.stdout.write(f"Site: {root_url} (already BASE_URL's)")
