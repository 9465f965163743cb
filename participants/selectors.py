"""Reads: ORM to plain data, a fixed number of queries each."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear

from .enums import ContributionStatus, ObjectGroup, Scheme
from .models import (
    CarerGrant,
    ContributionRecord,
    Employment,
    FamilyLink,
    HealthInsuranceCard,
    HouseholdMember,
    Participant,
    PersonalDataAccess,
    VoluntaryEnrolment,
)


def participant_get_for_user(*, user: AbstractBaseUser, with_current_card: bool = True) -> Participant | None:
    """The signed-in citizen's participant record (and current card: a second query), or None."""
    if not user.is_authenticated:
        return None
    participants = Participant.objects.select_related("province").filter(user=user)
    if with_current_card:
        current_cards = HealthInsuranceCard.objects.filter(replaced_at__isnull=True).select_related("facility")
        participants = participants.prefetch_related(Prefetch("cards", queryset=current_cards, to_attr="current_cards"))
    return participants.first()


# --- Coverage --------------------------------------------------------------------------------

CARD_EXPIRING_DAYS = 30


class CardStatus:
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


def card_status(card: HealthInsuranceCard, today: datetime.date) -> str:
    """Valid, expiring within 30 days, expired, or not valid yet (a card issued ahead of time)."""
    if today < card.valid_from:
        return CardStatus.NOT_YET_VALID
    if today > card.valid_to:
        return CardStatus.EXPIRED
    if (card.valid_to - today).days <= CARD_EXPIRING_DAYS:
        return CardStatus.EXPIRING
    return CardStatus.VALID


@dataclass(frozen=True)
class ArrearsLine:
    employer_name: str
    months: int
    first_month: datetime.date
    last_month: datetime.date


class CardRoute:
    """Who renews the person's card, which decides the advice the card and QR pages give (issue 17, item 1).

    The beneficiary group printed on the card says who pays for it (Law on Health Insurance 25/2008/QH12 as
    amended, Art. 12); an open job means the employer pays whatever the group says.
    """

    EMPLOYER = "employer"  # works now: the employer registers and renews the card
    LEFT_JOB = "left_job"  # the card came with a job that has ended
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit"  # group TN: paid by the unemployment insurance fund
    HOUSEHOLD = "household"  # group GD: bought by the household (voluntary SI contributors too)
    STUDENT = "student"  # groups HS, SV: through the school
    PENSIONER = "pensioner"  # group HT: issued with the pension
    STATE = "state"  # poor and near-poor households, young children, ...: the commune's list
    OFFICE = "office"  # anything else: the social insurance office


_ROUTE_BY_GROUP = {
    ObjectGroup.TN: CardRoute.UNEMPLOYMENT_BENEFIT,
    ObjectGroup.HS: CardRoute.STUDENT,
    ObjectGroup.SV: CardRoute.STUDENT,
    ObjectGroup.HT: CardRoute.PENSIONER,
    ObjectGroup.TE: CardRoute.STATE,
    ObjectGroup.HN: CardRoute.STATE,
    ObjectGroup.CN: CardRoute.STATE,
    ObjectGroup.CC: CardRoute.STATE,
    ObjectGroup.LH: CardRoute.STATE,
}
_JOB_GROUPS = {ObjectGroup.DN, ObjectGroup.HC, ObjectGroup.XN, ObjectGroup.QN, ObjectGroup.CA}


def card_route(*, object_group: str | None, working: bool, had_job: bool) -> str:
    """Who renews this card: its group first (a pension or a student card stays so), then an open job."""
    if object_group in _ROUTE_BY_GROUP:
        return _ROUTE_BY_GROUP[object_group]
    if working:
        return CardRoute.EMPLOYER
    if object_group == ObjectGroup.GD:
        return CardRoute.HOUSEHOLD
    if object_group in _JOB_GROUPS or (object_group is None and had_job):
        return CardRoute.LEFT_JOB if had_job else CardRoute.OFFICE
    return CardRoute.OFFICE


@dataclass(frozen=True)
class Coverage:
    card: HealthInsuranceCard | None
    status: str | None
    days_left: int | None
    employments: list[Employment]
    arrears: list[ArrearsLine]
    route: str = CardRoute.OFFICE
    voluntary: bool = False  # pays voluntary social insurance now (which does not include health insurance)

    @property
    def covered(self) -> bool:
        """The card covers a visit today (valid or expiring, not expired or not yet valid)."""
        return self.status in (CardStatus.VALID, CardStatus.EXPIRING)


