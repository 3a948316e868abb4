from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from toasoan.roles.choosers import GuardedSnippetChooserViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    chooser_viewset_class = GuardedSnippetChooserViewSet
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "job_title", "slug"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
