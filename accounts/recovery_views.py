"""Pages of account recovery by SMS (accounts.recovery) and of changing the password while signed in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from participants.forms import NationalIdBirthDateForm

from . import recovery, services
from .forms import ActivationCompleteForm
from .password_forms import ChangePasswordForm

RESET_SESSION_KEY = "password_reset_sms"


class PasswordResetSmsStartForm(NationalIdBirthDateForm):
    """Who asks for a new password: their ID number and birth date, matched against the records."""


class PasswordResetSmsCompleteForm(ActivationCompleteForm):
    """The code from the SMS and the new password twice (the activation's form and checks)."""


def password_reset_sms(request):
    """Step 1: who you are; a code goes by SMS to the phone on your record."""
    form = PasswordResetSmsStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant_id, phone = recovery.password_reset_sms_start(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[RESET_SESSION_KEY] = {"participant": participant_id, "phone": phone}
            return redirect("password-reset-sms-verify")
    return render(request, "registration/reset_sms.html", {"form": form})


def password_reset_sms_verify(request):
    """Step 2: the code and the new password; then sign in with it."""
    pending = request.session.get(RESET_SESSION_KEY)
    if pending is None:
        return redirect("password-reset-sms")
    form = PasswordResetSmsCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery.password_reset_sms_complete(
                participant_id=pending["participant"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(recovery.password_reset_sms_refused(error), error)
        else:
            request.session.pop(RESET_SESSION_KEY, None)
            messages.success(request, _("Your password has been changed. Sign in with your new password."))
            return redirect("login")
    context = {"form": form, "phone": pending["phone"], "minutes": settings.ACTIVATION_CODE_MINUTES}
    return render(request, "registration/reset_sms_verify.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Signed in: the current password, then the new one twice; other sessions are signed out."""

    form_class = ChangePasswordForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password ended every session and token of the account (accounts.auth.RevokeOnPasswordChange),
        # this one included, and update_session_auth_hash gave this browser a new key: it is recorded again, so
        # the security page lists it as the current session.
        services.account_session_record(
            user=form.user,
            session_key=self.request.session.session_key,
            user_agent=self.request.headers.get("User-Agent", ""),
        )
        return response
