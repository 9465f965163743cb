"""Reads for the benefit rules: database rows to the plain facts and parameters the rules take.

Every function here issues a fixed number of queries, whatever the length of a person's history.
"""

import datetime
from dataclasses import dataclass, replace

from benefits.rules.calculator import CalculatorRequest, CalculatorResult, as_response, evaluate
from benefits.rules.facts import (
    ContributionHistory,
    ContributionPeriod,
    Events,
    MaternityEvent,
    Person,
    Region,
    Scheme,
    Sector,
    Sex,
    UnemploymentEvent,
)
from benefits.rules.money import Month
from benefits.rules.params import ParameterSet, parameter_set_from_dict
from benefits.rules.unemployment import months_used_by_awards
from participants.enums import ContractKind, ContributionStatus
from participants.enums import Scheme as RecordScheme
from participants.models import ContributionRecord, Employment, Participant

from .models import PolicyParameter, UnemploymentAward

# Records of these schemes are social-insurance months; health-insurance-only records are not.
_SI_SCHEMES = {RecordScheme.COMPULSORY: Scheme.COMPULSORY, RecordScheme.VOLUNTARY: Scheme.VOLUNTARY}


def parameter_set_get() -> ParameterSet:
    """Every policy parameter as the rules' ParameterSet, in one query."""
    return parameter_set_from_dict({"parameters": [row.as_row() for row in PolicyParameter.objects.all()]})


@dataclass(frozen=True)
class ParticipantFacts:
    person: Person
    periods: tuple[ContributionPeriod, ...]
    last_termination: Employment | None
    open_employment: bool
    unpaid_months: int
    # Paid social insurance after the last job ended (voluntary, say): that job is no longer "the job that just
    # ended", so no unemployment answer is given for it (issue 17, item 7).
    contributed_since_termination: bool = False
    voluntary_now: bool = False  # the latest paid social-insurance month is voluntary

    @property
    def unemployment_termination(self) -> Employment | None:
        """The job the unemployment answer is about: the latest ended one, when nothing is open or paid since."""
        if self.open_employment or self.contributed_since_termination:
            return None
        return self.last_termination

    @property
    def employer_owes(self) -> bool:
        """An employer the person still works for has months unpaid: they are insured, the money is late."""
        return self.open_employment and self.unpaid_months > 0


def _employments_on(employments: list[Employment], employer_id: int | None, month: datetime.date) -> list[Employment]:
    return [
        e
        for e in employments
        if e.employer_id == employer_id and e.start_date <= month and (e.end_date is None or e.end_date >= month)
    ]


def participant_facts_get(*, participant: Participant) -> ParticipantFacts:
    """The participant's paid social-insurance months and employment facts, in two queries.

    Months in arrears (status unpaid) are not counted: the law credits a month once it is paid. They
    are reported apart so the page can say so.
    """
    employments = list(
        Employment.objects.filter(participant=participant).only(
            "employer_id", "start_date", "end_date", "hazardous", "contract_kind", "unemployment_insured"
        )
    )
    rows = (
        ContributionRecord.objects.filter(participant=participant, scheme__in=list(_SI_SCHEMES))
        .order_by("month")
        .values_list("month", "scheme", "salary_basis", "status", "employer_id", "employer__region", "employer__sector")
    )
    periods = []
    unpaid = 0
    for month, scheme, salary, status, employer_id, region, sector in rows:
        if status == ContributionStatus.UNPAID:
            unpaid += 1
            continue
        if status != ContributionStatus.PAID:
            continue
        m = Month.of(month)
        jobs = _employments_on(employments, employer_id, month)
        periods.append(
            ContributionPeriod(
                start=m,
                end=m,
                scheme=_SI_SCHEMES[scheme],
                monthly_salary=salary,
                region=Region(region or "I"),
                hazardous=any(e.hazardous for e in jobs),
                # A post outside unemployment insurance (Law 74/2025/QH15 Art. 31(1)); otherwise the rule's default.
                unemployment_insured=False if any(not e.unemployment_insured for e in jobs) else None,
                sector=Sector(sector or "private"),
            )
        )
    ended = [e for e in employments if e.end_date is not None]
    last_termination = max(ended, key=lambda e: e.end_date) if ended else None
    return ParticipantFacts(
        person=Person(sex=Sex(participant.sex), birth_date=participant.birth_date),
        periods=tuple(periods),
        last_termination=last_termination,
        open_employment=any(e.end_date is None for e in employments),
        unpaid_months=unpaid,
        contributed_since_termination=bool(
            last_termination and periods and periods[-1].start > Month.of(last_termination.end_date)
        ),
        voluntary_now=bool(periods) and periods[-1].scheme == Scheme.VOLUNTARY,
    )


