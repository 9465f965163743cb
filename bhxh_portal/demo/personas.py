"""Named personas: a real situation each (expecting mother, near retirement, laid off, ...), and a sign-in."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from participants.enums import ContractKind, FacilityLevel, ObjectGroup, Role, Scheme, Sex
from participants.validators import national_id_century_sex_digit

from .months import _add_years, _Calendar, month_date, month_end, month_index, retirement_month
from .people import _anniversary_card, _Career, _five_year_date
from .plans import CardPlan, EmployerPlan, FacilityPlan, PersonPlan

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
# The clinic and admin accounts sign in in two steps too (every staff and clinic account does).
CLINIC_TOTP_SECRET = "MJUHQ2BNMRSW23ZNMNWGS3TJMMXHIMRW"  # noqa: S105 - base32 of b"bhxh-demo-clinic.t26"
ADMIN_TOTP_SECRET = "MJUHQ2BNMRSW23ZNMFSG22LOFYZDAMRW"  # noqa: S105 - base32 of b"bhxh-demo-admin.2026"
OFFICER_PASSWORD = "demo-Officer-2026!"  # noqa: S105
OFFICER_TOTP_SECRET = "MJUHQ2BNMRSW23ZNN5TGM2LDMVZC4MRW"  # noqa: S105 - base32 of b"bhxh-demo-officer.26"

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
    provinces: tuple[
        str, ...
    ] = ()  # an admin account limited to these provinces (a provincial officer, not a superuser)


DEMO_ACCOUNTS = [
    DemoAccount(Role.CITIZEN, "citizen-maternity", CITIZEN_PASSWORD, "Trần Thị Thu Hà, about 30, expecting a child; 4 years of continuous compulsory SI"),
    DemoAccount(Role.CITIZEN, "citizen-retiring", CITIZEN_PASSWORD, "Phạm Văn Hùng, reaches retirement age in a few months; about 30 years of contributions; shares his card and visits with Lê Minh Tuấn"),
    DemoAccount(Role.CITIZEN, "citizen-laid-off", CITIZEN_PASSWORD, "Lê Minh Tuấn, laid off last month after 3 years on an indefinite contract; sees Phạm Văn Hùng's card, which he shares"),
    DemoAccount(Role.CITIZEN, "citizen-voluntary", CITIZEN_PASSWORD, "Hoàng Thị Mai, voluntary contributor; household HI card (with her husband) expires within 30 days; sees her son's card under Family"),
    DemoAccount(Role.CITIZEN, "citizen-arrears", CITIZEN_PASSWORD, "Đặng Quốc Dũng, employee whose employer has not paid the last 3 months"),
    DemoAccount(Role.EMPLOYER, "hr.demo", EMPLOYER_PASSWORD, "HR owner of Công ty TNHH Dệt may Sông Hồng (employs the first three citizens)", EMPLOYER_TOTP_SECRET),
    DemoAccount(Role.CLINIC, "clinic.demo", CLINIC_PASSWORD, "Receptionist at Trạm Y tế phường Ba Đình (01990), where the citizens are registered", CLINIC_TOTP_SECRET),
    DemoAccount(Role.ADMIN, "admin", ADMIN_PASSWORD, "Administrator (staff and superuser)", ADMIN_TOTP_SECRET),
    DemoAccount(Role.ADMIN, "officer.hanoi", OFFICER_PASSWORD, "Provincial officer of Thành phố Hà Nội: the admin and its dashboard show only Hà Nội's people, employers, facilities and figures", OFFICER_TOTP_SECRET, ("01",)),
]  # fmt: skip


def persona_social_insurance_number(k: int) -> str:
    """Reserved identifiers: SI suffix 999999xx and ID random part 9999xx never occur in generated data."""
    return f"01{99_999_900 + k:08d}"


def _persona(k: int, name: str, sex: str, birth: datetime.date, username: str) -> PersonPlan:
    return PersonPlan(
        social_insurance_number=persona_social_insurance_number(k),
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
    """The five citizen personas and Mai's husband and son (no accounts), anchored on as_of (their situations
    are relative to it)."""
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

    # Mai's family, without accounts (issue 14): her husband pays health insurance in her household, after her on
    # the list; their son of 5 has the free card of a child under 6, valid until the day before he turns 6.
    mai = plans[3]
    rng = random.Random("persona:household")
    p = _persona(6, "Nguyễn Văn Bình", Sex.MALE, datetime.date(as_of.year - 48, 11, 2), "")
    p.username, p.email = None, ""
    c = _Career(rng, cal, p, 1_200)
    c.health_only(month_index(mai.card.valid_from), last, Scheme.HOUSEHOLD_HI, mai.card.issued_on, household_position=2)
    card(p, ObjectGroup.GD, mai.card.valid_from, mai.card.valid_to)
    p.card.issued_on = mai.card.issued_on
    plans.append(p)

    son_birth = datetime.date(as_of.year - 5, 3, 14)
    p = _persona(7, "Nguyễn Hoàng Nam", Sex.MALE, son_birth, "")
    p.username, p.email, p.phone = None, "", ""
    card(p, ObjectGroup.TE, son_birth, _add_years(son_birth, 6) - datetime.timedelta(days=1))
    p.card.benefit_level = 1  # 100 %: children under 6 (HI Law Art. 22(1)(a))
    plans.append(p)
    return plans
