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


class MisuseCase(models.Model):
    """One misuse signal to review: the person's "this wasn't me", or a rule over check-ins or desk look-ups.

    The same signal for the same subject and period is one case (`dedup_key`, unique); raising it again adds
    its new check-ins or look-ups to the evidence. Status runs open → assigned → resolved, with an outcome.
    The rules, their periods and thresholds: checkin/misuse.py and docs/misuse-review.md.
    """

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported by the person (this wasn't me)")
        BUSY_WEEK = "busy_week", _("More check-ins in 7 days than the threshold")
        TWO_FACILITIES = "two_facilities", _("Same card at two facilities within a few hours")
        DESK_LOOKUPS = "desk_lookups", _("Desk looked up many people who were not checked in")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ASSIGNED = "assigned", _("Assigned")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Misuse confirmed")
        NOT_MISUSE = "not_misuse", _("Not misuse")
        PERSON_MISTAKEN = "person_mistaken", _("Wrong person checked in by mistake")
        REFERRED = "referred", _("Referred for inspection")
        # Only the data migration writes this: reports marked "reviewed" before the queue had outcomes.
        REVIEWED_EARLIER = "reviewed_earlier", _("Reviewed before the queue (no outcome recorded)")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("signal"), max_length=16, choices=Kind.choices)
    dedup_key = models.CharField(_("signal key"), max_length=120, unique=True, editable=False)
    period_start = models.DateField(_("period from"))
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="misuse_cases",
        verbose_name=_("participant"),
    )
    facility = models.ForeignKey(
        MedicalFacility, on_delete=models.PROTECT, related_name="misuse_cases", verbose_name=_("facility")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="misuse_cases_as_staff",
        verbose_name=_("desk staff user"),
    )
    checkin = models.ForeignKey(
        CheckIn,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="misuse_cases",
        verbose_name=_("reported check-in"),
    )
    count = models.PositiveIntegerField(_("count"), default=0)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    window_hours = models.PositiveIntegerField(_("window (hours)"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    last_signal_at = models.DateTimeField(_("last signal at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="misuse_cases_assigned",
        verbose_name=_("assigned to"),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="misuse_cases_resolved",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["-last_signal_at", "-id"]
        verbose_name = _("misuse case")
        verbose_name_plural = _("misuse cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="resolved", resolved_at__isnull=False) & ~Q(outcome="")
                | Q(status__in=["open", "assigned"], resolved_at__isnull=True, outcome=""),
                name="misuse_case_outcome_iff_resolved",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reported") | Q(checkin__isnull=False), name="misuse_case_report_has_checkin"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-last_signal_at"], name="misuse_case_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.facility.code} {self.period_start:%d/%m/%Y}"


class MisuseEvidence(models.Model):
    """A check-in or a desk look-up behind a case, added when the signal fired (never edited)."""

    case = models.ForeignKey(MisuseCase, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("case"))
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("check-in")
    )
    access = models.ForeignKey(
        "participants.PersonalDataAccess",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desk look-up"),
    )
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(checkin__isnull=False, access__isnull=True) | Q(checkin__isnull=True, access__isnull=False),
                name="misuse_evidence_one_thing",
            ),
            models.UniqueConstraint(
                fields=["case", "checkin"], condition=Q(checkin__isnull=False), name="misuse_evidence_checkin_once"
            ),
            models.UniqueConstraint(
                fields=["case", "access"], condition=Q(access__isnull=False), name="misuse_evidence_access_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.checkin or self.access)
