"""Background work of the comments: telling moderators a comment waits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from toasoan.roles.definitions import MODERATOR

from .models import Comment


@task()
def notify_moderators(comment_id):
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return 0
    users = (
        get_user_model()
        .objects.filter(groups__name=MODERATOR, is_active=True)
        .exclude(email="")
    )
    recipients = sorted({u.email for u in users} | set(settings.COMMENTS_NOTIFY_EMAILS))
    if not recipients:
        return 0
    admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/snippets/comments/comment/"
    send_mail(
        _("New comment awaiting moderation: %(title)s")
        % {"title": comment.article.title},
        _("%(name)s wrote on “%(title)s”:\n\n%(body)s\n\nModerate it here: %(url)s")
        % {
            "name": comment.name,
            "title": comment.article.title,
            "body": comment.body,
            "url": admin_url,
        },
        None,
        recipients,
    )
    return len(recipients)
