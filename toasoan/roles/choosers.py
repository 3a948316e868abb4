"""Choosers that show a model's objects only to those with a permission on it.

Wagtail opens every snippet chooser to anyone who may enter the admin: a
moderator could list unpublished videos, a writer read comments still
waiting for moderation. The project's snippets use this chooser instead; it
answers as Wagtail does to a missing permission.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

# Any of these on the model opens its chooser (as its listing in the admin).
CHOOSER_ACTIONS = ("add", "change", "delete", "view")


def user_may_choose(user, model):
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, CHOOSER_ACTIONS)


class GuardedSnippetChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        model = self.model

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not user_may_choose(request.user, model):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded
