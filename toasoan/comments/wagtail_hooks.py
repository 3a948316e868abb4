from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from .admin_views import CommentViewSet, WordRuleViewSet
from .models import Comment
from .moderation import MODERATION_ACTIONS, admin_urls, listing_buttons

register_snippet(CommentViewSet)
register_snippet(WordRuleViewSet)

for action in MODERATION_ACTIONS:
    hooks.register("register_bulk_action", action)

hooks.register("register_snippet_listing_buttons", listing_buttons)
hooks.register("register_admin_urls", admin_urls)


class PendingCommentsPanel(Component):
    name = "pending_comments"
    order = 50

    def __init__(self, count):
        self.count = count

    def render_html(self, parent_context=None):
        url = reverse("wagtailsnippets_comments_comment:list") + "?status=pending"
        return render_to_string(
            "comments/admin/pending_panel.html", {"count": self.count, "url": url}
        )


@hooks.register("construct_homepage_panels")
def add_pending_panel(request, panels):
    if request.user.has_perm("comments.change_comment"):
        panels.append(PendingCommentsPanel(Comment.objects.pending().count()))
