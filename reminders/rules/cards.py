"""Health-insurance card reminders: before the card runs out, and the day after it has.

Legal basis: a card's validity runs with the period paid for (Decree 188/2025/NĐ-CP, notes §8.1 [C2]); once it
lapses the holder is not covered until it is renewed. The lead times are the product's choice (the issue: 30, 7
and 1 days), not the law's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from reminders.rules.base import Detail, Due, Kind, lead_times, require_day
from reminders.rules.facts import CardFacts, ChildCardFacts

__all__ = [
    "CARD_EXPIRING_LEAD_DAYS",
    "card_subject",
    "due_card_expired",
    "due_card_expiring",
    "due_child_card_expiring",
    "due_household_payment_due",
]

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
    if card.renews_through_employer or card.household:
        return []  # a household card is renewed by paying: due_household_payment_due says it
    return _before_end(Kind.CARD_EXPIRING, card_subject(card), card.valid_to, on, lead_days)


def _before_end(kind: Kind, subject: str, valid_to: date, on: date, lead_days: Iterable[int]) -> list[Due]:
    leads = lead_times(lead_days, "lead_days")
    days_left = (valid_to - on).days  # date subtraction cannot overflow, unlike adding a timedelta
    if days_left not in leads:
        return []
    details: dict[str, Detail] = {"valid_to": valid_to.isoformat(), "days_left": days_left}
    return [Due(kind, subject, on, details)]


def due_household_payment_due(
    card: CardFacts, *, on: date, lead_days: Iterable[int] = CARD_EXPIRING_LEAD_DAYS
) -> list[Due]:
    """A household member's card (group GD) runs until the end of the period the household paid (HI Law
    Art. 13(6); Decree 188/2025/NĐ-CP): the next 3, 6 or 12 months are due ``n`` days before ``valid_to``, in
    place of the card-expiring reminder. Same lead times and days as :func:`due_card_expiring`."""
    require_day(on)
    if not card.household or card.renews_through_employer:
        return []
    return _before_end(
        Kind.HOUSEHOLD_PAYMENT_DUE,
        f"household:{card.card_id}:{card.valid_to.isoformat()}",
        card.valid_to,
        on,
        lead_days,
    )


def due_child_card_expiring(
    card: ChildCardFacts, *, on: date, lead_days: Iterable[int] = CARD_EXPIRING_LEAD_DAYS
) -> list[Due]:
    """A linked child's card ends ``n`` days after ``on``: the parent is told (the child may have no account).
    The details carry the family link's public id, for the link to the child's card; never the child's name."""
    require_day(on)
    subject = f"child-card:{card.link_id}:{card.card_id}:{card.valid_to.isoformat()}"
    dues = _before_end(Kind.CHILD_CARD_EXPIRING, subject, card.valid_to, on, lead_days)
    return [Due(due.kind, due.subject, due.due_on, {**due.details, "link_id": card.link_id}) for due in dues]


def due_card_expired(card: CardFacts, *, on: date) -> list[Due]:
    """The card ran out yesterday: ``on`` is the day after ``valid_to``.

    Same exclusion as :func:`due_card_expiring`: an employer-renewed card that lapses means the employer has
    not paid, which the employer-arrears reminder reports (on the 10th), so it is not announced twice.
    """
    require_day(on)
    if card.renews_through_employer or (on - card.valid_to).days != 1:
        return []
    return [Due(Kind.CARD_EXPIRED, card_subject(card), on, {"valid_to": card.valid_to.isoformat()})]
