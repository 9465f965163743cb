"""Setting a new password (after a reset) and changing it (signed in), with the errors on the field typed.

Django 6's forms report the password rules (too short, too common, ...) on the confirmation field; a person
reads them next to the box they just filled, so they go on the new password here (issue 17, item 3).
"""

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .auth import password_confirm


class _OnTheNewPassword:
    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return super(SetPasswordForm, self).clean()


class NewPasswordForm(_OnTheNewPassword, SetPasswordForm):
    error_messages = {"password_mismatch": _("The two passwords are not the same.")}


class ChangePasswordForm(_OnTheNewPassword, PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("The two passwords are not the same."),
        "password_incorrect": _("Your current password is not correct. Type it again."),
    }

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        # A wrong current password counts towards the sign-in lock-out (accounts.auth.password_confirm).
        old_password = self.cleaned_data["old_password"]
        if self.request is None or not password_confirm(self.request, old_password):
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
