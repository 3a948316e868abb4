"""`{% article_comments %}`: the reader-comment block under an article."""

from django import template
from django.utils.functional import SimpleLazyObject

from toasoan.pagecache import tags
from toasoan.pagecache.memo import Memo

from ..forms import CommentForm
from ..models import Comment, CommentSettings
from ..services import comments_open
from ..views import SENT_FLAG

register = template.Library()
# The comment settings, until they change: saving them purges "site".
SETTINGS = Memo("comment-settings", 3600, follows=(tags.SITE,))


@register.inclusion_tag("comments/section.html", takes_context=True)
def article_comments(context):
    request = context["request"]
    article = context["page"]
    approved = SimpleLazyObject(  # read only when the kept list is not there
        lambda: list(
            Comment.objects.approved()
            .filter(article=article)
            .only("id", "name", "body", "created_at", "reply", "reply_at")
            .order_by("created_at")
        )
    )
    form = context.get("comment_form")
    # The plain article page is the same for every reader (so it can be
    # cached): its form gets the security code and the CSRF token from
    # captcha.js. Any other request (a form sent back with errors, "?binh-luan"
    # for browsers without JavaScript) carries them in the page itself.
    deferred = form is None and request.method == "GET" and not request.GET
    if form is None:

        def empty_form():
            form = CommentForm()
            if deferred:
                form.initial["captcha_token"] = ""
            return form

        # The deferred form is kept once ({% cache %}): built only to fill it.
        form = SimpleLazyObject(empty_form) if deferred else empty_form()
    return {
        "deferred": deferred,
        "request": request,
        "page": article,
        "comments": approved,
        "comments_key": (context.get("fragment_keys") or {}).get("comments"),
        "form": form,
        "open": comments_open(article, _site_settings(context, request)),
        "sent": request.GET.urlencode() == SENT_FLAG,
    }


def _site_settings(context, request):
    """The comment settings, kept in process memory until they change."""

    def load():
        return CommentSettings.load(request_or_site=request)

    fresh = context.get("fresh")
    if fresh is None:
        return load()
    return SETTINGS.get_or_make(load, fresh=fresh)
