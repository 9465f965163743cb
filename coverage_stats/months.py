"""Months as the first day of the month."""

import calendar
import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_back(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_parse(text: str) -> datetime.date | None:
    """ "2026-11" -> 2026-11-01; None for anything else."""
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    year, month = int(text[:4]), int(text[5:])
    if not (1 <= month <= 12 and year >= 1900):
        return None
    return datetime.date(year, month, 1)
