"""Two-factor sign-in pages: the code step, enrolment, backup codes, removal.

Registered under /admin/two-factor/ by `wagtail_hooks` (so Wagtail checks
admin access and sets no-cache); the rules live in `two_factor`.
"""

from django import forms
from django.contrib.auth import authenticate, logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import two_factor
from .lockout import lockout_response


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class RemoveForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your app, or a backup code"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError(
                _("Enter a code or your password to turn two-factor sign-in off.")
            )
        return data


def code_error(outcome, enrolling=False):
    """The message for a refused code, and the status that goes with it."""
    if outcome.wait_seconds:
        message = ngettext(
            "Too many wrong codes. Try again in %(seconds)d second.",
            "Too many wrong codes. Try again in %(seconds)d seconds.",
            outcome.wait_seconds,
        ) % {"seconds": outcome.wait_seconds}
        return message, 429
    if outcome.malformed and enrolling:
        return _("Enter the 6-digit code that the app shows."), 400
    if outcome.malformed:
        return _("Enter the 6-digit code from your app or a backup code."), 400
    return _("That code is not right, or has already been used."), 400


def with_retry_after(response, outcome):
    if outcome.wait_seconds:
        response["Retry-After"] = str(outcome.wait_seconds)
    return response


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


@method_decorator(sensitive_post_parameters("code"), name="post")
class VerifyView(View):
    """The second sign-in step, in the sign-in page's look."""

    template_name = "roles/two_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending_step(request.user) != "code":
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        context = {
            "form": form,
            "next": safe_next(self.request),
            "page_title": _("Two-factor sign-in"),
        }
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )

    def get(self, request):
        return self.render(CodeForm())

    def post(self, request):
        user = request.user
        if two_factor.is_locked_out(request, user):
            logout(request)
            return lockout_response(request)
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        outcome = two_factor.verify_code(request, form.cleaned_data["code"])
        if outcome.accepted:
            return redirect(safe_next(request))
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout_response(request)
        message, status = code_error(outcome)
        form.add_error("code", message)
        return with_retry_after(self.render(form, status=status), outcome)


class AccountPageMixin(WagtailAdminTemplateMixin):
    header_icon = "key"

    def get_page_title(self):
        return _("Two-factor sign-in")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, template_name, status=200, **context):
        context = self.get_context_data(**context)
        return TemplateResponse(self.request, template_name, context, status=status)


class ManageView(AccountPageMixin, TemplateView):
    """The account's two-factor page: on or off, backup codes, removal."""

    template_name = "roles/two_factor/manage.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = two_factor.totp_device(user)
        context = super().get_context_data(**kwargs)
        context.update(
            device=device,
            required=two_factor.required_for(user),
            backup_codes_left=two_factor.backup_codes_left(user) if device else 0,
        )
        context.setdefault("remove_form", RemoveForm())
        return context


@method_decorator(sensitive_post_parameters("code"), name="post")
class EnrolView(AccountPageMixin, View):
    """Scan the QR code, type one code to confirm; then the backup codes."""

    def dispatch(self, request, *args, **kwargs):
        if two_factor.has_two_factor(request.user):
            return redirect("two_factor_manage")
        return super().dispatch(request, *args, **kwargs)

    def show(self, device, form, status=200):
        return self.render(
            "roles/two_factor/enrol.html",
            status=status,
            form=form,
            qr_data_uri=two_factor.qr_data_uri(device),
            secret=two_factor.secret_for_typing(device),
            required=two_factor.required_for(self.request.user),
        )

    def get(self, request):
        return self.show(two_factor.start_enrolment(request.user), CodeForm())

    def post(self, request):
        device = two_factor.totp_device(request.user, confirmed=False)
        if device is None:  # e.g. turned off in another tab meanwhile
            return redirect("two_factor_enrol")
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.show(device, form, status=400)
        code = form.cleaned_data["code"]
        outcome = two_factor.check_code(request.user, code, enrolling=device)
        if not outcome.accepted:
            message, status = code_error(outcome, enrolling=True)
            form.add_error("code", message)
            return with_retry_after(self.show(device, form, status=status), outcome)
        codes = two_factor.finish_enrolment(request, device)
        messages.success(request, _("Two-factor sign-in is on."))
        return self.render("roles/two_factor/backup_codes.html", codes=codes)


class BackupCodesView(AccountPageMixin, View):
    """New backup codes (the old ones stop working), shown this once."""

    def post(self, request):
        if not two_factor.has_two_factor(request.user):
            return redirect("two_factor_manage")
        codes = two_factor.new_backup_codes(request.user)
        return self.render("roles/two_factor/backup_codes.html", codes=codes)


@method_decorator(sensitive_post_parameters("code", "password"), name="post")
class RemoveView(ManageView):
    """Turn two-factor sign-in off: a valid code or the password is needed."""

    def get(self, request):
        return redirect("two_factor_manage")

    def post(self, request):
        user = request.user
        if not two_factor.has_two_factor(user):
            return redirect("two_factor_manage")
        form = RemoveForm(request.POST)
        outcome = None
        if form.is_valid():
            code, password = form.cleaned_data["code"], form.cleaned_data["password"]
            if code:
                outcome = two_factor.check_code(user, code)
                if not outcome.accepted:
                    form.add_error("code", code_error(outcome)[0])
            else:
                # Through the backends, so django-axes counts a wrong password.
                same = authenticate(
                    request, username=user.get_username(), password=password
                )
                if same is None or same.pk != user.pk:
                    form.add_error("password", _("That password is not right."))
        if form.errors:
            status = 429 if outcome and outcome.wait_seconds else 400
            response = self.render(self.template_name, status, remove_form=form)
            return with_retry_after(response, outcome) if outcome else response
        two_factor.remove_two_factor(user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("two_factor_manage")


def admin_urls():
    return [
        path("two-factor/", ManageView.as_view(), name="two_factor_manage"),
        path("two-factor/verify/", VerifyView.as_view(), name="two_factor_verify"),
        path("two-factor/enrol/", EnrolView.as_view(), name="two_factor_enrol"),
        path(
            "two-factor/backup-codes/",
            BackupCodesView.as_view(),
            name="two_factor_backup_codes",
        ),
        path("two-factor/remove/", RemoveView.as_view(), name="two_factor_remove"),
    ]


def account_menu_item(request):
    if two_factor.has_two_factor(request.user):
        help_text = _("On: a code from your app is asked for after the password.")
    else:
        help_text = _("Ask for a code from an app on your phone after the password.")
    return {
        "url": reverse("two_factor_manage"),
        "label": _("Two-factor sign-in"),
        "help_text": help_text,
    }