def _contract_months(employment: Employment) -> int | None:
    """The unemployment rules only ask whether the contract was shorter than 12 months."""
    if employment.contract_kind == ContractKind.SHORT_TERM:
        return 11
    return None


def _months_used_before(participant: Participant, facts: ParticipantFacts, ended: datetime.date, params) -> int:
    """UI months used by the benefits recorded for the participant before this job ended (one query)."""
    awards = UnemploymentAward.objects.filter(participant=participant, benefit_start__lt=ended).values_list(
        "benefit_start", "benefit_months"
    )
    if not awards:
        return 0
    history = ContributionHistory.from_periods(facts.periods)
    return months_used_by_awards(history, params, list(awards), ended)


def eligibility_request_for_participant(
    *,
    facts: ParticipantFacts,
    as_of: datetime.date,
    expected_birth: datetime.date | None = None,
    months_used_before: int = 0,
) -> CalculatorRequest:
    """The calculator request for a participant's own records.

    Unemployment is answered for the latest ended employment when no job is open now and nothing was paid
    since (the termination is assumed lawful; the page says so), without the months earlier awards used.
    Maternity is answered for `expected_birth`.
    """
    unemployment = None
    if facts.unemployment_termination is not None:
        unemployment = UnemploymentEvent(
            termination_date=facts.unemployment_termination.end_date,
            lawful=True,
            contract_months=_contract_months(facts.unemployment_termination),
            months_used_before=months_used_before,
        )
    maternity = MaternityEvent(birth_date=expected_birth) if expected_birth else None
    return CalculatorRequest(
        as_of=as_of,
        person=facts.person,
        periods=facts.periods,
        events=Events(maternity=maternity, unemployment=unemployment),
    )


def eligibility_for_participant(
    *, participant: Participant, as_of: datetime.date, expected_birth: datetime.date | None = None
) -> tuple[ParticipantFacts, CalculatorResult, dict]:
    """The four decisions (structured, for the page) and the API answer, in three queries (four when a job
    ended: the earlier unemployment awards)."""
    facts = participant_facts_get(participant=participant)
    params = parameter_set_get()
    ended = facts.unemployment_termination
    if ended is not None and params.find("unemployment_conditions", ended.end_date) is None:
        # The job ended before unemployment insurance began (01/2009): there is no unemployment question to
        # answer, and the rule has no conditions in force to answer it with.
        facts = replace(facts, last_termination=None)
    used = 0
    if facts.unemployment_termination is not None:
        used = _months_used_before(participant, facts, facts.unemployment_termination.end_date, params)
    request = eligibility_request_for_participant(
        facts=facts, as_of=as_of, expected_birth=expected_birth, months_used_before=used
    )
    result = evaluate(request, params)
    return facts, result, as_response(request, result)


@dataclass(frozen=True)
class BenefitSteps:
    """What the person should do next about their benefits, for the home page (issue 17, item 6)."""

    apply_unemployment_by: datetime.date | None = None  # eligible, not claimed yet, the deadline not passed
    unemployment_award: UnemploymentAward | None = None  # being paid now
    pension_start: datetime.date | None = None  # only time is missing: the contributions are enough
    pension_months_missing: int = 0


PENSION_STEP_MONTHS = 12  # the pension start shows on the home page in the last year before it


def benefit_steps_get(*, participant: Participant, as_of: datetime.date) -> BenefitSteps:
    """The next step per benefit, from the same answers as the eligibility page (one source of truth), in four
    or five queries."""
    _facts, result, _answer = eligibility_for_participant(participant=participant, as_of=as_of)
    award = (
        UnemploymentAward.objects.filter(participant=participant, ended_on__isnull=True)
        .order_by("-benefit_start")
        .first()
    )
    apply_by = None
    unemployment = result.unemployment
    if unemployment is not None and unemployment.eligible and award is None and as_of <= unemployment.apply_by:
        apply_by = unemployment.apply_by
    pension_start = None
    old_age = result.old_age
    if (
        old_age is not None
        and not old_age.eligible
        and old_age.months_missing == 0
        and Month.of(old_age.pension_start).minus(Month.of(as_of)) <= PENSION_STEP_MONTHS
    ):
        pension_start = old_age.pension_start
    return BenefitSteps(
        apply_unemployment_by=apply_by,
        unemployment_award=award,
        pension_start=pension_start,
        pension_months_missing=old_age.months_missing if old_age else 0,
    )
