"""Every invariant is enforced twice: full_clean() reports it as a field error, and the database
refuses it even when code bypasses validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants import services
from participants.models import ContributionRecord, Employment, HealthInsuranceCard, Participant, VoluntaryEnrolment
from reminders.rules import PaymentCycle
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    FacilityFactory,
    ParticipantFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def assert_db_refuses(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_factories_build_valid_objects():
    for obj in (
        ParticipantFactory(),
        EmployerFactory(),
        FacilityFactory(),
        EmploymentFactory(),
        ContributionFactory(),
        CardFactory(),
    ):
        obj.full_clean()


def test_participant_full_clean_reports_each_bad_identifier():
    p = ParticipantFactory.build(
        social_insurance_number="12345", national_id="12345", phone="12", birth_date=datetime.date(1850, 1, 1)
    )
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert set(err.value.message_dict) >= {"social_insurance_number", "national_id", "phone", "birth_date"}


def test_participant_national_id_must_match_birth_and_sex():
    p = ParticipantFactory.build(birth_date=datetime.date(1990, 4, 12), sex="female", national_id="001090000001")
    with pytest.raises(ValidationError) as err:
        p.full_clean()
    assert [e.code for e in err.value.error_dict["__all__"]] == ["national_id_mismatch"]
    p.sex = "male"
    p.full_clean()


def test_participant_identifiers_unique():
    a = ParticipantFactory()
    dup = ParticipantFactory.build(social_insurance_number=a.social_insurance_number)
    with pytest.raises(ValidationError) as err:
        dup.full_clean()
    assert "social_insurance_number" in err.value.message_dict
    assert_db_refuses(lambda: ParticipantFactory(national_id=a.national_id))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("social_insurance_number", "12345"),
        ("national_id", "12345678901x"),
        ("birth_date", datetime.date(1899, 12, 31)),
        ("sex", "other"),
    ],
)
def test_participant_db_constraints(field, value):
    valid_otherwise = {"national_id": "001099000777", field: value}
    assert_db_refuses(lambda: ParticipantFactory(**valid_otherwise))
    assert Participant.objects.count() == 0


def test_participant_links_to_at_most_one_user():
    from tests.factories import UserFactory

    user = UserFactory()
    ParticipantFactory(user=user)
    assert_db_refuses(lambda: ParticipantFactory(user=user))


def test_employment_end_before_start_refused():
    e = EmploymentFactory.build(start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 4, 30))
    e.participant.save()
    e.employer.save()
    with pytest.raises(ValidationError) as err:
        e.full_clean()
    assert "end_date" in err.value.message_dict
    assert_db_refuses(e.save)
    assert Employment.objects.count() == 0


def test_one_open_employment_per_employer_and_participant():
    first = EmploymentFactory()
    second = Employment(
        participant=first.participant,
        employer=first.employer,
        start_date=datetime.date(2025, 1, 1),
        contract_kind="indefinite",
    )
    with pytest.raises(ValidationError):
        second.full_clean()
    assert_db_refuses(second.save)
    # With another employer it is fine (a person may hold two jobs).
    other = Employment(
        participant=first.participant,
        employer=EmployerFactory(),
        start_date=datetime.date(2025, 1, 1),
        contract_kind="indefinite",
    )
    other.full_clean()
    other.save()


def test_overlapping_closed_employments_with_same_employer_refused():
    first = EmploymentFactory(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2022, 12, 31))
    overlap = Employment(
        participant=first.participant,
        employer=first.employer,
        start_date=datetime.date(2022, 6, 1),
        end_date=datetime.date(2023, 6, 1),
        contract_kind="fixed_term",
    )
    with pytest.raises(ValidationError) as err:
        overlap.full_clean()
    assert err.value.error_dict["__all__"][0].code == "employment_overlap"
    after = Employment(
        participant=first.participant,
        employer=first.employer,
        start_date=datetime.date(2023, 1, 1),
        contract_kind="fixed_term",
    )
    after.full_clean()


@pytest.mark.parametrize(
    "field",
    [
        "salary_basis",
        "retirement_amount",
        "sickness_maternity_amount",
        "occupational_amount",
        "health_amount",
        "unemployment_amount",
        "employee_share",
    ],
)
def test_contribution_amounts_non_negative(field):
    c = ContributionFactory.build(**{field: -1})
    c.participant.save()
    c.employer.save()
    with pytest.raises(ValidationError) as err:
        c.full_clean()
    assert field in err.value.message_dict
    assert_db_refuses(c.save)
    assert ContributionRecord.objects.count() == 0


def test_contribution_unique_per_participant_month_payer_scheme():
    c = ContributionFactory()
    dup = ContributionFactory.build(participant=c.participant, employer=c.employer, month=c.month)
    with pytest.raises(ValidationError):
        dup.full_clean()
    assert_db_refuses(dup.save)
    # Same month with a second employer is a different payer: allowed.
    ContributionFactory(participant=c.participant, month=c.month)


def test_self_paid_contribution_unique_without_employer():
    c = ContributionFactory(voluntary=True)
    dup = ContributionRecord(
        participant=c.participant, month=c.month, scheme="voluntary", salary_basis=1, status="paid"
    )
    with pytest.raises(ValidationError):
        dup.full_clean()
    assert_db_refuses(dup.save)


def test_contribution_month_must_be_first_day():
    c = ContributionFactory.build(month=datetime.date(2026, 1, 15))
    c.participant.save()
    c.employer.save()
    with pytest.raises(ValidationError) as err:
        c.full_clean()
    assert "month" in err.value.message_dict
    assert_db_refuses(c.save)


def test_compulsory_needs_employer_and_voluntary_has_none():
    c = ContributionFactory.build(employer=None)
    c.participant.save()
    with pytest.raises(ValidationError) as err:
        c.full_clean()
    assert "employer" in err.value.message_dict
    assert_db_refuses(c.save)
    v = ContributionFactory.build(scheme="voluntary")
    v.participant.save()
    v.employer.save()
    with pytest.raises(ValidationError):
        v.full_clean()
    assert_db_refuses(v.save)


def test_employee_share_cannot_exceed_total():
    c = ContributionFactory.build(employee_share=10_000_000)
    c.participant.save()
    c.employer.save()
    with pytest.raises(ValidationError) as err:
        c.full_clean()
    assert "employee_share" in err.value.message_dict
    assert_db_refuses(c.save)


def test_contribution_totals():
    c = ContributionFactory()
    assert c.total_amount == 3_200_000
    assert c.employer_share == 2_150_000


def test_card_validity_order_and_benefit_level():
    bad = CardFactory.build(valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2025, 12, 31))
    bad.participant.save()
    bad.facility.save()
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "valid_to" in err.value.message_dict
    assert_db_refuses(bad.save)
    level = CardFactory.build(benefit_level=6)
    level.participant.save()
    level.facility.save()
    with pytest.raises(ValidationError):
        level.full_clean()
    assert_db_refuses(level.save)
    assert HealthInsuranceCard.objects.count() == 0


def test_card_benefit_percent():
    assert [CardFactory.build(benefit_level=n).benefit_percent for n in (1, 2, 3, 4, 5)] == [100, 100, 95, 80, 100]


def test_one_current_card_per_participant_and_reissue_keeps_history():
    card = CardFactory()
    assert_db_refuses(lambda: CardFactory(participant=card.participant))
    new_facility = FacilityFactory()
    successor = services.card_reissue(
        card=card, valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 12, 31), facility=new_facility
    )
    card.refresh_from_db()
    assert card.replaced_at is not None
    assert successor.replaced_at is None
    assert successor.facility == new_facility
    assert successor.card_number == card.card_number
    assert list(card.participant.cards.order_by("valid_from").values_list("pk", flat=True)) == [card.pk, successor.pk]


def test_card_reissue_with_bad_dates_changes_nothing():
    card = CardFactory()
    with pytest.raises(ValidationError):
        services.card_reissue(card=card, valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2026, 1, 1))
    card.refresh_from_db()
    assert card.replaced_at is None
    assert HealthInsuranceCard.objects.count() == 1


def test_card_reissue_refuses_a_replaced_card():
    card = CardFactory()
    services.card_reissue(card=card, valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 12, 31))
    card.refresh_from_db()
    with pytest.raises(ValidationError):
        services.card_reissue(card=card, valid_from=datetime.date(2028, 1, 1), valid_to=datetime.date(2028, 12, 31))
    assert HealthInsuranceCard.objects.count() == 2


def test_provinces_loaded():
    from participants.models import Province

    assert Province.objects.count() == 34
    assert Province.objects.get(code="79").name == "Thành phố Hồ Chí Minh"
    assert Province.objects.filter(kind="city").count() == 6


# --- Voluntary enrolments ------------------------------------------------------------------------------------


def _enrolment(participant=None, **overrides):
    values = {"cycle": VoluntaryEnrolment.Cycle.EVERY_3_MONTHS, "first_month": datetime.date(2026, 10, 1)}
    values.update(overrides)
    return VoluntaryEnrolment(participant=participant or ParticipantFactory(), **values)


def test_voluntary_enrolment_cycles_are_the_reminder_rules_cycles():
    assert sorted(VoluntaryEnrolment.Cycle.values) == sorted(int(c) for c in PaymentCycle) == [1, 3, 6, 12]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cycle": 2}, "cycle"),
        ({"first_month": datetime.date(2026, 10, 5)}, "first_month"),
        ({"last_month": datetime.date(2026, 12, 31)}, "last_month"),
        ({"last_month": datetime.date(2026, 9, 1)}, "last_month"),  # before the first month
    ],
)
def test_voluntary_enrolment_full_clean_reports_the_field(overrides, field):
    with pytest.raises(ValidationError) as err:
        _enrolment(**overrides).full_clean()
    assert field in err.value.message_dict


@pytest.mark.parametrize(
    "overrides",
    [
        {"cycle": 2},
        {"first_month": datetime.date(2026, 10, 5)},
        {"last_month": datetime.date(2026, 12, 31)},
        {"last_month": datetime.date(2026, 9, 1)},
    ],
)
def test_voluntary_enrolment_database_refuses_what_full_clean_refuses(overrides):
    assert_db_refuses(lambda: _enrolment(**overrides).save())


def test_voluntary_enrolment_at_most_one_open_per_person_and_no_overlap():
    person = ParticipantFactory()
    _enrolment(person, cycle=1, first_month=datetime.date(2025, 1, 1), last_month=datetime.date(2026, 9, 1)).save()
    _enrolment(person).save()  # from 10/2026, open
    assert_db_refuses(lambda: _enrolment(person, first_month=datetime.date(2027, 1, 1)).save())

    second_open = _enrolment(person, first_month=datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError):
        second_open.full_clean()
    overlapping = _enrolment(person, first_month=datetime.date(2026, 6, 1), last_month=datetime.date(2026, 9, 1))
    with pytest.raises(ValidationError) as err:
        overlapping.full_clean()
    assert [e.code for e in err.value.error_dict["__all__"]] == ["voluntary_enrolment_overlap"]
    # Another person, and a closed period before both, are fine.
    _enrolment().full_clean()
    _enrolment(person, first_month=datetime.date(2024, 1, 1), last_month=datetime.date(2024, 12, 1)).full_clean()