def _current_card(participant: Participant) -> HealthInsuranceCard | None:
    """The current card, with what decides who renews it (CardRoute), in one query."""
    return (
        HealthInsuranceCard.objects.select_related("participant", "facility", "facility__province")
        .filter(participant=participant, replaced_at__isnull=True)
        .annotate(
            voluntary=Exists(
                VoluntaryEnrolment.objects.filter(participant=OuterRef("participant"), last_month__isnull=True)
            ),
            working=Exists(Employment.objects.filter(participant=OuterRef("participant"), end_date__isnull=True)),
            had_job=Exists(Employment.objects.filter(participant=OuterRef("participant"))),
        )
        .first()
    )


def _coverage(card, today, employments=(), arrears=()) -> Coverage:
    return Coverage(
        card=card,
        status=card_status(card, today) if card else None,
        days_left=(card.valid_to - today).days if card else None,
        employments=list(employments),
        arrears=list(arrears),
        route=card_route(object_group=card.object_group, working=card.working, had_job=card.had_job)
        if card
        else CardRoute.OFFICE,
        voluntary=bool(card and card.voluntary),
    )


def card_coverage_get(*, participant: Participant, today: datetime.date) -> Coverage:
    """The current card, its status and who renews it, in one query (no jobs, no arrears: the QR page)."""
    return _coverage(_current_card(participant), today)


def coverage_get(*, participant: Participant, today: datetime.date) -> Coverage:
    """The current card with its status and who renews it, current jobs and employer arrears, in three queries."""
    employments = Employment.objects.select_related("employer").filter(participant=participant, end_date__isnull=True)
    arrears = [
        ArrearsLine(row["employer__name"], row["months"], row["first"], row["last"])
        for row in ContributionRecord.objects.filter(participant=participant, status=ContributionStatus.UNPAID)
        .values("employer__name")
        .annotate(months=Count("id"), first=Min("month"), last=Max("month"))
        .order_by("employer__name")
    ]
    return _coverage(_current_card(participant), today, employments, arrears)


# --- Contribution history ----------------------------------------------------------------------

_SI = [Scheme.COMPULSORY, Scheme.VOLUNTARY]
_PAID = Q(status=ContributionStatus.PAID)
# What someone other than the person paid of a month (ContributionRecord.employer_share / state_share).
_REST = sum((F(name) for name in ContributionRecord.AMOUNT_FIELDS[1:]), F(ContributionRecord.AMOUNT_FIELDS[0])) - F(
    "employee_share"
)


@dataclass(frozen=True)
class ContributionYear:
    year: int
    months_paid: int  # distinct months with paid social insurance (toward the pension)
    months_unpaid: int
    months_without_record: int  # gaps between the first and the latest recorded month
    salary_basis_average: int
    employee_share: int  # what the person paid
    employer_share: int  # what employers paid (the rest of compulsory months)
    state_share: int  # what the State paid (the rest of any other month: ContributionRecord.state_share)
    retirement: int
    sickness_maternity: int
    occupational: int
    health: int
    unemployment: int


@dataclass(frozen=True)
class ContributionSummary:
    years: list[ContributionYear]
    months_toward_pension: int
    months_unpaid: int


def contribution_summary_get(*, participant: Participant) -> ContributionSummary:
    """Year-by-year totals computed by the database: one query, whatever the length of the history."""
    rows = (
        ContributionRecord.objects.filter(participant=participant)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(
            months_paid=Count("month", distinct=True, filter=_PAID & Q(scheme__in=_SI)),
            months_any=Count("month", distinct=True),
            first_month=Min("month"),
            last_month=Max("month"),
            months_unpaid=Count("month", distinct=True, filter=Q(status=ContributionStatus.UNPAID)),
            salary_sum=Sum("salary_basis", filter=_PAID),
            paid_rows=Count("id", filter=_PAID),
            employee=Sum("employee_share", filter=_PAID),
            employer=Sum(_REST, filter=_PAID & Q(scheme__in=Scheme.employer_paid())),
            state=Sum(_REST, filter=_PAID & ~Q(scheme__in=Scheme.employer_paid())),
            retirement=Sum("retirement_amount", filter=_PAID),
            sickness=Sum("sickness_maternity_amount", filter=_PAID),
            occupational=Sum("occupational_amount", filter=_PAID),
            health=Sum("health_amount", filter=_PAID),
            unemployment=Sum("unemployment_amount", filter=_PAID),
        )
        .order_by("-year")
    )
    rows = list(rows)
    years = []
    for position, row in enumerate(rows):
        funds = [row[k] or 0 for k in ("retirement", "sickness", "occupational", "health", "unemployment")]
        # Gaps count only inside the career: from its first recorded month to its latest one.
        span_first = row["first_month"].month if position == len(rows) - 1 else 1
        span_last = row["last_month"].month if position == 0 else 12
        months_in_year = span_last - span_first + 1
        years.append(
            ContributionYear(
                year=row["year"],
                months_paid=row["months_paid"],
                months_unpaid=row["months_unpaid"],
                months_without_record=max(months_in_year - row["months_any"], 0),
                salary_basis_average=(row["salary_sum"] or 0) // row["paid_rows"] if row["paid_rows"] else 0,
                employee_share=row["employee"] or 0,
                employer_share=row["employer"] or 0,
                state_share=row["state"] or 0,
                retirement=funds[0],
                sickness_maternity=funds[1],
                occupational=funds[2],
                health=funds[3],
                unemployment=funds[4],
            )
        )
    return ContributionSummary(
        years=years,
        months_toward_pension=sum(y.months_paid for y in years),
        months_unpaid=sum(y.months_unpaid for y in years),
    )


