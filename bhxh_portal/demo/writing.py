"""Writing the records in bulk: employers, facilities, people with their jobs, cards and contributions."""

from __future__ import annotations

import datetime
import io
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from benefits.models import UnemploymentAward
from checkin.models import CheckIn, ClinicStaff, MisuseCase
from employers.models import EmployerMembership
from participants.models import (
    CarerGrant,
    ContributionRecord,
    Employer,
    Employment,
    FamilyLink,
    HealthInsuranceCard,
    Household,
    HouseholdMember,
    MedicalFacility,
    OfficerProvince,
    Participant,
    Province,
    VoluntaryEnrolment,
)

from .plans import EmployerPlan, FacilityPlan, PersonPlan

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
    ("households", Household),
    ("household_members", HouseholdMember),
    ("family_links", FamilyLink),
    ("carer_grants", CarerGrant),
    ("groups", Group),
    ("officer_provinces", OfficerProvince),
    ("checkins", CheckIn),
    ("misuse_cases", MisuseCase),
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
