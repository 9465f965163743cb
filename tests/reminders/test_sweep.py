"""The daily sweep through the database: facts → rules → ledger, idempotent, a fixed number of queries a chunk."""

import datetime
import itertools

import pytest
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benefits.models import UnemploymentAward
from benefits.rules.facts import Sex as RuleSex
from benefits.rules.money import Month, add_months
from benefits.rules.retirement_age import statutory_retirement
from benefits.selectors import parameter_set_get
from bhxh_portal.celery import app
from employers.models import EmployerMembership
from participants.enums import ContributionStatus, EmployerRole, Scheme, Sex
from participants.models import Employer, FamilyLink, Participant, VoluntaryEnrolment
from reminders.enums import Channel, DeliveryStatus, KindChoice
from reminders.facts import participant_facts_for_range
from reminders.models import Delivery, NotificationPreference, Reminder, SweepChunk
from reminders.sweep import (
    pk_ranges,
    sweep_chunk_process,
    sweep_delivery_counts,
    sweep_employer_chunk_process,
)
from reminders.tasks import sweep_chunk, sweep_repair, sweep_start
from tests.concurrency import run_at_once
from tests.conftest import load_reference_data, publishing
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)

# Runs on SQLite and PostgreSQL alike (the sweep's SQL has a path for each); the concurrency test needs PostgreSQL.
pytestmark = [pytest.mark.integration]

ON = datetime.date(2026, 11, 20)  # an ordinary day: not a quarter's first day, not the arrears day
EVERYONE = (0, 10**12)


def _voluntary(participant, month: datetime.date, status=ContributionStatus.PAID):
    return ContributionFactory(
        participant=participant,
        employer=None,
        scheme=Scheme.VOLUNTARY,
        month=month,
        status=status,
        paid_on=month if status == ContributionStatus.PAID else None,
        retirement_amount=726_000,
        sickness_maternity_amount=0,
        occupational_amount=0,
        health_amount=0,
        unemployment_amount=0,
        employee_share=726_000,
    )


def _sweep(on=ON, lo_hi=EVERYONE):
    return sweep_chunk_process(lo=lo_hi[0], hi=lo_hi[1], on=on)


def _kinds(participant):
    return sorted(Reminder.objects.filter(participant=participant).values_list("kind", "subject", "due_on"))


# --- facts → Due, one kind at a time -------------------------------------------------------------------------


def test_sweep_card_expiring_reminds_a_card_that_does_not_renew_through_an_employer(db):
    alone = CardFactory(valid_to=ON + datetime.timedelta(days=30)).participant
    employed = CardFactory(valid_to=ON + datetime.timedelta(days=30)).participant
    EmploymentFactory(participant=employed)
    left_job = CardFactory(valid_to=ON + datetime.timedelta(days=7)).participant
    EmploymentFactory(participant=left_job, end_date=ON - datetime.timedelta(days=1))
    not_due = CardFactory(valid_to=ON + datetime.timedelta(days=29)).participant

    outcome = _sweep()

    card = alone.cards.get()
    assert _kinds(alone) == [(KindChoice.CARD_EXPIRING, f"card:{card.public_id}:{card.valid_to}", ON)]
    reminder = Reminder.objects.get(participant=alone)
    assert reminder.context == {"valid_to": "2026-12-20", "days_left": 30}
    assert _kinds(employed) == [] and _kinds(not_due) == []
    assert [k for k, _s, _d in _kinds(left_job)] == [KindChoice.CARD_EXPIRING]
    assert outcome.reminders == 2 and outcome.deliveries == 6


def test_sweep_household_card_gets_the_payment_reminder_instead_of_the_card_one(db):
    card = CardFactory(object_group="GD", valid_to=ON + datetime.timedelta(days=7))
    _sweep()
    assert _kinds(card.participant) == [
        (KindChoice.HOUSEHOLD_PAYMENT_DUE, f"household:{card.public_id}:{card.valid_to}", ON)
    ]


