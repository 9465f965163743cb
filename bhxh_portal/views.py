"""Site-wide views that belong to no one capability."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from benefits import selectors as benefit_selectors
from participants import selectors as participant_selectors
from reminders import selectors as reminder_selectors

from .context_processors import TEXT_SIZE_COOKIE


def home(request):
    """Public landing page; for a signed-in citizen, their next steps first (one line each, with the action:
    card renewal, what an employer owes, the unemployment filing deadline, the pension start), the QR one tap
    away, then their card and jobs (issue 17, item 6)."""
    participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
    context = {"participant": participant}
    if participant is not None:
        today = timezone.localdate()
        context["coverage"] = participant_selectors.coverage_get(participant=participant, today=today)
        context["steps"] = benefit_selectors.benefit_steps_get(participant=participant, as_of=today)
        context["voluntary_payment"] = reminder_selectors.voluntary_payment_next_get(
            participant=participant, today=today
        )
    return render(request, "home.html", context)


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


def csrf_failure(request, reason=""):
    """The project's own page when a form's security token is missing or stale (CSRF_FAILURE_VIEW), in the
    visitor's language: usually a form left open past the session, or cookies blocked. Django's reason is not
    shown (it is for developers); the status stays 403."""
    return render(request, "403_csrf.html", {"no_cookie": "CSRF cookie" in reason}, status=403)


@require_GET
def help_page(request):
    """Where to get help: the VSS hotline, offices and clinics, and the accessibility statement (public)."""
    return render(request, "help.html")
