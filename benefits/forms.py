import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


MONTH_WIDGET = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CalculatorForm(forms.Form):
    """The person and the optional events; contribution periods are a formset beside it."""

    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("female", _("Female")), ("male", _("Male"))], widget=forms.RadioSelect
    )
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE_WIDGET)
    maternity_birth_date = forms.DateField(
        label=_("Date of birth of the child (expected or actual)"), required=False, widget=DATE_WIDGET
    )
    children = forms.IntegerField(label=_("Number of children born"), min_value=1, max_value=10, initial=1)
    child_order = forms.IntegerField(
        label=_("Which child is this for the parents?"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 for a first child, 2 for a second child, ..."),
    )
    termination_date = forms.DateField(label=_("Date your job ended"), required=False, widget=DATE_WIDGET)
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
    start = forms.CharField(label=_("From month"), max_length=7, widget=MONTH_WIDGET)
    end = forms.CharField(label=_("To month"), max_length=7, widget=MONTH_WIDGET)
    scheme = forms.ChoiceField(
        label=_("Scheme"),
        choices=[("compulsory", _("Compulsory (through an employer)")), ("voluntary", _("Voluntary"))],
        initial="compulsory",
    )
    monthly_salary = forms.IntegerField(
        label=_("Monthly salary (VND)"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
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
