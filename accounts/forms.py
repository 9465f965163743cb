from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from participants.enums import Language
from participants.forms import NationalIdBirthDateForm


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


class ActivationStartForm(NationalIdBirthDateForm):
    """Who asks for an account: their ID number and birth date, matched against the records."""


class ActivationCompleteForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only numbers, not a common password."),
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class ContactChangeForm(forms.Form):
    channel = forms.ChoiceField(choices=[("email", _("E-mail")), ("sms", _("Phone"))], widget=forms.HiddenInput)
    destination = forms.CharField(label=_("New value"), max_length=254)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language for messages and pages"), choices=Language.choices)
