import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from benefits.rules.params import ParameterSet
from participants.form_fields import DayMonthYearField, MonthField, VndField, month_first_day

# How far from today an expected (or recent) birth may be asked about: a pregnancy's span, with room. Not a
# policy figure: a bound on input, so that a date the policy data does not cover is a field error, not a 500.
EXPECTED_BIRTH_WINDOW = datetime.timedelta(days=366)


class ExpectedBirthForm(forms.Form):
    expected_birth = forms.DateField(
        label=_("Expected birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("To see what maternity benefit you would get for this birth."),
    )

    def clean_expected_birth(self):
        value = self.cleaned_data["expected_birth"]
        today = timezone.localdate()
        if value is not None and not today - EXPECTED_BIRTH_WINDOW <= value <= today + EXPECTED_BIRTH_WINDOW:
            raise forms.ValidationError(_("Enter a birth date within a year of today."), code="out_of_range")
        return value


class CalculatorForm(forms.Form):
    """The person and the optional events; contribution periods are a formset beside it."""

    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("female", _("Female")), ("male", _("Male"))], widget=forms.RadioSelect
    )
    birth_date = DayMonthYearField(label=_("Birth date"), help_text=_("Day/month/year, such as 15/05/1966."))
    maternity_birth_date = DayMonthYearField(
        label=_("Date of birth of the child (expected or actual)"), required=False, help_text=_("Day/month/year.")
    )
    children = forms.IntegerField(label=_("Number of children born"), min_value=1, max_value=10, initial=1)
    child_order = forms.IntegerField(
        label=_("Which child is this for the parents?"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 for a first child, 2 for a second child, ..."),
    )
    termination_date = DayMonthYearField(label=_("Date your job ended"), required=False, help_text=_("Day/month/year."))
    quit_unlawfully = forms.BooleanField(label=_("I quit without the notice the law requires"), required=False)
    short_contract = forms.BooleanField(label=_("The contract was for less than 12 months"), required=False)
    months_used_before = forms.IntegerField(
        label=_("Months of unemployment insurance already used for an earlier benefit"),
        required=False,
        min_value=0,
        max_value=1200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        help_text=_("Leave empty if you never received unemployment benefit. These months do not count again."),
    )


class PeriodForm(forms.Form):
    start = MonthField(label=_("From month"), help_text=_("Month/year, such as 01/2010."))
    end = MonthField(label=_("To month"), help_text=_("Month/year, such as 12/2025."))
    scheme = forms.ChoiceField(
        label=_("Scheme"),
        choices=[("compulsory", _("Compulsory (through an employer)")), ("voluntary", _("Voluntary"))],
        initial="compulsory",
    )
    monthly_salary = VndField(label=_("Monthly salary (VND)"), min_value=0, help_text=_("In đồng, such as 8.500.000."))
    region = forms.ChoiceField(
        label=_("Minimum-wage region"),
        choices=[("I", _("Region I")), ("II", _("Region II")), ("III", _("Region III")), ("IV", _("Region IV"))],
        initial="I",
    )
    hazardous = forms.BooleanField(label=_("Heavy, hazardous or dangerous work"), required=False)
    sector = forms.ChoiceField(
        label=_("Pay scale"),
        choices=[("private", _("Pay set by the employer")), ("state", _("The State's salary scale"))],
        initial="private",
        required=False,
    )
    outside_unemployment_insurance = forms.BooleanField(
        label=_("Not covered by unemployment insurance (for example a civil servant)"), required=False
    )


PeriodFormSet = forms.formset_factory(PeriodForm, extra=1, max_num=600, absolute_max=600, validate_max=True)


def periods_check(
    form: forms.Form, periods: list[PeriodForm], *, params: ParameterSet, today: datetime.date, required: bool = True
) -> bool:
    """The checks a person needs a reason for before any answer (issue 17, item 4); errors go on the fields.

    No period at all (when `required`: the calculator; a voluntary plan may start from nothing); a month after the current one; a salary for compulsory insurance below the regional
    minimum wage of the period's last month (Labour Code 2019 Art. 91; the rows of benefits/data/policy_parameters.json),
    for pay set by the employer (the State's scale has its own floor). Returns whether everything passed.
    """
    if required and not periods:
        form.add_error(None, gettext("Add at least one period of contributions: the months you paid, and the salary."))
        return False
    current = today.replace(day=1)
    ok = True
    for period in periods:
        data = dict(period.cleaned_data)  # add_error() takes the field out of cleaned_data
        for name in ("start", "end"):
            if month_first_day(data[name]) > current:
                period.add_error(
                    name,
                    gettext("This month has not come yet: enter months up to %(month)s.")
                    % {"month": f"{current:%m/%Y}"},
                )
                ok = False
        if data.get("scheme") != "compulsory" or (data.get("sector") or "private") != "private":
            continue
        # Checked against the period's last month: one salary typed for many years is usually the latest one.
        last = month_first_day(data["end"])
        floor = params.find("regional_minimum_wage", last, key=data.get("region") or "I")
        if floor is not None and data["monthly_salary"] < floor.value:
            period.add_error(
                "monthly_salary",
                gettext(
                    "Below the minimum wage of region %(region)s in %(month)s (%(amount)s): a salary for compulsory"
                    " insurance cannot be lower. Check the amount or the region."
                )
                % {
                    "region": data.get("region") or "I",
                    "month": f"{last:%m/%Y}",
                    "amount": formats.number_format(floor.value, force_grouping=True) + " ₫",
                },
            )
            ok = False
    return ok
