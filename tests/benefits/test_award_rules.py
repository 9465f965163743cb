"""benefits.rules.awards: the award a person holds, its term and its monthly job-search notices (no database)."""

from datetime import date

import pytest

from benefits.rules.awards import Award, AwardStatus, award_held, notice_day, notice_days, term_end

pytestmark = pytest.mark.unit

START = date(2026, 11, 5)
PAID = Award(benefit_start=START, benefit_months=3, monthly_amount=6_120_000)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 11, 5), 3, date(2027, 2, 4)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2013, 6, 1), 12, date(2014, 5, 31)),
    ],
)
def test_term_end(start, months, end):
    assert term_end(start, months) == end
    assert Award(benefit_start=start, benefit_months=months, monthly_amount=1).last_day == end


def test_notice_days_follow_the_start_day_or_the_centres_day():
    assert notice_days(PAID) == (date(2026, 11, 5), date(2026, 12, 5), date(2027, 1, 5))
    with_day = Award(benefit_start=date(2027, 1, 31), benefit_months=3, monthly_amount=1, report_day=31)
    assert notice_days(with_day) == (date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31))
    # The centre's day before the start in the first month: that month has no notice.
    assert notice_day(START, 0, report_day=2) is None
    stopped = Award(benefit_start=START, benefit_months=3, monthly_amount=1, ended_on=date(2026, 12, 20))
    assert notice_days(stopped) == (date(2026, 11, 5), date(2026, 12, 5))


@pytest.mark.parametrize(
    ("as_of", "status", "next_notice"),
    [
        (date(2026, 11, 1), AwardStatus.UPCOMING, date(2026, 11, 5)),
        (START, AwardStatus.CURRENT, date(2026, 11, 5)),
        (date(2026, 11, 6), AwardStatus.CURRENT, date(2026, 12, 5)),
        (date(2027, 1, 6), AwardStatus.CURRENT, None),  # the last notice is behind; the term runs to 04/02
        (date(2027, 2, 5), AwardStatus.FINISHED, None),
    ],
)
def test_award_held_says_where_the_benefit_stands(as_of, status, next_notice):
    held = award_held([PAID], as_of=as_of, termination=date(2026, 11, 4))
    assert held is not None and held.award == PAID
    assert (held.status, held.next_notice_on, held.reports_job_search) == (status, next_notice, next_notice is not None)
    assert held.law == "Law 74/2025/QH15 Art. 39" and held.notice_law == "Law 74/2025/QH15 Art. 40-41"


def test_a_benefit_stopped_early_is_held_for_its_job_with_nothing_to_report():
    stopped = Award(benefit_start=START, benefit_months=3, monthly_amount=1, ended_on=date(2026, 12, 20))
    held = award_held([stopped], as_of=date(2027, 1, 10), termination=date(2026, 11, 4))
    assert held is not None and (held.status, held.next_notice_on) == (AwardStatus.ENDED_EARLY, None)


def test_which_award_a_person_holds():
    old = Award(benefit_start=date(2013, 6, 1), benefit_months=3, monthly_amount=1_050_000)
    later = Award(benefit_start=date(2027, 3, 1), benefit_months=3, monthly_amount=1)
    # Only an award from before the job that just ended: not for this job, so no award held (the claim is open).
    assert award_held([old], as_of=date(2026, 11, 20), termination=date(2026, 10, 31)) is None
    # No job ended (or none with an unemployment question): a finished award is not held.
    assert award_held([old, PAID], as_of=date(2027, 2, 20), termination=None) is None
    # Being paid beats decided for later; decided for later beats an old one.
    assert award_held([later, PAID, old], as_of=date(2026, 12, 1), termination=None).award == PAID
    assert award_held([later, old], as_of=date(2026, 12, 1), termination=None).award == later
    # The award for the job that ended, however long ago it was paid (an award before 2015 too).
    held = award_held([old], as_of=date(2026, 11, 20), termination=date(2013, 5, 31))
    assert held is not None and held.status == AwardStatus.FINISHED and held.award == old
