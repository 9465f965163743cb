"""Policy parameters as effective-dated data, and the unemployment-benefit awards, editable in the admin.

The parameter rows are the same as `benefits/data/policy_parameters.json` (loaded by a data migration); the
rules (`benefits/rules/`) never read this table themselves: a selector turns it into a
`ParameterSet` and hands that to them.
"""

import datetime
import json
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from benefits.rules.awards import Award, term_end

# Law on Employment 74/2025/QH15 Art. 39(2): the benefit lasts 3 months for 12-36 contribution months, one more
# for each further 12, at most 12. An award may be shorter (months already used), never longer.
MIN_BENEFIT_MONTHS = 1
MAX_BENEFIT_MONTHS = 12


class SourceMark(models.TextChoices):
    CONFIRMED = "C", _("Confirmed in the primary text")
    SECONDARY = "C2", _("Confirmed in a secondary source")
    MEMORY = "M", _("From memory, to be verified")
    UNCERTAIN = "U", _("Uncertain")


def parse_value(text: str):
    """JSON with decimals kept exact (rates and coefficients are never floats)."""
    return json.loads(text, parse_float=Decimal)


def validate_json(text: str) -> None:
    try:
        parse_value(text)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Enter valid JSON: %(error)s"), params={"error": exc}, code="invalid_json") from exc


class PolicyParameter(models.Model):
    name = models.CharField(_("parameter"), max_length=64, db_index=True)
    key = models.CharField(
        _("key"), max_length=64, blank=True, default="", help_text=_("For example the region (I-IV) or the fund.")
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True, help_text=_("Inclusive; empty = open."))
    value_json = models.TextField(_("value (JSON)"), validators=[validate_json])
    source = models.CharField(_("legal source"), max_length=255)
    mark = models.CharField(
        _("how sure we are"), max_length=2, choices=SourceMark.choices, default=SourceMark.CONFIRMED
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "key", "effective_from"]
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        constraints = [
            models.UniqueConstraint(fields=["name", "key", "effective_from"], name="parameter_unique_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="parameter_range_ordered",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="parameter_has_source"),
        ]

    def __str__(self) -> str:
        key = f" [{self.key}]" if self.key else ""
        return f"{self.name}{key} {self.effective_from:%d/%m/%Y}"

    @property
    def value(self):
        return parse_value(self.value_json)

    def as_row(self) -> dict:
        """The row in the JSON file's shape, for `benefits.rules.params.parameter_set_from_dict`."""
        row = {
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "value": self.value,
            "source": self.source,
            "mark": self.mark,
            "note": self.note,
        }
        if self.key:
            row["key"] = self.key
        return row

    def clean(self) -> None:
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The end of the range cannot be before its start.")})
        if self.name and self.effective_from:
            others = PolicyParameter.objects.filter(name=self.name, key=self.key).exclude(pk=self.pk)
            others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
            if self.effective_to:
                others = others.filter(effective_from__lte=self.effective_to)
            clash = others.first()
            if clash:
                raise ValidationError(
                    _("This range overlaps the row in force from %(start)s for the same parameter."),
                    params={"start": clash.effective_from.strftime("%d/%m/%Y")},
                    code="parameter_overlap",
                )


class UnemploymentAward(models.Model):
    """An unemployment-benefit decision of the employment-service centre, as an operator records it.

    It is what the job-search notice reminders run on: the benefit months from ``benefit_start`` (Law on
    Employment 74/2025/QH15 Art. 39: 1 to 12 months), the centre's day for the monthly notice when it set one
    (Art. 40), and ``ended_on`` when the benefit stopped early (a new job, a missed notice; Art. 41).
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="unemployment_awards",
        verbose_name=_("participant"),
    )
    decided_on = models.DateField(_("decided on"))
    benefit_start = models.DateField(_("benefit starts on"))
    benefit_months = models.PositiveSmallIntegerField(
        _("benefit months"),
        validators=[MinValueValidator(MIN_BENEFIT_MONTHS), MaxValueValidator(MAX_BENEFIT_MONTHS)],
    )
    monthly_amount = models.BigIntegerField(_("monthly benefit (VND)"), validators=[MinValueValidator(0)])
    report_day = models.PositiveSmallIntegerField(
        _("day of the monthly job-search notice"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("The day of the month the centre set; empty = the day of the month the benefit started."),
    )
    ended_on = models.DateField(
        _("ended early on"),
        null=True,
        blank=True,
        help_text=_("The last day of the benefit when it stopped before its term; empty otherwise."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["participant_id", "-benefit_start", "id"]
        verbose_name = _("unemployment benefit award")
        verbose_name_plural = _("unemployment benefit awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit_months__gte=MIN_BENEFIT_MONTHS, benefit_months__lte=MAX_BENEFIT_MONTHS),
                name="unemployment_award_months_1_12",
                violation_error_message=_("The benefit lasts 1 to 12 months."),
            ),
            models.CheckConstraint(condition=Q(monthly_amount__gte=0), name="unemployment_award_amount_non_negative"),
            models.CheckConstraint(
                condition=Q(report_day__isnull=True) | Q(report_day__gte=1, report_day__lte=31),
                name="unemployment_award_report_day_1_31",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("benefit_start")),
                name="unemployment_award_ends_after_start",
                violation_error_message=_("The benefit cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["participant", "benefit_start"],
                name="unemployment_award_one_per_start",
                violation_error_message=_("This person already has an award starting on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.benefit_start:%d/%m/%Y} ({self.benefit_months})"

    @property
    def term_end(self) -> datetime.date:
        """The last day of the full term (benefits.rules.awards.term_end)."""
        return term_end(self.benefit_start, self.benefit_months)

    @property
    def last_day(self) -> datetime.date:
        """The last day of the benefit: ``ended_on`` when it stopped early, else the end of its term."""
        return self.ended_on or self.term_end

    def as_rule(self) -> Award:
        """The award as the rules' plain data."""
        return Award(
            benefit_start=self.benefit_start,
            benefit_months=self.benefit_months,
            monthly_amount=self.monthly_amount,
            report_day=self.report_day,
            ended_on=self.ended_on,
        )

    def clean(self) -> None:
        super().clean()
        if not self.benefit_start or not self.benefit_months:
            return
        if not MIN_BENEFIT_MONTHS <= self.benefit_months <= MAX_BENEFIT_MONTHS:
            return  # the field's validators report it; term_end would be meaningless
        if self.ended_on:
            if self.ended_on < self.benefit_start:
                raise ValidationError({"ended_on": _("The benefit cannot end before it starts.")})
            if self.ended_on > self.term_end:
                raise ValidationError(
                    {
                        "ended_on": ValidationError(
                            _("The benefit cannot end after its term (%(end)s)."),
                            params={"end": self.term_end.strftime("%d/%m/%Y")},
                            code="ended_after_term",
                        )
                    }
                )
        if self.participant_id:
            # Two benefits paid for the same days would ask for two notices a month; each claim consumes the
            # contribution months it was computed on, so a second one starts after the first ends.
            clash = next(
                (
                    other
                    for other in UnemploymentAward.objects.filter(participant_id=self.participant_id).exclude(
                        pk=self.pk
                    )
                    if other.benefit_start <= self.last_day and self.benefit_start <= other.last_day
                ),
                None,
            )
            if clash is not None:
                raise ValidationError(
                    _("This benefit overlaps the award starting on %(start)s for the same person."),
                    params={"start": clash.benefit_start.strftime("%d/%m/%Y")},
                    code="unemployment_award_overlap",
                )
