"""Every reminder kind reads as a sentence with its figures, in Vietnamese and in English."""

import pytest
from django.utils import translation

from reminders.enums import KindChoice
from reminders.models import Reminder
from reminders.texts import reminder_body, reminder_title

pytestmark = pytest.mark.unit

CASES = [
    (KindChoice.CARD_EXPIRING, {"valid_to": "2026-12-31", "days_left": 30}, ["31/12/2026"]),
    (KindChoice.CARD_EXPIRED, {"valid_to": "2026-10-31"}, ["31/10/2026"]),
    (KindChoice.HOUSEHOLD_PAYMENT_DUE, {"valid_to": "2026-12-31", "days_left": 7}, ["31/12/2026"]),
    (KindChoice.CHILD_CARD_EXPIRING, {"valid_to": "2026-12-31", "days_left": 30, "link_id": "x"}, ["31/12/2026"]),
    (
        KindChoice.VOLUNTARY_PAYMENT_DUE,
        {"period_first": "2026-10", "period_last": "2026-12", "cycle_months": 3, "deadline": "2026-10-31"},
        ["10/2026", "12/2026", "31/10/2026"],
    ),
    (
        KindChoice.EMPLOYER_ARREARS,
        {"employer_id": "x", "first_unpaid_month": "2026-07", "last_unpaid_month": "2026-09", "unpaid_months": 3},
        ["07/2026", "09/2026", "3"],
    ),
    (
        KindChoice.EMPLOYER_ARREARS,
        {"first_unpaid_month": "2026-08", "last_unpaid_month": "2026-08", "unpaid_months": 1, "affected_employees": 12},
        ["08/2026", "12"],
    ),
    (KindChoice.JOB_SEARCH_REPORT_DUE, {"report_on": "2026-12-05", "benefit_month": 2}, ["05/12/2026", "2"]),
    (KindChoice.RETIREMENT_APPROACHING, {"pension_start": "2027-05-01", "months_left": 6}, ["01/05/2027"]),
    (
        KindChoice.FACILITY_CHANGE_WINDOW,
        {"window_start": "2027-01-01", "window_end": "2027-01-15", "quarter": 1},
        ["01/01/2027", "15/01/2027"],
    ),
    (
        KindChoice.CHECKIN_RECORDED,
        {"facility_name": "Trạm Y tế phường Ba Đình", "checked_in_at": "2026-11-29T02:30:00+00:00"},
        ["Trạm Y tế phường Ba Đình", "09:30"],
    ),
]


@pytest.mark.parametrize(("kind", "context", "figures"), CASES)
def test_each_kind_has_its_own_translated_sentence(kind, context, figures):
    reminder = Reminder(kind=kind, context=context)
    with translation.override("vi"):
        vi = reminder_body(reminder)
        vi_title = reminder_title(reminder)
    with translation.override("en"):
        en = reminder_body(reminder)
    assert vi != en and vi != vi_title and en != str(kind.label)
    for figure in figures:
        assert figure in vi, (figure, vi)
        # English pages write days as "1 Jan 2027" (bhxh_portal/formats/en); the year is there either way.
        assert figure in en or figure[-4:] in en, (figure, en)


@pytest.mark.django_db
def test_the_next_voluntary_payment_uses_the_reminders_deadline():
    """Home page and payment reminders give the same deadline (issue 17, items 6 and 7)."""
    import datetime

    from participants.models import VoluntaryEnrolment
    from reminders.rules import PaymentCycle, voluntary_deadline
    from reminders.selectors import voluntary_payment_next_get
    from tests.factories import ContributionFactory, ParticipantFactory

    person = ParticipantFactory()
    assert voluntary_payment_next_get(participant=person, today=datetime.date(2026, 12, 5)) is None
    VoluntaryEnrolment.objects.create(participant=person, cycle=3, first_month=datetime.date(2026, 6, 1))
    for month in (6, 7, 8):
        ContributionFactory(participant=person, employer=None, scheme="voluntary", month=datetime.date(2026, month, 1))
    payment = voluntary_payment_next_get(participant=person, today=datetime.date(2026, 12, 5))
    assert (payment.period_first, payment.period_last) == (datetime.date(2026, 9, 1), datetime.date(2026, 11, 1))
    from benefits.rules.money import Month

    assert payment.deadline == voluntary_deadline(Month.of(payment.period_first), PaymentCycle(3))
