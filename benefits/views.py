from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.rules.calculator import evaluate, parse_request
from benefits.rules.params import ParameterNotFoundError
from participants import selectors as participant_selectors

from . import selectors
from .api.serializers import CalculatorRequestSerializer, as_rules_json
from .citations import law_citation
from .forms import CalculatorForm, ExpectedBirthForm, PeriodFormSet, periods_check
from .reason_text import reason_lines


def _unconfirmed(result) -> dict:
    """Per benefit, the legal sources of the figures still marked M (not confirmed): the page says so."""
    found = {}
    for name in ("old_age", "sickness", "maternity", "unemployment"):
        decision = getattr(result, name)
        uses = decision.parameters if decision else ()
        found[name] = sorted({law_citation(use.source) for use in uses if use.mark == "M"})
    return found


def _lines(result) -> dict:
    """Each benefit's reasons in plain words, in the active language."""
    return {
        name: reason_lines(decision.reasons) if decision else []
        for name, decision in (
            ("old_age", result.old_age),
            ("sickness", result.sickness),
            ("maternity", result.maternity),
            ("unemployment", result.unemployment),
        )
    }


@login_required
def eligibility(request):
    """The signed-in citizen's four benefits, from their own records."""
    participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise Http404
    form = ExpectedBirthForm(request.GET or None)
    expected_birth = form.cleaned_data["expected_birth"] if form.is_valid() else None
    as_of = timezone.localdate()
    facts, result, _answer = selectors.eligibility_for_participant(
        participant=participant, as_of=as_of, expected_birth=expected_birth
    )
    context = {
        "participant": participant,
        "as_of": as_of,
        "facts": facts,
        "result": result,
        "expected_birth_form": form,
        "lines": _owed_months_explained(_lines(result), facts),
        "unconfirmed": _unconfirmed(result),
    }
    return render(request, "benefits/eligibility.html", context)


def _owed_months_explained(lines: dict, facts) -> dict:
    """Months the employer still owes are not "no insurance": say whose payment is missing (issue 17, item 7)."""
    if facts.employer_owes:
        for line in lines["sickness"]:
            if line["code"] == "compulsory_insurance_at_sickness" and not line["met"]:
                line["text"] = _(
                    "You are in compulsory insurance through your employer, but it has not paid the last months yet."
                    " They count once it pays."
                )
    return lines


def _calculator_json(form, period_forms) -> dict:
    """The calculator API's request body, built from the page's forms (one validation path)."""
    data = form.cleaned_data
    events = {}
    if data.get("maternity_birth_date"):
        events["maternity"] = {
            "birth_date": data["maternity_birth_date"].isoformat(),
            "children": data.get("children") or 1,
            "child_order": data.get("child_order") or 1,
        }
    if data.get("termination_date"):
        events["unemployment"] = {
            "termination_date": data["termination_date"].isoformat(),
            "lawful": not data.get("quit_unlawfully"),
            "contract_months": 11 if data.get("short_contract") else None,
            "months_used_before": data.get("months_used_before") or 0,
        }
    return {
        "as_of": timezone.localdate().isoformat(),
        "person": {"sex": data["sex"], "birth_date": data["birth_date"].isoformat()},
        "periods": [_period_json(f.cleaned_data) for f in period_forms],
        "events": events,
    }


def _period_json(data: dict) -> dict:
    """One period of the API request; a ticked "not covered" box sends unemployment_insured false."""
    period = {key: value for key, value in data.items() if key != "outside_unemployment_insurance"}
    period["sector"] = data.get("sector") or "private"
    if data.get("outside_unemployment_insurance"):
        period["unemployment_insured"] = False
    return period


_EVENT_FIELDS = {
    ("maternity", "birth_date"): "maternity_birth_date",
    ("maternity", "children"): "children",
    ("maternity", "child_order"): "child_order",
    ("unemployment", "termination_date"): "termination_date",
    ("unemployment", "months_used_before"): "months_used_before",
}


def _attach_errors(errors: dict, form, period_forms) -> None:
    """Put the API serializer's errors on the page's fields."""
    for field, messages in errors.get("person", {}).items():
        form.add_error(field if field in form.fields else None, messages)
    for index, period_errors in errors.get("periods", {}).items() if isinstance(errors.get("periods"), dict) else ():
        target = period_forms[int(index)]
        for field, messages in period_errors.items():
            target.add_error(field if field in target.fields else None, messages)
    for event, fields in errors.get("events", {}).items():
        for field, messages in fields.items():
            form.add_error(_EVENT_FIELDS.get((event, field)), messages)
    for key in ("as_of", "non_field_errors"):
        if key in errors:
            form.add_error(None, errors[key])


def _period_rows(data) -> list[dict]:
    try:
        total = min(int(data.get("periods-TOTAL_FORMS") or 0), 599)
    except ValueError:
        total = 0
    names = list(PeriodFormSet.form.base_fields)
    return [{name: data.get(f"periods-{i}-{name}") for name in names} for i in range(total)]


def period_forms(post, form_class, *, params, periods_required: bool):
    """A page's form and the periods formset for a POST, and the filled periods when both are valid and pass
    periods_check (else None).

    "Add another period" shows what was typed, with one more empty row, without judging a half-filled form yet.
    """
    if "add_period" in post:
        return form_class(initial=post.dict()), PeriodFormSet(initial=_period_rows(post), prefix="periods"), None
    form = form_class(post)
    formset = PeriodFormSet(post, prefix="periods")
    if form.is_valid() and formset.is_valid():
        filled = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
        if periods_check(form, filled, params=params, today=timezone.localdate(), required=periods_required):
            return form, formset, filled
    return form, formset, None


def calculator(request):
    """Public benefit calculator: the same serializer and rules as POST /api/v1/calculator/."""
    answer = None
    if request.method == "POST":
        params = selectors.parameter_set_get()
        form, formset, filled = period_forms(request.POST, CalculatorForm, params=params, periods_required=True)
        if filled is not None:
            serializer = CalculatorRequestSerializer(data=_calculator_json(form, filled))
            if serializer.is_valid():
                try:
                    request_facts = parse_request(as_rules_json(serializer.validated_data))
                    answer = evaluate(request_facts, params)
                except ParameterNotFoundError:
                    form.add_error(None, _("No policy figures are on record for the dates in this request."))
            else:
                _attach_errors(serializer.errors, form, filled)
    else:
        form = CalculatorForm()
        formset = PeriodFormSet(prefix="periods")
    # A GET shows the empty form, the same for everyone: the template draws its fields once per process and language.
    context = {"form": form, "formset": formset, "answer": answer, "blank": request.method != "POST"}
    if answer is not None:
        context["lines"] = _lines(answer)
        context["unconfirmed"] = _unconfirmed(answer)
    template = "benefits/calculator.html#calculator" if request.htmx else "benefits/calculator.html"
    return render(request, template, context)
