"""Monthly job-search notice while on unemployment benefit.

Every month of the benefit the claimant must notify their job search to the employment-service centre that
pays it; a missed month suspends that month's payment and three missed months in a row end the benefit (Law on
Employment 74/2025/QH15 Art. 40-41, notes §7.4). The day of the notice is set by Decree 374/2025/NĐ-CP, whose
text was not read [U]. Choice to verify (docs/reminders.md): the notice is due in each benefit month on the
day of the month the benefit started (the centre's own day when ``report_day`` is known), clamped to the
month's last day, and the reminder goes ``lead_days`` before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from benefits.rules.awards import notice_day
from benefits.rules.money import Month
from reminders.rules.base import Detail, Due, Kind, lead_times, require_day
from reminders.rules.facts import UnemploymentFacts

__all__ = ["JOB_SEARCH_LEAD_DAYS", "due_job_search_report_due", "job_search_report_days"]

JOB_SEARCH_LEAD_DAYS: tuple[int, ...] = (3,)


def _report_day(facts: UnemploymentFacts, index: int) -> date | None:
    """The notice day of benefit month ``index`` (0-based), or None when it falls outside the benefit."""
    return notice_day(facts.benefit_start, index, report_day=facts.report_day, ended_on=facts.ended_on)


def job_search_report_days(facts: UnemploymentFacts, *, skip_first_month: bool = False) -> tuple[date, ...]:
    """Every notice day of the benefit, in order (Law 74/2025/QH15 Art. 40; the day itself is a choice)."""
    first = 1 if skip_first_month else 0
    days = (_report_day(facts, index) for index in range(first, facts.benefit_months))
    return tuple(day for day in days if day is not None)


def due_job_search_report_due(
    facts: UnemploymentFacts,
    *,
    on: date,
    lead_days: Iterable[int] = JOB_SEARCH_LEAD_DAYS,
    skip_first_month: bool = False,
) -> list[Due]:
    """A notice day of the benefit is ``n`` days after ``on`` for one of ``lead_days``.

    ``skip_first_month`` leaves out the first benefit month, for the reading in which the claimant's visit to
    collect the decision counts as that month's notice. Nothing is due after ``ended_on``. Legal basis: Law
    on Employment 74/2025/QH15 Art. 40-41; the day: see the module docstring.
    """
    require_day(on)
    leads = lead_times(lead_days, "lead_days")
    first = 1 if skip_first_month else 0
    found: list[Due] = []
    for lead in leads:
        target = on + timedelta(days=lead)
        index = Month.of(target).minus(Month.of(facts.benefit_start))
        if not first <= index < facts.benefit_months or _report_day(facts, index) != target:
            continue
        details: dict[str, Detail] = {"report_on": target.isoformat(), "benefit_month": index + 1, "days_left": lead}
        found.append(Due(Kind.JOB_SEARCH_REPORT_DUE, f"job-search:{facts.claim_id}:{target.isoformat()}", on, details))
    return found
