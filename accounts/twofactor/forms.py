from django import forms
from django.utils.translation import gettext_lazy as _


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=9,  # room for "123 456" as some apps show it
        help_text=_("The code changes every 30 seconds; enter the one your app shows now."),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits your app shows, without letters."), code="format")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_("One of the 10 codes you saved when you set up two-step sign-in, such as abcd-efgh-jkmn."),
        error_messages={"required": _("Enter one of your recovery codes.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        ),
    )
