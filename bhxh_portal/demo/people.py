"""Generated participants: a whole working life each, from (seed, index, as_of) alone."""

from __future__ import annotations

import datetime
import random
import unicodedata
from functools import lru_cache

from participants.enums import ContractKind, ContributionStatus, FacilityLevel, ObjectGroup, Scheme, Sex
from participants.validators import LEGACY_PROVINCE_CODES, national_id_century_sex_digit

from .months import (
    _add_years,
    _Calendar,
    household_share,
    month_date,
    month_end,
    month_index,
    retirement_month,
    round_to,
    round_vnd,
)
from .names import (
    FAMILY_NAMES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    INDUSTRIAL_HUBS,
    MIDDLE_FEMALE_OLDER,
    MIDDLE_FEMALE_YOUNGER,
    MIDDLE_MALE,
    PHONE_PREFIXES,
    SECOND_MIDDLE_FEMALE,
    SKILLED_WORDS,
    SOUTHERN_PROVINCES,
    _weight,
)
from .plans import (
    CardPlan,
    EmployerPlan,
    EmploymentPlan,
    FacilityPlan,
    PersonPlan,
    _scatter,
    _weighted,
    employer_plans,
    facility_plans,
)

# ---------------------------------------------------------------------------------------------
# Generated participants
# ---------------------------------------------------------------------------------------------
PROFILES = [  # (kind, weight in ‰)
    ("employee", 580),
    ("between_jobs", 60),
    ("voluntary", 80),
    ("household", 90),
    ("poor", 30),
    ("pensioner", 100),
    ("student", 60),
]


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _full_name(rng: random.Random, sex: str, birth_year: int, province: str) -> str:
    south = province in SOUTHERN_PROVINCES
    family = _weighted(rng, [f[1] if south else f[0] for f in FAMILY_NAMES], [f[2] for f in FAMILY_NAMES])
    if sex == Sex.MALE:
        middle = rng.choice(MIDDLE_MALE)
        given = rng.choice([g for g in GIVEN_MALE if g != middle])
        return f"{family} {middle} {given}"
    middle = rng.choice(MIDDLE_FEMALE_OLDER if birth_year < 1990 else MIDDLE_FEMALE_YOUNGER)
    given = rng.choice([g for g in GIVEN_FEMALE if g != middle])
    if middle == "Thị" and rng.random() < 0.25:
        second = rng.choice([m for m in SECOND_MIDDLE_FEMALE if m != given])
        return f"{family} Thị {second} {given}"
    return f"{family} {middle} {given}"


class _Pools:
    """Employers and facilities of one seed, indexed the ways the generator needs."""

    def __init__(self, seed: int, provinces: dict[str, str]) -> None:
        self.employers = employer_plans(seed, provinces)
        self.facilities = facility_plans(seed, provinces)
        self.employer_by_code = {e.unit_code: e for e in self.employers}
        self.employers_by_province: dict[str, list[EmployerPlan]] = {}
        for e in self.employers:
            self.employers_by_province.setdefault(e.province_code, []).append(e)
        self.hub_employers = [e for e in self.employers if e.province_code in INDUSTRIAL_HUBS]
        self.card_facilities: dict[str, list[FacilityPlan]] = {}
        for f in self.facilities:
            if f.level != FacilityLevel.SPECIALISED:
                self.card_facilities.setdefault(f.province_code, []).append(f)
        self.province_codes = sorted(provinces)
        self.province_weights = [_weight(c) for c in self.province_codes]