def test_sweep_tells_the_parent_when_a_linked_childs_card_is_expiring(db):
    parent = ParticipantFactory()
    child = ParticipantFactory(birth_date=datetime.date(2018, 6, 1))
    grown = ParticipantFactory(birth_date=datetime.date(2010, 11, 20))  # 16 on ON
    pending = ParticipantFactory(birth_date=datetime.date(2019, 6, 1))
    cards = {
        p: CardFactory(participant=p, object_group="TE", valid_to=ON + datetime.timedelta(days=30))
        for p in (child, grown, pending)
    }
    links = {p: FamilyLink.objects.create(parent=parent, child=p, status="confirmed") for p in (child, grown)}
    FamilyLink.objects.create(parent=parent, child=pending)  # not confirmed: nothing
    _sweep()
    link, card = links[child], cards[child]
    assert _kinds(parent) == [
        (KindChoice.CHILD_CARD_EXPIRING, f"child-card:{link.public_id}:{card.public_id}:{card.valid_to}", ON)
    ]
    reminder = Reminder.objects.get(participant=parent, kind=KindChoice.CHILD_CARD_EXPIRING)
    assert reminder.context == {"valid_to": "2026-12-20", "days_left": 30, "link_id": str(link.public_id)}
    # The child's own card reminder goes to the child as before.
    assert [k for k, _s, _d in _kinds(child)] == [KindChoice.CARD_EXPIRING]