@dataclass(frozen=True)
class ContributionStretch:
    """Consecutive months with the same payer, scheme, salary and status: one line of the summary by period."""

    scheme: str
    employer_name: str  # empty for voluntary and household contributions
    first_month: datetime.date
    last_month: datetime.date
    salary_basis: int
    months: int
    unpaid: bool


@dataclass(frozen=True)
class ContributionPeriods:
    stretches: list[ContributionStretch]  # newest first
    months_by_scheme: dict[str, int]  # paid months per scheme
    si_months: int  # paid social-insurance months (compulsory and voluntary), what the pension counts

    @property
    def scheme_totals(self) -> list[tuple[str, int]]:
        """(scheme name, paid months) in the schemes' order, for the schemes with any."""
        return [
            (str(label), self.months_by_scheme[value])
            for value, label in Scheme.choices
            if value in self.months_by_scheme
        ]


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def contribution_stretches(rows) -> list[ContributionStretch]:
    """Rows of (scheme, employer name, month, salary basis, status), sorted by payer then month, joined into
    stretches of consecutive months with the same payer, scheme, salary and status; newest first."""
    stretches: list[dict] = []
    for scheme, employer_name, month, salary, status in rows:
        unpaid = status == ContributionStatus.UNPAID
        last = stretches[-1] if stretches else None
        if (
            last is not None
            and (last["scheme"], last["employer_name"], last["salary_basis"], last["unpaid"])
            == (scheme, employer_name or "", salary, unpaid)
            and _next_month(last["last_month"]) == month
        ):
            last["last_month"] = month
            last["months"] += 1
        else:
            stretches.append(
                {
                    "scheme": scheme,
                    "employer_name": employer_name or "",
                    "first_month": month,
                    "last_month": month,
                    "salary_basis": salary,
                    "months": 1,
                    "unpaid": unpaid,
                }
            )
    ordered = sorted(stretches, key=lambda s: (s["last_month"], s["first_month"]), reverse=True)
    return [ContributionStretch(**s) for s in ordered]


def contribution_periods_get(*, participant: Participant) -> ContributionPeriods:
    """The history as VssID shows it first: stretches of months by payer, scheme and salary (issue 17, item 5).

    One query over the person's records (a few hundred rows at most), grouped here in month order.
    """
    rows = list(
        ContributionRecord.objects.filter(participant=participant)
        .order_by("scheme", "employer__name", "month")
        .values_list("scheme", "employer__name", "month", "salary_basis", "status")
    )
    by_scheme: dict[str, int] = {}
    for scheme, _employer, _month, _salary, status in rows:
        if status == ContributionStatus.PAID:
            by_scheme[scheme] = by_scheme.get(scheme, 0) + 1
    return ContributionPeriods(
        stretches=contribution_stretches(rows),
        months_by_scheme=by_scheme,
        si_months=sum(by_scheme.get(s, 0) for s in _SI),
    )


def contribution_list_for_participant_records(*, participant: Participant):
    """All records with their payer, newest month first (paginate it)."""
    return (
        ContributionRecord.objects.select_related("employer")
        .filter(participant=participant)
        .order_by("-month", "scheme", "employer__name", "id")
    )


def contribution_list_for_year(*, participant: Participant, year: int):
    """One year's records with their payer, newest month first (at most 12 per payer and scheme)."""
    return contribution_list_for_participant_records(participant=participant).filter(month__year=year)


def contribution_list_for_participant(*, participant: Participant):
    """Every record, oldest first, for the statement download (iterate it: it streams)."""
    return (
        ContributionRecord.objects.filter(participant=participant)
        .order_by("month", "scheme", "employer__name")
        .values_list(
            "month",
            "scheme",
            "employer__name",
            "salary_basis",
            "retirement_amount",
            "sickness_maternity_amount",
            "occupational_amount",
            "health_amount",
            "unemployment_amount",
            "employee_share",
            "status",
            "paid_on",
        )
    )


