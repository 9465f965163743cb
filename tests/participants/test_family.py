"""Family links: a parent links a child under 16, sees the card and check-in code once an officer confirms; every
look is in the child's access log; nothing tells a stranger whether an ID number exists; no IDOR."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participants import selectors, services
from participants.models import CarerGrant, FamilyLink, PersonalDataAccess
from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TODAY = datetime.date(2026, 11, 25)
NEUTRAL = "Nếu thông tin khớp với một trẻ dưới 16 tuổi trong hồ sơ"


@pytest.fixture
def parent(client):
    person = ParticipantFactory(full_name="Trần Thị Mai", user=UserFactory(username="parent-mai"))
    client.force_login(person.user)
    return person


def child_of(birth=datetime.date(2018, 6, 1), **kwargs):
    return ParticipantFactory(full_name="Trần Minh An", birth_date=birth, **kwargs)


def confirmed(parent, child):
    link = FamilyLink.objects.create(parent=parent, child=child)
    officer = UserFactory(username=f"officer-{uuid.uuid4().hex[:6]}", is_staff=True)
    return services.family_link_decide(link=link, officer=officer, confirm=True)


def test_a_request_with_matching_details_waits_for_an_officer(client, parent):
    child = child_of()
    response = client.post(reverse("family"), {"national_id": child.national_id, "birth_date": "2018-06-01"})
    assert response.status_code == 302
    link = FamilyLink.objects.get()
    assert (link.parent, link.child, link.status) == (parent, child, FamilyLink.Status.PENDING)
    page = client.get(reverse("family")).content.decode()
    assert NEUTRAL in page
    assert "Trần Minh An" not in page  # pending: not shown, so the page tells nothing yet


@pytest.mark.parametrize(
    "case",
    ["unknown number", "wrong birth date", "sixteen already", "the parent's own number"],
)
def test_a_stranger_or_wrong_detail_links_nothing_and_answers_the_same(client, parent, case):
    child = child_of()
    adult = child_of(birth=datetime.date(2010, 11, 25))  # 16 on 25/11/2026
    number, birth = {
        "unknown number": ("001218999999", "2018-06-01"),
        "wrong birth date": (child.national_id, "2018-06-02"),
        "sixteen already": (adult.national_id, "2010-11-25"),
        "the parent's own number": (parent.national_id, parent.birth_date.isoformat()),
    }[case]
    matching = client.post(reverse("family"), {"national_id": child.national_id, "birth_date": "2018-06-01"})
    FamilyLink.objects.all().delete()
    response = client.post(reverse("family"), {"national_id": number, "birth_date": birth})
    assert FamilyLink.objects.count() == 0
    assert (response.status_code, response["Location"]) == (matching.status_code, matching["Location"])
    assert NEUTRAL in client.get(reverse("family")).content.decode()


def test_asking_twice_keeps_one_link(parent):
    child = child_of()
    for _ in range(2):
        services.family_link_request(
            parent=parent, national_id=child.national_id, birth_date=child.birth_date, today=TODAY
        )
    assert FamilyLink.objects.count() == 1


def test_a_badly_typed_number_is_a_field_error(client, parent):
    body = client.post(reverse("family"), {"national_id": "12", "birth_date": "2018-06-01"}).content.decode()
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in body or "12" in body
    assert FamilyLink.objects.count() == 0


def test_confirmed_child_card_and_qr_are_logged_in_the_childs_access_log(client, parent):
    child = child_of()
    CardFactory(participant=child, object_group="TE", valid_to=timezone.localdate() + datetime.timedelta(days=200))
    link = confirmed(parent, child)
    listing = client.get(reverse("family")).content.decode()
    assert "Trần Minh An" in listing and str(link.public_id) in listing
    card = client.get(reverse("family-child", args=[link.public_id])).content.decode()
    assert child.social_insurance_number in card
    qr = client.get(reverse("family-checkin", args=[link.public_id])).content.decode()
    assert 'class="qr"' in qr
    accesses = PersonalDataAccess.objects.filter(participant=child)
    assert accesses.count() == 2
    assert set(accesses.values_list("user", "purpose")) == {(parent.user.pk, "parent_view")}
    # The child, signed in, reads it in "who looked at my data".
    child.user = UserFactory(username="child-an")
    child.save()
    client.force_login(child.user)
    log = client.get(reverse("profile-access-log")).content.decode()
    assert "Cha hoặc mẹ của bạn" in log or "Your parent" in log


@pytest.mark.parametrize("status", [FamilyLink.Status.PENDING, FamilyLink.Status.REJECTED])
def test_an_undecided_or_rejected_link_shows_nothing(client, parent, status):
    link = FamilyLink.objects.create(parent=parent, child=child_of(), status=status)
    for name in ("family-child", "family-checkin"):
        assert client.get(reverse(name, args=[link.public_id])).status_code == 404
    assert PersonalDataAccess.objects.count() == 0


def test_another_parents_link_is_404_like_an_unknown_id(client, parent):
    other_parent = ParticipantFactory(full_name="Lê Văn Hùng")
    link = confirmed(other_parent, child_of())
    for name in ("family-child", "family-checkin"):
        assert client.get(reverse(name, args=[link.public_id])).status_code == 404
        assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404
    assert PersonalDataAccess.objects.count() == 0


def test_the_link_ends_at_sixteen(parent):
    link = confirmed(parent, child_of(birth=datetime.date(2010, 11, 26)))
    assert selectors.family_child_get(parent=parent, public_id=link.public_id, today=TODAY) is not None
    after = TODAY + datetime.timedelta(days=1)
    assert selectors.family_child_get(parent=parent, public_id=link.public_id, today=after) is None
    assert selectors.family_children_list(parent=parent, today=after) == []


def test_the_sixteenth_birthday_ends_it_and_29_february_counts_from_1_march():
    assert not selectors.is_child_on(datetime.date(2012, 2, 29), datetime.date(2028, 2, 29))
    assert selectors.is_child_on(datetime.date(2011, 2, 28), datetime.date(2027, 2, 27))
    # 2100 is no leap year: a child born on 29/02/2084 turns 16 on 01/03/2100.
    assert selectors.is_child_on(datetime.date(2084, 2, 29), datetime.date(2100, 2, 28))
    assert not selectors.is_child_on(datetime.date(2084, 2, 29), datetime.date(2100, 3, 1))


def test_an_officer_decides_once(parent):
    link = FamilyLink.objects.create(parent=parent, child=child_of())
    officer = UserFactory(username="officer", is_staff=True)
    services.family_link_decide(link=link, officer=officer, confirm=False)
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (FamilyLink.Status.REJECTED, officer)
    with pytest.raises(ValidationError):
        services.family_link_decide(link=link, officer=officer, confirm=True)


@pytest.mark.parametrize("children", [1, 4])
def test_the_list_reads_in_a_fixed_number_of_queries(parent, django_assert_num_queries, children):
    for n in range(children):
        child = child_of(birth=datetime.date(2015, 1, 1 + n))
        CardFactory(participant=child)
        confirmed(parent, child)
    with django_assert_num_queries(2):
        links = selectors.family_children_list(parent=parent, today=TODAY)
        assert [len(link.child.current_cards) for link in links] == [1] * children


def test_anonymous_and_staff_get_nothing(client):
    assert client.get(reverse("family")).status_code == 302  # to sign in
    client.force_login(UserFactory(username="clinic-user", role="clinic"))
    assert client.get(reverse("family")).status_code == 404


# --- carers: an adult shares their card and visits, read-only ----------------------------------------------


@pytest.fixture
def carer():
    return ParticipantFactory(full_name="Phạm Văn Bình", user=UserFactory(username="carer-binh"))


def share(client, person):
    return client.post(
        reverse("carer-share"),
        {"share-national_id": person.national_id, "share-birth_date": person.birth_date.isoformat()},
    )


def test_an_adult_shares_and_revokes_and_the_carer_reads_card_and_visits(client, parent, carer):
    CardFactory(participant=parent, valid_to=timezone.localdate() + datetime.timedelta(days=100))
    assert share(client, carer).status_code == 302
    grant = CarerGrant.objects.get()
    assert (grant.grantor, grant.carer, grant.revoked_at) == (parent, carer, None)
    assert share(client, carer).status_code == 302 and CarerGrant.objects.count() == 1  # kept as it is
    assert "Phạm Văn Bình" in client.get(reverse("family")).content.decode()

    client.force_login(carer.user)
    family = client.get(reverse("family")).content.decode()
    assert "Trần Thị Mai" in family
    card = client.get(reverse("carer-card", args=[grant.public_id])).content.decode()
    assert parent.social_insurance_number in card
    assert client.get(reverse("carer-visits", args=[grant.public_id])).status_code == 200
    assert client.post(reverse("carer-visits", args=[grant.public_id])).status_code == 405  # read-only
    logged = PersonalDataAccess.objects.filter(participant=parent, purpose="carer_view")
    assert logged.count() == 2 and {a.user_id for a in logged} == {carer.user.pk}
    # The carer cannot end the grant: it is not theirs.
    assert client.post(reverse("carer-revoke", args=[grant.public_id])).status_code == 404

    client.force_login(parent.user)
    assert client.post(reverse("carer-revoke", args=[grant.public_id])).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    client.force_login(carer.user)
    assert client.get(reverse("carer-card", args=[grant.public_id])).status_code == 404
    assert client.get(reverse("carer-visits", args=[grant.public_id])).status_code == 404


def test_sharing_with_unknown_or_accountless_details_grants_nothing_and_answers_the_same(client, parent, carer):
    nobody = ParticipantFactory(full_name="Không Tài Khoản")  # no account
    matching = share(client, carer)
    CarerGrant.objects.all().delete()
    for person in (nobody, parent):
        response = share(client, person)
        assert (response.status_code, response["Location"]) == (matching.status_code, matching["Location"])
    assert CarerGrant.objects.count() == 0


def test_a_minor_cannot_share(client, carer):
    minor = ParticipantFactory(birth_date=timezone.localdate() - datetime.timedelta(days=365 * 17), user=UserFactory())
    client.force_login(minor.user)
    body = share(client, carer).content.decode()
    assert "Chỉ người đã thành niên mới có thể chia sẻ thẻ của mình." in body
    assert CarerGrant.objects.count() == 0


def test_another_carers_grant_is_404(client, parent, carer):
    grant = CarerGrant.objects.create(grantor=ParticipantFactory(), carer=carer)
    for name in ("carer-card", "carer-visits"):
        assert client.get(reverse(name, args=[grant.public_id])).status_code == 404
    assert client.post(reverse("carer-revoke", args=[grant.public_id])).status_code == 404
    assert PersonalDataAccess.objects.count() == 0
