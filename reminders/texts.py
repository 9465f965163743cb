"""The words of each reminder kind, written at display or send time from the ledger's details.

Nothing personal is stored in `Reminder.context`; the text is rebuilt in the reader's language.
"""

import datetime

from django.utils import formats, timezone
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
    if kind == KindChoice.HOUSEHOLD_PAYMENT_DUE:
        return _(
            "Your household health insurance is paid until %(date)s. Pay the next 3, 6 or 12 months before then so"
            " that the household's cards stay valid; the household calculator shows what each member pays."
        ) % {"date": _date(c.get("valid_to"))}
    if kind == KindChoice.CHILD_CARD_EXPIRING:
        return _(
            "Your child's health insurance card expires on %(date)s. Renew it in time so that your child stays covered."
        ) % {"date": _date(c.get("valid_to"))}
    if kind == KindChoice.VOLUNTARY_PAYMENT_DUE:
        return _(
            "Your voluntary social insurance for %(first)s to %(last)s is due by %(deadline)s. "
            "Pay in time so that the months count."
        ) % {
            "first": _month(c.get("period_first")),
            "last": _month(c.get("period_last")),
            "deadline": _date(c.get("deadline")),
        }
    if kind == KindChoice.EMPLOYER_ARREARS:
        if c.get("affected_employees"):
            return _(
                "Contributions for %(employees)s employees are unpaid for %(months)s month(s), %(first)s to %(last)s. "
                "Late-payment interest of 0.03%% a day applies."
            ) % {
                "employees": c["affected_employees"],
                "months": c.get("unpaid_months", ""),
                "first": _month(c.get("first_unpaid_month")),
                "last": _month(c.get("last_unpaid_month")),
            }
        first, last = _month(c.get("first_unpaid_month")), _month(c.get("last_unpaid_month"))
        return _(
            "Your employer is late paying your contributions: %(months)s month(s) past the payment deadline "
            "(%(period)s). These months do not count for your benefits until they are paid; you may ask your "
            "employer or the social insurance office."
        ) % {"months": c.get("unpaid_months", ""), "period": first if first == last else f"{first} – {last}"}
    if kind == KindChoice.JOB_SEARCH_REPORT_DUE:
        return _(
            "Notify the employment service centre of your job search by %(date)s (month %(month)s of your "
            "unemployment benefit); a missed month is not paid."
        ) % {"date": _date(c.get("report_on")), "month": c.get("benefit_month", "")}
    if kind == KindChoice.RETIREMENT_APPROACHING:
        return _(
            "You reach retirement age soon: your pension can start on %(date)s. Prepare your ID card, your "
            "social insurance book number and a bank account, and check your contribution history."
        ) % {"date": _date(c.get("pension_start"))}
    if kind == KindChoice.FACILITY_CHANGE_WINDOW:
        return _("From %(start)s to %(end)s you may change the facility where you are registered for primary care.") % {
            "start": _date(c.get("window_start")),
            "end": _date(c.get("window_end")),
        }
    return str(KindChoice(kind).label)


def _month(value: str | None) -> str:
    """ "2026-08" as 08/2026."""
    if not value or len(value) != 7:
        return value or ""
    return f"{value[5:]}/{value[:4]}"


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
