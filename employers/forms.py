from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import StaffFilters

SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("start", _("Start date (oldest first)")),
    ("-start", _("Start date (newest first)")),
    ("valid_to", _("Card valid to (soonest first)")),
    ("-valid_to", _("Card valid to (latest first)")),
    ("-unpaid", _("Months unpaid (most first)")),
    ("unpaid", _("Months unpaid (fewest first)")),
]


class StaffFilterForm(forms.Form):
    """The staff list's search, filters and sort, from the query string (pages, exports and the API)."""

    tab = forms.ChoiceField(
        label=_("Staff"),
        choices=[("current", _("Employed now")), ("left", _("Left within the last 12 months"))],
        required=False,
        initial="current",
        widget=forms.RadioSelect,
    )
    q = forms.CharField(label=_("Search by name, ID number or SI number"), max_length=120, required=False)
    expiring = forms.BooleanField(label=_("Card expiring within 30 days"), required=False)
    uncovered = forms.BooleanField(label=_("Not covered"), required=False)
    arrears = forms.BooleanField(label=_("In arrears"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> StaffFilters:
        """The valid filters (call after is_valid())."""
        data = self.cleaned_data
        return StaffFilters(
            tab=data.get("tab") or "current",
            q=data.get("q") or "",
            expiring=bool(data.get("expiring")),
            uncovered=bool(data.get("uncovered")),
            arrears=bool(data.get("arrears")),
            sort=data.get("sort") or "name",
        )