@dataclass(frozen=True)
class MonthRecords:
    month: datetime.date
    records: list[ContributionRecord]


def contribution_months_for_year(*, participant: Participant, year: int) -> list[MonthRecords]:
    """Each month of `year` inside the career (first to latest recorded month), newest first, with
    its records; a month without any record is a gap and comes with an empty list. Two queries."""
    bounds = ContributionRecord.objects.filter(participant=participant).aggregate(first=Min("month"), last=Max("month"))
    if bounds["first"] is None:
        return []
    first = max(bounds["first"], datetime.date(year, 1, 1))
    last = min(bounds["last"], datetime.date(year, 12, 1))
    by_month: dict[datetime.date, list[ContributionRecord]] = {}
    for record in contribution_list_for_year(participant=participant, year=year):
        by_month.setdefault(record.month, []).append(record)
    months = [datetime.date(year, m, 1) for m in range(last.month, first.month - 1, -1)] if first <= last else []
    return [MonthRecords(month, by_month.get(month, [])) for month in months]


def data_access_list_for_participant(*, participant, limit: int = 100):
    """Who looked at the person's record from outside their account, newest first (1 query)."""
    return list(
        PersonalDataAccess.objects.filter(participant=participant).select_related(
            "user__participant", "employer", "facility"
        )[:limit]
    )


# Children a parent may see: under this age (issue 14: "children under 16").
CHILD_AGE_LIMIT = 16


ADULT_AGE = 18


def is_under(birth_date: datetime.date, today: datetime.date, age: int) -> bool:
    """Younger than ``age`` on ``today`` (the birthday ends it; 29/02 counts from 01/03 in other years)."""
    try:
        birthday = birth_date.replace(year=birth_date.year + age)
    except ValueError:
        birthday = datetime.date(birth_date.year + age, 3, 1)
    return today < birthday


def is_child_on(birth_date: datetime.date, today: datetime.date) -> bool:
    """Under CHILD_AGE_LIMIT (16) on ``today``."""
    return is_under(birth_date, today, CHILD_AGE_LIMIT)


def family_children_list(*, parent: Participant, today: datetime.date) -> list[FamilyLink]:
    """The parent's confirmed links to children still under 16, each child with its current card (2 queries)."""
    links = list(
        FamilyLink.objects.filter(parent=parent, status=FamilyLink.Status.CONFIRMED)
        .select_related("child")
        .prefetch_related(
            Prefetch(
                "child__cards",
                queryset=HealthInsuranceCard.objects.filter(replaced_at__isnull=True)
                .select_related("facility")
                .order_by("-valid_to"),
                to_attr="current_cards",
            )
        )
    )
    return [link for link in links if is_child_on(link.child.birth_date, today)]


def family_child_get(*, parent: Participant, public_id, today: datetime.date) -> Participant | None:
    """The child of a confirmed link of this parent, while under 16; None for anything else (another parent's
    link, a pending or rejected one, an unknown id): the caller answers 404 alike."""
    link = (
        FamilyLink.objects.filter(parent=parent, public_id=public_id, status=FamilyLink.Status.CONFIRMED)
        .select_related("child")
        .first()
    )
    if link is None or not is_child_on(link.child.birth_date, today):
        return None
    return link.child


def carer_grants_given(*, grantor: Participant) -> list[CarerGrant]:
    """The grantor's active grants, with the carer (1 query)."""
    return list(CarerGrant.objects.filter(grantor=grantor, revoked_at__isnull=True).select_related("carer"))


def carer_grants_received(*, carer: Participant) -> list[CarerGrant]:
    """The active grants made to this carer, with the grantor (1 query)."""
    return list(CarerGrant.objects.filter(carer=carer, revoked_at__isnull=True).select_related("grantor"))


def carer_grantor_get(*, carer: Participant, public_id) -> Participant | None:
    """The person who shared with this carer through the active grant ``public_id``; None for anything else."""
    grant = (
        CarerGrant.objects.filter(carer=carer, public_id=public_id, revoked_at__isnull=True)
        .select_related("grantor")
        .first()
    )
    return None if grant is None else grant.grantor


def household_members_for_participant(*, participant: Participant) -> list[HouseholdMember]:
    """The members of the household the participant pays with, in the list's order, each with the person and
    their current cards (``participant.current_cards``); empty when they are in no household. 2 queries."""
    return list(
        HouseholdMember.objects.filter(household__members__participant=participant)
        .select_related("participant")
        .prefetch_related(
            Prefetch(
                "participant__cards",
                queryset=HealthInsuranceCard.objects.filter(replaced_at__isnull=True).order_by("-valid_to"),
                to_attr="current_cards",
            )
        )
        .order_by("position")
    )
