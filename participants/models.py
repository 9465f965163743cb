"""The records: people, employers, employment, contributions, health-insurance cards, facilities, voluntary
enrolments and the log of who looked at a person's record.

Invariants live twice on purpose: as database constraints (so no code path can break them) and
as field validators / clean() (so forms, the admin and the API report them as translated field
errors before the database is touched).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import validators as v
from .enums import (
    BENEFIT_PERCENT,
    BenefitLevel,
    ContractKind,
    ContributionStatus,
    FacilityLevel,
    Language,
    ObjectGroup,
    PayScale,
    ProvinceKind,
    Region,
    Scheme,
    Sex,
)


def _non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=name)


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
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

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
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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
        help_text=_(
            "The part of the total the person paid; the employer pays the rest of a compulsory month, the State"
            " the rest of any other."
        ),
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
        """What the employer paid: the rest of a compulsory month (an employer's scheme); 0 otherwise."""
        return self.total_amount - self.employee_share if self.scheme in Scheme.employer_paid() else 0

    @property
    def state_share(self) -> int:
        """What the State paid: the rest of any other month (health insurance it pays, e.g. for pensioners and
        children; its support of voluntary and household contributions, when recorded so)."""
        return 0 if self.scheme in Scheme.employer_paid() else self.total_amount - self.employee_share

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

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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


class PersonalDataAccess(models.Model):
    """Who looked at a person's record outside their own account: clinic staff typing an ID number,
    employer users opening a staff record, parents and carers, and officers changing it in the admin. The
    person can read it; admins can audit it.

    The ID number typed is never stored here: a failed lookup keeps only who, where and when."""

    class Purpose(models.TextChoices):
        CLINIC_ID_LOOKUP = "clinic_id_lookup", _("Clinic looked up the ID number")
        EMPLOYER_RECORD_VIEW = "employer_record_view", _("Employer opened the staff record")
        EMPLOYER_EXPORT = "employer_export", _("Employer exported the staff list")
        EMPLOYER_UPLOAD = "employer_upload", _("Employer sent a staff-changes file naming you")
        PARENT_VIEW = "parent_view", _("A parent opened your card or check-in code")
        CARER_VIEW = "carer_view", _("Someone you trust opened your card or visits")
        OFFICER_ADD = "officer_add", _("A social insurance officer added to your record")
        OFFICER_CHANGE = "officer_change", _("A social insurance officer changed your record")
        OFFICER_DELETE = "officer_delete", _("A social insurance officer deleted part of your record")

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
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="personal_data_accesses",
        verbose_name=_("looked by"),
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

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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


class FamilyLink(models.Model):
    """A parent's link to their child under 16: asked for by the parent with the child's ID number and birth date,
    confirmed by an officer who checked the relationship (the records hold no family data). Only a confirmed
    link shows the child's card and check-in code to the parent, and only while the child is under 16; every
    such view is written to the child's access log (``PersonalDataAccess``, purpose ``parent_view``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an officer")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="child_links", verbose_name=_("parent")
    )
    child = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("child")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["child__birth_date", "id"]
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="family_link_once"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("child")), name="family_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} → {self.child_id} ({self.get_status_display()})"


class CarerGrant(models.Model):
    """An adult lets someone they trust (a carer with an account) read their card and visits, read-only, until
    they revoke it. Every look is written to the grantor's access log (purpose ``carer_view``)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    grantor = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="carer_grants", verbose_name=_("shared by")
    )
    carer = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cared_for", verbose_name=_("shared with")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("carer access")
        verbose_name_plural = _("carer access")
        constraints = [
            models.UniqueConstraint(
                fields=["grantor", "carer"], condition=models.Q(revoked_at__isnull=True), name="carer_grant_active_once"
            ),
            models.CheckConstraint(condition=~models.Q(grantor=models.F("carer")), name="carer_grant_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor_id} -> {self.carer_id}"


class Household(models.Model):
    """People who pay health insurance together as a household (HI Law Art. 12(5)), as registered with the
    social-insurance office; entered by an officer in the admin. The order of the members is the order of the
    household's list, which sets each one's share (first 100 %, then 70/60/50/40 %)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return str(self.public_id)


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="household_membership", verbose_name=_("participant")
    )
    position = models.PositiveSmallIntegerField(_("place on the household's list"))

    class Meta:
        ordering = ["household", "position"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [models.UniqueConstraint(fields=["household", "position"], name="household_position_once")]

    def __str__(self) -> str:
        return f"{self.household_id}#{self.position}"


class OfficerProvince(models.Model):
    """A province a staff account is limited to (issue 13 item 3). A staff account with one or more of these rows
    sees, in the admin, the dashboard, its exports and the coverage API, only those provinces' people, employers,
    facilities and figures (participants.scope); with none, and for a superuser, the whole country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_provinces", verbose_name=_("officer")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="officers", verbose_name=_("province")
    )

    class Meta:
        ordering = ["user", "province"]
        verbose_name = _("province covered")
        verbose_name_plural = _("provinces covered")
        constraints = [models.UniqueConstraint(fields=["user", "province"], name="officer_province_once")]

    def __str__(self) -> str:
        return str(self.province)
