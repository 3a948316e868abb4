"""Moderating reader comments: one click, a message saying what was done, and
an undo.

Approve, reject and mark as spam are Wagtail bulk actions. A comment's own
buttons in the list POST to them at once (a form with its CSRF token: no
confirmation page, since the change can be undone); several comments chosen
in the list go through Wagtail's confirmation of the selection. Either way the
message names the reader (one comment) or gives the count, and carries an
"Undo" button: a signed list of each comment's previous status, posted back
to ``undo`` below. Deleting, which cannot be undone, keeps Wagtail's own
confirmation.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .models import Comment
from .services import moderate

UNDO_SALT = "toasoan.comments.undo"
UNDO_SECONDS = 24 * 3600
PERMISSION = "comments.change_comment"


def undo_token(new_status, previous):
    """Signed: the status set, and [comment id, status before] of each."""
    return signing.dumps(
        {"to": new_status, "from": previous}, salt=UNDO_SALT, compress=True
    )


def done_message(request, text, token):
    """The message: what was done, and a form posting the undo (HTML)."""
    return render_to_string(
        "comments/admin/moderated_message.html",
        {
            "text": text,
            "token": token,
            "undo_url": reverse("comments_undo_moderation"),
            "next": get_valid_next_url_from_request(request)
            or reverse("wagtailsnippets_comments_comment:list"),
        },
        request=request,
    )


class ModerateBulkAction(SnippetBulkAction):
    """Approve, reject or mark as spam: one comment or many at once."""

    template_name = "comments/admin/confirm_moderation.html"
    new_status = None
    done_one = None  # "... the comment of %(name)s."
    done_many = None  # "... %(count)d comments."

    def __init__(self, request, model):
        super().__init__(request, model)
        if not get_valid_next_url_from_request(request):
            # Wagtail's default, the action's own address, lists nothing.
            self.next_url = reverse("wagtailsnippets_comments_comment:list")

    @classproperty
    def models(cls):
        return [Comment]

    def check_perm(self, obj):
        return self.request.user.has_perm(PERMISSION)

    def prepare_action(self, objects, objects_without_access):
        # Read before the action changes them: what an undo goes back to.
        self.previous = [
            [c.pk, c.status] for c in objects if c.status != self.new_status
        ]
        self.names = [c.name for c in objects]

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for comment in objects:
            moderate(comment, cls.new_status, user)
        return len(objects), 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            text = self.done_one % {"name": self.names[0]}
        else:
            text = self.done_many % {"count": num_parent_objects}
        if not self.previous:
            return text  # nothing changed, nothing to undo
        return done_message(
            self.request, text, undo_token(self.new_status, self.previous)
        )


class ApproveBulkAction(ModerateBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected comments")
    action_priority = 10
    new_status = Comment.Status.APPROVED
    done_one = gettext_lazy("Approved the comment of %(name)s.")
    done_many = ngettext_lazy(
        "Approved %(count)d comment.", "Approved %(count)d comments.", "count"
    )


class RejectBulkAction(ModerateBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected comments")
    action_priority = 20
    new_status = Comment.Status.REJECTED
    done_one = gettext_lazy("Rejected the comment of %(name)s.")
    done_many = ngettext_lazy(
        "Rejected %(count)d comment.", "Rejected %(count)d comments.", "count"
    )


class SpamBulkAction(ModerateBulkAction):
    display_name = gettext_lazy("Mark as spam")
    action_type = "spam"
    aria_label = gettext_lazy("Mark the selected comments as spam")
    action_priority = 25
    classes = {"serious"}
    new_status = Comment.Status.SPAM
    done_one = gettext_lazy("Marked the comment of %(name)s as spam.")
    done_many = ngettext_lazy(
        "Marked %(count)d comment as spam.",
        "Marked %(count)d comments as spam.",
        "count",
    )


MODERATION_ACTIONS = [ApproveBulkAction, RejectBulkAction, SpamBulkAction]


class PostButton(ListingButton):
    """A button of the comment list that is a form: POST with the CSRF token,
    then back to the list as it was (its filters and page; the list may have
    been redrawn by its results view)."""

    template_name = "comments/admin/post_button.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        back = reverse("wagtailsnippets_comments_comment:list")
        if request.GET:
            back += "?" + request.GET.urlencode()
        return {"button": self, "csrf_token": get_token(request), "next": back}


def listing_buttons(instance, user, next_url=None):
    """One click per action on each comment of the moderation list."""
    if not isinstance(instance, Comment) or not user.has_perm(PERMISSION):
        return []
    return [
        PostButton(
            action.display_name,
            reverse(
                "wagtail_bulk_action", args=("comments", "comment", action.action_type)
            )
            + f"?id={instance.pk}",
            attrs={"aria-label": f"{action.display_name}: {instance.name}"},
            priority=action.action_priority,
        )
        for action in MODERATION_ACTIONS
        if instance.status != action.new_status
    ]


@require_POST
def undo(request):
    """Put the comments of an undo token back to their previous status, if no
    one changed them since."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    back = get_valid_next_url_from_request(request) or reverse(
        "wagtailsnippets_comments_comment:list"
    )
    try:
        data = signing.loads(
            request.POST.get("token", ""), salt=UNDO_SALT, max_age=UNDO_SECONDS
        )
    except signing.BadSignature:
        messages.error(
            request, _("This can no longer be undone; change the status in the list.")
        )
        return redirect(back)
    restored, changed_since = [], 0
    for pk, status in data["from"]:
        comment = Comment.objects.filter(pk=pk, status=data["to"]).first()
        if comment is None:
            changed_since += 1
            continue
        moderate(comment, status, request.user, note="undo")
        restored.append(comment)
    report_undo(request, restored, changed_since)
    return redirect(back)


def report_undo(request, restored, changed_since):
    if len(restored) == 1:
        comment = restored[0]
        text = _("The comment of %(name)s is back to “%(status)s”.") % {
            "name": comment.name,
            "status": comment.get_status_display(),
        }
        messages.success(request, text)
    elif restored:
        text = ngettext(
            "%(count)d comment is back to its previous status.",
            "%(count)d comments are back to their previous status.",
            len(restored),
        )
        messages.success(request, text % {"count": len(restored)})
    if changed_since:
        text = ngettext(
            "%(count)d comment was changed since, and was left as it is.",
            "%(count)d comments were changed since, and were left as they are.",
            changed_since,
        )
        messages.warning(request, text % {"count": changed_since})


def admin_urls():
    return [path("comments/undo/", undo, name="comments_undo_moderation")]
