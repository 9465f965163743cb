"""The public planner pages; each calls the same function as its API endpoint (benefits.planning)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benefits.rules.params import ParameterNotFoundError
from participants import selectors as participant_selectors
from participants.views import citizen_or_404

from . import planning, selectors
from .api.planners import VoluntaryRequestSerializer, WithdrawalRequestSerializer
from .api.serializers import as_rules_json
from .citations import law_citation
from .forms import PeriodFormSet
from .planner_forms import HouseholdForm, VoluntaryForm, WithdrawalForm
from .reason_text import reason_lines
from .views import _attach_errors, _period_json, period_forms


def _unconfirmed(uses) -> list[str]:
    return sorted({law_citation(use.source) for use in uses if use.mark == "M"})


PAGES = {
    "household": (
        gettext_lazy("Household health insurance"),
        gettext_lazy(
            "How much a household pays for health insurance: the first member pays in full, the others less."
            " Nothing you enter is stored."
        ),
    ),
    "voluntary": (
        gettext_lazy("Voluntary social insurance"),
        gettext_lazy(
            "What you would pay each time after the State's support, when you reach the years for a pension, and"
            " roughly what pension you would get. Nothing you enter is stored."
        ),
    ),
    "withdrawal": (
        gettext_lazy("One-time payment or keeping your record"),
        gettext_lazy(
            "What a one-time social insurance payment would give you now, and what keeping your record would give"
            " you later, side by side. The choice is yours; nothing you enter is stored."
        ),
    ),
}


def _render(request, name: str, context: dict):
    """The planner's page, or only its form and answer for htmx (``_planner.html``)."""
    title, lead = PAGES[name]
    context |= {
        "title": title,
        "lead": lead,
        "action": reverse(f"calculator-{name}"),
        "fields_template": f"benefits/_{name}_fields.html",
        "result_template": f"benefits/_{name}_result.html",
    }
    return render(request, "benefits/_planner.html" if request.htmx else "benefits/planner.html", context)


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
    return _render(request, "household", context)


def _person_plan(request, form_class, serializer_class, run, name: str, *, periods_required: bool):
    """A planner with the person and past periods (the calculator's formset): validate through the API's serializer,
    run the planner, put every error on its field. Returns the page."""
    answer = None
    if request.method == "POST":
        form, formset, filled = period_forms(
            request.POST, form_class, params=selectors.parameter_set_get(), periods_required=periods_required
        )
        if filled is not None:
            data = {key: value for key, value in form.cleaned_data.items() if key not in ("sex", "birth_date")}
            body = {
                "as_of": timezone.localdate().isoformat(),
                "person": {"sex": form.cleaned_data["sex"], "birth_date": form.cleaned_data["birth_date"].isoformat()},
                "periods": [_period_json(f.cleaned_data) for f in filled],
                **{key: value for key, value in data.items() if value is not None},
            }
            serializer = serializer_class(data=body)
            if serializer.is_valid():
                try:
                    answer = run(as_rules_json(serializer.validated_data))
                except ParameterNotFoundError:
                    form.add_error(None, _("No policy figures are on record for the dates in this request."))
                except planning.InputError as exc:
                    for field, messages in exc.errors.items():
                        form.add_error(field if field in form.fields else None, messages)
            else:
                errors = dict(serializer.errors)
                for field in [key for key in errors if key in form.fields]:
                    form.add_error(field, errors.pop(field))
                _attach_errors(errors, form, filled)
    else:
        form = form_class()
        formset = PeriodFormSet(prefix="periods")
    context = {"form": form, "formset": formset, "answer": answer}
    if answer is not None:
        context["lines"] = reason_lines(answer.reasons)
        context["unconfirmed"] = _unconfirmed(answer.parameters)
    return _render(request, name, context)


def voluntary(request):
    """Voluntary social insurance planner: per cycle before and after the State's support, and the pension."""
    return _person_plan(
        request, VoluntaryForm, VoluntaryRequestSerializer, planning.voluntary_run, "voluntary", periods_required=False
    )


def withdrawal(request):
    """The one-time payment beside what keeping the record gives, with equal weight."""
    return _person_plan(
        request,
        WithdrawalForm,
        WithdrawalRequestSerializer,
        planning.withdrawal_run,
        "withdrawal",
        periods_required=True,
    )


@login_required
def household_mine(request):
    """The signed-in citizen's household: who pays together, what each pays a month, and the next payment due
    (the earliest end of the members' current cards)."""
    participant = citizen_or_404(request)
    members = participant_selectors.household_members_for_participant(participant=participant)
    today = timezone.localdate()
    premium = planning.household_run(today, ["none"] * len(members)) if members else None
    ends = [m.participant.current_cards[0].valid_to for m in members if m.participant.current_cards]
    rows = [(member, premium.members[index]) for index, member in enumerate(members)] if premium else []
    context = {"rows": rows, "premium": premium, "next_due": min(ends) if ends else None}
    return render(request, "benefits/household_mine.html", context)
