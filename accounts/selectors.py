"""Account reads: the signed-in sessions and API tokens of an account (the security page)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

from .models import AccountSession, User


def account_session_list_for_user(*, user: User, current_key: str | None) -> list[dict]:
    """The account's sessions that have not expired, newest first (one query)."""
    now = timezone.now()
    live = Session.objects.filter(expire_date__gt=now).values("session_key")
    rows = AccountSession.objects.filter(user=user, session_key__in=live).order_by("-created_at")
    return [
        {"created_at": row.created_at, "user_agent": row.user_agent, "current": row.session_key == current_key}
        for row in rows
    ]


def auth_token_list_for_user(*, user: User) -> list[dict]:
    """The account's API tokens that have not expired, newest first (one query); never the token itself."""
    tokens = AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
    return [{"created_at": t.created, "expires_at": t.expiry} for t in tokens]
