"""People, employers, employment, contributions, health-insurance cards and facilities.

Invariants live twice on purpose: as database constraints (so no code path can break them) and
as field validators / clean() (so forms, the admin and the API report them as translated field
errors before the database is touched).
"""

import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from . import validators as v
from .enums import (
    BENEFIT_PERCENT,
    BenefitLevel,
    ContractKind,
    ContributionStatus,
    EmployerRole,
    FacilityLevel,
    Language,
    ObjectGroup,
    PayScale,
    ProvinceKind,
    Region,
    Role,
    Scheme,
    Sex,
)


def _non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=name)


class User(AbstractUser):
    """An account. Citizens are linked to a Participant; staff to an employer or a facility."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CITIZEN)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Province(models.Model):
    """One of the 34 provinces and cities in force since the 2025 merger (Resolution 202/2025/QH15)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProvinceKind.choices)
    merged_from = models.CharField(_("merged from"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class MedicalFacility(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("facility code"), max_length=5, unique=True, validators=[v.validate_facility_code])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("technical level"), max_length=16, choices=FacilityLevel.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("province")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("medical facility")
        verbose_name_plural = _("medical facilities")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=FacilityLevel.values), name="facility_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Participant(models.Model):
    """A person covered by social, health or unemployment insurance."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    social_insurance_number = models.CharField(
        _("social insurance number"), max_length=10, unique=True, validators=[v.validate_social_insurance_number]
    )
    national_id = models.CharField(
        _("personal ID number"), max_length=12, unique=True, validators=[v.validate_national_id]
    )
    full_name = models.CharField(_("full name"), max_length=120)
    birth_date = models.DateField(_("birth date"), validators=[v.validate_birth_date])
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="participants", verbose_name=_("province")
    )
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[v.validate_phone])
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.VI
    )
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="participant", verbose_name=_("user")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(condition=Q(birth_date__gte="1900-01-01"), name="participant_birth_date_after_1900"),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="participant_sex_valid"),
            models.CheckConstraint(
                condition=Q(social_insurance_number__regex=r"^[0-9]{10}$"), name="participant_si_number_10_digits"
            ),
            models.CheckConstraint(
                condition=Q(national_id__regex=r"^[0-9]{12}$"), name="participant_national_id_12_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        v.validate_national_id_matches_person(self.national_id, self.birth_date, self.sex)


class Employer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit_code = models.CharField(_("unit code"), max_length=15, unique=True, validators=[v.validate_unit_code])
    name = models.CharField(_("name"), max_length=200)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True, validators=[v.validate_tax_code])
    region = models.CharField(_("minimum-wage region"), max_length=3, choices=Region.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="employers", verbose_name=_("province")
    )
    sector = models.CharField(
        _("pay scale"),
        max_length=8,
        choices=PayScale.choices,
        default=PayScale.PRIVATE,
        help_text=_("The State's salary scale (state bodies, public units) or pay set by the employer."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [models.CheckConstraint(condition=Q(region__in=Region.values), name="employer_region_valid")]

    def __str__(self) -> str:
        return self.name


class Employment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="employments", verbose_name=_("participant")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="employments", verbose_name=_("employer")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    hazardous = models.BooleanField(_("heavy, hazardous or dangerous work"), default=False)
    contract_kind = models.CharField(_("contract kind"), max_length=16, choices=ContractKind.choices)
    unemployment_insured = models.BooleanField(
        _("covered by unemployment insurance"),
        default=True,
        help_text=_(
            "Untick for a post outside unemployment insurance, such as a civil servant's: its months do not count"
            " for the unemployment benefit."
        ),
    )
    salary = models.BigIntegerField(
        _("monthly salary for social insurance (VND)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The salary the employer declares now; each month's contribution record keeps its own."),
    )

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="employment_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["participant", "employer"],
                condition=Q(end_date__isnull=True),
                name="employment_one_open_per_employer",
                violation_error_message=_("This person already has an open employment with this employer."),
            ),
        ]
        indexes = [models.Index(fields=["employer", "end_date"])]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.employer}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}, code="end_before_start"
            )
        if self.participant_id and self.employer_id and self.start_date:
            overlapping = Employment.objects.filter(
                participant_id=self.participant_id, employer_id=self.employer_id
            ).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                raise ValidationError(
                    _("This employment overlaps another employment of the same person with the same employer."),
                    code="employment_overlap",
                )


class ContributionRecord(models.Model):
    """What was due and paid for one participant, one month, one payer and one scheme."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No single-column indexes on the two foreign keys: the composite indexes below start with
    # them, and every extra index slows the bulk loads of a 15-million-row table.
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("participant"),
        db_index=False,
    )
    month = models.DateField(_("month"), validators=[v.validate_month_start])
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("employer (payer)"),
        db_index=False,
    )
    scheme = models.CharField(_("scheme"), max_length=16, choices=Scheme.choices)
    salary_basis = models.BigIntegerField(_("salary basis (VND)"), validators=[MinValueValidator(0)])
    retirement_amount = models.BigIntegerField(
        _("retirement and survivorship (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    sickness_maternity_amount = models.BigIntegerField(
        _("sickness and maternity (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    occupational_amount = models.BigIntegerField(
        _("occupational accident and disease (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    health_amount = models.BigIntegerField(_("health insurance (VND)"), default=0, validators=[MinValueValidator(0)])
    unemployment_amount = models.BigIntegerField(
        _("unemployment insurance (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    employee_share = models.BigIntegerField(
        _("employee's share (VND)"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("The part of the total paid by the employee; the employer pays the rest."),
    )
    status = models.CharField(_("status"), max_length=16, choices=ContributionStatus.choices)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    AMOUNT_FIELDS = (
        "retirement_amount",
        "sickness_maternity_amount",
        "occupational_amount",
        "health_amount",
        "unemployment_amount",
    )

    class Meta:
        ordering = ["participant_id", "month", "id"]
        verbose_name = _("contribution record")
        verbose_name_plural = _("contribution records")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "month", "employer", "scheme"],
                condition=Q(employer__isnull=False),
                name="contribution_unique_per_employer_month_scheme",
                violation_error_message=_("A record for this person, month, payer and scheme already exists."),
            ),
            models.UniqueConstraint(
                fields=["participant", "month", "scheme"],
                condition=Q(employer__isnull=True),
                name="contribution_unique_self_paid_month_scheme",
                violation_error_message=_("A record for this person, month, payer and scheme already exists."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="contribution_month_is_first_day"),
            models.CheckConstraint(condition=Q(scheme__in=Scheme.values), name="contribution_scheme_valid"),
            models.CheckConstraint(condition=Q(status__in=ContributionStatus.values), name="contribution_status_valid"),
            models.CheckConstraint(
                condition=(Q(scheme=Scheme.COMPULSORY) & Q(employer__isnull=False))
                | (~Q(scheme=Scheme.COMPULSORY) & Q(employer__isnull=True)),
                name="contribution_employer_iff_compulsory",
                violation_error_message=_(
                    "Compulsory contributions have an employer as payer; other schemes have none."
                ),
            ),
            _non_negative("salary_basis", "contribution_salary_non_negative"),
            _non_negative("retirement_amount", "contribution_retirement_non_negative"),
            _non_negative("sickness_maternity_amount", "contribution_sickness_non_negative"),
            _non_negative("occupational_amount", "contribution_occupational_non_negative"),
            _non_negative("health_amount", "contribution_health_non_negative"),
            _non_negative("unemployment_amount", "contribution_unemployment_non_negative"),
            _non_negative("employee_share", "contribution_employee_share_non_negative"),
            models.CheckConstraint(
                condition=Q(
                    employee_share__lte=F("retirement_amount")
                    + F("sickness_maternity_amount")
                    + F("occupational_amount")
                    + F("health_amount")
                    + F("unemployment_amount")
                ),
                name="contribution_employee_share_within_total",
                violation_error_message=_("The employee's share cannot exceed the total of the funds."),
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "month"]),
            models.Index(fields=["employer", "month", "status"]),
            # Months unpaid per person and employer (staff list, arrears filter): a small partial index.
            models.Index(
                fields=["participant", "employer"],
                condition=Q(status=ContributionStatus.UNPAID),
                name="contribution_unpaid_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.month:%m/%Y} {self.get_scheme_display()}"

    @property
    def total_amount(self) -> int:
        return sum(getattr(self, name) for name in self.AMOUNT_FIELDS)

    @property
    def employer_share(self) -> int:
        return self.total_amount - self.employee_share

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.scheme == Scheme.COMPULSORY and not self.employer_id:
            errors["employer"] = _("Compulsory contributions have an employer as payer.")
        if self.scheme and self.scheme != Scheme.COMPULSORY and self.employer_id:
            errors["employer"] = _("Only compulsory contributions have an employer as payer.")
        amounts = [getattr(self, name) for name in self.AMOUNT_FIELDS]
        if self.employee_share is not None and None not in amounts and self.employee_share > sum(amounts):
            errors["employee_share"] = _("The employee's share cannot exceed the total of the funds.")
        if self.status == ContributionStatus.UNPAID and self.paid_on:
            errors["paid_on"] = _("An unpaid month cannot have a payment date.")
        if errors:
            raise ValidationError(errors)


class HealthInsuranceCard(models.Model):
    """One issue of a health-insurance card; a re-issue adds a row and marks the old one replaced."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cards", verbose_name=_("participant")
    )
    card_number = models.CharField(_("card number"), max_length=15, validators=[v.validate_card_number])
    object_group = models.CharField(_("beneficiary group"), max_length=2, choices=ObjectGroup.choices)
    benefit_level = models.PositiveSmallIntegerField(
        _("benefit level"),
        choices=BenefitLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    facility = models.ForeignKey(
        MedicalFacility,
        on_delete=models.PROTECT,
        related_name="registered_cards",
        verbose_name=_("registered primary-care facility"),
    )
    five_year_date = models.DateField(_("five consecutive years reached on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    replaced_at = models.DateTimeField(
        _("replaced at"), null=True, blank=True, help_text=_("Empty while this is the person's current card.")
    )

    class Meta:
        ordering = ["participant_id", "-valid_from", "id"]
        verbose_name = _("health insurance card")
        verbose_name_plural = _("health insurance cards")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="card_valid_to_after_from"),
            models.CheckConstraint(
                condition=Q(benefit_level__gte=1, benefit_level__lte=5), name="card_benefit_level_1_5"
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(replaced_at__isnull=True),
                name="card_one_current_per_participant",
                violation_error_message=_("This person already has a current card; re-issue it instead."),
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=Q(replaced_at__isnull=True),
                name="card_number_unique_among_current",
                violation_error_message=_("Another current card already has this number."),
            ),
        ]
        indexes = [
            models.Index(fields=["valid_to"], condition=Q(replaced_at__isnull=True), name="card_current_valid_to")
        ]

    def __str__(self) -> str:
        return self.card_number

    @property
    def benefit_percent(self) -> int:
        return BENEFIT_PERCENT[self.benefit_level]

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A card cannot expire before it becomes valid.")})


class EmployerMembership(models.Model):
    """A user's right to act for an employer (HR)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="employer_memberships")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=EmployerRole.choices)

    class Meta:
        verbose_name = _("employer membership")
        verbose_name_plural = _("employer memberships")
        constraints = [models.UniqueConstraint(fields=["user", "employer"], name="membership_unique_user_employer")]

    def __str__(self) -> str:
        return f"{self.user} – {self.employer}"


class ClinicStaff(models.Model):
    """A user who works at the reception of a medical facility."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="clinic_staff")
    facility = models.ForeignKey(MedicalFacility, on_delete=models.PROTECT, related_name="staff")

    class Meta:
        verbose_name = _("clinic staff member")
        verbose_name_plural = _("clinic staff members")

    def __str__(self) -> str:
        return f"{self.user} – {self.facility}"


class OneTimeCode(models.Model):
    """A code sent to an e-mail address or phone number to prove the person can read it: to
    activate an account, or to confirm a new contact detail (the destination it was sent to)."""

    class Purpose(models.TextChoices):
        ACTIVATION = "activation", _("Account activation")
        CONTACT_CHANGE = "contact_change", _("New contact detail")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    channel = models.CharField(max_length=8, choices=[("email", "email"), ("sms", "sms")])
    destination = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["participant", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_purpose_display()} {self.created_at:%d/%m/%Y %H:%M}"


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

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
        User,
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
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_checkins",
        verbose_name=_("reviewed by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
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


class PersonalDataAccess(models.Model):
    """Who looked at a person's record outside their own account: clinic staff typing an ID number,
    and (later) employer users opening a staff record. The person can read it; admins can audit it.

    The ID number typed is never stored here: a failed lookup keeps only who, where and when."""

    class Purpose(models.TextChoices):
        CLINIC_ID_LOOKUP = "clinic_id_lookup", _("Clinic looked up the ID number")
        EMPLOYER_RECORD_VIEW = "employer_record_view", _("Employer opened the staff record")
        EMPLOYER_EXPORT = "employer_export", _("Employer exported the staff list")
        EMPLOYER_UPLOAD = "employer_upload", _("Employer sent a staff-changes file naming you")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_accesses",
        verbose_name=_("participant"),
        help_text=_("Empty when nobody matched the number typed."),
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="personal_data_accesses", verbose_name=_("looked by")
    )
    facility = models.ForeignKey(
        MedicalFacility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_accesses",
        verbose_name=_("facility"),
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_accesses",
        verbose_name=_("employer"),
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    accessed_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [models.Index(fields=["participant", "-accessed_at"], name="data_access_participant_time")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_purpose_display()} {self.accessed_at:%d/%m/%Y %H:%M}"


class StaffChangeUpload(models.Model):
    """A monthly staff-changes file (joiners, leavers, salary changes) an employer applied.

    Only files that passed validation as a whole are stored, once applied; the SHA-256 of the bytes is
    unique per employer, so uploading the same file again changes nothing."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="staff_change_uploads", verbose_name=_("employer")
    )
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="staff_change_uploads", verbose_name=_("uploaded by")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    applied_at = models.DateTimeField(_("applied at"))

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("staff changes upload")
        verbose_name_plural = _("staff changes uploads")
        constraints = [
            models.UniqueConstraint(fields=["employer", "sha256"], name="staff_upload_once_per_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.file_name} {self.applied_at:%d/%m/%Y}"


class VoluntaryEnrolment(models.Model):
    """How a voluntary social-insurance participant chose to pay, from which month (Law 41/2024/QH15 Art. 36(2)).

    The contribution records say which months were paid, not the cycle the person registered for; the payment
    reminders need the cycle to know when a period falls due. A change of cycle closes the current enrolment
    (``last_month``) and opens a new one, so the history of choices is kept.
    """

    class Cycle(models.IntegerChoices):
        # The values are months and equal reminders.rules.PaymentCycle (a test keeps them in step); paying years
        # in advance or a lump sum has no recurring deadline and is not an enrolment here.
        MONTHLY = 1, _("Every month")
        EVERY_3_MONTHS = 3, _("Every 3 months")
        EVERY_6_MONTHS = 6, _("Every 6 months")
        EVERY_12_MONTHS = 12, _("Every 12 months")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="voluntary_enrolments", verbose_name=_("participant")
    )
    cycle = models.PositiveSmallIntegerField(_("payment cycle"), choices=Cycle.choices)
    first_month = models.DateField(
        _("first month"),
        validators=[v.validate_month_start],
        help_text=_("The first month of the first period; later periods follow every cycle."),
    )
    last_month = models.DateField(
        _("last month"),
        null=True,
        blank=True,
        validators=[v.validate_month_start],
        help_text=_("Empty while the person keeps paying this way; else the last month covered."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["participant_id", "-first_month", "id"]
        verbose_name = _("voluntary enrolment")
        verbose_name_plural = _("voluntary enrolments")
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle__in=[1, 3, 6, 12]),
                name="voluntary_enrolment_cycle_valid",
                violation_error_message=_("The payment cycle must be 1, 3, 6 or 12 months."),
            ),
            models.CheckConstraint(condition=Q(first_month__day=1), name="voluntary_enrolment_first_month_start"),
            models.CheckConstraint(
                condition=Q(last_month__isnull=True) | Q(last_month__day=1),
                name="voluntary_enrolment_last_month_start",
            ),
            models.CheckConstraint(
                condition=Q(last_month__isnull=True) | Q(last_month__gte=F("first_month")),
                name="voluntary_enrolment_last_after_first",
                violation_error_message=_("The last month cannot be before the first month."),
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(last_month__isnull=True),
                name="voluntary_enrolment_one_open",
                violation_error_message=_(
                    "This person already has an open voluntary enrolment; close it (last month) first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_cycle_display()} {self.first_month:%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.first_month and self.last_month and self.last_month < self.first_month:
            raise ValidationError(
                {"last_month": _("The last month cannot be before the first month.")}, code="last_before_first"
            )
        if self.participant_id and self.first_month:
            # Two enrolments covering the same month would leave the reminders two deadlines for one month.
            # Only the open one is also a database constraint: an overlap test needs a range type SQLite lacks.
            overlapping = VoluntaryEnrolment.objects.filter(participant_id=self.participant_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(last_month__isnull=True) | Q(last_month__gte=self.first_month))
            if self.last_month:
                overlapping = overlapping.filter(first_month__lte=self.last_month)
            if overlapping.exists():
                raise ValidationError(
                    _("This enrolment overlaps another voluntary enrolment of the same person."),
                    code="voluntary_enrolment_overlap",
                )
