"""The reader's form, with the seed page's fields and a captcha."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import captcha

MAX_BODY = 3000
MIN_BODY = 5


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("This e-mail address is not valid."),
        },
        help_text=_("Not published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label=_("Your comment"),
        min_length=MIN_BODY,
        max_length=MAX_BODY,
        error_messages={"required": _("Please write your comment.")},
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_BODY}),
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The picture's code, or else (captcha_pow) the browser's proof of work:
    # services.check_captcha requires one of the two.
    captcha_answer = forms.CharField(
        label=_("Security code"),
        max_length=20,
        required=False,
        help_text=_("Type the five digits shown in the picture."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "size": 8}
        ),
    )
    # Written by the ALTCHA widget; a plain Field: whatever is sent is read
    # by pow.check, which refuses anything but a solved challenge of ours.
    captcha_pow = forms.Field(required=False, widget=forms.HiddenInput)
    # A field people never see; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages.update(
            {
                "min_length": _("Your comment is too short."),
                "max_length": _(
                    "Your comment is too long (at most %(limit_value)d characters)."
                ),
            }
        )
        token = self.data.get("captcha_token") if self.is_bound else None
        self.challenge = None
        self.token_error = None  # why a posted token could not be used
        self.proof = None  # a checked proof of work, kept for the next try
        self.new_captcha = False  # the picture must change after this try
        if token:
            try:
                self.challenge = captcha.load(token)
            except captcha.CaptchaError as error:
                self.token_error = error.code
        elif self.is_bound:
            self.token_error = "invalid"
        if self.challenge is None:
            self.challenge = captcha.new_challenge()
        if not self.is_bound:
            self.initial["captcha_token"] = self.challenge.token

    def prepare_retry(self):
        """After a failed attempt: the form as the reader gets it back.

        A picture that was refused (or never valid) is replaced by a new one,
        a wrong answer is cleared; a right answer, and a proof of work that
        passed, are kept so the reader need not solve them again.
        """
        data = self.data.copy()
        if self.new_captcha or self.challenge.token != data.get("captcha_token"):
            self.challenge = captcha.new_challenge()
            data["captcha_token"] = self.challenge.token
            data["captcha_answer"] = ""
        elif self.has_error("captcha_answer"):
            data["captcha_answer"] = ""
        self.data = data
