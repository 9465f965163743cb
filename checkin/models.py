"""Clinic check-in: reception staff, the keys that sign check-in tokens, and the visits recorded at the desk."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from participants.models import HealthInsuranceCard, MedicalFacility, Participant


class ClinicStaff(models.Model):
    """A user who works at the reception of a medical facility."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_staff", verbose_name=_("user")
    )
    facility = models.ForeignKey(
        MedicalFacility, on_delete=models.PROTECT, related_name="staff", verbose_name=_("facility")
    )

    class Meta:
        db_table = "participants_clinicstaff"  # created as participants.clinicstaff (docs/architecture.md)
        verbose_name = _("clinic staff member")
        verbose_name_plural = _("clinic staff members")

    def __str__(self) -> str:
        return f"{self.user} – {self.facility}"


class CheckinSigningKey(models.Model):
    """The public half of a key that signs check-in tokens, published in /.well-known/jwks.json.

    The private half never enters the database: it comes from CHECKIN_PRIVATE_KEY in production and
    from a 0600 file under var/ on the embedded default. Several rows may be current for a moment
    during a rolling deploy; that is harmless (all of them are published), so no constraint forbids it.
    """

    kid = models.CharField(_("key id"), max_length=64, unique=True, editable=False)
    public_jwk = models.JSONField(_("public key (JWK)"), editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    retired_at = models.DateTimeField(
        _("retired at"), null=True, blank=True, help_text=_("Empty while this key signs new tokens.")
    )
    publish_until = models.DateTimeField(
        _("published until"),
        null=True,
        blank=True,
        help_text=_("A retired key stays published until every token it signed has expired."),
    )

    class Meta:
        db_table = "participants_checkinsigningkey"  # created as checkinsigningkey (docs/architecture.md)
        ordering = ["-created_at", "-id"]
        verbose_name = _("check-in signing key")
        verbose_name_plural = _("check-in signing keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True, publish_until__isnull=True)
                | Q(retired_at__isnull=False, publish_until__gte=F("retired_at")),
                name="checkin_key_published_after_retirement",
            ),
        ]

    def __str__(self) -> str:
        return self.kid


class CheckInQuerySet(models.QuerySet):
    """Patterns worth a look by an admin (misuse signals); each is one query, usable as a filter."""

    def flagged_unreviewed(self):
        return self.filter(flagged_at__isnull=False, reviewed_at__isnull=True)

    def at_two_facilities_within(self, window: datetime.timedelta):
        """Check-ins of a card that was also checked in at ANOTHER facility within `window`."""
        other = CheckIn.objects.filter(
            card=OuterRef("card"),
            checked_in_at__gt=OuterRef("checked_in_at") - window,
            checked_in_at__lt=OuterRef("checked_in_at") + window,
        ).exclude(facility=OuterRef("facility"))
        return self.filter(Exists(other))

    def more_than_in_a_week(self, threshold: int):
        """Check-ins that take their person over `threshold` check-ins in the 7 days ending with them."""
        week = (
            CheckIn.objects.filter(
                participant=OuterRef("participant"),
                checked_in_at__gt=OuterRef("checked_in_at") - datetime.timedelta(days=7),
                checked_in_at__lte=OuterRef("checked_in_at"),
            )
            .order_by()
            .values("participant")
            .annotate(n=Count("id"))
            .values("n")
        )
        return self.annotate(week_count=Subquery(week)).filter(week_count__gt=threshold)


class CheckIn(models.Model):
    """A visit recorded at a clinic's reception desk, from a signed QR token or the ID number.

    A token's `jti` is accepted once (unique in the database), so a replayed or copied QR is refused.
    The person sees every check-in and can flag one they did not make ("this wasn't me").
    """

    class Method(models.TextChoices):
        QR = "qr", _("Signed QR code")
        NATIONAL_ID = "national_id", _("Personal ID number")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("participant")
    )
    card = models.ForeignKey(
        HealthInsuranceCard, on_delete=models.PROTECT, related_name="checkins", verbose_name=_("card")
    )
    facility = models.ForeignKey(
        MedicalFacility, on_delete=models.PROTECT, related_name="checkins", verbose_name=_("facility")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_checkins",
        verbose_name=_("recorded by"),
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    # NULL (not "") for ID-number check-ins: the unique constraint below then covers tokens only.
    token_id = models.CharField(_("token id (jti)"), max_length=200, null=True, blank=True, editable=False)  # noqa: DJ001
    checked_in_at = models.DateTimeField(_("checked in at"), db_index=True)
    flagged_at = models.DateTimeField(_("reported as not me at"), null=True, blank=True)
    flag_note = models.CharField(_("the person's note"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_checkins",
        verbose_name=_("reviewed by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        db_table = "participants_checkin"  # created as checkin (docs/architecture.md)
        ordering = ["-checked_in_at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["token_id"],
                condition=Q(token_id__isnull=False),
                name="checkin_token_used_once",
                violation_error_message=_("This check-in code has already been used."),
            ),
            models.CheckConstraint(
                condition=Q(method="qr", token_id__isnull=False) | Q(method="national_id", token_id__isnull=True),
                name="checkin_token_iff_qr",
            ),
            models.CheckConstraint(condition=Q(method__in=["qr", "national_id"]), name="checkin_method_valid"),
        ]
        indexes = [
            models.Index(fields=["participant", "-checked_in_at"], name="checkin_participant_time"),
            models.Index(fields=["flagged_at"], condition=Q(flagged_at__isnull=False), name="checkin_flagged"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.facility.code} {self.checked_in_at:%d/%m/%Y %H:%M}"
