"""The words of each reminder kind, written at display or send time from the ledger's details.

Nothing personal is stored in `Reminder.context`; the text is rebuilt in the reader's language.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from .enums import KindChoice


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _datetime(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value)
    from django.utils import timezone

    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def reminder_title(reminder) -> str:
    return str(KindChoice(reminder.kind).label)


def reminder_body(reminder) -> str:
    c = reminder.context or {}
    kind = reminder.kind
    if kind == KindChoice.CHECKIN_RECORDED:
        return _(
            "You were checked in at %(facility)s at %(time)s. If this was not you, report it on the visits page."
        ) % {"facility": c.get("facility_name", ""), "time": _datetime(c.get("checked_in_at"))}
    if kind == KindChoice.CARD_EXPIRING:
        return _("Your health insurance card expires on %(date)s. Renew it in time to stay covered.") % {
            "date": _date(c.get("valid_to"))
        }
    if kind == KindChoice.CARD_EXPIRED:
        return _("Your health insurance card expired on %(date)s. Visits are not covered until it is renewed.") % {
            "date": _date(c.get("valid_to"))
        }
    return str(KindChoice(kind).label)


def reminder_email_subject(reminder) -> str:
    """The e-mail's subject line: the kind, then the service's name, so it reads well in a crowded inbox."""
    return _("%(title)s – Social insurance portal") % {"title": reminder_title(reminder)}


def reminder_email_body(reminder) -> str:
    return "\n\n".join(
        [
            reminder_body(reminder),
            _(
                "You can read all your notifications, and choose how you receive them, in the portal under Notifications."
            ),
            _("This message was sent automatically; replies are not read."),
        ]
    )


def reminder_sms_text(reminder) -> str:
    """One short SMS: the service's short name first, so the person knows who writes before opening it."""
    return _("BHXH: %(text)s") % {"text": reminder_body(reminder)}
