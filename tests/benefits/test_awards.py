"""Unemployment-benefit awards: what an operator may record, checked by full_clean() and by the database."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from benefits.models import UnemploymentAward
from bhxh_portal import demo
from participants.models import VoluntaryEnrolment
from reminders.enums import KindChoice
from reminders.models import Reminder
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

START = datetime.date(2026, 11, 5)


def award(**overrides) -> UnemploymentAward:
    values = {
        "decided_on": datetime.date(2026, 10, 28),
        "benefit_start": START,
        "benefit_months": 3,
        "monthly_amount": 6_120_000,
    }
    values.update(overrides)
    if "participant" not in values:
        values["participant"] = ParticipantFactory()
    return UnemploymentAward(**values)


def assert_db_refuses(**overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        award(**overrides).save()


def test_award_valid_one_is_saved_with_a_public_id():
    saved = award(report_day=10)
    saved.full_clean()
    saved.save()
    row = UnemploymentAward.objects.get()
    assert row.public_id is not None and row.created_at is not None
    assert (row.term_end, row.last_day) == (datetime.date(2027, 2, 4), datetime.date(2027, 2, 4))


@pytest.mark.parametrize(
    ("start", "months", "term_end"),
    [
        (datetime.date(2026, 11, 5), 3, datetime.date(2027, 2, 4)),
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),  # no 31/02: the term runs to February's end
        (datetime.date(2028, 1, 30), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), 12, datetime.date(2027, 11, 30)),
    ],
)
def test_award_term_end(start, months, term_end):
    assert award(benefit_start=start, benefit_months=months).term_end == term_end


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"benefit_months": 0}, "benefit_months"),
        ({"benefit_months": 13}, "benefit_months"),
        ({"monthly_amount": -1}, "monthly_amount"),
        ({"report_day": 0}, "report_day"),
        ({"report_day": 32}, "report_day"),
        ({"ended_on": START - datetime.timedelta(days=1)}, "ended_on"),
        ({"ended_on": datetime.date(2027, 2, 5)}, "ended_on"),  # after the 3-month term
    ],
)
def test_award_full_clean_reports_the_field(overrides, field):
    with pytest.raises(ValidationError) as err:
        award(**overrides).full_clean()
    assert field in err.value.message_dict


def test_award_may_end_early_or_on_the_last_day_of_its_term():
    award(ended_on=START).full_clean()
    award(ended_on=datetime.date(2027, 2, 4)).full_clean()
    assert award(ended_on=datetime.date(2026, 12, 20)).last_day == datetime.date(2026, 12, 20)


@pytest.mark.parametrize(
    "overrides",
    [
        {"benefit_months": 0},
        {"benefit_months": 13},
        {"monthly_amount": -1},
        {"report_day": 0},
        {"report_day": 32},
        {"ended_on": START - datetime.timedelta(days=1)},
    ],
)
def test_award_database_refuses_what_full_clean_refuses(overrides):
    assert_db_refuses(**overrides)


def test_award_one_per_person_and_start_day():
    first = award()
    first.save()
    assert_db_refuses(participant=first.participant)
    award(benefit_start=START).save()  # someone else may start the same day


def test_award_overlapping_another_of_the_same_person_is_refused():
    person = ParticipantFactory()
    award(participant=person).save()  # 05/11/2026 to 04/02/2027
    overlapping = award(participant=person, benefit_start=datetime.date(2027, 2, 4), decided_on=START)
    with pytest.raises(ValidationError) as err:
        overlapping.full_clean()
    assert [e.code for e in err.value.error_dict["__all__"]] == ["unemployment_award_overlap"]
    award(participant=person, benefit_start=datetime.date(2027, 2, 5), decided_on=START).full_clean()
    # Ended early: the next benefit may start the day after it stopped.
    UnemploymentAward.objects.filter(participant=person).update(ended_on=datetime.date(2026, 12, 31))
    award(participant=person, benefit_start=datetime.date(2027, 1, 1), decided_on=START).full_clean()


def test_award_admin_lists_by_person_and_refuses_an_overlap_as_a_form_error(admin_client):
    saved = award()
    saved.save()
    assert UnemploymentAward in site._registry
    page = admin_client.get(reverse("admin:benefits_unemploymentaward_changelist"), {"q": saved.participant.full_name})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [saved]
    add = admin_client.post(
        reverse("admin:benefits_unemploymentaward_add"),
        {
            "participant": saved.participant.pk,
            "decided_on": "2027-01-10",
            "benefit_start": "2027-01-01",  # inside the saved award's term
            "benefit_months": "3",
            "monthly_amount": "5000000",
            "report_day": "",
            "ended_on": "",
        },
    )
    assert add.status_code == 200  # the form again, not a 500 and not a redirect
    errors = add.context["adminform"].form.errors.as_data()
    assert [e.code for e in errors["__all__"]] == ["unemployment_award_overlap"]
    assert UnemploymentAward.objects.count() == 1


# --- The demo personas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [datetime.date(2026, 12, 1), datetime.date(2026, 12, 15), datetime.date(2027, 1, 30)])
def test_demo_laid_off_worker_has_an_award_and_a_job_search_reminder_and_the_seed_stays_idempotent(
    as_of, settings, tmp_path
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    first = demo.demo_seed(participants=0, as_of=as_of)
    assert first.created["unemployment_awards"] == 1 and first.created["voluntary_enrolments"] == 2

    tuan = UnemploymentAward.objects.select_related("participant__user").get()
    job = tuan.participant.employments.get()
    assert tuan.participant.user.username == "citizen-laid-off"
    assert tuan.benefit_start == tuan.decided_on == job.end_date + datetime.timedelta(days=1)
    assert tuan.benefit_months == 3  # 36 contribution months (Law 74/2025 Art. 39(2))
    assert tuan.monthly_amount > 0 and tuan.ended_on is None
    tuan.full_clean()

    mai = VoluntaryEnrolment.objects.filter(participant__user__username="citizen-voluntary")
    closed, open_ = mai.order_by("first_month")
    assert (closed.cycle, open_.cycle, open_.last_month) == (1, 3, None)
    assert open_.first_month == as_of.replace(day=1)  # her monthly records run to last month
    for enrolment in (closed, open_):
        enrolment.full_clean()

    demo.demo_activity_seed(as_of=as_of)
    notice_on = as_of + datetime.timedelta(days=3)
    reminder = Reminder.objects.get(participant=tuan.participant, kind=KindChoice.JOB_SEARCH_REPORT_DUE)
    assert (reminder.due_on, reminder.subject) == (as_of, f"job-search:{tuan.public_id}:{notice_on.isoformat()}")

    again = demo.demo_seed(participants=0, as_of=as_of)
    assert again.created["unemployment_awards"] == again.created["voluntary_enrolments"] == 0
    assert demo.demo_activity_seed(as_of=as_of)["reminders"] == 0
