"""Demo data: employers, facilities, participants with whole careers, and named demo personas.

Everything here is generated from `(seed, participant index, as_of)` alone: participant i is the
same person whatever N is, so a larger N only adds people, and a second run with the same
arguments finds every key already present and writes nothing. Rows are written in bulk, one
transaction per chunk of participants, so an interrupted run never leaves a person half-written
(which is what lets "the participant exists" stand for "the whole history exists").

Nothing in this module is a rule of law: the policy figures (base salary, minimum wages, rates, floors and
ceilings) come from benefits/data/policy_parameters.json, the same effective-dated rows the benefit rules
use. Where the data has no row for an early month, the demo falls back as documented at each lookup.
"""

from __future__ import annotations

import base64
import datetime
import io
import os
import random
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from benefits.models import UnemploymentAward
from benefits.rules.facts import Sex as RuleSex
from benefits.rules.money import round_vnd
from benefits.rules.params import ParameterSet, load_parameter_set, reference_amount
from benefits.rules.retirement_age import statutory_retirement
from checkin.models import ClinicStaff
from employers.models import EmployerMembership
from participants.enums import (
    ContractKind,
    ContributionStatus,
    EmployerRole,
    FacilityLevel,
    ObjectGroup,
    Role,
    Scheme,
    Sex,
)
from participants.models import (
    ContributionRecord,
    Employer,
    Employment,
    HealthInsuranceCard,
    MedicalFacility,
    Participant,
    Province,
    VoluntaryEnrolment,
)
from participants.validators import LEGACY_PROVINCE_CODES, national_id_century_sex_digit

# ---------------------------------------------------------------------------------------------
# History bounds of the demo. Every policy figure (base salary, minimum wages, rates, floors,
# ceilings) is read from benefits/data/policy_parameters.json through load_parameter_set().
# ---------------------------------------------------------------------------------------------
FIRST_MONTH = (1995, 1)  # social insurance records start here
VOLUNTARY_START = (2008, 1)  # voluntary social insurance began in 2008 (the rate rows begin later)

DEFAULT_PARTICIPANTS = 300
DEFAULT_SEED = 2026
CHUNK_SIZE = 1_000
EMPLOYER_POOL = 600  # fixed, so that participant i picks the same employer whatever N is
MAX_PARTICIPANTS = 900_000  # the 6-digit random part of generated ID numbers stays below 900000

