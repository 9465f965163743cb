"""Money and month arithmetic shared by every rule.

Money is whole VND held in ``int``. Intermediate products (salary x rate, averages) are exact ``Decimal`` or
``Fraction`` values and are turned into VND in exactly one place, :func:`round_vnd`, which rounds half up.
Floats are refused so that binary rounding can never leak into an amount.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

__all__ = ["Month", "add_months", "round_vnd"]

_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


def round_vnd(amount: int | Decimal | Fraction) -> int:
    """Round an amount to whole VND, half up (…,5 goes away from zero). The only rounding helper."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | Fraction):
        raise TypeError(f"money must be int, Decimal or Fraction, not {type(amount).__name__}")
    if isinstance(amount, int):
        return amount
    if isinstance(amount, Fraction):
        # Exact integer arithmetic: floor(|x| + 1/2) with the sign put back.
        sign = -1 if amount < 0 else 1
        magnitude = abs(amount)
        return sign * ((2 * magnitude.numerator + magnitude.denominator) // (2 * magnitude.denominator))
    with localcontext() as ctx:
        ctx.prec = 60
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month; contribution periods are counted in these."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1-12, got {self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``"YYYY-MM"``."""
        match = _MONTH_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"expected YYYY-MM, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> Month:
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    @property
    def index(self) -> int:
        """Months since year 0; differences of indexes are month counts."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def minus(self, other: Month) -> int:
        """Number of months from ``other`` to ``self`` (positive when self is later)."""
        return self.index - other.index

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def display(self) -> str:
        """``MM/YYYY``, the way Vietnamese documents write months."""
        return f"{self.month:02d}/{self.year:04d}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later; a day past the end of the target month becomes its last day (31/10 + 4 = 28/02)."""
    target = Month.of(day).plus(months)
    return date(target.year, target.month, min(day.day, target.last_day().day))
