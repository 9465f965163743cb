"""Sign-in, activation and the citizen's profile (contact details changed with a code, language, access log)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participants import selectors as participant_selectors
from participants.ratelimit import limited
from participants.views import citizen_or_404

from . import selectors, services
from .forms import (
    ActivationCompleteForm,
    ActivationStartForm,
    CodeForm,
    ContactChangeForm,
    LanguageForm,
    SignInForm,
)
from .twofactor import services as twofactor_services
from .twofactor import views as twofactor_views


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Django sends a signed-in person away from the form even when they post someone else's details, so on a
        # shared phone the second person saw the first one's records (the session cookie came back with a late
        # response of the first person's page). Only a GET is sent away; a POST signs in whoever typed their
        # details, and login() starts a fresh session for them.
        if request.method == "POST":
            self.redirect_authenticated_user = False
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Per client address, whatever the identifier: password spraying across many ID numbers from one
        # address stops here (django-axes locks one identity and address pair after a few failures).
        if limited(request, group="signin-ip", key="ip", rate=settings.SIGNIN_RATE_PER_IP):
            context = self.get_context_data(form=self.form_class(request), signin_limited=True)
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if twofactor_services.user_requires_second_factor(user):
            # Not signed in yet: the code step (accounts.twofactor) finishes the sign-in.
            twofactor_views.pending_start(
                self.request, user=user, identifier=form.cleaned_data["username"], next_url=self.get_success_url()
            )
            return redirect("otp")
        return super().form_valid(form)


ACTIVATION_SESSION_KEY = "activation_national_id"


def _activation_limited(request, step: str, national_id: str) -> bool:
    """Per-address and per-ID limits on each activation step (counted whether the ID exists or not)."""
    over_ip = limited(request, group=f"activation-{step}-ip", key="ip", rate=settings.ACTIVATION_RATE_PER_IP)
    over_id = limited(request, group=f"activation-{step}-id", key=national_id, rate=settings.ACTIVATION_RATE_PER_ID)
    return over_ip or over_id


TOO_MANY_ACTIVATIONS = gettext_lazy("Too many attempts. Wait an hour and try again.")


def activate(request):
    """Step 1 of first-time activation: the ID number and birth date. Whatever they match, the answer is the
    next step; a code goes to the contact on record only when they match a person without an account."""
    form = ActivationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        national_id = form.cleaned_data["national_id"]
        if _activation_limited(request, "start", national_id):
            form.add_error(None, TOO_MANY_ACTIVATIONS)
            return render(request, "registration/activate.html", {"form": form}, status=429)
        services.activation_start(**form.cleaned_data)
        request.session[ACTIVATION_SESSION_KEY] = national_id
        return redirect("activate-verify")
    return render(request, "registration/activate.html", {"form": form})


def activate_verify(request):
    """Step 2: the code and a new password create the account and sign the person in."""
    national_id = request.session.get(ACTIVATION_SESSION_KEY)
    if national_id is None:
        return redirect("activate")
    form = ActivationCompleteForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _activation_limited(request, "verify", national_id):
            form.add_error(None, TOO_MANY_ACTIVATIONS)
            status = 429
        else:
            try:
                user = services.activation_complete(
                    national_id=national_id, code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
                )
            except ValidationError as error:
                form.add_error("code" if getattr(error, "code", None) == "wrong_code" else None, error)
            else:
                request.session.pop(ACTIVATION_SESSION_KEY, None)
                login(request, user, backend="accounts.auth.IdentifierBackend")
                return redirect("home")
    return render(
        request,
        "registration/activate_verify.html",
        {"form": form, "minutes": settings.ACTIVATION_CODE_MINUTES},
        status=status,
    )


@login_required
def profile(request):
    """The citizen's details, contact details (changed with a code) and language."""
    participant = citizen_or_404(request)
    email_form = ContactChangeForm(initial={"channel": "email"}, prefix="email")
    phone_form = ContactChangeForm(initial={"channel": "sms"}, prefix="phone")
    language_form = LanguageForm(initial={"language": participant.preferred_language})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "language":
            language_form = LanguageForm(request.POST)
            if language_form.is_valid():
                language = language_form.cleaned_data["language"]
                services.participant_language_set(participant=participant, language=language)
                response = redirect("profile")
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
                )
                return response
        elif action in ("email", "phone"):
            form = ContactChangeForm(request.POST, prefix=action, request=request)
            if form.is_valid():
                try:
                    destination = services.contact_change_start(
                        participant=participant,
                        channel=form.cleaned_data["channel"],
                        destination=form.cleaned_data["destination"],
                    )
                except ValidationError as error:
                    form.add_error("destination", error)
                else:
                    request.session["contact_destination"] = destination
                    return redirect("profile-contact-verify")
            email_form, phone_form = (form, phone_form) if action == "email" else (email_form, form)
    context = {
        "participant": participant,
        "email_form": email_form,
        "phone_form": phone_form,
        "language_form": language_form,
    }
    return render(request, "participants/profile.html", context)


@login_required
def profile_access_log(request):
    """ "Who looked at my data": clinic lookups by ID number and employer views and exports."""
    participant = citizen_or_404(request)
    accesses = participant_selectors.data_access_list_for_participant(participant=participant)
    return render(request, "participants/access_log.html", {"accesses": accesses})


@login_required
def profile_contact_verify(request):
    """Confirm a new e-mail or phone with the code sent to it."""
    participant = citizen_or_404(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_change_confirm(participant=participant, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code" if getattr(error, "code", None) == "wrong_code" else None, error)
        else:
            messages.success(request, _("Your contact details are updated."))
            return redirect("profile")
    destination = request.session.get("contact_destination", "")
    return render(request, "participants/contact_verify.html", {"form": form, "destination": destination})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    """The account's signed-in browsers and API tokens, and "sign out everywhere" (all but this browser)."""
    if request.method == "POST":
        services.account_sign_out_everywhere(user=request.user, keep_session_key=request.session.session_key)
        messages.success(request, _("You are signed out everywhere else. App tokens no longer work."))
        return redirect("account-security")
    context = {
        "sessions": selectors.account_session_list_for_user(user=request.user, current_key=request.session.session_key),
        "tokens": selectors.auth_token_list_for_user(user=request.user),
    }
    return render(request, "accounts/security.html", context)
