"""Policy parameters as effective-dated data, editable in the admin.

The rows are the same as `benefits/data/policy_parameters.json` (loaded by a data migration); the
rules (`benefits/rules/`) never read this table themselves: a selector turns it into a
`ParameterSet` and hands that to them.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


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
    updated_at = models.DateTimeField(auto_now=True)

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
