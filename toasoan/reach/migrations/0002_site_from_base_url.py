"""Replace the placeholder Site (localhost:80, news 0002) with BASE_URL's
address, once. A Site an operator has set already is left alone; later
changes of BASE_URL go through `manage.py set_site_from_base_url`."""

from django.conf import settings
from django.db import migrations

from toasoan.core.site import BaseURLError, set_default_site


def site_from_base_url(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    placeholder = Site.objects.filter(
        is_default_site=True, hostname="localhost", port=80
    )
    if not placeholder.exists():
        return
    try:
        changed = set_default_site(Site, settings.WAGTAILADMIN_BASE_URL)
    except BaseURLError:
        return  # the command says why; a migration must not stop on it
    if changed:
        from wagtail.models import Site as LiveSite

        LiveSite.clear_site_root_paths_cache()


class Migration(migrations.Migration):
    dependencies = [
        ("reach", "0001_initial"),
        ("news", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(site_from_base_url, migrations.RunPython.noop)]
