from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.auth import password_confirm
from accounts.models import User
from participants.enums import Language
from participants.form_fields import digits_typed
from participants.forms import NationalIdBirthDateForm
from participants.ratelimit import limited


class SignInForm(AuthenticationForm):
    """Citizens type their ID number; staff their username. Both go through IdentifierBackend."""

    username = forms.CharField(
        label=_("Personal ID number or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("Citizens: your 12-digit personal ID number (or 10-digit social insurance number)."),
    )

    def clean_username(self):
        # "001 092 999 903", as printed on the card and read aloud, is the ID number 001092999903 (issue 17, item 2).
        username = self.cleaned_data["username"].strip()
        digits = digits_typed(username)
        return digits if digits.isdigit() else username

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

    def save(self, *args, request=None, **kwargs):
        """Send the reset e-mail unless this address or this client asked too often: 20 requests sent 19
        e-mails before (PASSWORD_RESET_RATE_PER_ACCOUNT, PASSWORD_RESET_RATE_PER_IP). The page answers the same
        either way, as it does for an address with no account."""
        email = self.cleaned_data["email"].casefold()
        over_ip = limited(request, group="reset-ip", key="ip", rate=settings.PASSWORD_RESET_RATE_PER_IP)
        over_account = limited(
            request, group="reset-account", key=f"email:{email}", rate=settings.PASSWORD_RESET_RATE_PER_ACCOUNT
        )
        if over_ip or over_account:
            return None
        return super().save(*args, request=request, **kwargs)


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
    """A new e-mail or phone, with the account's password: a session left open on a shared phone must not be
    enough to move the account's reset address elsewhere."""

    channel = forms.ChoiceField(choices=[("email", _("E-mail")), ("sms", _("Phone"))], widget=forms.HiddenInput)
    destination = forms.CharField(label=_("New value"), max_length=254)
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        # A wrong password counts towards the sign-in lock-out (accounts.auth.password_confirm).
        password = self.cleaned_data["password"]
        if self.request is None or not password_confirm(self.request, password):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language for messages and pages"), choices=Language.choices)
