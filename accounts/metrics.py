"""Prometheus counters of sign-in failures and lock-outs, exposed at /metrics (docs/operations.md).

Fed by Django's `user_login_failed` (web and API sign-in, the second step) and django-axes' `user_locked_out`.
"""

from prometheus_client import Counter

SIGNIN_FAILURES = Counter("bhxh_signin_failures", "Failed sign-in attempts (password or second step)")
LOCKOUTS = Counter("bhxh_signin_lockouts", "Sign-ins refused because the identity or address is locked out")


def signin_failure_count(sender, **kwargs) -> None:
    SIGNIN_FAILURES.inc()


def lockout_count(sender, **kwargs) -> None:
    LOCKOUTS.inc()
