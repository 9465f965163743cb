from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import User


class SignInForm(AuthenticationForm):
    """Citizens type their ID number; staff their username. Both go through IdentifierBackend."""

    username = forms.CharField(
        label=_("Personal ID number or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("Citizens: your 12-digit personal ID number (or 10-digit social insurance number)."),
    )
    error_messages = {
        "invalid_login": _("The sign-in details are not correct. Check your ID number or username and your password."),
        "inactive": _("This account is inactive."),
    }


class ContactEmailPasswordResetForm(PasswordResetForm):
    """Citizens keep their e-mail on their participant record; staff on their account."""

    def get_users(self, email):
        users = User.objects.select_related("participant").filter(
            Q(email__iexact=email) | Q(participant__email__iexact=email), is_active=True
        )
        for user in users:
            if not user.has_usable_password():
                continue
            participant = getattr(user, "participant", None)
            if not user.email and participant is not None:
                user.email = participant.email  # in memory only: where to send this one message
            if user.email.casefold() == email.casefold():
                yield user