# ---------------------------------------------------------------------------------------------
# Names and places
# ---------------------------------------------------------------------------------------------
FAMILY_NAMES = [  # (north and centre, south, weight in ‰)
    ("Nguyễn", "Nguyễn", 380),
    ("Trần", "Trần", 110),
    ("Lê", "Lê", 95),
    ("Phạm", "Phạm", 70),
    ("Hoàng", "Huỳnh", 50),
    ("Phan", "Phan", 45),
    ("Vũ", "Võ", 40),
    ("Đặng", "Đặng", 21),
    ("Bùi", "Bùi", 20),
    ("Đỗ", "Đỗ", 14),
    ("Hồ", "Hồ", 13),
    ("Ngô", "Ngô", 13),
    ("Dương", "Dương", 10),
    ("Lý", "Lý", 5),
]
SOUTHERN_PROVINCES = {"48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}
MIDDLE_MALE = ["Văn"] * 6 + ["Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Quốc", "Trọng", "Gia"]
MIDDLE_FEMALE_OLDER = ["Thị"] * 8 + ["Ngọc", "Thu", "Thanh", "Kim", "Hồng"]
MIDDLE_FEMALE_YOUNGER = ["Thị"] * 2 + ["Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Bảo", "Khánh", "Quỳnh"]
SECOND_MIDDLE_FEMALE = ["Thu", "Lan", "Ngọc", "Hải", "Thanh", "Kim", "Mai", "Diệu"]
GIVEN_MALE = (
    "An Bình Dũng Hùng Nam Quân Tuấn Hải Long Sơn Khánh Phúc Trung Cường Đạt Hiếu Thắng Việt Vinh Huy "
    "Minh Đức Kiên Toàn Lâm Tùng Thành Hoàng Phong Duy"
).split()
GIVEN_FEMALE = (
    "An Chi Hà Hạnh Lan Linh Mai Phương Thảo Trang Hương Nhung Hoa Yến Vân Thủy Hằng Ngân Oanh Tâm "
    "Anh Nga Huyền Dung Giang Ly My Ngọc Quỳnh Trâm"
).split()
PLACE_NAMES = (
    "Hòa Bình|Tân Phú|An Lạc|Phú Mỹ|Thạnh Xuân|Quang Trung|Hồng Hà|Bình Minh|Đông Hưng|Tây Sơn|Nam Sơn|"
    "Phước Long|Tân Định|Yên Hòa|Long Biên|Thanh Khê|Ninh Kiều|Vĩnh Hải|Hưng Phú|Xuân Hòa|Tân Thành|An Khánh"
).split("|")
STREETS = "Lê Lợi|Trần Hưng Đạo|Nguyễn Trãi|Hai Bà Trưng|Lý Thường Kiệt|Quang Trung|Hùng Vương|Điện Biên Phủ".split("|")
BRANDS = (
    "Phú Thịnh|An Phát|Minh Long|Thành Công|Sao Việt|Hưng Thịnh|Đại Dương|Tân Tiến|Việt Tiến|Hồng Hà|"
    "Trường Sơn|Bình Minh|Kim Long|Nam Á|Đông Á|Hoàng Gia|Phương Nam|Thiên Long|Gia Phát|Tiến Phát|"
    "Phúc Lộc|Hòa Phát|Vạn Xuân|Ánh Dương|Sông Hồng|Cửu Long|Thái Bình Dương|Lạc Hồng|Tân Hoàng|Mê Kông"
).split("|")
# (sector, job titles, titles that are heavy or hazardous work)
SECTORS = [
    ("May mặc", ["Công nhân may", "Tổ trưởng chuyền may", "Nhân viên kiểm hàng", "Kế toán"], set()),
    ("Điện tử", ["Công nhân lắp ráp", "Kỹ thuật viên", "Kỹ sư sản xuất", "Nhân viên kho"], set()),
    ("Cơ khí", ["Thợ hàn", "Thợ tiện", "Kỹ sư cơ khí", "Công nhân vận hành máy"], {"Thợ hàn"}),
    (
        "Xây dựng",
        ["Công nhân xây dựng", "Kỹ sư xây dựng", "Giám sát công trình", "Lái máy xúc"],
        {"Công nhân xây dựng"},
    ),
    (
        "Thực phẩm",
        ["Công nhân chế biến", "Nhân viên kiểm soát chất lượng", "Nhân viên kinh doanh", "Lái xe giao hàng"],
        set(),
    ),
    ("Thủy sản", ["Công nhân chế biến thủy sản", "Nhân viên kho lạnh", "Kế toán"], set()),
    ("Vận tải", ["Lái xe", "Nhân viên điều phối", "Phụ xe", "Kế toán"], set()),
    ("Phần mềm", ["Lập trình viên", "Kiểm thử phần mềm", "Chuyên viên phân tích", "Trưởng nhóm kỹ thuật"], set()),
    ("Thương mại", ["Nhân viên bán hàng", "Thu ngân", "Quản lý cửa hàng", "Nhân viên kho"], set()),
    ("Da giày", ["Công nhân may mũ giày", "Công nhân đế giày", "Tổ trưởng sản xuất"], set()),
    ("Chế biến gỗ", ["Công nhân chế biến gỗ", "Thợ mộc", "Nhân viên kỹ thuật"], set()),
    ("Logistics", ["Nhân viên giao nhận", "Nhân viên kho", "Điều phối vận tải"], set()),
]
COAL_SECTOR = (
    "Khai thác than",
    ["Thợ lò", "Công nhân cơ điện mỏ", "Công nhân vận tải mỏ"],
    {"Thợ lò", "Công nhân cơ điện mỏ"},
)
PUBLIC_BODIES = [  # (name pattern, job titles) of public employers (unit group HC)
    ("Ủy ban nhân dân phường {place}", ["Chuyên viên", "Cán bộ địa chính", "Văn thư"]),
    ("Trường Trung học phổ thông {place}", ["Giáo viên", "Nhân viên thư viện", "Kế toán"]),
    ("Trường Tiểu học {place}", ["Giáo viên", "Nhân viên y tế học đường"]),
    ("Trung tâm Y tế khu vực {place}", ["Bác sĩ", "Điều dưỡng", "Dược sĩ"]),
    ("Sở Tài chính {province}", ["Chuyên viên", "Kế toán"]),
]
SKILLED_WORDS = ("Kỹ sư", "Lập trình", "Trưởng", "Quản lý", "Chuyên viên", "Bác sĩ", "Giám sát")
PHONE_PREFIXES = "032 033 034 035 036 037 038 039 070 076 077 078 079 081 082 083 084 085 086 088 089 090 091 093 094 096 097 098".split()
# Approximate population after the 2025 merger (×100,000): where people live and firms are.
PROVINCE_WEIGHT = {
    "01": 87, "04": 6, "08": 19, "11": 7, "12": 5, "14": 13, "15": 18, "19": 18, "20": 8, "22": 14, "24": 36,
    "25": 40, "31": 47, "33": 36, "37": 44, "38": 43, "40": 38, "42": 16, "44": 19, "46": 14, "48": 31, "51": 22,
    "52": 36, "56": 22, "66": 33, "68": 39, "75": 45, "79": 140, "80": 33, "82": 44, "86": 43, "91": 50, "92": 42,
    "96": 26,
}  # fmt: skip
INDUSTRIAL_PULL = {"79": 20, "01": 16, "24": 18, "75": 16, "31": 14, "48": 12, "33": 12, "80": 12}  # ×10
INDUSTRIAL_HUBS = ["79", "01", "24", "75", "31"]
MOUNTAIN_PROVINCES = {"04", "08", "11", "12", "14", "15", "20"}
REGION_WEIGHTS = {  # minimum-wage region mix (I, II, III, IV) of employers by province
    "big_city": (70, 20, 10, 0),
    "industrial": (40, 40, 20, 0),
    "urban": (10, 50, 30, 10),
    "rural": (0, 15, 45, 40),
    "mountain": (0, 5, 35, 60),
}
REGIONS = ("I", "II", "III", "IV")


def _weight(code: str) -> int:
    return PROVINCE_WEIGHT.get(code, 20)


def _province_class(code: str) -> str:
    if code in {"01", "79"}:
        return "big_city"
    if code in {"31", "75", "24"}:
        return "industrial"
    if code in {"48", "92", "22", "56", "33", "46"}:
        return "urban"
    if code in MOUNTAIN_PROVINCES:
        return "mountain"
    return "rural"


# ---------------------------------------------------------------------------------------------
# Months and money
# ---------------------------------------------------------------------------------------------
def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_date(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> datetime.date:
    return month_date(index + 1) - datetime.timedelta(days=1)


def _ym(year_month: tuple[int, int]) -> int:
    return year_month[0] * 12 + year_month[1] - 1


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def round_to(amount: int, unit: int) -> int:
    """Round half up to a multiple of `unit`."""
    return (amount + unit // 2) // unit * unit


@cache
def _policy() -> ParameterSet:
    return load_parameter_set()


def _rate(on: datetime.date, key: str) -> Decimal:
    """A contribution rate; before its first row the earliest row stands in (the rules' value_nearest)."""
    found, _exact = _policy().value_nearest("contribution_rate", on, key=key)
    return Decimal(found.value)


def base_salary(index: int) -> int:
    return _policy().value_on("base_salary", month_date(index)).value


def regional_minimum(region: str, index: int) -> int:
    """The regional minimum wage; before regional minimums existed (or before region IV), the base salary."""
    found = _policy().find("regional_minimum_wage", month_date(index), key=region)
    return base_salary(index) if found is None else found.value


def voluntary_income_floor(index: int) -> int:
    """The rural poverty line; before Law 58/2014 the floor was the general minimum wage (the base salary)."""
    found = _policy().find("voluntary_income_floor", month_date(index))
    return base_salary(index) if found is None else found.value


def salary_ceiling(index: int, scheme: str = "compulsory") -> int:
    """The cap on the salary (or voluntary income) contributions are paid on: a multiple of the reference level."""
    day = month_date(index)
    multiple, _exact = _policy().value_nearest("contribution_ceiling", day, key=scheme)
    return multiple.value["reference_multiple"] * reference_amount(_policy(), day).value


@dataclass(frozen=True, slots=True)
class CompulsoryRates:
    """The compulsory rates in force in one month, per fund; unemployment is None before that insurance began."""

    retirement: Decimal
    sickness_maternity: Decimal
    occupational: Decimal
    health: Decimal
    unemployment: Decimal | None
    employee: tuple[Decimal, ...]  # the employee's parts, each rounded on its own

    @classmethod
    def on(cls, day: datetime.date) -> CompulsoryRates:
        def ui(side: str) -> Decimal | None:
            found = _policy().find("contribution_rate", day, key=f"compulsory.{side}.unemployment")
            return None if found is None else Decimal(found.value)

        employee_ui, employer_ui = ui("employee"), ui("employer")
        employee = (_rate(day, "compulsory.employee.retirement_survivorship"), _rate(day, "compulsory.employee.health"))
        return cls(
            retirement=employee[0] + _rate(day, "compulsory.employer.retirement_survivorship"),
            sickness_maternity=_rate(day, "compulsory.employer.sickness_maternity"),
            occupational=_rate(day, "compulsory.employer.occupational_accident"),
            health=employee[1] + _rate(day, "compulsory.employer.health"),
            unemployment=None if employee_ui is None or employer_ui is None else employee_ui + employer_ui,
            employee=employee if employee_ui is None else (*employee, employee_ui),
        )


def compulsory_amounts(salary: int, rates: CompulsoryRates) -> tuple[int, int, int, int, int, int]:
    """(retirement, sickness-maternity, occupational, health, unemployment, employee share), each rounded half up."""
    s = Decimal(salary)
    return (
        round_vnd(s * rates.retirement),
        round_vnd(s * rates.sickness_maternity),
        round_vnd(s * rates.occupational),
        round_vnd(s * rates.health),
        0 if rates.unemployment is None else round_vnd(s * rates.unemployment),
        sum(round_vnd(s * part) for part in rates.employee),
    )


def retirement_month(birth_date: datetime.date, sex: str, as_of: datetime.date) -> int:
    """Month index in which the normal retirement age is reached: the benefit rules' answer."""
    reached = statutory_retirement(RuleSex(sex), birth_date, _policy(), as_of).reached
    return reached.year * 12 + reached.month - 1


class _Calendar:
    """Per-month figures for one run, so the hot loop does list indexing instead of parameter lookups.

    Amounts are computed once per (rates, salary): months with the same rates share one memo table.
    """

    def __init__(self, as_of: datetime.date) -> None:
        self.as_of = as_of
        self.first = _ym(FIRST_MONTH)
        self.current = month_index(as_of)
        self.last = self.current - 1  # history ends at the month before as_of
        span = range(self.first, self.current + 2)
        self.dates = [month_date(m) for m in span]
        self.base = [base_salary(m) for m in span]
        self.ceiling = [salary_ceiling(m) for m in span]
        self.voluntary_ceiling = [salary_ceiling(m, "voluntary") for m in span]
        self.minimum = {r: [regional_minimum(r, m) for m in span] for r in REGIONS}
        self.voluntary_floor = [voluntary_income_floor(m) for m in span]
        self.household_hi = [
            round_vnd(b * _rate(d, "household.health")) for b, d in zip(self.base, self.dates, strict=True)
        ]
        rates = [CompulsoryRates.on(d) for d in self.dates]
        tables: dict[CompulsoryRates, tuple[CompulsoryRates, dict]] = {}
        self.compulsory = [tables.setdefault(r, (r, {})) for r in rates]  # (rates, salary → amounts) per month
        voluntary: dict[Decimal, tuple[Decimal, dict]] = {}
        self.voluntary = [
            voluntary.setdefault(r, (r, {}))
            for r in (_rate(d, "voluntary.retirement_survivorship") for d in self.dates)
        ]
        self.ui_start = next((m for m, r in zip(span, rates, strict=True) if r.unemployment is not None), span.stop)
        self.voluntary_start = _ym(VOLUNTARY_START)

    def compulsory_amounts(self, k: int, salary: int) -> tuple[int, int, int, int, int, int]:
        rates, memo = self.compulsory[k]
        amounts = memo.get(salary)
        if amounts is None:
            amounts = memo[salary] = compulsory_amounts(salary, rates)
        return amounts

    def voluntary_amount(self, k: int, income: int) -> int:
        rate, memo = self.voluntary[k]
        amount = memo.get(income)
        if amount is None:
            amount = memo[income] = round_vnd(Decimal(income) * rate)
        return amount


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

    def health_only(self, first: int, last: int, scheme: str, paid_on: datetime.date | None) -> None:
        """Household (self-paid) or State-paid health insurance for each month of a card's validity."""
        cal, rows = self.cal, self.person.contributions
        for m in range(max(first, cal.first), last + 1):
            k = m - cal.first
            amount = cal.household_hi[k]
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


# ---------------------------------------------------------------------------------------------
# Named personas: a real situation each, and a sign-in
# ---------------------------------------------------------------------------------------------
CITIZEN_PASSWORD = "demo-Citizen-2026!"  # noqa: S105 - demo data only, printed by demo_logins
EMPLOYER_PASSWORD = "demo-Employer-2026!"  # noqa: S105
CLINIC_PASSWORD = "demo-Reception-2026!"  # noqa: S105
ADMIN_PASSWORD = "demo-Admin-2026!"  # noqa: S105
# hr.demo signs in in two steps; this fixed, published secret lets scripts compute its codes
# (`python -m accounts.twofactor.totp <secret>`). Demo data only, like the passwords above.
EMPLOYER_TOTP_SECRET = "MJUHQ2BNMRSW23ZNNBZC45DPORYC2MRW"  # noqa: S105 - base32 of b"bhxh-demo-hr.totp-26"

DEMO_EMPLOYERS = [  # reserved tax-code range 9999990x: generated ones stay below 90000000
    EmployerPlan(
        "0199999901DNA03", "Công ty TNHH Dệt may Sông Hồng", "0199999901", "I", "01", "DN",
        ("Công nhân may", "Kế toán", "Nhân viên kinh doanh", "Trưởng phòng kỹ thuật"), frozenset(), 25, 0,
    ),
    EmployerPlan(
        "0199999902DNA03", "Công ty Cổ phần Cơ khí Đông Anh", "0199999902", "I", "01", "DN",
        ("Thợ hàn", "Thợ tiện", "Kỹ sư cơ khí"), frozenset({"Thợ hàn"}), 28, 3,
    ),
    EmployerPlan(
        "7999999903DNA01", "Công ty TNHH Thương mại Phương Nam", "7999999903", "I", "79", "DN",
        ("Nhân viên bán hàng", "Quản lý cửa hàng", "Kế toán"), frozenset(), 20, 0,
    ),
]  # fmt: skip
DEMO_FACILITY = FacilityPlan(
    "01990", "Trạm Y tế phường Ba Đình", FacilityLevel.PRIMARY, "01", "Số 12 đường Đội Cấn, Thành phố Hà Nội"
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    role: str
    username: str  # the User.username; citizens sign in with their personal ID number instead
    password: str
    persona: str
    totp_secret: str = ""  # base32; accounts with one get a confirmed authenticator-app device


DEMO_ACCOUNTS = [
    DemoAccount(Role.CITIZEN, "citizen-maternity", CITIZEN_PASSWORD, "Trần Thị Thu Hà, about 30, expecting a child; 4 years of continuous compulsory SI"),
    DemoAccount(Role.CITIZEN, "citizen-retiring", CITIZEN_PASSWORD, "Phạm Văn Hùng, reaches retirement age in a few months; about 30 years of contributions"),
    DemoAccount(Role.CITIZEN, "citizen-laid-off", CITIZEN_PASSWORD, "Lê Minh Tuấn, laid off last month after 3 years on an indefinite contract"),
    DemoAccount(Role.CITIZEN, "citizen-voluntary", CITIZEN_PASSWORD, "Hoàng Thị Mai, voluntary contributor; household HI card expires within 30 days"),
    DemoAccount(Role.CITIZEN, "citizen-arrears", CITIZEN_PASSWORD, "Đặng Quốc Dũng, employee whose employer has not paid the last 3 months"),
    DemoAccount(Role.EMPLOYER, "hr.demo", EMPLOYER_PASSWORD, "HR owner of Công ty TNHH Dệt may Sông Hồng (employs the first three citizens)", EMPLOYER_TOTP_SECRET),
    DemoAccount(Role.CLINIC, "clinic.demo", CLINIC_PASSWORD, "Receptionist at Trạm Y tế phường Ba Đình (01990), where the citizens are registered"),
    DemoAccount(Role.ADMIN, "admin", ADMIN_PASSWORD, "Administrator (staff and superuser)"),
]  # fmt: skip


def _persona(k: int, name: str, sex: str, birth: datetime.date, username: str) -> PersonPlan:
    """Reserved identifiers: SI suffix 999999xx and ID random part 9999xx never occur in generated data."""
    return PersonPlan(
        social_insurance_number=f"01{99_999_900 + k:08d}",
        national_id=f"001{national_id_century_sex_digit(birth, sex)}{birth.year % 100:02d}{999_900 + k:06d}",
        full_name=name,
        birth_date=birth,
        sex=sex,
        province_code="01",
        phone=f"09{99_999_900 + k:08d}",
        email=f"{username}@example.com",
        username=username,
    )


def _retiring_birth_date(cal: _Calendar) -> datetime.date:
    """A man born so that the normal retirement age is reached 3 to 6 months from now (4 or 5 preferred)."""
    candidates = {}
    for born in range(cal.current - 64 * 12, cal.current - 58 * 12):
        birth = month_date(born).replace(day=15)
        wait = retirement_month(birth, Sex.MALE, cal.as_of) - cal.current
        candidates.setdefault(wait, birth)
    for wait in (4, 5, 3, 6):
        if wait in candidates:
            return candidates[wait]
    raise RuntimeError("no birth month gives a retirement 3 to 6 months away")  # cannot happen with Appendix A


def persona_plans(as_of: datetime.date) -> list[PersonPlan]:
    """The five citizen personas, anchored on as_of (their situations are relative to it)."""
    cal = _Calendar(as_of)
    last = cal.last
    textile, mechanics, trading = DEMO_EMPLOYERS
    plans = []

    def card(person: PersonPlan, group: str, valid_from: datetime.date, valid_to: datetime.date, five=None) -> None:
        person.card = CardPlan(group, 4, valid_from, valid_to, DEMO_FACILITY.code, five, valid_from)

    # a. Expecting a child: 4 years of continuous compulsory SI, so she qualifies for maternity benefit.
    rng = random.Random("persona:maternity")
    p = _persona(1, "Trần Thị Thu Hà", Sex.FEMALE, datetime.date(as_of.year - 30, 4, 12), "citizen-maternity")
    c = _Career(rng, cal, p, 1_600)
    c.job(
        trading,
        last - 83,
        last - 50,
        current=False,
        contract_kind=ContractKind.FIXED_TERM,
        title="Kế toán",
        start_day=1,
    )
    c.job(textile, last - 47, last, current=True, contract_kind=ContractKind.INDEFINITE, title="Kế toán", start_day=1)
    valid_from, valid_to = _anniversary_card(p.employments[-1].start_date, as_of)
    card(p, ObjectGroup.DN, valid_from, valid_to, _five_year_date(c.compulsory_months, last))
    plans.append(p)

    # b. A few months from retirement age, about 30 years of contributions.
    rng = random.Random("persona:retiring")
    p = _persona(2, "Phạm Văn Hùng", Sex.MALE, _retiring_birth_date(cal), "citizen-retiring")
    c = _Career(rng, cal, p, 1_500)
    c.job(
        trading,
        last - 359,
        last - 200,
        current=False,
        contract_kind=ContractKind.INDEFINITE,
        title="Quản lý cửa hàng",
        start_day=1,
    )
    c.job(
        textile,
        last - 196,
        last,
        current=True,
        contract_kind=ContractKind.INDEFINITE,
        title="Trưởng phòng kỹ thuật",
        start_day=1,
    )
    valid_from, valid_to = _anniversary_card(p.employments[-1].start_date, as_of)
    card(p, ObjectGroup.DN, valid_from, valid_to, _five_year_date(c.compulsory_months, last))
    plans.append(p)

    # c. Laid off: the indefinite contract ended on the last day of last month, after 36 months.
    rng = random.Random("persona:laid-off")
    p = _persona(3, "Lê Minh Tuấn", Sex.MALE, datetime.date(as_of.year - 34, 9, 3), "citizen-laid-off")
    c = _Career(rng, cal, p, 1_300)
    c.job(
        textile,
        last - 35,
        last,
        current=False,
        contract_kind=ContractKind.INDEFINITE,
        title="Nhân viên kinh doanh",
        start_day=1,
    )
    card(p, ObjectGroup.DN, month_date(last - 11), month_end(last))  # coverage ends with the job
    plans.append(p)

    # d. Voluntary contributor whose household card expires in 20 days.
    rng = random.Random("persona:voluntary")
    p = _persona(4, "Hoàng Thị Mai", Sex.FEMALE, datetime.date(as_of.year - 46, 2, 20), "citizen-voluntary")
    c = _Career(rng, cal, p, 1_200)
    c.job(
        trading,
        last - 203,
        last - 80,
        current=False,
        contract_kind=ContractKind.FIXED_TERM,
        title="Nhân viên bán hàng",
        start_day=1,
    )
    c.voluntary(last - 71, last, 2_000, 10)
    valid_to = as_of + datetime.timedelta(days=20)
    valid_from = _add_years(valid_to, -1) + datetime.timedelta(days=1)
    c.health_only(month_index(valid_from), last, Scheme.HOUSEHOLD_HI, valid_from - datetime.timedelta(days=3))
    card(p, ObjectGroup.GD, valid_from, valid_to)
    p.card.issued_on = valid_from - datetime.timedelta(days=3)
    plans.append(p)

    # e. Employee whose employer owes the last three months.
    rng = random.Random("persona:arrears")
    p = _persona(5, "Đặng Quốc Dũng", Sex.MALE, datetime.date(as_of.year - 41, 7, 8), "citizen-arrears")
    c = _Career(rng, cal, p, 1_400)
    c.job(
        mechanics,
        last - 49,
        last,
        current=True,
        contract_kind=ContractKind.INDEFINITE,
        title="Thợ hàn",
        unpaid_tail=3,
        start_day=1,
    )
    valid_from, valid_to = _anniversary_card(p.employments[-1].start_date, as_of)
    card(p, ObjectGroup.DN, valid_from, valid_to)
    plans.append(p)
    return plans


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
TABLES = (
    ("employers", Employer),
    ("facilities", MedicalFacility),
    ("users", User),
    ("participants", Participant),
    ("employments", Employment),
    ("contribution_records", ContributionRecord),
    ("cards", HealthInsuranceCard),
    ("employer_memberships", EmployerMembership),
    ("clinic_staff", ClinicStaff),
    ("totp_devices", TOTPDevice),
    ("voluntary_enrolments", VoluntaryEnrolment),
    ("unemployment_awards", UnemploymentAward),
)


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _model in TABLES})
    skipped_collisions: int = 0  # generated people whose identifiers already belong to someone else

    def add(self, table: str, count: int) -> None:
        self.created[table] += count


def _uses_copy() -> bool:
    return connection.vendor == "postgresql"


def _ensure_employers(plans: Iterable[EmployerPlan], result: SeedResult) -> dict[str, int]:
    plans = list(plans)
    province_ids = dict(Province.objects.values_list("code", "id"))
    codes = [p.unit_code for p in plans]
    existing = set(Employer.objects.filter(unit_code__in=codes).values_list("unit_code", flat=True))
    taken_tax = set(
        Employer.objects.filter(tax_code__in=[p.tax_code for p in plans]).values_list("tax_code", flat=True)
    )
    new = [
        Employer(
            unit_code=p.unit_code,
            name=p.name,
            tax_code=p.tax_code,
            region=p.region,
            province_id=province_ids[p.province_code],
        )
        for p in plans
        if p.unit_code not in existing and p.tax_code not in taken_tax
    ]
    Employer.objects.bulk_create(new, batch_size=500)
    result.add("employers", len(new))
    return dict(Employer.objects.filter(unit_code__in=codes).values_list("unit_code", "id"))


def _ensure_facilities(plans: Iterable[FacilityPlan], result: SeedResult) -> dict[str, int]:
    plans = list(plans)
    province_ids = dict(Province.objects.values_list("code", "id"))
    codes = [p.code for p in plans]
    existing = set(MedicalFacility.objects.filter(code__in=codes).values_list("code", flat=True))
    new = [
        MedicalFacility(
            code=p.code, name=p.name, level=p.level, province_id=province_ids[p.province_code], address=p.address
        )
        for p in plans
        if p.code not in existing
    ]
    MedicalFacility.objects.bulk_create(new, batch_size=500)
    result.add("facilities", len(new))
    return dict(MedicalFacility.objects.filter(code__in=codes).values_list("code", "id"))


_UUID_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}


def _public_ids(count: int) -> list[str]:
    """`count` random version-4 UUIDs as hex, from one urandom call (uuid4() per row costs more than the rest)."""
    raw = os.urandom(16 * count).hex()
    variant = _UUID_VARIANT
    return [
        f"{raw[k : k + 12]}4{raw[k + 13 : k + 16]}{variant[raw[k + 16]]}{raw[k + 17 : k + 32]}"
        for k in range(0, 32 * count, 32)
    ]


_CONTRIBUTION_FIELDS = (  # the order of ContributionRow, after public_id and participant
    "public_id", "participant", "month", "employer", "scheme", "salary_basis", "retirement_amount",
    "sickness_maternity_amount", "occupational_amount", "health_amount", "unemployment_amount",
    "employee_share", "status", "paid_on",
)  # fmt: skip


class _Writer:
    """Writes people with their histories in bulk; contributions by COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, employer_ids: dict[str, int], facility_ids: dict[str, int], result: SeedResult) -> None:
        self.employer_ids = employer_ids
        self.facility_ids = facility_ids
        self.province_ids = dict(Province.objects.values_list("code", "id"))
        self.result = result
        self.copy = _uses_copy()
        self._iso: dict[datetime.date, str] = {}

    def write(self, plans: list[PersonPlan], user_ids: dict[str, int] | None = None) -> None:
        """Insert the people not yet present (by SI and ID number), then all their rows."""
        self.insert(self.missing(plans, count_collisions=True), user_ids or {})

    def missing(self, plans: list[PersonPlan], *, count_collisions: bool = False) -> list[PersonPlan]:
        """The plans whose SI number and ID number are both still free (and whose employers exist)."""
        si_numbers = [p.social_insurance_number for p in plans]
        taken_si = dict(
            Participant.objects.filter(social_insurance_number__in=si_numbers).values_list(
                "social_insurance_number", "national_id"
            )
        )
        taken_ids = set(
            Participant.objects.filter(national_id__in=[p.national_id for p in plans]).values_list(
                "national_id", flat=True
            )
        )
        new = []
        for p in plans:
            mine = taken_si.get(p.social_insurance_number) == p.national_id
            if p.social_insurance_number in taken_si or p.national_id in taken_ids:
                if count_collisions and not mine:
                    self.result.skipped_collisions += 1
                continue
            if any(e.employer not in self.employer_ids for e in p.employments):
                # The employer's tax code belongs to an employer that is not ours: leave this person out.
                if count_collisions:
                    self.result.skipped_collisions += 1
                continue
            new.append(p)
        return new

    def insert(self, new: list[PersonPlan], user_ids: dict[str, int]) -> None:
        """Insert these people and all their rows (the caller holds the transaction)."""
        if not new:
            return
        people = Participant.objects.bulk_create(
            [
                Participant(
                    social_insurance_number=p.social_insurance_number,
                    national_id=p.national_id,
                    full_name=p.full_name,
                    birth_date=p.birth_date,
                    sex=p.sex,
                    province_id=self.province_ids[p.province_code],
                    phone=p.phone,
                    email=p.email,
                    user_id=user_ids.get(p.username) if p.username else None,
                )
                for p in new
            ],
            batch_size=1_000,
        )
        if any(person.pk is None for person in people):  # backends that cannot return ids
            ids = dict(
                Participant.objects.filter(
                    social_insurance_number__in=[p.social_insurance_number for p in new]
                ).values_list("social_insurance_number", "id")
            )
        else:
            ids = {person.social_insurance_number: person.pk for person in people}
        self.result.add("participants", len(new))

        employments, cards = [], []
        for p in new:
            pid = ids[p.social_insurance_number]
            for e in p.employments:
                employments.append(
                    Employment(
                        participant_id=pid,
                        employer_id=self.employer_ids[e.employer],
                        start_date=e.start_date,
                        end_date=e.end_date,
                        job_title=e.job_title,
                        hazardous=e.hazardous,
                        contract_kind=e.contract_kind,
                    )
                )
            if p.card:
                c = p.card
                cards.append(
                    HealthInsuranceCard(
                        participant_id=pid,
                        card_number=p.social_insurance_number,
                        object_group=c.object_group,
                        benefit_level=c.benefit_level,
                        valid_from=c.valid_from,
                        valid_to=c.valid_to,
                        facility_id=self.facility_ids[c.facility],
                        five_year_date=c.five_year_date,
                        issued_on=c.issued_on,
                    )
                )
        Employment.objects.bulk_create(employments, batch_size=2_000)
        HealthInsuranceCard.objects.bulk_create(cards, batch_size=2_000)
        self.result.add("employments", len(employments))
        self.result.add("cards", len(cards))
        rows = sum(len(p.contributions) for p in new)
        if self.copy:
            self._copy_contributions(new, ids)
        else:
            self._insert_contributions(new, ids)
        self.result.add("contribution_records", rows)

    def _insert_contributions(self, people: list[PersonPlan], ids: dict[str, int]) -> None:
        """One parameterised INSERT run with executemany: the ORM's per-object cost would dominate."""
        meta = ContributionRecord._meta
        columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in _CONTRIBUTION_FIELDS)
        placeholders = ", ".join(["%s"] * len(_CONTRIBUTION_FIELDS))
        sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from model meta, values bound
        public_id = meta.get_field("public_id")
        adapted: dict[datetime.date, object] = {}

        def adapt(day: datetime.date | None):
            if day is None:
                return None
            if day not in adapted:
                adapted[day] = connection.ops.adapt_datefield_value(day)
            return adapted[day]

        employer_ids = self.employer_ids
        with connection.cursor() as cursor:
            batch = []
            for p in people:
                pid = ids[p.social_insurance_number]
                for month, employer, scheme, salary, *amounts, status, paid_on in p.contributions:
                    batch.append(
                        (
                            public_id.get_db_prep_value(uuid.uuid4(), connection),
                            pid,
                            adapt(month),
                            employer_ids[employer] if employer else None,
                            scheme,
                            salary,
                            *amounts,
                            status,
                            adapt(paid_on),
                        )
                    )
                if len(batch) >= 10_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    def _copy_contributions(self, people: list[PersonPlan], ids: dict[str, int]) -> None:
        meta = ContributionRecord._meta
        columns = ", ".join(connection.ops.quote_name(meta.get_field(n).column) for n in _CONTRIBUTION_FIELDS)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        iso = self._iso
        employer_ids = {code: str(pk) for code, pk in self.employer_ids.items()}
        with connection.cursor() as cursor, cursor.connection.cursor() as raw, raw.copy(sql) as copy:
            buffer = io.StringIO()
            for p in people:
                pid = str(ids[p.social_insurance_number])
                public_ids = _public_ids(len(p.contributions))
                for public_id, row in zip(public_ids, p.contributions, strict=True):
                    month, employer, scheme, salary, ret, sick, occ, health, unemp, ee, status, paid_on = row
                    m = iso.get(month) or iso.setdefault(month, month.isoformat())
                    if paid_on is None:
                        paid = r"\N"
                    else:
                        paid = iso.get(paid_on) or iso.setdefault(paid_on, paid_on.isoformat())
                    payer = employer_ids[employer] if employer else r"\N"
                    buffer.write(
                        f"{public_id}\t{pid}\t{m}\t{payer}\t{scheme}\t{salary}\t"
                        f"{ret}\t{sick}\t{occ}\t{health}\t{unemp}\t{ee}\t{status}\t{paid}\n"
                    )
                if buffer.tell() > 4_000_000:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())


