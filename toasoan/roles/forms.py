"""The admin sign-in form, with every label translated.

Wagtail's form leaves the password label to Django's field-name default,
which gettext never sees; the newsroom should read "Mật khẩu".
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")
        self.fields["remember"].label = _("Remember me")
