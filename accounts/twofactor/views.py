"""The second sign-in step. The password step (accounts.views.SignInView) does not sign an employer
in: it leaves a pending sign-in in the session, and these views finish it once a code is accepted.

A wrong code counts as a failed sign-in for django-axes (same identifier and address as the password
step), on top of django-otp's per-device back-off, so guessing codes locks the pair out like guessing
passwords does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import services as account_services
from accounts.models import User

from . import services
from .decorators import second_factor_required
from .forms import RecoveryCodeForm, TotpCodeForm

PENDING_SESSION_KEY = "twofactor_pending"
SETUP_DEVICE_SESSION_KEY = "twofactor_setup_device"  # the device this session is enrolling (its secret)
PENDING_SECONDS = 5 * 60


@dataclass(frozen=True, slots=True)
class Pending:
    user: User
    identifier: str  # as typed at the password step: what django-axes counts failures against
    next_url: str
    backend: str
    signed_in: bool  # an older session signed in without the second step (it only needs verifying)


def pending_start(request, *, user: User, identifier: str, next_url: str) -> None:
    """Remember who passed the password step, for five minutes, without signing them in."""
    account_services.account_session_cycle_key(session=request.session)
    request.session.pop(SETUP_DEVICE_SESSION_KEY, None)  # a new sign-in starts a new set-up
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "identifier": identifier,
        "next": next_url,
        "backend": user.backend,
        "auth_hash": user.get_session_auth_hash(),
        "started": time.time(),
    }


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _pending_or_response(request) -> Pending | HttpResponse:
    """The sign-in waiting for its second step, or where to send the person instead."""
    data = request.session.get(PENDING_SESSION_KEY)
    if data is None:
        user = request.user
        if user.is_authenticated and services.user_requires_second_factor(user) and not user.is_verified():
            next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
            return Pending(user, user.get_username(), next_url, "", signed_in=True)
        if user.is_authenticated:
            return redirect(_safe_next(request, request.GET.get("next")))
        return redirect("login")
    user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    fresh = time.time() - data["started"] <= PENDING_SECONDS
    # A password changed in the meantime ends the pending sign-in, as it would end a session.
    if user is None or not fresh or not constant_time_compare(user.get_session_auth_hash(), data["auth_hash"]):
        request.session.pop(PENDING_SESSION_KEY, None)
        messages.error(
            request,
            _("Signing in took more than 5 minutes, so we stopped it to keep your account safe. Sign in again."),
        )
        return redirect(f"{reverse('login')}?{urlencode({'next': data['next']})}")
    return Pending(user, data["identifier"], data["next"], data["backend"], signed_in=False)


def _locked_out(request, pending: Pending) -> HttpResponse | None:
    if not AxesProxyHandler.is_locked(request, {"username": pending.identifier}):
        return None
    request.session.pop(PENDING_SESSION_KEY, None)
    return render(request, "registration/locked_out.html", status=429)


def _count_failure(request, pending: Pending) -> HttpResponse | None:
    """Tell django-axes; the failure that reaches the limit ends the pending sign-in there and then."""
    user_login_failed.send(sender=__name__, credentials={"username": pending.identifier}, request=request)
    if getattr(request, "axes_locked_out", False):
        request.session.pop(PENDING_SESSION_KEY, None)
        return render(request, "registration/locked_out.html", status=429)
    return None


def _code_submit(request, pending: Pending, form):
    """Check a submitted code (TOTP or recovery): a response when the sign-in is locked out, the device
    when the code is right (and the person is signed in), None when it is wrong (the error is on the form)."""
    if locked := _locked_out(request, pending):
        return locked
    try:
        device = services.second_factor_verify(user=pending.user, code=form.cleaned_data["code"])
    except ValidationError as error:
        if locked := _count_failure(request, pending):
            return locked
        form.add_error("code", error)
        return None
    _finish(request, pending, device)
    return device


def _finish(request, pending: Pending, device) -> None:
    """Sign in (if the password step left the person signed out) and mark the session as verified."""
    request.session.pop(PENDING_SESSION_KEY, None)
    if pending.signed_in:
        # More rights than before: a new session key, as at sign-in.
        account_services.account_session_cycle_key(session=request.session)
        account_services.account_session_record(
            user=pending.user, session_key=request.session.session_key, user_agent=request.headers.get("User-Agent", "")
        )
    else:
        auth_login(request, pending.user, backend=pending.backend)
    django_otp.login(request, device)


@never_cache
@require_http_methods(["GET", "POST"])
def otp(request):
    """The 6-digit code from the app; for someone without a confirmed app yet, setting one up."""
    pending = _pending_or_response(request)
    if isinstance(pending, HttpResponse):
        return pending
    if services.totp_device_get(user=pending.user) is None:
        return _setup(request, pending)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = _code_submit(request, pending, form)
        if isinstance(outcome, HttpResponse):
            return outcome
        if outcome is not None:
            return redirect(pending.next_url)
    return render(request, "registration/otp_verify.html", {"form": form, "next": pending.next_url})


def _setup(request, pending: Pending) -> HttpResponse:
    device_id = request.session.get(SETUP_DEVICE_SESSION_KEY)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if locked := _locked_out(request, pending):
            return locked
        try:
            device, codes = services.totp_device_confirm(
                user=pending.user, device_id=device_id, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            if locked := _count_failure(request, pending):
                return locked
            form.add_error("code", error)
        else:
            request.session.pop(SETUP_DEVICE_SESSION_KEY, None)
            _finish(request, pending, device)
            # A new second factor: every other session and API token of the account ends here.
            request.session.save()
            account_services.account_sign_out_everywhere(
                user=pending.user, keep_session_key=request.session.session_key
            )
            # Shown in this response only: the codes are stored hashed and never displayed again.
            return render(request, "registration/otp_recovery_codes.html", {"codes": codes, "next": pending.next_url})
    device = services.totp_device_start(user=pending.user, device_id=device_id)
    request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    secret = services.totp_secret_base32(device)
    context = {
        "form": form,
        "next": pending.next_url,
        "qr": mark_safe(services.otpauth_qr_svg(device)),  # noqa: S308 - SVG drawn by qrcode from our own URI
        "secret_groups": services.secret_groups(secret),
    }
    return render(request, "registration/otp_setup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def otp_recovery(request):
    """A recovery code instead of the app (a lost or new phone); each code works once."""
    pending = _pending_or_response(request)
    if isinstance(pending, HttpResponse):
        return pending
    if services.totp_device_get(user=pending.user) is None:
        return redirect("otp")
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = _code_submit(request, pending, form)
        if isinstance(outcome, HttpResponse):
            return outcome
        if outcome is not None:
            # One code fewer: offer new ones straight away, with a way to carry on without.
            return redirect(f"{reverse('otp-recovery-codes')}?{urlencode({'next': pending.next_url})}")
    return render(request, "registration/otp_recovery.html", {"form": form, "next": pending.next_url})


@never_cache
@second_factor_required
@require_http_methods(["GET", "POST"])
def otp_recovery_codes(request):
    """Make 10 new recovery codes (the old ones stop working); for a verified employer account only."""
    if not services.user_requires_second_factor(request.user):
        raise Http404
    if request.method == "POST":
        codes = services.recovery_codes_replace(user=request.user)
        next_url = _safe_next(request, request.POST.get("next"))
        return render(request, "registration/otp_recovery_codes.html", {"codes": codes, "next": next_url})
    context = {
        "left": services.recovery_codes_left(user=request.user),
        "next": _safe_next(request, request.GET.get("next")),
    }
    return render(request, "registration/otp_recovery_codes_new.html", context)
