"""Who renews a card decides the advice the card and QR pages give (issue 17, item 1)."""

import datetime

import pytest

from participants.enums import ObjectGroup
from participants.selectors import CardRoute, card_coverage_get, card_route, coverage_get
from tests.factories import CardFactory, EmploymentFactory, ParticipantFactory


@pytest.mark.parametrize(
    ("group", "working", "had_job", "route"),
    [
        (ObjectGroup.DN, True, True, CardRoute.EMPLOYER),
        (ObjectGroup.DN, False, True, CardRoute.LEFT_JOB),
        (ObjectGroup.HC, False, True, CardRoute.LEFT_JOB),
        (ObjectGroup.DN, False, False, CardRoute.OFFICE),
        (None, False, True, CardRoute.LEFT_JOB),
        (None, False, False, CardRoute.OFFICE),
        (ObjectGroup.GD, False, True, CardRoute.HOUSEHOLD),
        (ObjectGroup.GD, True, True, CardRoute.EMPLOYER),  # a new job: the employer pays from now on
        (ObjectGroup.TN, False, True, CardRoute.UNEMPLOYMENT_BENEFIT),
        (ObjectGroup.HS, False, False, CardRoute.STUDENT),
        (ObjectGroup.SV, True, False, CardRoute.STUDENT),
        (ObjectGroup.HT, False, True, CardRoute.PENSIONER),
        (ObjectGroup.HN, False, False, CardRoute.STATE),
        (ObjectGroup.TE, False, False, CardRoute.STATE),
    ],
)
def test_card_route_follows_the_card_group_then_the_job(group, working, had_job, route):
    assert card_route(object_group=group, working=working, had_job=had_job) == route


@pytest.mark.django_db
def test_coverage_knows_a_laid_off_worker_left_his_job_in_one_query(django_assert_num_queries):
    today = datetime.date(2026, 12, 5)
    person = ParticipantFactory()
    EmploymentFactory(participant=person, start_date=datetime.date(2023, 12, 1), end_date=datetime.date(2026, 11, 30))
    CardFactory(participant=person, valid_from=datetime.date(2025, 12, 1), valid_to=datetime.date(2026, 11, 30))
    with django_assert_num_queries(1):
        coverage = card_coverage_get(participant=person, today=today)
    assert (coverage.route, coverage.status, coverage.covered) == (CardRoute.LEFT_JOB, "expired", False)
    with django_assert_num_queries(3):
        assert coverage_get(participant=person, today=today).route == CardRoute.LEFT_JOB


@pytest.mark.django_db
def test_coverage_without_a_card_sends_to_the_office():
    coverage = card_coverage_get(participant=ParticipantFactory(), today=datetime.date(2026, 12, 5))
    assert (coverage.card, coverage.route, coverage.covered) == (None, CardRoute.OFFICE, False)