class _Career:
    """Builds one person's employments and monthly contribution rows, oldest first."""

    def __init__(self, rng: random.Random, cal: _Calendar, person: PersonPlan, skill_pm: int) -> None:
        self.rng = rng
        self.cal = cal
        self.person = person
        self.skill_pm = skill_pm  # salary as ‰ of the regional minimum wage, grows with experience
        self.compulsory_months: list[int] = []

    def job(
        self,
        employer: EmployerPlan,
        first: int,
        last: int,
        *,
        current: bool,
        contract_kind: str | None = None,
        title: str | None = None,
        unpaid_tail: int = 0,
        start_day: int | None = None,
    ) -> None:
        """One employment from month `first` to `last` (inclusive), with its compulsory contributions."""
        rng, cal = self.rng, self.cal
        title = title or rng.choice(employer.titles)
        if contract_kind is None:
            if employer.hi_group == "HC":
                contract_kind = ContractKind.CIVIL_SERVANT
            else:
                contract_kind = _weighted(
                    rng,
                    [ContractKind.INDEFINITE, ContractKind.FIXED_TERM, ContractKind.SHORT_TERM, ContractKind.OTHER],
                    [55, 33, 10, 2],
                )
        start = month_date(first).replace(day=start_day or rng.randint(1, 15))
        self.person.employments.append(
            EmploymentPlan(
                employer=employer.unit_code,
                start_date=start,
                end_date=None if current else month_end(last),
                job_title=title,
                hazardous=title in employer.hazardous_titles,
                contract_kind=contract_kind,
            )
        )
        # A new job pays a little more than the last; skilled titles more again.
        multiplier = self.skill_pm * rng.randint(1_000, 1_080) // 1_000
        bonus = 1_300 if any(word in title for word in SKILLED_WORDS) else 1_000
        minimum = cal.minimum[employer.region]
        rows = self.person.contributions
        unit, scheme = employer.unit_code, Scheme.COMPULSORY
        unpaid_from = last - unpaid_tail + 1
        for m in range(max(first, cal.first), last + 1):
            k = m - cal.first
            if m % 12 == 0 and m != first:  # a yearly raise every January
                multiplier = multiplier * (1_000 + rng.randint(0, 30)) // 1_000
            floor = minimum[k]
            salary = min(max(round_to(floor * multiplier * bonus // 1_000_000, 10_000), floor), cal.ceiling[k])
            amounts = cal.compulsory_amounts(k, salary)
            if m >= unpaid_from:
                rows.append((cal.dates[k], unit, scheme, salary, *amounts, ContributionStatus.UNPAID, None))
            else:
                paid_on = cal.dates[k].replace(day=employer.pay_day)
                rows.append((cal.dates[k], unit, scheme, salary, *amounts, ContributionStatus.PAID, paid_on))
            self.compulsory_months.append(m)
        self.skill_pm = multiplier

    def voluntary(self, first: int, last: int, income_pm: int, pay_day: int) -> None:
        cal, rows = self.cal, self.person.contributions
        first = max(first, cal.voluntary_start)
        for m in range(first, last + 1):
            k = m - cal.first
            income = min(
                max(round_to(cal.voluntary_floor[k] * income_pm // 1_000, 50_000), cal.voluntary_floor[k]),
                cal.voluntary_ceiling[k],
            )
            amount = cal.voluntary_amount(k, income)
            day = cal.dates[k].replace(day=pay_day)
            rows.append(
                (cal.dates[k], None, Scheme.VOLUNTARY, income, amount, 0, 0, 0, 0, amount, ContributionStatus.PAID, day)
            )

    def health_only(
        self, first: int, last: int, scheme: str, paid_on: datetime.date | None, *, household_position: int = 1
    ) -> None:
        """Household (self-paid) or State-paid health insurance for each month of a card's validity; a later member
        of a household pays the share of the first member's amount that their place on the list gives."""
        cal, rows = self.cal, self.person.contributions
        for m in range(max(first, cal.first), last + 1):
            k = m - cal.first
            amount = cal.household_hi[k]
            if household_position > 1:
                amount = round_vnd(amount * household_share(cal.dates[k], household_position))
            employee = amount if scheme == Scheme.HOUSEHOLD_HI else 0
            day = paid_on or cal.dates[k].replace(day=15)
            rows.append(
                (cal.dates[k], None, scheme, cal.base[k], 0, 0, 0, amount, 0, employee, ContributionStatus.PAID, day)
            )

    def working_life(self, pools: _Pools, first: int, last: int, *, current: bool, voluntary_gaps: bool = True) -> int:
        """Jobs with gaps between `first` and `last`; returns the last month actually worked."""
        rng = self.rng
        m = first
        previous: EmployerPlan | None = None
        worked_until = first - 1
        while m <= last:
            local = pools.employers_by_province.get(self.person.province_code) or pools.hub_employers
            candidates = local if rng.random() < 0.8 else pools.hub_employers
            employer = rng.choice(candidates)
            if employer is previous:
                employer = rng.choice(pools.employers)
            length = 12 + int(rng.expovariate(1 / 48))
            end = min(m + length - 1, last)
            if current and last - end < 12:  # someone employed today keeps this job until now
                end = last
            is_current = current and end == last
            # 2 % of finished jobs end with the employer owing its last months (it closed down).
            tail = rng.randint(1, 3) if not is_current and rng.random() < 0.02 else 0
            if is_current:
                tail = employer.arrears_months
            self.job(employer, m, end, current=is_current, unpaid_tail=min(tail, end - m + 1))
            worked_until = end
            previous = employer
            gap = 0 if rng.random() < 0.45 else rng.randint(1, 18)
            if current:
                gap = min(gap, max(0, last - end - 1))
            if gap >= 6 and voluntary_gaps and rng.random() < 0.15 and end + 1 >= self.cal.voluntary_start:
                self.voluntary(
                    end + 1, min(end + gap, last), rng.choice([1_000, 1_000, 1_500, 2_000]), rng.randint(5, 25)
                )
            m = end + 1 + gap
        return worked_until


def _five_year_date(months: list[int], through: int) -> datetime.date | None:
    """Five years after the start of the run of coverage that reaches `through` (gaps ≤ 3 months allowed)."""
    if not months or months[-1] < through - 3:
        return None
    start = months[-1]
    for m in reversed(months):
        if start - m > 4:
            break
        start = m
    return _add_years(month_date(start), 5)


def _anniversary_card(start: datetime.date, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A one-year card renewed on the anniversary of `start`: the issue covering as_of."""
    years = max(0, as_of.year - start.year - (1 if (as_of.month, as_of.day) < (start.month, start.day) else 0))
    valid_from = _add_years(start, years)
    return valid_from, _add_years(valid_from, 1) - datetime.timedelta(days=1)


_LEGACY_CODES = sorted(LEGACY_PROVINCE_CODES)


@lru_cache(maxsize=8)
def _identifier_offsets(seed: int) -> tuple[int, int]:
    ids = random.Random(f"{seed}:participant-ids")
    return ids.randrange(90_000_000), ids.randrange(900_000)


def participant_plan(
    seed: int, i: int, as_of: datetime.date, pools: _Pools, cal: _Calendar | None = None, *, identity_only: bool = False
) -> PersonPlan:
    """Generated participant number i: the same person for the same (seed, i, as_of), whatever N is.

    With identity_only, stops before the history (cheap: used to find who is already there).
    """
    cal = cal or _Calendar(as_of)
    rng = random.Random(f"{seed}:{i}")
    si_offset, id_offset = _identifier_offsets(seed)
    kind = _weighted(rng, [p[0] for p in PROFILES], [p[1] for p in PROFILES])
    sex = rng.choice([Sex.MALE, Sex.FEMALE])
    province = _weighted(rng, pools.province_codes, pools.province_weights)
    age_ranges = {
        "employee": (19, 58),
        "between_jobs": (22, 55),
        "voluntary": (28, 58),
        "household": (22, 70),
        "poor": (20, 80),
        "pensioner": (56, 88),
        "student": (18, 22),
    }
    low, high = age_ranges[kind]
    birth = datetime.date(as_of.year - rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
    if kind == "pensioner":
        while retirement_month(birth, sex, cal.as_of) >= cal.last:  # not retired yet: a few years older
            birth = _add_years(birth, -rng.randint(1, 4))
    birth_province = province if rng.random() < 0.75 else rng.choice(_LEGACY_CODES)
    if birth_province not in LEGACY_PROVINCE_CODES:
        birth_province = "01"
    national_id = (
        f"0{birth_province}{national_id_century_sex_digit(birth, sex)}{birth.year % 100:02d}"
        f"{_scatter(i, 900_000, 7_919, id_offset):06d}"
    )
    full_name = _full_name(rng, sex, birth.year, province)
    person = PersonPlan(
        social_insurance_number=f"{province}{_scatter(i, 90_000_000, 48_271, si_offset):08d}",
        national_id=national_id,
        full_name=full_name,
        birth_date=birth,
        sex=sex,
        province_code=province,
        phone=f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}" if rng.random() < 0.9 else "",
    )
    if rng.random() < 0.35:
        parts = _ascii(full_name).lower().split()
        person.email = f"{parts[-1]}.{parts[0]}{i}@example.com"
    if identity_only:
        return person

    skill = int(min(max(rng.lognormvariate(0.05, 0.3), 1.0), 6.0) * 1_000)
    career = _Career(rng, cal, person, skill)
    start_age = 18 + min(int(rng.expovariate(1 / 4)), 14)
    career_start = max(month_index(birth) + 12 * start_age + rng.randint(0, 11), cal.first)
    facility = rng.choice(pools.card_facilities[province]).code
    last = cal.last

    if kind in {"employee", "between_jobs", "pensioner"}:
        if kind == "pensioner":
            end = min(retirement_month(birth, sex, cal.as_of), last)
        elif kind == "between_jobs":
            end = last - rng.randint(1, 10)
        else:
            end = last
        worked_until = (
            career.working_life(pools, career_start, end, current=kind == "employee") if career_start <= end else -1
        )
        if kind == "pensioner":
            pension_start = month_date(end + 1)
            valid_from, valid_to = _anniversary_card(pension_start, as_of)
            five = _five_year_date(career.compulsory_months, end)
            person.card = CardPlan(ObjectGroup.HT, 3, valid_from, valid_to, facility, five, valid_from)
        elif person.employments:
            job = person.employments[-1]
            employer = pools.employer_by_code[job.employer]
            if kind == "employee":
                valid_from, valid_to = _anniversary_card(job.start_date, as_of)
            else:
                valid_to = month_end(worked_until)
                valid_from = max(job.start_date, _add_years(valid_to, -1) + datetime.timedelta(days=1))
            five = _five_year_date(career.compulsory_months, worked_until)
            if five and five > valid_to:
                five = None
            person.card = CardPlan(employer.hi_group, 4, valid_from, valid_to, facility, five, valid_from)
    elif kind == "voluntary":
        switch = last - rng.randint(12, 120)
        if rng.random() < 0.6 and career_start < switch:
            career.working_life(pools, career_start, switch, current=False, voluntary_gaps=False)
        first_voluntary = max(switch + rng.randint(1, 6), career_start, cal.voluntary_start)
        career.voluntary(
            first_voluntary, last, rng.choice([1_000, 1_000, 1_200, 1_500, 2_000, 3_000]), rng.randint(5, 25)
        )
    if kind in {"voluntary", "household"}:
        starts = cal.current - rng.randint(0, 11) if rng.random() < 0.95 else cal.current - rng.randint(12, 14)
        valid_from = month_date(starts)
        valid_to = _add_years(valid_from, 1) - datetime.timedelta(days=1)
        paid = valid_from - datetime.timedelta(days=rng.randint(1, 20))
        career.health_only(starts, min(month_index(valid_to), last), Scheme.HOUSEHOLD_HI, paid)
        person.card = CardPlan(ObjectGroup.GD, 4, valid_from, valid_to, facility, None, paid)
    elif kind == "poor":
        group = rng.choice([ObjectGroup.HN, ObjectGroup.CN])
        valid_from, valid_to = datetime.date(as_of.year, 1, 1), datetime.date(as_of.year, 12, 31)
        career.health_only(month_index(valid_from), last, Scheme.STATE_HI, None)
        person.card = CardPlan(group, 2, valid_from, valid_to, facility, None, valid_from - datetime.timedelta(days=10))
    elif kind == "student":
        valid_from, valid_to = datetime.date(as_of.year, 1, 1), datetime.date(as_of.year, 12, 31)
        person.card = CardPlan(ObjectGroup.SV, 4, valid_from, valid_to, facility, None, valid_from)
    if person.card is None:  # someone whose working life had not started (rare): household card
        valid_from = month_date(cal.current - rng.randint(0, 11))
        valid_to = _add_years(valid_from, 1) - datetime.timedelta(days=1)
        person.card = CardPlan(ObjectGroup.GD, 4, valid_from, valid_to, facility, None, valid_from)
    return person