def test_sweep_card_expired_the_day_after_valid_to_and_the_replaced_card_is_ignored(db):
    person = CardFactory(valid_to=ON - datetime.timedelta(days=1)).participant
    replaced = CardFactory(
        valid_to=ON - datetime.timedelta(days=1), replaced_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    CardFactory(participant=replaced.participant, card_number="0199999999", valid_to=datetime.date(2027, 6, 30))

    _sweep()

    assert [k for k, _s, _d in _kinds(person)] == [KindChoice.CARD_EXPIRED]
    assert _kinds(replaced.participant) == []


def test_sweep_facility_window_on_a_quarters_first_day_for_every_valid_card(db):
    on = datetime.date(2027, 1, 1)
    employed = CardFactory(valid_to=datetime.date(2027, 12, 31)).participant
    EmploymentFactory(participant=employed)
    lapsed = CardFactory(valid_to=datetime.date(2026, 12, 30)).participant

    _sweep(on)

    assert _kinds(employed) == [(KindChoice.FACILITY_CHANGE_WINDOW, "facility-window:2027-Q1", on)]
    assert _kinds(lapsed) == []


def test_sweep_voluntary_payment_due_for_a_monthly_payer_who_has_not_paid_this_month(db):
    on = datetime.date(2026, 11, 23)  # 7 days before 30/11, the monthly deadline
    behind = ParticipantFactory()
    for month in (8, 9, 10):
        _voluntary(behind, datetime.date(2026, month, 1))
    paid_ahead = ParticipantFactory()
    for month in (10, 11):
        _voluntary(paid_ahead, datetime.date(2026, month, 1))
    stopped_long_ago = ParticipantFactory()
    _voluntary(stopped_long_ago, datetime.date(2025, 9, 1))
    gap_then_paid = ParticipantFactory()
    for month in (6, 8, 9, 10, 11):  # July missing, November paid: nothing is due now
        _voluntary(gap_then_paid, datetime.date(2026, month, 1))

    _sweep(on)

    assert _kinds(behind) == [(KindChoice.VOLUNTARY_PAYMENT_DUE, "voluntary:2026-11", on)]
    assert Reminder.objects.get(participant=behind).context["deadline"] == "2026-11-30"
    assert _kinds(paid_ahead) == [] and _kinds(stopped_long_ago) == [] and _kinds(gap_then_paid) == []


def test_sweep_employer_arrears_to_the_employee_and_to_the_employers_users_on_the_10th(db):
    on = datetime.date(2026, 11, 10)  # months up to 09/2026 are past their deadline (31/10)
    employer = EmployerFactory()
    late = EmploymentFactory(employer=employer).participant
    other = EmploymentFactory(employer=employer).participant
    for month in (8, 9, 10):  # October is not overdue yet on 10/11
        ContributionFactory(
            participant=late, employer=employer, month=datetime.date(2026, month, 1), status="unpaid", paid_on=None
        )
    ContributionFactory(
        participant=other, employer=employer, month=datetime.date(2026, 10, 1), status="unpaid", paid_on=None
    )
    hr = UserFactory(role="employer", email="nhansu@saoviet.vn")
    EmployerMembership.objects.create(user=hr, employer=employer, role=EmployerRole.OWNER)
    viewer = UserFactory(role="employer", email="")
    EmployerMembership.objects.create(user=viewer, employer=employer, role=EmployerRole.HR_VIEWER)

    _sweep(on)
    outcome = sweep_employer_chunk_process(lo=0, hi=10**12, on=on)

    subject = f"arrears:{employer.public_id}:2026-11"
    assert _kinds(late) == [(KindChoice.EMPLOYER_ARREARS, subject, on)]
    assert Reminder.objects.get(participant=late).context == {
        "employer_id": str(employer.public_id),
        "first_unpaid_month": "2026-08",
        "last_unpaid_month": "2026-09",
        "unpaid_months": 2,
    }
    assert _kinds(other) == []
    to_users = Reminder.objects.filter(user__isnull=False)
    assert sorted(to_users.values_list("user_id", "subject")) == sorted([(hr.pk, subject), (viewer.pk, subject)])
    assert to_users.get(user=hr).context["affected_employees"] == 1
    assert dict(Delivery.objects.filter(reminder__user=hr).values_list("channel", "status")) == {
        Channel.INBOX: DeliveryStatus.DELIVERED,
        Channel.EMAIL: DeliveryStatus.QUEUED,
        Channel.SMS: DeliveryStatus.SKIPPED,
    }
    assert dict(Delivery.objects.filter(reminder__user=viewer).values_list("channel", "status"))[Channel.EMAIL] == (
        DeliveryStatus.SKIPPED
    )
    assert outcome.reminders == 2 and outcome.queued == 1
    # On any other day nothing: the rule answers only on the 10th.
    assert sweep_employer_chunk_process(lo=0, hi=10**12, on=on + datetime.timedelta(days=1)).reminders == 0


def test_sweep_retirement_six_months_before_the_pension_for_social_insurance_members_only(db):
    birth = datetime.date(1966, 5, 15)
    pension_start = statutory_retirement(RuleSex.MALE, birth, parameter_set_get(), datetime.date(2026, 1, 1))
    on = add_months(pension_start.pension_start, -6)
    member = ParticipantFactory(birth_date=birth, sex=Sex.MALE)
    ContributionFactory(participant=member, month=datetime.date(2020, 1, 1))
    card_only = ParticipantFactory(birth_date=birth, sex=Sex.MALE)

    _sweep(on)

    start = pension_start.pension_start.isoformat()
    assert _kinds(member) == [(KindChoice.RETIREMENT_APPROACHING, f"retirement:{start}", on)]
    assert Reminder.objects.get(participant=member).context == {"pension_start": start, "months_left": 6}
    assert _kinds(card_only) == []


def test_sweep_voluntary_quarterly_payer_is_reminded_only_for_quarters(db):
    quarterly = ParticipantFactory()
    VoluntaryEnrolment.objects.create(participant=quarterly, cycle=3, first_month=datetime.date(2026, 7, 1))
    for month in (7, 8, 9):  # the July-September quarter paid, October-December not yet
        _voluntary(quarterly, datetime.date(2026, month, 1))
    inferred = ParticipantFactory()  # the same payments without an enrolment: treated as paying monthly
    for month in (7, 8, 9):
        _voluntary(inferred, datetime.date(2026, month, 1))
    paid_quarter = ParticipantFactory()
    VoluntaryEnrolment.objects.create(participant=paid_quarter, cycle=3, first_month=datetime.date(2026, 7, 1))
    for month in range(7, 13):
        _voluntary(paid_quarter, datetime.date(2026, month, 1))

    for day in (datetime.date(2026, 10, 24), datetime.date(2026, 11, 23)):  # monthly deadlines, not quarterly
        _sweep(day)
    assert _kinds(quarterly) == []
    assert [s for _k, s, _d in _kinds(inferred)] == ["voluntary:2026-10", "voluntary:2026-11"]

    for day in (datetime.date(2026, 12, 24), datetime.date(2026, 12, 30)):  # 7 days and 1 day before 31/12
        _sweep(day)
    assert _kinds(quarterly) == [
        (KindChoice.VOLUNTARY_PAYMENT_DUE, "voluntary:2026-10", datetime.date(2026, 12, 24)),
        (KindChoice.VOLUNTARY_PAYMENT_DUE, "voluntary:2026-10", datetime.date(2026, 12, 30)),
    ]
    assert Reminder.objects.get(participant=quarterly, due_on=datetime.date(2026, 12, 24)).context == {
        "period_first": "2026-10",
        "period_last": "2026-12",
        "cycle_months": 3,
        "deadline": "2026-12-31",
        "days_left": 7,
    }
    assert _kinds(paid_quarter) == []


def test_sweep_voluntary_enrolment_without_payments_reminds_and_a_closed_one_stops_the_inference(db):
    on = datetime.date(2027, 7, 24)  # 7 days before 31/07: the deadline of a 12-month period from January
    yearly = ParticipantFactory()  # registered for 2027, nothing paid yet
    VoluntaryEnrolment.objects.create(participant=yearly, cycle=12, first_month=datetime.date(2027, 1, 1))
    stopped = ParticipantFactory()  # paid monthly until June, then stopped (recorded): no reminder for July
    VoluntaryEnrolment.objects.create(
        participant=stopped, cycle=1, first_month=datetime.date(2026, 1, 1), last_month=datetime.date(2027, 6, 1)
    )
    for month in range(1, 7):
        _voluntary(stopped, datetime.date(2027, month, 1))
    later = ParticipantFactory()  # enrolled from next month only: nothing due yet, and no inference either
    VoluntaryEnrolment.objects.create(participant=later, cycle=1, first_month=datetime.date(2027, 8, 1))

    _sweep(on)

    assert _kinds(yearly) == [(KindChoice.VOLUNTARY_PAYMENT_DUE, "voluntary:2027-01", on)]
    assert Reminder.objects.get(participant=yearly).context["period_last"] == "2027-12"
    assert _kinds(stopped) == [] and _kinds(later) == []
    facts = participant_facts_for_range(lo=later.pk, hi=later.pk + 1, on=on).people[later.pk]
    assert facts.voluntary is None


def _award(participant=None, **overrides):
    values = {
        "participant": participant or ParticipantFactory(),
        "decided_on": datetime.date(2026, 10, 28),
        "benefit_start": datetime.date(2026, 11, 5),
        "benefit_months": 3,
        "monthly_amount": 6_120_000,
    }
    values.update(overrides)
    return UnemploymentAward.objects.create(**values)


def test_sweep_job_search_notice_three_days_before_each_notice_day_of_the_benefit(db):
    award = _award()  # notices on 05/11, 05/12, 05/01
    centre_day = _award(report_day=20)  # the centre's day: 20/11, 20/12, 20/01

    days = [datetime.date(2026, 11, 2) + datetime.timedelta(days=k) for k in range(100)]
    for day in days:
        _sweep(day)

    subject = f"job-search:{award.public_id}"
    assert _kinds(award.participant) == [
        (KindChoice.JOB_SEARCH_REPORT_DUE, f"{subject}:2026-11-05", datetime.date(2026, 11, 2)),
        (KindChoice.JOB_SEARCH_REPORT_DUE, f"{subject}:2026-12-05", datetime.date(2026, 12, 2)),
        (KindChoice.JOB_SEARCH_REPORT_DUE, f"{subject}:2027-01-05", datetime.date(2027, 1, 2)),
    ]
    assert Reminder.objects.get(participant=award.participant, due_on=datetime.date(2027, 1, 2)).context == {
        "report_on": "2027-01-05",
        "benefit_month": 3,
        "days_left": 3,
    }
    assert [d for _k, _s, d in _kinds(centre_day.participant)] == [
        datetime.date(2026, 11, 17),
        datetime.date(2026, 12, 17),
        datetime.date(2027, 1, 17),
    ]
    # Inbox delivered, e-mail queued (the factory's person has an address and the default consent).
    assert Delivery.objects.filter(reminder__kind=KindChoice.JOB_SEARCH_REPORT_DUE).count() == 6 * 3


def test_sweep_job_search_notice_stops_when_the_benefit_ended_and_waits_for_the_decision(db):
    ended = _award(ended_on=datetime.date(2026, 12, 1))  # a new job from December
    decided_late = _award(decided_on=datetime.date(2026, 11, 10))  # decided after the first notice's reminder
    facts = participant_facts_for_range(lo=ended.participant.pk, hi=ended.participant.pk + 1, on=ON)
    assert facts.people[ended.participant.pk].unemployment[0].claim_id == str(ended.public_id)

    for day in (datetime.date(2026, 11, 2), datetime.date(2026, 12, 2), datetime.date(2027, 1, 2)):
        _sweep(day)

    assert [d for _k, _s, d in _kinds(ended.participant)] == [datetime.date(2026, 11, 2)]
    assert [d for _k, _s, d in _kinds(decided_late.participant)] == [
        datetime.date(2026, 12, 2),
        datetime.date(2027, 1, 2),
    ]
    after = participant_facts_for_range(lo=ended.participant.pk, hi=ended.participant.pk + 1, on=ON.replace(month=12))
    assert after.people[ended.participant.pk].unemployment == []


# --- channels --------------------------------------------------------------------------------------------------


def test_sweep_deliveries_follow_consent_and_addresses(db):
    valid_to = ON + datetime.timedelta(days=7)
    default = CardFactory(valid_to=valid_to).participant
    sms_only = CardFactory(valid_to=valid_to).participant
    NotificationPreference.objects.create(participant=sms_only, email_enabled=False, sms_enabled=True)
    no_address = CardFactory(valid_to=valid_to, participant=ParticipantFactory(email="", phone="")).participant
    NotificationPreference.objects.create(participant=no_address, email_enabled=True, sms_enabled=True)

    _sweep()

    def plan(p):
        return dict(Delivery.objects.filter(reminder__participant=p).values_list("channel", "status"))

    assert plan(default) == {"inbox": "delivered", "email": "queued", "sms": "skipped"}
    assert plan(sms_only) == {"inbox": "delivered", "email": "skipped", "sms": "queued"}
    assert plan(no_address) == {"inbox": "delivered", "email": "skipped", "sms": "skipped"}
    inbox = Delivery.objects.get(reminder__participant=default, channel=Channel.INBOX)
    assert inbox.sent_at is not None and inbox.public_id is not None


def test_sweep_hands_the_new_queued_deliveries_to_deliveries_enqueue_on_commit(db, django_capture_on_commit_callbacks):
    for _ in range(3):
        CardFactory(valid_to=ON + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = _sweep()
    assert outcome.queued == 3
    assert len(publishing(callbacks)) == 1  # one batch task for the three e-mails, not one message per person
    # A re-run creates nothing but hands the still-untouched e-mails on again (a killed worker may have
    # committed the chunk without publishing them); a row already being sent or sent is not handed on.
    claimed = Delivery.objects.filter(channel="email").order_by("id").first()
    Delivery.objects.filter(pk=claimed.pk).update(attempts=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = _sweep()
    assert (again.reminders, again.deliveries, again.queued) == (0, 0, 2)
    assert len(publishing(callbacks)) == 1


# --- idempotency ------------------------------------------------------------------------------------------------


def test_sweep_twice_creates_nothing_new(db):
    for days in (30, 7, 1, -1):
        CardFactory(valid_to=ON + datetime.timedelta(days=days))
    first = _sweep()
    counts = (Reminder.objects.count(), Delivery.objects.count())
    second = _sweep()
    assert first.reminders == 4 and first.deliveries == 12
    # Nothing new; the 4 e-mails nobody has sent yet (no worker here) are handed on again, harmlessly.
    assert second.as_dict() == {"reminders": 0, "deliveries": 0, "queued": 4}
    assert (Reminder.objects.count(), Delivery.objects.count()) == counts == (4, 12)
    assert sweep_delivery_counts(on=ON) == {("email", "queued"): 4, ("inbox", "delivered"): 4, ("sms", "skipped"): 4}


def test_sweep_chunks_cover_each_person_once(db):
    people = [CardFactory(valid_to=ON + datetime.timedelta(days=30)).participant for _ in range(7)]
    ids = sorted(p.pk for p in people)
    ranges = list(pk_ranges(Participant, 3))
    assert ranges[0][0] <= ids[0] and ranges[-1][1] > ids[-1]
    assert all(lo % 3 == 0 and hi - lo == 3 for lo, hi in ranges)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    created = sum(sweep_chunk_process(lo=lo, hi=hi, on=ON).reminders for lo, hi in ranges)
    assert created == 7 == Reminder.objects.count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sweep_two_concurrent_runs_of_the_same_range_create_each_reminder_once(require_postgres):
    load_reference_data()
    people = [CardFactory(valid_to=ON + datetime.timedelta(days=7)).participant for _ in range(60)]
    outcomes = run_at_once([_sweep, _sweep])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sum(o.reminders for o in outcomes) == len(people) == Reminder.objects.count()
    assert sum(o.deliveries for o in outcomes) == 3 * len(people) == Delivery.objects.count()
    assert Reminder.objects.values("participant").distinct().count() == len(people)


# --- cost ------------------------------------------------------------------------------------------------------


def _queries(on, lo_hi):
    with CaptureQueriesContext(connection) as ctx:
        sweep_chunk_process(lo=lo_hi[0], hi=lo_hi[1], on=on)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("on", [ON, datetime.date(2026, 11, 10), datetime.date(2027, 1, 1)])
def test_sweep_chunk_query_count_does_not_grow_with_people_or_history(db, on):
    def person(history: int):
        p = CardFactory(valid_to=on + datetime.timedelta(days=7)).participant
        employer = EmployerFactory()
        for k in range(history):
            month = datetime.date(2020 + k // 12, k % 12 + 1, 1)
            ContributionFactory(participant=p, employer=employer, month=month, status="unpaid", paid_on=None)
        # Voluntary months, enrolments and benefit awards too, each read by one query whatever their number.
        first = Month.of(on).plus(-history // 3)
        for k in range(history // 4):
            _voluntary(p, first.plus(k).first_day())
        VoluntaryEnrolment.objects.create(
            participant=p, cycle=1, first_month=first.first_day(), last_month=first.plus(2).first_day()
        )
        VoluntaryEnrolment.objects.create(participant=p, cycle=3, first_month=first.plus(3).first_day())
        for k in range(history // 20):
            start = on - datetime.timedelta(days=40 * k)
            _award(p, decided_on=start - datetime.timedelta(days=10), benefit_start=start, benefit_months=1)
        return p

    small = person(1)
    small_count = _queries(on, (small.pk, small.pk + 1))
    crowd = [person(40) for _ in range(15)]
    crowd_count = _queries(on, (crowd[0].pk, crowd[-1].pk + 1))
    assert crowd_count == small_count
    # SAVEPOINT, people, cards, children's cards, voluntary months, voluntary enrolments, unemployment awards,
    # policy parameters, (unpaid months: the 10th only), INSERT reminders, the reminded people's accounts (whose
    # kept pages are now out of date: bhxh_portal/page_cache.py), INSERT deliveries, UPDATE the chunk's ledger
    # row, RELEASE.
    assert small_count == 13 + (on.day == 10)


# --- fan-out ---------------------------------------------------------------------------------------------------


@pytest.fixture
def eager():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_sweep_start_sends_one_task_per_range_and_employer_ranges_only_on_the_10th(db, eager, settings):
    settings.REMINDER_SWEEP_CHUNK = 2
    for _ in range(5):
        CardFactory(valid_to=ON + datetime.timedelta(days=30))
    EmployerFactory()

    started = sweep_start(on=ON)
    assert started.participant_chunks == len(list(pk_ranges(Participant, 2))) >= 3
    assert started.employer_chunks == 0 and started.task_ids == ()
    assert Reminder.objects.filter(due_on=ON).count() == 5

    tenth = sweep_start(on=datetime.date(2026, 12, 10), track=True)
    assert tenth.employer_chunks >= 1 and len(tenth.task_ids) == tenth.chunks


def test_sweep_start_writes_a_chunk_row_per_range_that_the_chunk_marks_done_in_its_transaction(db, eager, settings):
    settings.REMINDER_SWEEP_CHUNK = 2
    for _ in range(5):
        CardFactory(valid_to=ON + datetime.timedelta(days=30))
    EmployerFactory()
    tenth = datetime.date(2026, 12, 10)

    sweep_start(on=ON)
    sweep_start(on=tenth)
    rows = list(SweepChunk.objects.values_list("on", "kind", "lo", "hi", "done_at"))
    assert sorted((on, kind, lo, hi) for on, kind, lo, hi, _done in rows) == sorted(
        [(ON, "participants", lo, hi) for lo, hi in pk_ranges(Participant, 2)]
        + [(tenth, "participants", lo, hi) for lo, hi in pk_ranges(Participant, 2)]
        + [(tenth, "employers", lo, hi) for lo, hi in pk_ranges(Employer, 2)]
    )
    assert all(done is not None for *_key, done in rows)

    # A chunk that fails leaves its row not done: the mark is in the chunk's own transaction.
    SweepChunk.objects.update(done_at=None)
    lo, hi = next(pk_ranges(Participant, 2))
    with pytest.raises(RuntimeError), transaction.atomic():
        sweep_chunk_process(lo=lo, hi=hi, on=ON)
        raise RuntimeError("the chunk's transaction rolls back")
    assert not SweepChunk.objects.filter(done_at__isnull=False).exists()

    # Sweeping a day again re-stamps its rows instead of adding any.
    count = SweepChunk.objects.count()
    sweep_start(on=ON)
    assert SweepChunk.objects.count() == count


def test_sweep_repair_sends_again_a_chunk_the_broker_lost_once_the_sweep_has_stopped_moving(
    db, eager, settings, monkeypatch
):
    settings.REMINDER_SWEEP_CHUNK = 2
    settings.REMINDER_SWEEP_STALL_SECONDS = 1800
    people = [CardFactory(valid_to=ON + datetime.timedelta(days=30)).participant for _ in range(6)]
    ranges = list(pk_ranges(Participant, 2))
    lost_range = ranges[1]
    publish = sweep_chunk.apply_async
    published: list[tuple] = []

    def lossy(args, **options):
        # The broker loses this range's message (a worker killed between Redis's pop and its own record).
        published.append(tuple(args[:2]))
        if tuple(args[:2]) == lost_range:
            return None
        return publish(args, **options)

    monkeypatch.setattr(sweep_chunk, "apply_async", lossy)
    sent_at = timezone.now()
    sweep_start(on=ON)  # a backfill of a past day: the repair looks at when chunks were sent
    lost_people = [p for p in people if lost_range[0] <= p.pk < lost_range[1]]
    assert lost_people and not Reminder.objects.filter(participant__in=lost_people).exists()
    assert Reminder.objects.count() == len(people) - len(lost_people)
    done_at = SweepChunk.objects.aggregate(last=Max("done_at"))["last"]

    # The sweep moved less than the stall time ago: nothing is sent again.
    assert sweep_repair(now=done_at + datetime.timedelta(seconds=1799)) == 0
    assert len(published) == len(ranges)

    # Stalled: exactly the lost chunk is sent again, and its people get their reminders, each once.
    monkeypatch.setattr(sweep_chunk, "apply_async", publish)
    later = max(done_at, sent_at) + datetime.timedelta(seconds=1801)
    assert sweep_repair(now=later) == 1
    assert Reminder.objects.filter(participant__in=lost_people).count() == len(lost_people)
    assert Reminder.objects.count() == len(people)
    assert not SweepChunk.objects.filter(done_at__isnull=True).exists()
    assert sweep_repair(now=later + datetime.timedelta(hours=1)) == 0


def test_sweep_repair_leaves_chunks_sent_more_than_a_day_ago_and_forgets_those_past_the_keep_days(db, eager, settings):
    settings.REMINDER_SWEEP_KEEP_DAYS = 7
    now = timezone.now()

    def chunk(hours_ago: int) -> SweepChunk:
        sent_at = now - datetime.timedelta(hours=hours_ago)
        return SweepChunk.objects.create(on=ON, kind="participants", lo=hours_ago, hi=hours_ago + 1, sent_at=sent_at)

    recent, two_days, old = chunk(23), chunk(48), chunk(8 * 24)
    assert sweep_repair(now=now) == 1  # the recent one: an empty range, run again, now done
    assert set(SweepChunk.objects.values_list("pk", flat=True)) == {recent.pk, two_days.pk}
    recent.refresh_from_db()
    two_days.refresh_from_db()
    assert recent.done_at is not None and recent.sent_at == now
    assert two_days.done_at is None and two_days.sent_at == now - datetime.timedelta(hours=48)
    assert old.sent_at < now - datetime.timedelta(days=7)


# --- beat schedules ----------------------------------------------------------------------------------------------


def test_schedules_sync_is_idempotent_and_keeps_an_admins_pause_and_hand_made_schedule(db, settings):
    from django_celery_beat.models import PeriodicTask

    from reminders.schedules import SWEEP_SCHEDULE_NAME, schedules_all, schedules_sync

    PeriodicTask.objects.filter(name__in=list(schedules_all())).delete()
    first = schedules_sync()
    assert {SWEEP_SCHEDULE_NAME, "reminders-sweep-repair", "reminders-release-deferred"} <= set(first.created)
    repair = PeriodicTask.objects.get(name="reminders-sweep-repair")
    assert (repair.task, repair.crontab.minute, repair.expire_seconds) == ("reminders.sweep_repair", "5-59/10", 540)
    sweep = PeriodicTask.objects.get(name=SWEEP_SCHEDULE_NAME)
    assert sweep.task == "reminders.sweep_daily" and sweep.enabled
    assert (sweep.crontab.hour, sweep.crontab.minute, str(sweep.crontab.timezone)) == ("6", "0", "Asia/Ho_Chi_Minh")
    assert sweep.expire_seconds == (17 * 60 + 59) * 60  # until 23:59 local: never runs on the next day

    assert schedules_sync().created == schedules_sync().updated == []

    # An admin pauses it: a deploy (migrate) does not switch it back on.
    PeriodicTask.objects.filter(pk=sweep.pk).update(enabled=False)
    schedules_sync()
    assert PeriodicTask.objects.get(pk=sweep.pk).enabled is False

    # The code moves the sweep to 05:30: a row nobody changed by hand follows.
    settings.REMINDER_SWEEP_HOUR, settings.REMINDER_SWEEP_MINUTE = 5, 30
    assert SWEEP_SCHEDULE_NAME in schedules_sync().updated
    moved = PeriodicTask.objects.get(pk=sweep.pk)
    assert (moved.crontab.hour, moved.crontab.minute, moved.enabled) == ("5", "30", False)

    # An admin moves it to 04:00 by hand: the next sync (even with another code time) leaves it there.
    moved.crontab.hour, moved.crontab.minute = "4", "0"
    moved.crontab.save()
    settings.REMINDER_SWEEP_HOUR = 7
    schedules_sync()
    kept = PeriodicTask.objects.get(pk=sweep.pk)
    assert (kept.crontab.hour, kept.crontab.minute) == ("4", "0")
    assert schedules_sync().updated == []


def test_migrate_syncs_the_beat_schedules(db):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    from reminders.schedules import SWEEP_SCHEDULE_NAME

    PeriodicTask.objects.filter(name=SWEEP_SCHEDULE_NAME).delete()
    call_command("migrate", verbosity=0)
    assert PeriodicTask.objects.filter(name=SWEEP_SCHEDULE_NAME, task="reminders.sweep_daily").exists()
