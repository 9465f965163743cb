"""Accounts: the user model and the one-time codes that prove a person reads an e-mail address or phone."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.enums import Role
from participants.models import Participant


class User(AbstractUser):
    """An account. Citizens are linked to a Participant; staff to an employer or a facility."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CITIZEN)

    class Meta:
        db_table = "participants_user"  # created as participants.user (docs/architecture.md)
        verbose_name = _("user")
        verbose_name_plural = _("users")


class OneTimeCode(models.Model):
    """A code sent to an e-mail address or phone number to prove the person can read it: to
    activate an account, to confirm a new contact detail (the destination it was sent to), or to set a
    new password with the phone on record (accounts.recovery)."""

    class Purpose(models.TextChoices):
        ACTIVATION = "activation", _("Account activation")
        CONTACT_CHANGE = "contact_change", _("New contact detail")
        PASSWORD_RESET = "password_reset", _("Password reset by SMS")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="one_time_codes", verbose_name=_("participant")
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=[("email", _("E-mail")), ("sms", _("SMS"))])
    destination = models.CharField(_("sent to"), max_length=254)
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        db_table = "participants_onetimecode"  # created as participants.onetimecode (docs/architecture.md)
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["participant", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_purpose_display()} {self.created_at:%d/%m/%Y %H:%M}"


class AccountSession(models.Model):
    """A signed-in browser session of an account, recorded at sign-in so that the account's owner can see
    and end their sessions (django's session table cannot be searched by user)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_sessions", verbose_name=_("user"))
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M}"