def _ensure_accounts(personas: list[PersonPlan], result: SeedResult) -> dict[str, int]:
    """The demo Users, created once and never changed afterwards. Returns username → id."""
    existing = dict(User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list("username", "id"))
    names = {p.username: p.full_name for p in personas}
    hashes: dict[str, str] = {}  # one hash per distinct password: hashing is deliberately slow
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        family, _, given = (names.get(account.username) or "").partition(" ")
        user = User(
            username=account.username,
            role=account.role,
            first_name=given,
            last_name=family,
            is_staff=account.role == Role.ADMIN,
            is_superuser=account.role == Role.ADMIN,
        )
        password_validation.validate_password(account.password, user)
        if account.password not in hashes:
            hashes[account.password] = make_password(account.password)
        user.password = hashes[account.password]
        user.save()
        existing[account.username] = user.pk
        result.add("users", 1)
    return existing


def _ensure_staff_links(
    user_ids: dict[str, int], employer_ids: dict[str, int], facility_ids: dict[str, int], result: SeedResult
) -> None:
    hr, clinic = user_ids["hr.demo"], user_ids["clinic.demo"]
    textile = employer_ids[DEMO_EMPLOYERS[0].unit_code]
    if not EmployerMembership.objects.filter(user_id=hr, employer_id=textile).exists():
        EmployerMembership.objects.create(user_id=hr, employer_id=textile, role=EmployerRole.OWNER)
        result.add("employer_memberships", 1)
    if not ClinicStaff.objects.filter(user_id=clinic).exists():
        ClinicStaff.objects.create(user_id=clinic, facility_id=facility_ids[DEMO_FACILITY.code])
        result.add("clinic_staff", 1)


