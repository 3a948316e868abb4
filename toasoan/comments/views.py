"""Posting a comment from the article page, and serving the captcha."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toasoan.core.http import client_ip

from . import captcha, pow
from .forms import CommentForm
from .services import CommentRefused, submit

SENT_FLAG = "y-kien=da-gui"


def post_comment(article, request):
    form = CommentForm(request.POST)
    try:
        submit(article, form, client_ip(request))
    except CommentRefused as refusal:
        if refusal.message:
            form.add_error(refusal.field, refusal.message)
        status = refusal.status
    else:
        return HttpResponseRedirect(f"{article.url}?{SENT_FLAG}#y-kien", status=303)
    form.prepare_retry()
    context = article.get_context(request)
    context["comment_form"] = form
    return TemplateResponse(
        request, article.get_template(request), context, status=status
    )


@never_cache
@require_GET
def captcha_image(request, token):
    try:
        challenge = captcha.load(token)
    except captcha.CaptchaError:
        return HttpResponse(status=404)
    return HttpResponse(captcha.render_png(challenge), content_type="image/png")


@never_cache
@require_GET
def captcha_new(request):
    challenge = captcha.new_challenge()
    # The article page may come from the page cache, so its form takes its
    # CSRF token from here (this answer is never cached).
    return JsonResponse(
        {
            "token": challenge.token,
            "kind": challenge.kind,
            "csrf": get_token(request),
            "image": reverse("comments:captcha_image", args=(challenge.token,)),
        }
    )


@never_cache
@require_GET
def captcha_pow(request):
    """A proof-of-work challenge for the ALTCHA widget, fetched when ticked."""
    return JsonResponse(pow.challenge())
