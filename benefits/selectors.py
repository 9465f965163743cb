"""Reads for the benefit rules: database rows to the plain facts and parameters the rules take.

Every function here issues a fixed number of queries, whatever the length of a person's history.
"""

import datetime
from dataclasses import dataclass, replace

from benefits.rules.awards import Award, AwardStatus, HeldAward, award_held
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


_PARAMETER_FIELDS = ("effective_from", "effective_to", "name", "key", "value_json", "source", "mark", "note")
# The last set built in this process, with the rows it was built from. ParameterSet is immutable, so every
# request may share it.
_last_parameter_set: tuple[tuple, ParameterSet] | None = None


def parameter_set_get() -> ParameterSet:
    """Every policy parameter as the rules' ParameterSet, in one query. The rows are read every time (a change in
    the admin, or by any other way, is seen by the next request of every process); they are parsed into a set only
    when they differ from the rows of the last call in this process (parsing 165 rows of JSON was a tenth of a
    page)."""
    global _last_parameter_set
    rows = tuple(PolicyParameter.objects.values_list(*_PARAMETER_FIELDS))
    last = _last_parameter_set
    if last is not None and last[0] == rows:
        return last[1]
    parameters = [PolicyParameter(**dict(zip(_PARAMETER_FIELDS, row, strict=True))).as_row() for row in rows]
    built = parameter_set_from_dict({"parameters": parameters})
    _last_parameter_set = (rows, built)
    return built


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
    # The unemployment award the person holds (benefits.rules.awards.award_held); set by eligibility_for_participant.
    unemployment_award: HeldAward | None = None

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


def _months_used_before(facts: ParticipantFacts, awards: list[Award], ended: datetime.date, params) -> int:
    """UI months used by the benefits recorded for the participant before this job ended."""
    earlier = [(a.benefit_start, a.benefit_months) for a in awards if a.benefit_start < ended]
    if not earlier:
        return 0
    history = ContributionHistory.from_periods(facts.periods)
    return months_used_by_awards(history, params, earlier, ended)


def _awards_get(participant: Participant) -> list[Award]:
    """The participant's recorded unemployment awards as the rules' plain data (one query)."""
    return [
        award.as_rule()
        for award in UnemploymentAward.objects.filter(participant=participant).only(
            "benefit_start", "benefit_months", "monthly_amount", "report_day", "ended_on"
        )
    ]


def eligibility_request_for_participant(
    *,
    facts: ParticipantFacts,
    as_of: datetime.date,
    expected_birth: datetime.date | None = None,
    months_used_before: int = 0,
) -> CalculatorRequest:
    """The calculator request for a participant's own records.

    Unemployment is answered for the latest ended employment when no job is open now, nothing was paid since and
    no award is held (the termination is assumed lawful; the page says so), without the months earlier awards used.
    Maternity is answered for `expected_birth`.
    """
    unemployment = None
    if facts.unemployment_termination is not None and facts.unemployment_award is None:
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
    ended: the unemployment awards).

    A person who holds an unemployment award (being paid, decided to start later, or already paid for the job
    that just ended) gets the award (``facts.unemployment_award``, the answer's ``unemployment_award``) and no
    unemployment estimate: there is no claim to file, so no filing deadline (benefits.rules.awards).
    """
    facts = participant_facts_get(participant=participant)
    params = parameter_set_get()
    # Every award follows a job that ended, so a person with none has no award to read.
    awards = _awards_get(participant) if facts.last_termination is not None else []
    ended = facts.unemployment_termination
    if ended is not None and params.find("unemployment_conditions", ended.end_date) is None:
        # The job ended before unemployment insurance began (01/2009): there is no unemployment question to
        # answer, and the rule has no conditions in force to answer it with.
        facts = replace(facts, last_termination=None)
    ended_on = facts.unemployment_termination.end_date if facts.unemployment_termination is not None else None
    held = award_held(awards, as_of=as_of, termination=ended_on)
    facts = replace(facts, unemployment_award=held)
    used = 0
    if ended_on is not None and held is None:
        used = _months_used_before(facts, awards, ended_on, params)
    request = eligibility_request_for_participant(
        facts=facts, as_of=as_of, expected_birth=expected_birth, months_used_before=used
    )
    result = evaluate(request, params)
    answer = as_response(request, result)
    answer["unemployment_award"] = held_award_json(held)
    return facts, result, answer


def held_award_json(held: HeldAward | None) -> dict | None:
    """The API's ``unemployment_award`` (docs/api.md)."""
    if held is None:
        return None
    award = held.award
    return {
        "status": str(held.status),
        "monthly_amount": award.monthly_amount,
        "benefit_months": award.benefit_months,
        "benefit_start": award.benefit_start.isoformat(),
        "last_day": award.last_day.isoformat(),
        "ended_early": award.ended_on is not None,
        "reports_job_search": held.reports_job_search,
        "next_job_search_notice": held.next_notice_on.isoformat() if held.next_notice_on else None,
        "law": [held.law, held.notice_law],
    }


@dataclass(frozen=True)
class BenefitSteps:
    """What the person should do next about their benefits, for the home page (issue 17, item 6)."""

    apply_unemployment_by: datetime.date | None = None  # eligible, not claimed yet, the deadline not passed
    unemployment_award: HeldAward | None = None  # being paid now or decided to start later
    pension_start: datetime.date | None = None  # only time is missing: the contributions are enough
    pension_months_missing: int = 0


PENSION_STEP_MONTHS = 12  # the pension start shows on the home page in the last year before it


def benefit_steps_get(*, participant: Participant, as_of: datetime.date) -> BenefitSteps:
    """The next step per benefit, from the same answers as the eligibility page (one source of truth), in three
    queries (four when a job ended)."""
    facts, result, _answer = eligibility_for_participant(participant=participant, as_of=as_of)
    held = facts.unemployment_award
    if held is not None and held.status not in (AwardStatus.CURRENT, AwardStatus.UPCOMING):
        held = None  # a benefit already paid asks nothing more of the person
    apply_by = None
    unemployment = result.unemployment  # None for a person who holds an award
    if unemployment is not None and unemployment.eligible and as_of <= unemployment.apply_by:
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
        unemployment_award=held,
        pension_start=pension_start,
        pension_months_missing=old_age.months_missing if old_age else 0,
    )
