from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .checkin import services as checkin_services
from .context_processors import TEXT_SIZE_COOKIE
from .forms import (
    ActivationCompleteForm,
    ActivationStartForm,
    CodeForm,
    ContactChangeForm,
    LanguageForm,
    SignInForm,
)
from .statements import statement_csv_lines
from .twofactor import services as twofactor_services
from .twofactor import views as twofactor_views


def home(request):
    """Public landing page; for a signed-in citizen, their card, its status, jobs and alerts."""
    participant = selectors.participant_get_for_user(user=request.user, with_current_card=False)
    coverage = selectors.coverage_get(participant=participant, today=timezone.localdate()) if participant else None
    return render(request, "home.html", {"participant": participant, "coverage": coverage})


def citizen_or_404(request):
    """The signed-in citizen's participant record; 404 for any other account."""
    participant = selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise Http404
    return participant


@login_required
def contributions(request):
    """Year-by-year summary; a year opens to its months (htmx in place, or ?year= without JS)."""
    participant = citizen_or_404(request)
    summary = selectors.contribution_summary_get(participant=participant)
    open_year = _year_param(request.GET.get("year"))
    months = selectors.contribution_months_for_year(participant=participant, year=open_year) if open_year else None
    return render(
        request,
        "participants/contributions.html",
        {"participant": participant, "summary": summary, "open_year": open_year, "months": months},
    )


@login_required
def contribution_year(request, year: int):
    """The months of one year: an htmx fragment, or the whole page opened at that year."""
    participant = citizen_or_404(request)
    if _year_param(str(year)) is None:
        raise Http404
    months = selectors.contribution_months_for_year(participant=participant, year=year)
    if request.htmx:
        return render(request, "participants/contributions.html#year-months", {"months": months, "year": year})
    return redirect(f"{reverse('contributions')}?year={year}#year-{year}")


def _year_param(value: str | None) -> int | None:
    if value and value.isdigit() and 1900 <= int(value) <= 2200:
        return int(value)
    return None


@login_required
def contribution_statement(request):
    """The participant's whole contribution record as CSV (UTF-8 with BOM so Excel shows Vietnamese)."""
    participant = citizen_or_404(request)
    rows = selectors.contribution_list_for_participant(participant=participant)
    response = StreamingHttpResponse(statement_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bhxh-statement.csv"'
    return response


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor_services.user_requires_second_factor(user):
            # Not signed in yet: the code step (participants.twofactor) finishes the sign-in.
            twofactor_views.pending_start(
                self.request, user=user, identifier=form.cleaned_data["username"], next_url=self.get_success_url()
            )
            return redirect("otp")
        return super().form_valid(form)


@require_POST
def text_size(request):
    """Large-text mode on or off, remembered in a cookie; works without JavaScript."""
    large = request.POST.get("size") == "large"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        TEXT_SIZE_COOKIE,
        "large" if large else "normal",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


ACTIVATION_SESSION_KEY = "activation_participant"


def activate(request):
    """Step 1 of first-time activation: find the person, send a one-time code to their contact."""
    form = ActivationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant, destination = services.activation_start(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[ACTIVATION_SESSION_KEY] = participant.pk
            request.session["activation_destination"] = destination
            return redirect("activate-verify")
    return render(request, "registration/activate.html", {"form": form})


def activate_verify(request):
    """Step 2: the code and a new password create the account and sign the person in."""
    participant_id = request.session.get(ACTIVATION_SESSION_KEY)
    if participant_id is None:
        return redirect("activate")
    form = ActivationCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activation_complete(
                participant_id=participant_id, code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("code" if getattr(error, "code", None) == "wrong_code" else None, error)
        else:
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            login(request, user, backend="participants.auth.IdentifierBackend")
            return redirect("home")
    destination = request.session.get("activation_destination", "")
    return render(
        request,
        "registration/activate_verify.html",
        {"form": form, "destination": destination, "minutes": settings.ACTIVATION_CODE_MINUTES},
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
            form = ContactChangeForm(request.POST, prefix=action)
            if form.is_valid():
                try:
                    destination = services.contact_change_start(participant=participant, **form.cleaned_data)
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
    accesses = selectors.data_access_list_for_participant(participant=participant)
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


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    """The check-in QR for the clinic counter; htmx swaps in a fresh one before it expires.

    GET shows the current code (signed again only when needed); POST ("Get a new code") signs a new one."""
    participant = citizen_or_404(request)
    code = checkin_services.checkin_code_current(participant=participant, renew=request.method == "POST")
    if request.method == "POST":
        return redirect("checkin")
    context = {"participant": participant, "issued": code is not None, "code": code}
    if code:
        remaining = int((code.expires_at - timezone.now()).total_seconds())
        context["refresh_seconds"] = max(remaining - 60, 30)
    template = "participants/checkin.html#qr" if request.htmx else "participants/checkin.html"
    return render(request, template, context)
