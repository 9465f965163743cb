"""An unemployment benefit already awarded: its term, its monthly job-search notices, and which award a person holds.

The employment-service centre decides the benefit (Law on Employment 74/2025/QH15 Art. 39: the monthly amount,
1 to 12 months, from the start day); the portal only records the decision. While it is paid, the claimant must
notify their job search to the centre every month (Art. 40); a missed month is not paid and three missed months
in a row end the benefit (Art. 41). The day of the notice is set by Decree 374/2025/NĐ-CP, whose text was not
read [U]: the notice is due in each benefit month on the day of the month the benefit started (the centre's own
day when it set one), clamped to the month's last day (docs/reminders.md, "Choices to verify").

One source of truth for the home page, the eligibility page, the eligibility API and the job-search reminders.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .money import add_months

__all__ = ["Award", "AwardStatus", "HeldAward", "award_held", "notice_day", "notice_days", "term_end"]

LAW_AWARD = "Law 74/2025/QH15 Art. 39"
LAW_NOTICE = "Law 74/2025/QH15 Art. 40-41"


def term_end(benefit_start: date, benefit_months: int) -> date:
    """The last day of a full term: the day before the same date ``benefit_months`` later, or the last day of that
    month when it has no such date (a benefit from 31/01 for one month runs to 28/02, not 27/02)."""
    same_day = add_months(benefit_start, benefit_months)
    if same_day.day != benefit_start.day:  # add_months clamped it to the month's last day
        return same_day
    return same_day - timedelta(days=1)


def notice_day(
    benefit_start: date, index: int, *, report_day: int | None = None, ended_on: date | None = None
) -> date | None:
    """The job-search notice day of benefit month ``index`` (0-based), or None when it falls outside the benefit.

    Each month is counted from the start, so 31/01 never drifts to the 28th (Art. 40; the day is a choice, above).
    """
    anniversary = add_months(benefit_start, index)
    if report_day is None:
        day = anniversary
    else:
        last = calendar.monthrange(anniversary.year, anniversary.month)[1]
        day = anniversary.replace(day=min(report_day, last))
    if day < benefit_start or (ended_on is not None and day > ended_on):
        return None
    return day


class AwardStatus(StrEnum):
    UPCOMING = "upcoming"  # decided, starts later
    CURRENT = "current"  # being paid on the day asked about
    FINISHED = "finished"  # paid for its whole term
    ENDED_EARLY = "ended_early"  # stopped before its term (a new job, missed notices, ...)


@dataclass(frozen=True, slots=True)
class Award:
    """A recorded decision (benefits.models.UnemploymentAward as plain data)."""

    benefit_start: date
    benefit_months: int
    monthly_amount: int
    report_day: int | None = None
    ended_on: date | None = None

    @property
    def term_end(self) -> date:
        return term_end(self.benefit_start, self.benefit_months)

    @property
    def last_day(self) -> date:
        """``ended_on`` when it stopped early, else the end of its term."""
        return self.ended_on or self.term_end


def notice_days(award: Award) -> tuple[date, ...]:
    """Every job-search notice day of the award, in order (Law 74/2025/QH15 Art. 40)."""
    days = (
        notice_day(award.benefit_start, index, report_day=award.report_day, ended_on=award.ended_on)
        for index in range(award.benefit_months)
    )
    return tuple(day for day in days if day is not None)


@dataclass(frozen=True, slots=True)
class HeldAward:
    """The award a person holds on ``as_of`` and what it asks of them next."""

    award: Award
    status: AwardStatus
    next_notice_on: date | None  # the next monthly job-search notice, while the benefit is paid or ahead
    law: str = LAW_AWARD
    notice_law: str = LAW_NOTICE

    @property
    def reports_job_search(self) -> bool:
        """Whether the person must still notify the centre of their job search (Art. 40)."""
        return self.next_notice_on is not None


def _status(award: Award, as_of: date) -> AwardStatus:
    if as_of < award.benefit_start:
        return AwardStatus.UPCOMING
    if as_of <= award.last_day:
        return AwardStatus.CURRENT
    return AwardStatus.ENDED_EARLY if award.ended_on is not None else AwardStatus.FINISHED


def award_held(awards: Iterable[Award], *, as_of: date, termination: date | None) -> HeldAward | None:
    """The award that answers a person's unemployment question on ``as_of``, or None.

    The one being paid on ``as_of`` (the latest started); else the next one decided to start later; else, when a
    job ended on ``termination``, the award for it (the latest starting after that day), however long ago it
    finished: that job's claim was made, so there is no filing deadline to give for it any more. Awards of any
    date are fine: nothing here needs a policy figure.
    """
    awards = sorted(awards, key=lambda a: a.benefit_start)
    chosen = next((a for a in reversed(awards) if a.benefit_start <= as_of <= a.last_day), None)
    if chosen is None:
        chosen = next((a for a in awards if a.benefit_start > as_of), None)
    if chosen is None and termination is not None:
        chosen = next((a for a in reversed(awards) if a.benefit_start > termination), None)
    if chosen is None:
        return None
    status = _status(chosen, as_of)
    upcoming = (d for d in notice_days(chosen) if d >= as_of)
    next_notice = next(upcoming, None) if status in (AwardStatus.UPCOMING, AwardStatus.CURRENT) else None
    return HeldAward(award=chosen, status=status, next_notice_on=next_notice)
