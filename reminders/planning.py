"""Which channels a new reminder goes out on, and in which first state: a pure function, no Django.

The in-app inbox always gets the reminder, and it is "delivered" the moment the row exists (the inbox reads the
ledger). E-mail and SMS need both the person's consent and an address to send to; without either, the delivery
row is still written, as "skipped", so the inbox and the admin can show why nothing went out on that channel.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DEFAULT_EMAIL_ENABLED", "DEFAULT_SMS_ENABLED", "channel_statuses"]

# Without a NotificationPreference row: e-mail on (free, and the address was given for this portal), SMS off
# (it costs money and needs an explicit opt-in). The same defaults as the model's fields.
DEFAULT_EMAIL_ENABLED: Final = True
DEFAULT_SMS_ENABLED: Final = False

# Plain strings equal to reminders.enums.Channel / DeliveryStatus values, so this module needs no Django.
_INBOX, _EMAIL, _SMS = "inbox", "email", "sms"
_DELIVERED, _QUEUED, _SKIPPED = "delivered", "queued", "skipped"


def channel_statuses(*, email_enabled: bool, sms_enabled: bool, has_email: bool, has_phone: bool) -> dict[str, str]:
    """The first status of each channel's delivery of a new reminder.

    >>> channel_statuses(email_enabled=True, sms_enabled=False, has_email=True, has_phone=True)
    {'inbox': 'delivered', 'email': 'queued', 'sms': 'skipped'}
    """
    return {
        _INBOX: _DELIVERED,
        _EMAIL: _QUEUED if (email_enabled and has_email) else _SKIPPED,
        _SMS: _QUEUED if (sms_enabled and has_phone) else _SKIPPED,
    }
