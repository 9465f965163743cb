import pytest
from django.contrib import admin
from django.urls import reverse

from participants.models import Participant
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
    province,
)
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="admin.tester", role="admin", is_staff=True, is_superuser=True)
    sign_in_verified(client, user)
    return client


def test_every_registered_model_has_working_list_and_add_pages(admin_client):
    ContributionFactory()
    CardFactory()
    EmploymentFactory()
    for model in admin.site._registry:
        opts = model._meta
        changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code in (200, 403), opts.label


def test_participant_change_page_shows_inlines(admin_client):
    card = CardFactory()
    ContributionFactory(participant=card.participant)
    EmploymentFactory(participant=card.participant)
    page = admin_client.get(reverse("admin:participants_participant_change", args=[card.participant.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert card.card_number in body
    assert "Công ty TNHH Sao Việt" in body


@pytest.mark.parametrize("field", ["national_id", "social_insurance_number"])
def test_participant_search_by_identifier(admin_client, field):
    target = ParticipantFactory()
    ParticipantFactory()
    page = admin_client.get(reverse("admin:participants_participant_changelist"), {"q": getattr(target, field)})
    assert page.context["cl"].result_count == 1
    assert list(page.context["cl"].result_list) == [target]


def test_participant_search_by_name_with_diacritics(admin_client):
    target = ParticipantFactory(full_name="Đặng Thị Hạnh")
    ParticipantFactory(full_name="Nguyễn Văn An")
    page = admin_client.get(reverse("admin:participants_participant_changelist"), {"q": "Hạnh"})
    assert list(page.context["cl"].result_list) == [target]


def add_participant_form(**overrides):
    data = {
        "full_name": "Trần Thị Mai",
        "birth_date": "12/04/1990",
        "sex": "female",
        "province": province("79").pk,
        "social_insurance_number": "7901234567",
        "national_id": "079190654321",
        "phone": "0912345678",
        "email": "mai@example.vn",
        "preferred_language": "vi",
    }
    for prefix in ("cards", "employments", "contributions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_admin_adds_a_valid_participant(admin_client):
    response = admin_client.post(reverse("admin:participants_participant_add"), add_participant_form())
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Participant.objects.get().full_name == "Trần Thị Mai"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"social_insurance_number": "79012"}, "social_insurance_number", "Mã số BHXH gồm đúng 10 chữ số."),
        ({"national_id": "079190"}, "national_id", "Số định danh cá nhân gồm đúng 12 chữ số."),
        ({"birth_date": "31/02/1990"}, "birth_date", None),
        ({"birth_date": "01/01/2099"}, "birth_date", None),
        ({"phone": "12345"}, "phone", None),
    ],
)
def test_admin_rejects_bad_participant_and_saves_nothing(admin_client, overrides, field, message):
    response = admin_client.post(reverse("admin:participants_participant_add"), add_participant_form(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert Participant.objects.count() == 0


def test_admin_rejects_id_number_that_contradicts_birth_date(admin_client):
    response = admin_client.post(
        reverse("admin:participants_participant_add"), add_participant_form(national_id="079090654321")
    )
    assert response.status_code == 200
    assert "national_id_mismatch" in [e.code for e in response.context["adminform"].form.errors.as_data()["__all__"]]
    assert Participant.objects.count() == 0


def test_participant_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    ParticipantFactory()
    url = reverse("admin:participants_participant_changelist")
    with django_assert_max_num_queries(12) as one:
        admin_client.get(url)
    ParticipantFactory.create_batch(60)
    with django_assert_max_num_queries(12) as many:
        admin_client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def inline_rows(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_admin_refuses_two_open_employments_with_one_employer_in_one_submission(admin_client):
    from participants.models import Employment
    from tests.factories import EmployerFactory

    employer = EmployerFactory()
    row = {"employer": employer.pk, "start_date": "01/01/2024", "contract_kind": "indefinite"}
    data = add_participant_form(**inline_rows("employments", [row, {**row, "start_date": "01/06/2025"}]))
    response = admin_client.post(reverse("admin:participants_participant_add"), data)
    assert response.status_code == 200
    assert "Quá trình làm việc này trùng thời gian" in response.content.decode()
    assert Participant.objects.count() == 0
    assert Employment.objects.count() == 0


def test_admin_refuses_two_current_cards_in_one_submission(admin_client):
    from tests.factories import FacilityFactory

    facility = FacilityFactory()
    row = {
        "card_number": "7901234567",
        "object_group": "DN",
        "benefit_level": "4",
        "valid_from": "01/01/2026",
        "valid_to": "31/12/2026",
        "facility": facility.pk,
        "issued_on": "20/12/2025",
    }
    data = add_participant_form(**inline_rows("cards", [row, {**row, "valid_from": "01/02/2026"}]))
    response = admin_client.post(reverse("admin:participants_participant_add"), data)
    assert response.status_code == 200
    assert "Người này đã có thẻ hiện hành" in response.content.decode()
    assert Participant.objects.count() == 0


def test_admin_refuses_duplicate_contribution_rows_in_one_submission(admin_client):
    from tests.factories import EmployerFactory

    employer = EmployerFactory()
    row = {
        "month": "01/03/2026",
        "scheme": "compulsory",
        "employer": employer.pk,
        "salary_basis": "10000000",
        "status": "unpaid",
    }
    data = add_participant_form(**inline_rows("contributions", [row, row]))
    response = admin_client.post(reverse("admin:participants_participant_add"), data)
    assert response.status_code == 200
    assert "Đã có bản ghi cho người này" in response.content.decode()
    assert Participant.objects.count() == 0
