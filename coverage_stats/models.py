"""The figures the coverage statistics are measured against, and the monthly snapshot rows.

Population and labour force per province (`ProvinceFigure`) and the national targets (`CoverageTarget`) are
policy data: effective-dated, each with its source and how sure we are, loaded from
`coverage_stats/data/coverage_figures.json` by a data migration and editable in the admin. `CoverageSnapshot` holds
what `coverage_stats.services.coverage_snapshot_compute` counted for one province and month, so that the pages and the
API never scan the contribution tables.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FigureMark(models.TextChoices):
    PRIMARY = "C", _("Confirmed from the primary source")
    SECONDARY = "C2", _("Confirmed from a secondary source")
    ESTIMATED = "E", _("Estimated")


class Measure(models.TextChoices):
    POPULATION = "population", _("Population")
    LABOUR_FORCE = "labour_force", _("Labour force aged 15 and over")


class CoverageScheme(models.TextChoices):
    HI = "hi", _("Health insurance")
    SI = "si", _("Social insurance")
    UI = "ui", _("Unemployment insurance")


def in_force_on(day: datetime.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def _range_clash(others: models.QuerySet, start: datetime.date, end: datetime.date | None):
    """The first row of `others` whose range meets [start, end] (end None = open)."""
    others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    if end:
        others = others.filter(effective_from__lte=end)
    return others.order_by("effective_from").first()


class _EffectiveDated(models.Model):
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True, help_text=_("Inclusive; empty = open."))
    source = models.CharField(_("source"), max_length=255)
    mark = models.CharField(_("how sure we are"), max_length=2, choices=FigureMark.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def same_series(self) -> models.QuerySet:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The end of the range cannot be before its start.")})
        if self.effective_from:
            clash = _range_clash(self.same_series().exclude(pk=self.pk), self.effective_from, self.effective_to)
            if clash is not None:
                raise ValidationError(
                    _("This range overlaps the row in force from %(start)s for the same figure."),
                    params={"start": clash.effective_from.strftime("%d/%m/%Y")},
                    code="figure_overlap",
                )


class ProvinceFigure(_EffectiveDated):
    """A province's population or labour force, as the coverage rates' denominator."""

    province = models.ForeignKey(
        "participants.Province", on_delete=models.PROTECT, related_name="coverage_figures", verbose_name=_("province")
    )
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    value = models.BigIntegerField(_("people"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["province__code", "measure", "effective_from"]
        verbose_name = _("population or labour force figure")
        verbose_name_plural = _("population and labour force figures")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "measure", "effective_from"], name="province_figure_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="province_figure_range_ordered",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="province_figure_positive"),
            models.CheckConstraint(condition=~Q(source=""), name="province_figure_has_source"),
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="province_figure_measure_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.measure} {self.effective_from:%d/%m/%Y}"

    def same_series(self) -> models.QuerySet:
        return ProvinceFigure.objects.filter(province_id=self.province_id, measure=self.measure)


class CoverageTarget(_EffectiveDated):
    """A national coverage target: the share to reach by `deadline_year`, in force between the dates."""

    scheme = models.CharField(_("scheme"), max_length=2, choices=CoverageScheme.choices)
    percent = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    deadline_year = models.PositiveSmallIntegerField(_("to be reached by (year)"))

    class Meta:
        ordering = ["scheme", "effective_from"]
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "effective_from"], name="coverage_target_unique_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="coverage_target_range_ordered",
            ),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="coverage_target_percent"),
            models.CheckConstraint(condition=~Q(source=""), name="coverage_target_has_source"),
            models.CheckConstraint(condition=Q(scheme__in=CoverageScheme.values), name="coverage_target_scheme_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.percent}% ({self.deadline_year})"

    def same_series(self) -> models.QuerySet:
        return CoverageTarget.objects.filter(scheme=self.scheme)


class CoverageCounts(models.Model):
    """Who is covered in one area and month (docs/coverage.md says who counts where)."""

    hi_insured = models.PositiveIntegerField(_("people with a valid health-insurance card"))
    si_compulsory = models.PositiveIntegerField(_("compulsory social-insurance contributors"))
    si_voluntary = models.PositiveIntegerField(_("voluntary social-insurance contributors"))
    ui_contributors = models.PositiveIntegerField(_("unemployment-insurance contributors"))

    class Meta:
        abstract = True


class CoverageSnapshot(CoverageCounts):
    """One province's counts for one month."""

    month = models.DateField(_("month"))
    province = models.ForeignKey(
        "participants.Province", on_delete=models.PROTECT, related_name="coverage_snapshots", verbose_name=_("province")
    )
    population = models.BigIntegerField(_("population used"))
    labour_force = models.BigIntegerField(_("labour force used"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "province__code"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(fields=["month", "province"], name="coverage_snapshot_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="coverage_snapshot_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:%m/%Y}"


class NationalCoverage(CoverageCounts):
    """The whole country's counts for one month, each person once (docs/coverage.md).

    The provinces' rows cannot simply be added up: someone with employers in two provinces counts in both for
    social and unemployment insurance. Population and labour force are the provinces' sums (each person lives
    in one province), so they stay on the provinces' rows."""

    month = models.DateField(_("month"), unique=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("national coverage (each person once)")
        verbose_name_plural = _("national coverage (each person once)")
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="national_coverage_month_first_day")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
