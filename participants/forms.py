from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
