"""The citizen's household page: who pays together, each one's monthly amount, the next payment due."""

import datetime

import pytest
from django.urls import reverse

from participants import selectors
from participants.models import Household, HouseholdMember
from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def household(*people):
    home = Household.objects.create()
    for position, person in enumerate(people, start=1):
        HouseholdMember.objects.create(household=home, participant=person, position=position)
    return home


def test_members_amounts_and_the_next_payment(client):
    me = ParticipantFactory(full_name="Võ Thị Hạnh", user=UserFactory(username="hanh"))
    husband, son = ParticipantFactory(full_name="Lê Văn Tâm"), ParticipantFactory(full_name="Lê Minh Khôi")
    CardFactory(participant=me, object_group="GD", valid_to=datetime.date(2027, 3, 31))
    CardFactory(participant=husband, object_group="GD", valid_to=datetime.date(2027, 2, 28))
    household(husband, me, son)
    stranger = ParticipantFactory(full_name="Người Lạ")
    household(stranger)
    client.force_login(me.user)
    body = client.get(reverse("household-mine")).content.decode()
    assert body.index("Lê Văn Tâm") < body.index("Võ Thị Hạnh") < body.index("Lê Minh Khôi")
    # From 01/07/2026 the base salary is 2,530,000: 113,850, then 70 % and 60 % of it.
    assert "113.850\u00a0₫" in body and "79.695\u00a0₫" in body and "68.310\u00a0₫" in body and "261.855\u00a0₫" in body
    assert "28/02/2027" in body
    assert "Người Lạ" not in body


def test_not_in_a_household(client):
    me = ParticipantFactory(user=UserFactory(username="alone"))
    client.force_login(me.user)
    assert "không thuộc hộ gia đình" in client.get(reverse("household-mine")).content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_members_read_in_two_queries(django_assert_num_queries, size):
    people = [ParticipantFactory() for _ in range(size)]
    for person in people:
        CardFactory(participant=person, object_group="GD")
    household(*people)
    with django_assert_num_queries(2):
        members = selectors.household_members_for_participant(participant=people[0])
        assert [len(m.participant.current_cards) for m in members] == [1] * size
