"""Health-insurance card reminders: before the card runs out, and the day after it has.

Legal basis: a card's validity runs with the period paid for (Decree 188/2025/NĐ-CP, notes §8.1 [C2]); once it
lapses the holder is not covered until it is renewed. The lead times are the product's choice (the issue: 30, 7
and 1 days), not the law's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from reminders.rules.base import Detail, Due, Kind, lead_times, require_day
from reminders.rules.facts import CardFacts

__all__ = ["CARD_EXPIRING_LEAD_DAYS", "card_subject", "due_card_expired", "due_card_expiring"]

CARD_EXPIRING_LEAD_DAYS: tuple[int, ...] = (30, 7, 1)


def card_subject(card: CardFacts) -> str:
    """One subject per card and validity end: a renewed card (new ``valid_to``) starts a fresh series."""
    return f"card:{card.card_id}:{card.valid_to.isoformat()}"


def due_card_expiring(card: CardFacts, *, on: date, lead_days: Iterable[int] = CARD_EXPIRING_LEAD_DAYS) -> list[Due]:
    """The card ends ``n`` days after ``on`` for one of ``lead_days`` (counted in calendar days to ``valid_to``,
    so 30 days before 01/03/2028 is 31/01/2028 and before 29/02/2028 is 30/01/2028).

    Cards renewed through an employer are left out: the person has nothing to do. A lead time of 0 means on
    the last valid day. Each lead time matches exactly one day; a day the sweep missed is not made up here.
    """
    require_day(on)
    leads = lead_times(lead_days, "lead_days")
    if card.renews_through_employer:
        return []
    days_left = (card.valid_to - on).days  # date subtraction cannot overflow, unlike adding a timedelta
    if days_left not in leads:
        return []
    details: dict[str, Detail] = {"valid_to": card.valid_to.isoformat(), "days_left": days_left}
    return [Due(Kind.CARD_EXPIRING, card_subject(card), on, details)]


def due_card_expired(card: CardFacts, *, on: date) -> list[Due]:
    """The card ran out yesterday: ``on`` is the day after ``valid_to``.

    Same exclusion as :func:`due_card_expiring`: an employer-renewed card that lapses means the employer has
    not paid, which the employer-arrears reminder reports (on the 10th), so it is not announced twice.
    """
    require_day(on)
    if card.renews_through_employer or (on - card.valid_to).days != 1:
        return []
    return [Due(Kind.CARD_EXPIRED, card_subject(card), on, {"valid_to": card.valid_to.isoformat()})]
