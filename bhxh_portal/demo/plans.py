"""Plans: plain data describing what to write (employers, facilities, jobs, cards, people)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from participants.enums import FacilityLevel

from .months import EMPLOYER_POOL
from .names import (
    BRANDS,
    COAL_SECTOR,
    INDUSTRIAL_PULL,
    MOUNTAIN_PROVINCES,
    PLACE_NAMES,
    PUBLIC_BODIES,
    REGION_WEIGHTS,
    REGIONS,
    SECTORS,
    STREETS,
    _province_class,
    _weight,
)


# ---------------------------------------------------------------------------------------------
# Plans: plain data describing what to write
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EmployerPlan:
    unit_code: str
    name: str
    tax_code: str
    region: str
    province_code: str
    hi_group: str  # DN for enterprises, HC for public bodies
    titles: tuple[str, ...]
    hazardous_titles: frozenset[str]
    pay_day: int  # day of the month the employer pays contributions
    arrears_months: int  # the latest months it has not paid


@dataclass(frozen=True, slots=True)
class FacilityPlan:
    code: str
    name: str
    level: str
    province_code: str
    address: str


@dataclass(slots=True)
class EmploymentPlan:
    employer: str  # unit code
    start_date: datetime.date
    end_date: datetime.date | None
    job_title: str
    hazardous: bool
    contract_kind: str


@dataclass(slots=True)
class CardPlan:
    object_group: str
    benefit_level: int
    valid_from: datetime.date
    valid_to: datetime.date
    facility: str  # facility code
    five_year_date: datetime.date | None
    issued_on: datetime.date


# (month date, employer unit code or None, scheme, salary basis, retirement, sickness-maternity,
#  occupational, health, unemployment, employee share, status, paid on)
ContributionRow = tuple


@dataclass(slots=True)
class PersonPlan:
    social_insurance_number: str
    national_id: str
    full_name: str
    birth_date: datetime.date
    sex: str
    province_code: str
    phone: str = ""
    email: str = ""
    employments: list[EmploymentPlan] = field(default_factory=list)
    contributions: list[ContributionRow] = field(default_factory=list)
    card: CardPlan | None = None
    username: str | None = None  # personas only


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


def _scatter(i: int, modulus: int, multiplier: int, offset: int) -> int:
    """A bijection of [0, modulus): unique identifiers that do not look sequential."""
    return (i * multiplier + offset) % modulus


def employer_plans(seed: int, provinces: dict[str, str]) -> list[EmployerPlan]:
    """The fixed pool of generated employers (independent of N), spread by population and industry.

    `provinces` maps province code to name (the Province table).
    """
    codes = sorted(provinces)
    weights = [_weight(c) * INDUSTRIAL_PULL.get(c, 5 if c in MOUNTAIN_PROVINCES else 10) for c in codes]
    offset = random.Random(f"{seed}:employer-ids").randrange(90_000_000)
    plans = []
    for j in range(EMPLOYER_POOL):
        rng = random.Random(f"{seed}:employer:{j}")
        # The first three rounds give every province a few employers; the rest follow the weights.
        province = codes[j % len(codes)] if j < 3 * len(codes) else _weighted(rng, codes, weights)
        region = _weighted(rng, list(REGIONS), list(REGION_WEIGHTS[_province_class(province)]))
        tax_code = f"{province}{_scatter(j, 90_000_000, 48_271, offset):08d}"
        pay_day = rng.randint(15, 28)
        arrears = _weighted(rng, [0, 1, 2, 3, 4, 6], [90, 3, 2, 2, 2, 1])
        if rng.random() < 0.12:
            pattern, titles = rng.choice(PUBLIC_BODIES)
            name = pattern.format(place=rng.choice(PLACE_NAMES), province=provinces[province])
            unit_code = f"1{province}{j:04d}HCB01"
            plans.append(
                EmployerPlan(unit_code, name, tax_code, region, province, "HC", tuple(titles), frozenset(), pay_day, 0)
            )
            continue
        sector, titles, hazardous = COAL_SECTOR if province == "22" and rng.random() < 0.4 else rng.choice(SECTORS)
        kind = rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"])
        name = f"{kind} {sector} {rng.choice(BRANDS)}"
        unit_code = f"{tax_code}DN{rng.choice(['A01', 'A02', 'A03', 'A03', 'B01'])}"
        plans.append(
            EmployerPlan(
                unit_code, name, tax_code, region, province, "DN", tuple(titles), frozenset(hazardous), pay_day, arrears
            )
        )
    return plans


def facility_plans(seed: int, provinces: dict[str, str]) -> list[FacilityPlan]:
    """Per province: one specialised hospital, two basic-level facilities, three primary-level ones."""
    plans = []
    for code, province_name in sorted(provinces.items()):
        rng = random.Random(f"{seed}:facilities:{code}")
        places = rng.sample(PLACE_NAMES, 5)
        where = province_name if province_name.startswith("Thành phố") else f"tỉnh {province_name}"
        rows = [
            (FacilityLevel.SPECIALISED, f"Bệnh viện Đa khoa {where}"),
            (FacilityLevel.BASIC, f"Bệnh viện Đa khoa khu vực {places[0]}"),
            (FacilityLevel.BASIC, f"Trung tâm Y tế khu vực {places[1]}"),
            (FacilityLevel.PRIMARY, f"Trạm Y tế phường {places[2]}"),
            (FacilityLevel.PRIMARY, f"Trạm Y tế xã {places[3]}"),
            (FacilityLevel.PRIMARY, f"Phòng khám đa khoa {places[4]}"),
        ]
        for k, (level, name) in enumerate(rows, start=1):
            address = f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {province_name}"
            plans.append(FacilityPlan(f"{code}{k:03d}", name, level, code, address))
    return plans
