"""What reminder is due on which day: the reminder rules as pure functions, with no Django, no I/O, no clock.

Each kind has one function ``due_<kind>(facts, *, on: date, ...) -> list[Due]`` answering "what is due ON
this day"; lead times and days are keyword arguments with documented defaults. The daily sweep calls them
with ``on`` = today (local date); the backfill command calls them with a missed day. See docs/reminders.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from reminders.rules.arrears import ARREARS_GRACE_MONTHS, ARREARS_SEND_DAY, due_employer_arrears, overdue_months
from reminders.rules.base import LOCAL_TZ, Due, Kind
from reminders.rules.cards import (
    CARD_EXPIRING_LEAD_DAYS,
    card_subject,
    due_card_expired,
    due_card_expiring,
    due_child_card_expiring,
    due_household_payment_due,
)
from reminders.rules.checkin import checkin_local_date, due_checkin_recorded
from reminders.rules.facility import FACILITY_WINDOW_DAYS, due_facility_change_window, quarter_of
from reminders.rules.facts import (
    ArrearsFacts,
    CardFacts,
    CheckinFacts,
    ChildCardFacts,
    PaymentCycle,
    RetirementFacts,
    UnemploymentFacts,
    VoluntaryFacts,
)
from reminders.rules.quiet_hours import QUIET_END, QUIET_START, defer_for_quiet_hours, in_quiet_hours
from reminders.rules.retirement import RETIREMENT_LEAD_MONTHS, due_retirement_approaching
from reminders.rules.unemployment import JOB_SEARCH_LEAD_DAYS, due_job_search_report_due, job_search_report_days
from reminders.rules.voluntary import (
    VOLUNTARY_DEADLINE_MONTHS,
    VOLUNTARY_LEAD_DAYS,
    due_voluntary_payment_due,
    voluntary_deadline,
)

__all__ = [
    "ARREARS_GRACE_MONTHS",
    "ARREARS_SEND_DAY",
    "CARD_EXPIRING_LEAD_DAYS",
    "FACILITY_WINDOW_DAYS",
    "JOB_SEARCH_LEAD_DAYS",
    "LOCAL_TZ",
    "QUIET_END",
    "QUIET_START",
    "RETIREMENT_LEAD_MONTHS",
    "RULES",
    "VOLUNTARY_DEADLINE_MONTHS",
    "VOLUNTARY_LEAD_DAYS",
    "ArrearsFacts",
    "CardFacts",
    "CheckinFacts",
    "ChildCardFacts",
    "Due",
    "Kind",
    "PaymentCycle",
    "RetirementFacts",
    "UnemploymentFacts",
    "VoluntaryFacts",
    "card_subject",
    "checkin_local_date",
    "defer_for_quiet_hours",
    "due_card_expired",
    "due_card_expiring",
    "due_checkin_recorded",
    "due_child_card_expiring",
    "due_employer_arrears",
    "due_facility_change_window",
    "due_household_payment_due",
    "due_job_search_report_due",
    "due_retirement_approaching",
    "due_voluntary_payment_due",
    "in_quiet_hours",
    "job_search_report_days",
    "overdue_months",
    "quarter_of",
    "voluntary_deadline",
]

# One rule per kind, for a sweep that dispatches by kind. Every rule takes (facts, *, on=...) and the facts
# type named in its signature; the card and facility rules both take CardFacts.
RULES: Mapping[Kind, Callable[..., list[Due]]] = MappingProxyType(
    {
        Kind.CARD_EXPIRING: due_card_expiring,
        Kind.CARD_EXPIRED: due_card_expired,
        Kind.VOLUNTARY_PAYMENT_DUE: due_voluntary_payment_due,
        Kind.EMPLOYER_ARREARS: due_employer_arrears,
        Kind.JOB_SEARCH_REPORT_DUE: due_job_search_report_due,
        Kind.RETIREMENT_APPROACHING: due_retirement_approaching,
        Kind.FACILITY_CHANGE_WINDOW: due_facility_change_window,
        Kind.CHECKIN_RECORDED: due_checkin_recorded,
        Kind.HOUSEHOLD_PAYMENT_DUE: due_household_payment_due,
        Kind.CHILD_CARD_EXPIRING: due_child_card_expiring,
    }
)
