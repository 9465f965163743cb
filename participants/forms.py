"""Forms of the citizen's own pages, and the ID-number-and-birth-date pair that names a person."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .form_fields import DayMonthYearField, NationalIdField
from .validators import validate_national_id


class NationalIdBirthDateForm(forms.Form):
    """A person named by their 12-digit ID number and birth date (account activation, password reset by SMS,
    linking a child)."""

    national_id = NationalIdField(
        label=_("Personal ID number"),
        validators=[validate_national_id],
        help_text=_("The 12 digits on your chip ID card; spaces are fine."),
    )
    birth_date = DayMonthYearField(label=_("Birth date"), help_text=_("Day/month/year, such as 31/12/1990."))


class FamilyLinkForm(NationalIdBirthDateForm):
    """The child a parent asks to link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_id"].label = _("Your child's personal ID number")
        self.fields["national_id"].help_text = _("The 12 digits on the child's birth certificate or ID card.")
        self.fields["birth_date"].label = _("Your child's birth date")
