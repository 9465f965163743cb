"""Demo data: employers, facilities, participants with whole careers, and named demo personas.

Everything here is generated from `(seed, participant index, as_of)` alone: participant i is the
same person whatever N is, so a larger N only adds people, and a second run with the same
arguments finds every key already present and writes nothing. Rows are written in bulk, one
transaction per chunk of participants, so an interrupted run never leaves a person half-written
(which is what lets "the participant exists" stand for "the whole history exists").

Nothing in this module is a rule of law: the policy figures (base salary, minimum wages, rates, floors and
ceilings) come from benefits/data/policy_parameters.json, the same effective-dated rows the benefit rules
use. Where the data has no row for an early month, the demo falls back as documented at each lookup.

The package, one module per group (docs/architecture.md, "Demo data"): `months` (the policy figures of a month),
`names` and `plans` (what to write, as plain data), `people` (generated participants), `personas` (the named
demo people and sign-ins), `writing` (bulk writes of the records), `signins` (accounts, staff links, the HR,
clinic and admin accounts' TOTP apps), `awards` (benefit records), `activity` (a clinic visit and the reminders of
the last weeks), `coverage` (demo-scale denominators and the coverage snapshots of the 13 months before this one),
and `seed` (the entry points).
"""

from .activity import DEMO_BACKFILL_DAYS, demo_activity_seed
from .coverage import demo_coverage_seed
from .months import (
    CHUNK_SIZE,
    DEFAULT_PARTICIPANTS,
    DEFAULT_SEED,
    MAX_PARTICIPANTS,
    CompulsoryRates,
    _policy,
    base_salary,
    compulsory_amounts,
    month_index,
    regional_minimum,
    round_to,
    salary_ceiling,
    voluntary_income_floor,
)
from .names import FAMILY_NAMES
from .personas import (
    ADMIN_PASSWORD,
    ADMIN_TOTP_SECRET,
    CITIZEN_PASSWORD,
    CLINIC_PASSWORD,
    CLINIC_TOTP_SECRET,
    DEMO_ACCOUNTS,
    EMPLOYER_PASSWORD,
    EMPLOYER_TOTP_SECRET,
)
from .plans import employer_plans, facility_plans
from .seed import demo_login_list, demo_seed
from .writing import TABLES, SeedResult, _ensure_employers, _ensure_facilities, _public_ids

__all__ = [
    "ADMIN_PASSWORD",
    "ADMIN_TOTP_SECRET",
    "CHUNK_SIZE",
    "CITIZEN_PASSWORD",
    "CLINIC_PASSWORD",
    "CLINIC_TOTP_SECRET",
    "DEFAULT_PARTICIPANTS",
    "DEFAULT_SEED",
    "DEMO_ACCOUNTS",
    "DEMO_BACKFILL_DAYS",
    "EMPLOYER_PASSWORD",
    "EMPLOYER_TOTP_SECRET",
    "FAMILY_NAMES",
    "MAX_PARTICIPANTS",
    "TABLES",
    "CompulsoryRates",
    "SeedResult",
    "_ensure_employers",
    "_ensure_facilities",
    "_policy",
    "_public_ids",
    "base_salary",
    "compulsory_amounts",
    "demo_activity_seed",
    "demo_coverage_seed",
    "demo_login_list",
    "demo_seed",
    "employer_plans",
    "facility_plans",
    "month_index",
    "regional_minimum",
    "round_to",
    "salary_ceiling",
    "voluntary_income_floor",
]
