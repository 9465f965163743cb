"""Forms of the planner pages (household health insurance, voluntary insurance, one-time withdrawal).

Dates and money are read the way people type them in Vietnam (participants/form_fields.py: "31/12/2026",
"8.500.000"), as on the calculator. The values are handed to the same serializers as the API, so the pages and
the API judge input in one place.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.form_fields import DayMonthYearField, VndField

NUMBER_WIDGET = forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"})


def _count(label, help_text="", initial=0):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=30,
        initial=initial,
        required=False,
        widget=NUMBER_WIDGET,
        help_text=help_text,
    )


class HouseholdForm(forms.Form):
    on = DayMonthYearField(
        label=_("Payment date"),
        required=False,
        help_text=_("Day/month/year; leave empty for today. The base salary in force on this date sets the amount."),
    )
    members = _count(_("Members paying as a household"), _("People on the household's list who pay in full."), 1)
    near_poor = _count(_("Members of a near-poor household"))
    student = _count(_("Pupils and students"))
    agriculture_average = _count(
        _("Members of a farming, forestry, fishery or salt-making household of average living standard")
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not sum(
            data.get(name) or 0 for name in ("members", "near_poor", "student", "agriculture_average")
        ):
            raise forms.ValidationError(_("Enter at least one member."))
        return data

    def groups(self) -> list[str]:
        data = self.cleaned_data
        return [
            group
            for field, group in (
                ("members", "none"),
                ("near_poor", "near_poor"),
                ("student", "student"),
                ("agriculture_average", "agriculture_average"),
            )
            for _i in range(data.get(field) or 0)
        ]


SUPPORT_GROUPS = [
    ("other", _("None of the groups below")),
    ("poor", _("Poor household")),
    ("near_poor", _("Near-poor household")),
    ("ethnic_minority", _("Ethnic minority")),
]


class PersonForm(forms.Form):
    """Sex and birth date; the contribution periods are the calculator's formset beside the form."""

    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("female", _("Female")), ("male", _("Male"))], widget=forms.RadioSelect
    )
    birth_date = DayMonthYearField(label=_("Birth date"), help_text=_("Day/month/year, such as 15/05/1966."))


class VoluntaryForm(PersonForm):
    """The person and the plan's choices."""

    monthly_income = VndField(
        label=_("Monthly income you choose to contribute on (VND)"),
        min_value=0,
        help_text=_(
            "In đồng, such as 1.500.000: at least the rural poverty line and at most 20 times the reference level."
        ),
    )
    support_group = forms.ChoiceField(
        label=_("Your household"),
        choices=SUPPORT_GROUPS,
        initial="other",
    )
    cycle_months = forms.TypedChoiceField(
        label=_("How often you pay"),
        coerce=int,
        choices=[
            (1, _("Every month")),
            (3, _("Every 3 months")),
            (6, _("Every 6 months")),
            (12, _("Every 12 months")),
            (24, _("2 years ahead")),
            (36, _("3 years ahead")),
            (48, _("4 years ahead")),
            (60, _("5 years ahead")),
        ],
        initial=1,
    )
    supported_months_used = forms.IntegerField(
        label=_("Months of State support you have already received"),
        min_value=0,
        max_value=1200,
        required=False,
        widget=NUMBER_WIDGET,
        help_text=_("Leave empty if none. The State supports at most 120 months."),
    )


class WithdrawalForm(PersonForm):
    """The person, their support group and the income of the projection if they go on contributing."""

    support_group = forms.ChoiceField(
        label=_("Your household"),
        choices=SUPPORT_GROUPS,
        initial="other",
        help_text=_("The State's support for voluntary contributions is paid back from a one-time payment."),
    )
    future_monthly_income = VndField(
        label=_("If you go on contributing: monthly income (VND)"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for the lowest income of voluntary insurance."),
    )