def _totp_key_hex(secret_b32: str) -> str:
    return base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8)).hex()


def _ensure_totp_devices(user_ids: dict[str, int], result: SeedResult) -> None:
    """A confirmed authenticator-app device with the published demo secret, for accounts that have one.

    Skipped when the account already has any confirmed device: someone may have enrolled their own app.
    """
    for account in DEMO_ACCOUNTS:
        if not account.totp_secret:
            continue
        user_id = user_ids[account.username]
        if TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(
            user_id=user_id, name="Demo authenticator app", key=_totp_key_hex(account.totp_secret), confirmed=True
        )
        result.add("totp_devices", 1)


def _demo_totp_secrets(users: dict[str, User]) -> dict[str, str]:
    """username → demo secret, for demo accounts whose confirmed device still has that secret."""
    wanted = {a.username: a.totp_secret for a in DEMO_ACCOUNTS if a.totp_secret and a.username in users}
    keys = TOTPDevice.objects.filter(user__username__in=wanted, confirmed=True).values_list("user__username", "key")
    return {name: wanted[name] for name, key in keys if key == _totp_key_hex(wanted[name])}


# The day the demo centre set for the laid-off worker's monthly job-search notice is this many days after the
# seeding day, so the first job-search reminder (3 days ahead) is in the inbox whatever day the demo is seeded.
DEMO_JOB_SEARCH_NOTICE_IN_DAYS = 3


