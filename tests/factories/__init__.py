"""factory_boy factories with Vietnamese data; every object they build passes full_clean()."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts import models as account_models
from checkin import models as checkin_models
from participants import models
from participants.enums import ContractKind, ContributionStatus, FacilityLevel, Region, Role, Scheme, Sex
from participants.validators import national_id_century_sex_digit

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương"]


def province(code: str = "01") -> models.Province:
    """A province loaded by the data migration."""
    return models.Province.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = account_models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", "mật-khẩu-thử-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = models.Participant

    full_name = factory.Sequence(lambda n: f"{FAMILY[n % len(FAMILY)]} Văn {GIVEN[n % len(GIVEN)]}")
    birth_date = datetime.date(1990, 4, 12)
    sex = Sex.MALE
    province = factory.LazyFunction(province)
    social_insurance_number = factory.Sequence(lambda n: f"01{n:08d}")
    national_id = factory.LazyAttributeSequence(
        lambda o, n: f"001{national_id_century_sex_digit(o.birth_date, o.sex)}{o.birth_date.year % 100:02d}{n:06d}"
    )
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = models.MedicalFacility

    code = factory.Sequence(lambda n: f"{1000 + n:05d}")
    name = factory.Sequence(lambda n: f"Trạm Y tế phường số {n}")
    level = FacilityLevel.PRIMARY
    province = factory.LazyFunction(province)


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = models.Employer

    unit_code = factory.Sequence(lambda n: f"{100000000 + n:010d}DNA03")
    name = factory.Sequence(lambda n: f"Công ty TNHH Sao Việt {n}")
    tax_code = factory.Sequence(lambda n: f"{300000000 + n:010d}")
    region = Region.I
    province = factory.LazyFunction(province)


class EmploymentFactory(DjangoModelFactory):
    class Meta:
        model = models.Employment

    participant = factory.SubFactory(ParticipantFactory)
    employer = factory.SubFactory(EmployerFactory)
    start_date = datetime.date(2020, 1, 1)
    end_date = None
    job_title = "Kế toán"
    contract_kind = ContractKind.INDEFINITE


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = models.ContributionRecord

    participant = factory.SubFactory(ParticipantFactory)
    month = datetime.date(2026, 1, 1)
    employer = factory.SubFactory(EmployerFactory)
    scheme = Scheme.COMPULSORY
    salary_basis = 10_000_000
    retirement_amount = 2_200_000
    sickness_maternity_amount = 300_000
    occupational_amount = 50_000
    health_amount = 450_000
    unemployment_amount = 200_000
    employee_share = 1_050_000
    status = ContributionStatus.PAID
    paid_on = datetime.date(2026, 2, 20)

    class Params:
        # A voluntary social-insurance month: no employer, the retirement fund only, all paid by the person.
        voluntary = factory.Trait(
            scheme=Scheme.VOLUNTARY,
            employer=None,
            salary_basis=1_500_000,
            retirement_amount=330_000,
            sickness_maternity_amount=0,
            occupational_amount=0,
            health_amount=0,
            unemployment_amount=0,
            employee_share=330_000,
        )


class CardFactory(DjangoModelFactory):
    class Meta:
        model = models.HealthInsuranceCard

    participant = factory.SubFactory(ParticipantFactory)
    card_number = factory.LazyAttribute(lambda o: o.participant.social_insurance_number)
    object_group = "DN"
    benefit_level = 4
    valid_from = datetime.date(2026, 1, 1)
    valid_to = datetime.date(2026, 12, 31)
    facility = factory.SubFactory(FacilityFactory)
    issued_on = datetime.date(2025, 12, 20)


class ClinicStaffFactory(DjangoModelFactory):
    """A receptionist (role clinic) at a facility."""

    class Meta:
        model = checkin_models.ClinicStaff

    user = factory.SubFactory(UserFactory, role="clinic")
    facility = factory.SubFactory(FacilityFactory)
