"""Reads for the employer portal, each with a fixed number of queries whatever the staff count.

An employer sees only people it employs or employed, only their coverage and contribution status,
and only for their employment with it: a former employee's card (later history) is not shown.
"""

import dataclasses
import datetime

from django.core import signing
from django.db.models import Count, DateField, F, FilteredRelation, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from benefits.rules.arrears import late_interest
from benefits.rules.money import Month
from participants.enums import ContributionStatus, Scheme
from participants.models import ContributionRecord, Employment, HealthInsuranceCard
from participants.selectors import CARD_EXPIRING_DAYS, contribution_stretches

PAGE_SIZE = 50
LEFT_WITHIN_DAYS = 365
# Sorting on NULL breaks row-value comparisons; a missing card sorts as this day (before any real one).
NO_CARD = datetime.date(1900, 1, 1)


class InvalidCursor(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class StaffFilters:
    tab: str = "current"  # current | left
    q: str = ""
    expiring: bool = False
    uncovered: bool = False
    arrears: bool = False
    sort: str = "name"  # name, start, valid_to, unpaid; "-" in front for descending

    SORT_FIELDS = {"name": "participant__full_name", "start": "start_date", "valid_to": "card_to", "unpaid": "unpaid"}

    @property
    def sort_field(self) -> str:
        return self.SORT_FIELDS[self.sort.lstrip("-")]

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


def staff_queryset(*, employer, filters: StaffFilters, today: datetime.date):
    """Employments of `employer` with each person's card dates, last paid month and months unpaid
    (computed in SQL), filtered and ordered by `filters` then by id. One query when evaluated."""
    rows = Employment.objects.filter(employer=employer)
    if filters.tab == "left":
        rows = rows.filter(end_date__isnull=False, end_date__gte=today - datetime.timedelta(days=LEFT_WITHIN_DAYS))
    else:
        rows = rows.filter(end_date__isnull=True)
    records = ContributionRecord.objects.filter(
        participant=OuterRef("participant_id"), employer=employer, scheme=Scheme.COMPULSORY
    ).order_by()
    last_paid = records.filter(status=ContributionStatus.PAID).values("participant").annotate(m=Max("month"))
    unpaid = records.filter(status=ContributionStatus.UNPAID).values("participant").annotate(n=Count("id"))
    rows = rows.annotate(
        # A join, not a subquery per row: at most one current card per person (a unique constraint).
        current_card=FilteredRelation("participant__cards", condition=Q(participant__cards__replaced_at__isnull=True)),
        card_from=F("current_card__valid_from"),
        card_to=Coalesce(F("current_card__valid_to"), Value(NO_CARD), output_field=DateField()),
        last_paid=Subquery(last_paid.values("m")),
        unpaid=Coalesce(Subquery(unpaid.values("n")), Value(0), output_field=IntegerField()),
    ).select_related("participant")
    q = filters.q.strip()
    if q.isdigit() and len(q) == 12:
        rows = rows.filter(participant__national_id=q)
    elif q.isdigit() and len(q) == 10:
        rows = rows.filter(participant__social_insurance_number=q)
    elif q:
        rows = rows.filter(participant__full_name__icontains=q)
    if filters.tab != "left":
        # Card filters only make sense for people employed now (leavers' cards are not shown).
        if filters.expiring:
            rows = rows.filter(
                card_from__lte=today,
                card_to__gte=today,
                card_to__lte=today + datetime.timedelta(days=CARD_EXPIRING_DAYS),
            )
        if filters.uncovered:
            rows = rows.filter(Q(card_from__isnull=True) | Q(card_from__gt=today) | Q(card_to__lt=today))
    if filters.arrears:
        rows = rows.filter(unpaid__gt=0)
    field = filters.sort_field
    return rows.order_by(f"-{field}" if filters.descending else field, "-id" if filters.descending else "id")


@dataclasses.dataclass(frozen=True)
class StaffRow:
    employment_id: str
    name: str
    social_insurance_number: str
    job_title: str
    start_date: datetime.date
    end_date: datetime.date | None
    card_status: str | None  # valid, expiring, expired, not_yet_valid, none; None for leavers (not shown)
    card_valid_to: datetime.date | None
    last_paid: datetime.date | None
    months_unpaid: int


@dataclasses.dataclass(frozen=True)
class StaffPage:
    rows: list[StaffRow]
    next_cursor: str | None
    total: int


def _card_status(row, today: datetime.date) -> str | None:
    if row.end_date is not None:
        return None
    if row.card_from is None:
        return "none"
    if today < row.card_from:
        return "not_yet_valid"
    if today > row.card_to:
        return "expired"
    if (row.card_to - today).days <= CARD_EXPIRING_DAYS:
        return "expiring"
    return "valid"


def staff_row(row, today: datetime.date) -> StaffRow:
    left = row.end_date is not None
    return StaffRow(
        employment_id=str(row.public_id),
        name=row.participant.full_name,
        social_insurance_number=row.participant.social_insurance_number,
        job_title=row.job_title,
        start_date=row.start_date,
        end_date=row.end_date,
        card_status=_card_status(row, today),
        card_valid_to=None if left or row.card_to == NO_CARD else row.card_to,
        last_paid=row.last_paid,
        months_unpaid=row.unpaid,
    )


_CURSOR_SALT = "employer-staff-cursor"


def _encode_cursor(filters: StaffFilters, row) -> str:
    value = getattr(row, filters.sort_field.replace("participant__", "participant.").split(".")[0])
    if filters.sort_field == "participant__full_name":
        value = row.participant.full_name
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return signing.dumps({"s": filters.sort, "v": value, "id": row.pk}, salt=_CURSOR_SALT, compress=True)


def _decode_cursor(filters: StaffFilters, cursor: str):
    try:
        data = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature as error:
        raise InvalidCursor from error
    if not isinstance(data, dict) or data.get("s") != filters.sort or not isinstance(data.get("id"), int):
        raise InvalidCursor
    value = data.get("v")
    if filters.sort_field in ("start_date", "card_to"):
        try:
            value = datetime.date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise InvalidCursor from error
    elif filters.sort_field == "unpaid" and not isinstance(value, int):
        raise InvalidCursor
    elif filters.sort_field == "participant__full_name" and not isinstance(value, str):
        raise InvalidCursor
    return value, data["id"]


def staff_page_get(
    *, employer, filters: StaffFilters, today: datetime.date, cursor: str | None = None, page_size: int = PAGE_SIZE
) -> StaffPage:
    """One page of the staff list by keyset (page 1,000 costs what page 1 costs). 2 queries."""
    rows = staff_queryset(employer=employer, filters=filters, today=today)
    total = rows.order_by().count()
    if cursor:
        value, last_id = _decode_cursor(filters, cursor)
        field = filters.sort_field
        after = (
            Q(**{f"{field}__lt": value}) | Q(**{field: value, "id__lt": last_id})
            if filters.descending
            else Q(**{f"{field}__gt": value}) | Q(**{field: value, "id__gt": last_id})
        )
        rows = rows.filter(after)
    fetched = list(rows[: page_size + 1])
    more = len(fetched) > page_size
    fetched = fetched[:page_size]
    next_cursor = _encode_cursor(filters, fetched[-1]) if more and fetched else None
    return StaffPage([staff_row(row, today) for row in fetched], next_cursor, total)


@dataclasses.dataclass(frozen=True)
class StaffCounts:
    employed: int
    expiring: int
    uncovered: int
    arrears: int


def staff_counts_get(*, employer, today: datetime.date) -> StaffCounts:
    """How many people employed now fall under each filter: the summary above the list (1 query)."""
    rows = staff_queryset(employer=employer, filters=StaffFilters(), today=today).order_by()
    soon = today + datetime.timedelta(days=CARD_EXPIRING_DAYS)
    counts = rows.aggregate(
        employed=Count("id"),
        expiring=Count("id", filter=Q(card_from__lte=today, card_to__gte=today, card_to__lte=soon)),
        uncovered=Count("id", filter=Q(card_from__isnull=True) | Q(card_from__gt=today) | Q(card_to__lt=today)),
        arrears=Count("id", filter=Q(unpaid__gt=0)),
    )
    return StaffCounts(**counts)


# --- Contributions and arrears ---


@dataclasses.dataclass(frozen=True)
class FundLine:
    fund: str
    due: int
    paid: int

    @property
    def owed(self) -> int:
        return self.due - self.paid


@dataclasses.dataclass(frozen=True)
class OwedMonth:
    month: datetime.date
    employees: int
    amount: int
    deadline: datetime.date
    days_late: int
    interest: int


@dataclasses.dataclass(frozen=True)
class EmployerContributions:
    month: datetime.date
    funds: list[FundLine]
    employees: int
    owed_months: list[OwedMonth]
    interest_versions: tuple[str, ...]

    @property
    def total_owed(self) -> int:
        return sum(m.amount for m in self.owed_months)

    @property
    def total_interest(self) -> int:
        return sum(m.interest for m in self.owed_months)


FUNDS = ContributionRecord.AMOUNT_FIELDS


def employer_contributions_get(
    *, employer, month: datetime.date, today: datetime.date, params
) -> EmployerContributions:
    """Due vs paid by fund for one month, and every month still owed with its late-payment interest.

    Amounts due are the monthly records (the rates in force were applied when each was made). 2 queries.
    """
    base = ContributionRecord.objects.filter(employer=employer, scheme=Scheme.COMPULSORY)
    sums = {f"due_{f}": Coalesce(Sum(f), 0) for f in FUNDS} | {
        f"paid_{f}": Coalesce(Sum(f, filter=Q(status=ContributionStatus.PAID)), 0) for f in FUNDS
    }
    totals = base.filter(month=month).aggregate(employees=Count("participant", distinct=True), **sums)
    funds = [FundLine(f, totals[f"due_{f}"], totals[f"paid_{f}"]) for f in FUNDS]
    owed_rows = (
        base.filter(status=ContributionStatus.UNPAID)
        .values("month")
        .annotate(employees=Count("participant", distinct=True), **{f: Sum(f) for f in FUNDS})
        .order_by("month")
    )
    owed, versions = [], []
    for row in owed_rows:
        amount = sum(row[f] for f in FUNDS)
        interest = late_interest(Month.of(row["month"]), amount, as_of=today, params=params)
        versions.extend(v for v in interest.versions if v not in versions)
        owed.append(
            OwedMonth(row["month"], row["employees"], amount, interest.deadline, interest.days_late, interest.interest)
        )
    return EmployerContributions(month, funds, totals["employees"], owed, tuple(versions))


def employer_owed_months_count(*, employer) -> int:
    return (
        ContributionRecord.objects.filter(employer=employer, scheme=Scheme.COMPULSORY, status=ContributionStatus.UNPAID)
        .values("month")
        .distinct()
        .count()
    )


# --- One person's record, as the employer may see it ---


@dataclasses.dataclass(frozen=True)
class StaffRecord:
    employment: Employment
    card: HealthInsuranceCard | None
    months: list[ContributionRecord]

    @property
    def stretches(self):
        """The months as a summary by period (salary, from–to, how long), as the citizen's page shows them."""
        rows = [(m.scheme, "", m.month, m.salary_basis, m.status) for m in reversed(self.months)]
        return contribution_stretches(rows)


def staff_record_get(*, employer, employment_id, today: datetime.date) -> StaffRecord | None:
    """The person's coverage and contributions with this employer, limited to the employment period.

    None when the employment is not this employer's (the view answers 404). 3 queries.
    """
    employment = (
        Employment.objects.select_related("participant").filter(employer=employer, public_id=employment_id).first()
    )
    if employment is None:
        return None
    card = None
    if employment.end_date is None:
        card = (
            HealthInsuranceCard.objects.select_related("facility")
            .filter(participant=employment.participant, replaced_at__isnull=True)
            .first()
        )
    months = ContributionRecord.objects.filter(
        participant=employment.participant,
        employer=employer,
        scheme=Scheme.COMPULSORY,
        month__gte=employment.start_date.replace(day=1),
    )
    if employment.end_date:
        months = months.filter(month__lte=employment.end_date)
    return StaffRecord(employment, card, list(months.order_by("-month")))
