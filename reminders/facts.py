"""Reads for the daily sweep: the rules' facts for a RANGE of primary keys, in a fixed number of queries.

The sweep works through the population in primary-key ranges ``[lo, hi)`` (see reminders/sweep.py). Every
function here reads a whole range with a handful of set-based queries, never one per person, so a chunk of
2,000 people costs the same few round trips however long their histories are. Only flags leave the database
for contact details ("has an e-mail address"), never the address or number itself: the delivery task reads
those when it sends.

What the records cannot tell, and what is assumed instead (also in docs/reminders.md, "Sweep"):

* **Voluntary payment cycle.** An operator records it as a ``VoluntaryEnrolment``: the enrolment in force on the
  day (the latest one begun by then, unless it ended before the look-back window) gives the cycle, the first
  month and the last month. Without one, a participant with a paid voluntary month in the 12 months before the
  day is treated as paying MONTHLY, from the start of their latest run of consecutive paid months. Either way
  the person is paid through the end of the latest run of paid months in the window: months before the window
  are not read, and a period being reminded always lies inside it.
* **Unemployment benefit.** Read from ``UnemploymentAward``: an award decided by the day whose benefit has not
  ended and that starts within the job-search lead time feeds the job-search notice rule.
* **Retirement.** The normal-conditions age (Labour Code Art. 169); a lowered age for hazardous work
  (Decree 135/2020 Art. 5) needs facts the records do not hold, so it is not applied. Only people with at
  least one social-insurance month (compulsory or voluntary) are reminded: a health-insurance-only card
  holder has no pension to prepare.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q

from benefits.models import MAX_BENEFIT_MONTHS, UnemploymentAward
from benefits.rules.facts import Sex
from benefits.rules.money import Month, add_months
from benefits.rules.params import ParameterNotFoundError
from benefits.rules.retirement_age import statutory_retirement
from benefits.selectors import parameter_set_get
from employers.models import EmployerMembership
from participants.enums import ContributionStatus, ObjectGroup, Scheme
from participants.models import (
    ContributionRecord,
    Employment,
    FamilyLink,
    HealthInsuranceCard,
    Participant,
    VoluntaryEnrolment,
)
from participants.selectors import is_child_on
from reminders.planning import DEFAULT_EMAIL_ENABLED, DEFAULT_SMS_ENABLED
from reminders.rules import (
    ARREARS_GRACE_MONTHS,
    ARREARS_SEND_DAY,
    JOB_SEARCH_LEAD_DAYS,
    ArrearsFacts,
    CardFacts,
    ChildCardFacts,
    PaymentCycle,
    RetirementFacts,
    UnemploymentFacts,
    VoluntaryFacts,
)

__all__ = [
    "VOLUNTARY_LOOKBACK_MONTHS",
    "Contact",
    "EmployerRangeFacts",
    "ParticipantFacts",
    "ParticipantRangeFacts",
    "employer_facts_for_range",
    "participant_facts_for_range",
]

# "Has paid voluntary contributions in the last 12 months" marks a current voluntary participant.
VOLUNTARY_LOOKBACK_MONTHS = 12
_SI_SCHEMES = (Scheme.COMPULSORY, Scheme.VOLUNTARY)


@dataclass(frozen=True, slots=True)
class Contact:
    """What `channel_statuses` needs: consent per channel and whether an address exists (not the address)."""

    email_enabled: bool
    sms_enabled: bool
    has_email: bool
    has_phone: bool

    def as_kwargs(self) -> dict[str, bool]:
        return {
            "email_enabled": self.email_enabled,
            "sms_enabled": self.sms_enabled,
            "has_email": self.has_email,
            "has_phone": self.has_phone,
        }


@dataclass(slots=True)
class ParticipantFacts:
    """Everything the rules need about one participant on one day; None / empty when it does not apply."""

    contact: Contact
    card: CardFacts | None = None
    child_cards: list[ChildCardFacts] = field(default_factory=list)
    voluntary: VoluntaryFacts | None = None
    arrears: list[ArrearsFacts] = field(default_factory=list)
    retirement: RetirementFacts | None = None
    unemployment: list[UnemploymentFacts] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParticipantRangeFacts:
    on: datetime.date
    people: dict[int, ParticipantFacts]


@dataclass(frozen=True, slots=True)
class EmployerRecipient:
    user_id: int
    has_email: bool


@dataclass(frozen=True, slots=True)
class EmployerRangeFacts:
    """Arrears facts (over all employees) of the employers in a range, and the users to tell."""

    on: datetime.date
    arrears: dict[int, ArrearsFacts]
    recipients: dict[int, list[EmployerRecipient]]


def _in_range(prefix: str, lo: int, hi: int) -> Q:
    return Q(**{f"{prefix}__gte": lo, f"{prefix}__lt": hi})


def participant_facts_for_range(*, lo: int, hi: int, on: datetime.date) -> ParticipantRangeFacts:
    """The facts of participants with ``lo <= pk < hi`` for the day ``on``.

    Queries: 1 (people, consent, contact flags, whether they have any SI month) + 1 (current cards with an
    open-employment flag) + 1 (the current cards of the children of confirmed family links) + 1 (paid voluntary months of the look-back window) + 1 (voluntary enrolments) + 1
    (unemployment awards) + 1 (the policy parameters for the retirement age) + 1 on the arrears send day only
    (unpaid compulsory months by employer). The count does not depend on how many people or records the range
    holds.
    """
    people_rows = (
        Participant.objects.filter(_in_range("pk", lo, hi))
        .order_by()
        .annotate(
            has_email=ExpressionWrapper(~Q(email=""), output_field=BooleanField()),
            has_phone=ExpressionWrapper(~Q(phone=""), output_field=BooleanField()),
            pref_email=F("notification_preference__email_enabled"),
            pref_sms=F("notification_preference__sms_enabled"),
            has_si=Exists(ContributionRecord.objects.filter(participant_id=OuterRef("pk"), scheme__in=_SI_SCHEMES)),
        )
        .values_list("pk", "sex", "birth_date", "has_email", "has_phone", "pref_email", "pref_sms", "has_si")
    )
    people: dict[int, ParticipantFacts] = {}
    si_people: list[tuple[int, str, datetime.date]] = []
    for pk, sex, birth_date, has_email, has_phone, pref_email, pref_sms, has_si in people_rows:
        # No preference row (LEFT JOIN gives NULL): the model's defaults, e-mail on and SMS off.
        contact = Contact(
            email_enabled=DEFAULT_EMAIL_ENABLED if pref_email is None else pref_email,
            sms_enabled=DEFAULT_SMS_ENABLED if pref_sms is None else pref_sms,
            has_email=bool(has_email),
            has_phone=bool(has_phone),
        )
        people[pk] = ParticipantFacts(contact=contact)
        if has_si:
            si_people.append((pk, sex, birth_date))

    _add_cards(people, lo, hi, on)
    _add_child_cards(people, lo, hi, on)
    _add_voluntary(people, lo, hi, on)
    _add_unemployment(people, lo, hi, on)
    _add_retirement(people, si_people, on)
    if on.day == ARREARS_SEND_DAY:
        # The arrears rule answers nothing on any other day; skipping the read saves scanning unpaid
        # months on 29 days of 30. The rule is still the one that decides on the 10th.
        _add_arrears(people, lo, hi)
    return ParticipantRangeFacts(on=on, people=people)


def _add_cards(people: dict[int, ParticipantFacts], lo: int, hi: int, on: datetime.date) -> None:
    # Open on the day: started by then and not ended before it (an end date still ahead counts as open).
    open_job = Employment.objects.filter(participant_id=OuterRef("participant_id"), start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    rows = (
        HealthInsuranceCard.objects.filter(_in_range("participant_id", lo, hi), replaced_at__isnull=True)
        .order_by()
        .annotate(employed=Exists(open_job))
        .values_list("participant_id", "public_id", "valid_to", "employed", "object_group")
    )
    for participant_id, public_id, valid_to, employed, group in rows:
        person = people.get(participant_id)
        if person is not None:
            person.card = CardFacts(
                card_id=str(public_id),
                valid_to=valid_to,
                renews_through_employer=employed,
                household=group == ObjectGroup.GD,
            )


def _add_child_cards(people: dict[int, ParticipantFacts], lo: int, hi: int, on: datetime.date) -> None:
    """The current cards of the children under 16 of confirmed family links whose parent is in the range."""
    rows = (
        FamilyLink.objects.filter(_in_range("parent_id", lo, hi), status=FamilyLink.Status.CONFIRMED)
        .filter(child__cards__replaced_at__isnull=True)
        .order_by()
        .values_list("parent_id", "public_id", "child__birth_date", "child__cards__public_id", "child__cards__valid_to")
    )
    for parent_id, link_id, birth_date, card_id, valid_to in rows:
        person = people.get(parent_id)
        if person is not None and is_child_on(birth_date, on):
            person.child_cards.append(ChildCardFacts(link_id=str(link_id), card_id=str(card_id), valid_to=valid_to))


def _add_voluntary(people: dict[int, ParticipantFacts], lo: int, hi: int, on: datetime.date) -> None:
    month = Month.of(on)
    window_start = month.plus(-VOLUNTARY_LOOKBACK_MONTHS)
    rows = (
        ContributionRecord.objects.filter(
            _in_range("participant_id", lo, hi),
            scheme=Scheme.VOLUNTARY,
            status=ContributionStatus.PAID,
            month__gte=window_start.first_day(),
        )
        .order_by()
        .values_list("participant_id", "month")
    )
    paid: dict[int, set[Month]] = defaultdict(set)
    for participant_id, paid_month in rows:
        paid[participant_id].add(Month.of(paid_month))
    # Enrolments begun by this month and not ended before the window: one that ended recently still has
    # periods whose deadline may fall now (a 12-month period's is in its 7th month). The latest one wins.
    enrolments: dict[int, tuple[int, datetime.date, datetime.date | None]] = {}
    enrolment_rows = (
        VoluntaryEnrolment.objects.filter(_in_range("participant_id", lo, hi), first_month__lte=month.first_day())
        .filter(Q(last_month__isnull=True) | Q(last_month__gte=window_start.first_day()))
        .order_by("participant_id", "first_month")
        .values_list("participant_id", "cycle", "first_month", "last_month")
    )
    for participant_id, cycle, first_month, last_month in enrolment_rows:
        enrolments[participant_id] = (cycle, first_month, last_month)

    for participant_id in paid.keys() | enrolments.keys():
        person = people.get(participant_id)
        if person is None:
            continue
        months = paid.get(participant_id, set())
        paid_through = _latest_run(months)
        enrolment = enrolments.get(participant_id)
        if enrolment is not None:
            # The enrolment says how and since when the person pays, paid or not: someone who registered and
            # has not paid the first period yet is reminded too.
            cycle, first_month, last_month = enrolment
            person.voluntary = VoluntaryFacts(
                cycle=PaymentCycle(cycle),
                first_month=Month.of(first_month),
                paid_through=paid_through[1] if paid_through else None,
                last_month=Month.of(last_month) if last_month else None,
            )
            continue
        # No enrolment: only months up to the current one show a live participation; a month paid ahead still
        # counts.
        if paid_through is None or not any(m <= month for m in months):
            continue
        first, last = paid_through
        person.voluntary = VoluntaryFacts(cycle=PaymentCycle.MONTHLY, first_month=first, paid_through=last)


def _latest_run(months: set[Month]) -> tuple[Month, Month] | None:
    """The first and last month of the latest run of consecutive months, or None when there are none."""
    if not months:
        return None
    last = max(months)
    first = last
    while first.plus(-1) in months:
        first = first.plus(-1)
    return first, last


def _add_unemployment(people: dict[int, ParticipantFacts], lo: int, hi: int, on: datetime.date) -> None:
    # A notice on the benefit's first day is reminded before the benefit starts, so awards starting within the
    # longest lead time are read too. An award decided after the day is left out: a backfill of a past day
    # does not remind of a decision nobody had yet. A benefit lasts at most 12 months, which bounds the scan.
    ahead = on + datetime.timedelta(days=max(JOB_SEARCH_LEAD_DAYS))
    rows = (
        UnemploymentAward.objects.filter(
            _in_range("participant_id", lo, hi),
            decided_on__lte=on,
            benefit_start__lte=ahead,
            benefit_start__gt=add_months(on, -MAX_BENEFIT_MONTHS),
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .order_by("participant_id", "benefit_start")
        .values_list("participant_id", "public_id", "benefit_start", "benefit_months", "ended_on", "report_day")
    )
    for participant_id, public_id, benefit_start, benefit_months, ended_on, report_day in rows:
        person = people.get(participant_id)
        if person is None:
            continue
        award = UnemploymentFacts(
            claim_id=str(public_id),
            benefit_start=benefit_start,
            benefit_months=benefit_months,
            ended_on=ended_on,
            report_day=report_day,
        )
        person.unemployment.append(award)


def _add_retirement(
    people: dict[int, ParticipantFacts], si_people: list[tuple[int, str, datetime.date]], on: datetime.date
) -> None:
    if not si_people:
        return
    params = parameter_set_get()
    # The age depends only on sex and birth month: a chunk of 2,000 people has a few hundred distinct pairs,
    # so the year-by-year search of the retirement roadmap runs once per pair, not once per person.
    memo: dict[tuple[str, Month], datetime.date | None] = {}
    for pk, sex, birth_date in si_people:
        key = (sex, Month.of(birth_date))
        if key not in memo:
            try:
                memo[key] = statutory_retirement(Sex(sex), birth_date, params, on).pension_start
            except ParameterNotFoundError:
                memo[key] = None  # no retirement roadmap in force on that day: nothing to remind
        if (start := memo[key]) is not None:
            people[pk].retirement = RetirementFacts(pension_start=start)


def _add_arrears(people: dict[int, ParticipantFacts], lo: int, hi: int) -> None:
    rows = (
        ContributionRecord.objects.filter(
            _in_range("participant_id", lo, hi), scheme=Scheme.COMPULSORY, status=ContributionStatus.UNPAID
        )
        .order_by()
        .values_list("participant_id", "employer__public_id", "month")
    )
    unpaid: dict[tuple[int, str], list[Month]] = defaultdict(list)
    for participant_id, employer_public_id, month in rows:
        unpaid[(participant_id, str(employer_public_id))].append(Month.of(month))
    for (participant_id, employer_id), months in sorted(unpaid.items()):
        person = people.get(participant_id)
        if person is not None:
            person.arrears.append(ArrearsFacts(employer_id=employer_id, unpaid_months=tuple(months)))


def employer_facts_for_range(*, lo: int, hi: int, on: datetime.date) -> EmployerRangeFacts:
    """Arrears over all employees of the employers with ``lo <= pk < hi`` that have at least one user.

    Queries: 1 (memberships with the user's e-mail flag) + 2 when any employer in the range has a user (unpaid
    months by employer; employees concerned by an overdue month). ``affected_employees`` counts the distinct
    employees with a month past its deadline on ``on``: the same cut-off as ``rules.overdue_months``.
    """
    memberships = (
        EmployerMembership.objects.filter(_in_range("employer_id", lo, hi))
        .order_by("employer_id", "user_id")
        .annotate(has_email=ExpressionWrapper(~Q(user__email=""), output_field=BooleanField()))
        .values_list("employer_id", "user_id", "has_email")
    )
    recipients: dict[int, list[EmployerRecipient]] = defaultdict(list)
    for employer_id, user_id, has_email in memberships:
        recipients[employer_id].append(EmployerRecipient(user_id=user_id, has_email=bool(has_email)))
    if not recipients:
        return EmployerRangeFacts(on=on, arrears={}, recipients={})

    unpaid = ContributionRecord.objects.filter(
        employer_id__in=list(recipients), scheme=Scheme.COMPULSORY, status=ContributionStatus.UNPAID
    ).order_by()
    months: dict[int, list[Month]] = defaultdict(list)
    public_ids: dict[int, str] = {}
    for employer_id, employer_public_id, month in unpaid.values_list(
        "employer_id", "employer__public_id", "month"
    ).distinct():
        months[employer_id].append(Month.of(month))
        public_ids[employer_id] = str(employer_public_id)
    latest_overdue = Month.of(on).plus(-1 - ARREARS_GRACE_MONTHS)
    affected = dict(
        unpaid.filter(month__lte=latest_overdue.first_day())
        .values("employer_id")
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("employer_id", "n")
    )
    arrears = {
        employer_id: ArrearsFacts(
            employer_id=public_ids[employer_id],
            unpaid_months=tuple(unpaid_months),
            affected_employees=affected.get(employer_id) or None,
        )
        for employer_id, unpaid_months in months.items()
    }
    return EmployerRangeFacts(on=on, arrears=arrears, recipients=dict(recipients))