def _ensure_persona_benefits(as_of: datetime.date, result: SeedResult) -> None:
    """The voluntary contributor's payment enrolments and the laid-off worker's benefit award, once each.

    Both follow the person's records, not ``as_of``, so a database seeded before these rows existed gets the
    same story: she paid monthly over her voluntary months and switched to paying every 3 months from the
    month after the last one; he was awarded the benefit his records give (the calculator's months and amount)
    from the day after his job ended. A person who already has such a row is left alone.
    """
    from benefits.selectors import eligibility_for_participant

    people = {
        p.user.username: p
        for p in Participant.objects.filter(
            user__username__in=["citizen-voluntary", "citizen-laid-off"]
        ).select_related("user")
    }
    mai = people.get("citizen-voluntary")
    if mai is not None and not mai.voluntary_enrolments.exists():
        months = mai.contributions.filter(scheme=Scheme.VOLUNTARY).aggregate(first=Min("month"), last=Max("month"))
        if months["first"] is not None:
            switched = month_date(month_index(months["last"]) + 1)
            VoluntaryEnrolment.objects.bulk_create(
                [
                    VoluntaryEnrolment(
                        participant=mai,
                        cycle=VoluntaryEnrolment.Cycle.MONTHLY,
                        first_month=months["first"],
                        last_month=months["last"],
                    ),
                    VoluntaryEnrolment(
                        participant=mai, cycle=VoluntaryEnrolment.Cycle.EVERY_3_MONTHS, first_month=switched
                    ),
                ]
            )
            result.add("voluntary_enrolments", 2)
    tuan = people.get("citizen-laid-off")
    if tuan is not None and not tuan.unemployment_awards.exists():
        job = tuan.employments.filter(end_date__isnull=False).order_by("-end_date").first()
        if job is not None:
            # The timeline is compressed (the claim decided and paid from the day after the lay-off) so that the
            # award exists on any seeding day; the law gives the centre some working days for each step.
            start = job.end_date + datetime.timedelta(days=1)
            _facts, decisions, _answer = eligibility_for_participant(participant=tuan, as_of=start)
            benefit = decisions.unemployment
            if benefit is not None and benefit.eligible:
                UnemploymentAward.objects.create(
                    participant=tuan,
                    decided_on=start,
                    benefit_start=start,
                    benefit_months=benefit.benefit_months,
                    monthly_amount=benefit.monthly_benefit,
                    report_day=(as_of + datetime.timedelta(days=DEMO_JOB_SEARCH_NOTICE_IN_DAYS)).day,
                )
                result.add("unemployment_awards", 1)


