"""Reads: ORM to plain data, a fixed number of queries each."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear

from .enums import ContributionStatus, Scheme
from .models import (
    CarerGrant,
    ContributionRecord,
    Employment,
    FamilyLink,
    HealthInsuranceCard,
    HouseholdMember,
    Participant,
    PersonalDataAccess,
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


@dataclass(frozen=True)
class Coverage:
    card: HealthInsuranceCard | None
    status: str | None
    days_left: int | None
    employments: list[Employment]
    arrears: list[ArrearsLine]


def coverage_get(*, participant: Participant, today: datetime.date) -> Coverage:
    """The current card with its status, current jobs and employer arrears, in three queries."""
    card = (
        HealthInsuranceCard.objects.select_related("facility", "facility__province")
        .filter(participant=participant, replaced_at__isnull=True)
        .first()
    )
    employments = list(
        Employment.objects.select_related("employer").filter(participant=participant, end_date__isnull=True)
    )
    arrears = [
        ArrearsLine(row["employer__name"], row["months"], row["first"], row["last"])
        for row in ContributionRecord.objects.filter(participant=participant, status=ContributionStatus.UNPAID)
        .values("employer__name")
        .annotate(months=Count("id"), first=Min("month"), last=Max("month"))
        .order_by("employer__name")
    ]
    return Coverage(
        card=card,
        status=card_status(card, today) if card else None,
        days_left=(card.valid_to - today).days if card else None,
        employments=employments,
        arrears=arrears,
    )


# --- Contribution history ----------------------------------------------------------------------

_SI = [Scheme.COMPULSORY, Scheme.VOLUNTARY]
_PAID = Q(status=ContributionStatus.PAID)


@dataclass(frozen=True)
class ContributionYear:
    year: int
    months_paid: int  # distinct months with paid social insurance (toward the pension)
    months_unpaid: int
    months_without_record: int  # gaps between the first and the latest recorded month
    salary_basis_average: int
    employee_share: int
    employer_share: int
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
                employer_share=sum(funds) - (row["employee"] or 0),
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
