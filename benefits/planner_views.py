"""The public planner pages; each calls the same function as its API endpoint (benefits.planning)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.rules.params import ParameterNotFoundError

from . import planning
from .citations import law_citation
from .planner_forms import HouseholdForm
from .reason_text import reason_lines


def _unconfirmed(uses) -> list[str]:
    return sorted({law_citation(use.source) for use in uses if use.mark == "M"})


def _render(request, template: str, context: dict):
    return render(request, f"{template}#planner" if request.htmx else template, context)


def household(request):
    """Household health-insurance premium: per member and in total, per 3, 6 and 12 months."""
    answer = None
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = planning.household_run(form.cleaned_data["on"] or timezone.localdate(), form.groups())
        except ParameterNotFoundError:
            form.add_error("on", _("No policy figures are on record for the dates in this request."))
    context = {"form": form, "answer": answer}
    if answer is not None:
        context["lines"] = reason_lines(answer.reasons)
        context["unconfirmed"] = _unconfirmed(answer.parameters)
    return _render(request, "benefits/household.html", context)