def _chunks(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def demo_seed(
    *,
    participants: int = DEFAULT_PARTICIPANTS,
    seed: int = DEFAULT_SEED,
    as_of: datetime.date | None = None,
    chunk_size: int = CHUNK_SIZE,
    start: int = 0,
    with_personas: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Create the demo data that is missing; never update or delete anything.

    Writes employers, facilities, the demo accounts and personas, then generated participants
    `start`..`participants - 1` with their employments, monthly contribution records and current
    HI card, one transaction per chunk. Returns the number of rows created per table.
    """
    if not 0 <= start <= participants <= MAX_PARTICIPANTS:
        raise ValueError(f"participants must be between 0 and {MAX_PARTICIPANTS}")
    as_of = as_of or timezone.localdate()
    provinces = dict(Province.objects.values_list("code", "name"))
    if not provinces:
        raise RuntimeError("The Province table is empty: run `manage.py migrate` first.")
    result = SeedResult()
    cal = _Calendar(as_of)
    pools = _Pools(seed, provinces)
    with transaction.atomic():
        employer_ids = _ensure_employers([*DEMO_EMPLOYERS, *pools.employers], result)
        facility_ids = _ensure_facilities([DEMO_FACILITY, *pools.facilities], result)
        writer = _Writer(employer_ids, facility_ids, result)
        if with_personas:
            personas = persona_plans(as_of)
            user_ids = _ensure_accounts(personas, result)
            _ensure_staff_links(user_ids, employer_ids, facility_ids, result)
            _ensure_totp_devices(user_ids, result)
            writer.write(personas, user_ids)
            _ensure_persona_benefits(as_of, result)
    for chunk in _chunks(start, participants, chunk_size):
        heads = [participant_plan(seed, i, as_of, pools, cal, identity_only=True) for i in chunk]
        todo = {p.social_insurance_number for p in writer.missing(heads, count_collisions=True)}
        plans = [
            participant_plan(seed, i, as_of, pools, cal)
            for i, head in zip(chunk, heads, strict=True)
            if head.social_insurance_number in todo
        ]
        with transaction.atomic():
            writer.write(plans)
        if progress:
            progress(chunk.stop, participants)
    return result


def demo_login_list() -> list[dict[str, str]]:
    """The demo accounts that exist, as {role, username, password, persona}; citizens sign in with their ID number.

    An account with the demo authenticator app also has "totp_secret" (base32), to compute its sign-in codes.
    """
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).select_related("participant")
    }
    totp_secrets = _demo_totp_secrets(users)
    logins = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        username = account.username
        if account.role == Role.CITIZEN:
            participant = getattr(user, "participant", None)
            if participant is None:
                continue
            username = participant.national_id
        login = {
            "role": str(account.role),
            "username": username,
            "password": account.password,
            "persona": account.persona,
        }
        if account.username in totp_secrets:
            login["totp_secret"] = totp_secrets[account.username]
        logins.append(login)
    return logins


# --- Demo activity: a clinic visit and the reminders of the last weeks, so the inboxes are not empty ---

DEMO_BACKFILL_DAYS = 45


def demo_activity_seed(
    *, as_of: datetime.date | None = None, backfill_days: int = DEMO_BACKFILL_DAYS
) -> dict[str, int]:
    """Give the personas something in their inbox, idempotently.

    - The expecting mother was checked in at the demo clinic by the demo receptionist (once ever): the
      visit, its notice and the clinic's lookup appear on her pages.
    - The reminder sweep is run in-process for each of the last `backfill_days` days (as the operator's
      `run_reminder_sweep --on` would), so card, arrears and facility-window reminders that fell due in
      those weeks are in the ledger. The ledger's unique keys make a second run create nothing; the
      e-mails it queues are sent by the worker `make run` starts (into var/mail/).
    """
    from checkin.services import CheckinRefused, checkin_record
    from reminders.models import Reminder
    from reminders.sweep import ARREARS_SEND_DAY, pk_ranges, sweep_chunk_process, sweep_employer_chunk_process

    as_of = as_of or timezone.localdate()
    created = {"checkins": 0, "reminders": 0}
    mother = Participant.objects.filter(user__username="citizen-maternity").first()
    clinic = ClinicStaff.objects.select_related("user", "facility").filter(user__username="clinic.demo").first()
    if mother is not None and clinic is not None and not mother.checkins.exists():
        try:
            checkin_record(staff=clinic.user, facility=clinic.facility, national_id=mother.national_id)
            created["checkins"] = 1
        except CheckinRefused:
            pass  # her card is not valid on this as_of: no visit to show
    before = Reminder.objects.count()
    for offset in range(backfill_days, -1, -1):
        day = as_of - datetime.timedelta(days=offset)
        for lo, hi in pk_ranges(Participant, 2_000):
            sweep_chunk_process(lo=lo, hi=hi, on=day)
        if day.day == ARREARS_SEND_DAY:
            for lo, hi in pk_ranges(Employer, 2_000):
                sweep_employer_chunk_process(lo=lo, hi=hi, on=day)
    created["reminders"] = Reminder.objects.count() - before
    return created
