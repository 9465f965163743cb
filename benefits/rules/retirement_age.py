"""Statutory retirement age and month (Labour Code 2019 Art. 169; Decree 135/2020/NĐ-CP Art. 4-5).

Under normal conditions the required age rises each calendar year from 2021 (men +3 months from 60y, women
+4 months from 55y) until it reaches 62y (2028) and 60y (2035). The age that applies to a person is found
with the algorithm of Decree 135's Appendix I (rules.md 4.1, reproduced exactly in Appendix A):

    for Y = ..., 2021, 2022, ...: D = birth month + required_age(Y); the first Y with year(D) <= Y gives D.

Years before the roadmap use the base age (60y / 55y), so someone who reached 60 in 2020 retired at 60y0m.
The pension starts on the first day of the month after D. A lowered age (Art. 169(3), Decree 135 Art. 5:
up to 5 years lower for listed heavy or hazardous work) is the same algorithm with the age reduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from benefits.rules.facts import Sex
from benefits.rules.money import Month
from benefits.rules.params import ParameterSet, ParameterValue

__all__ = ["RetirementAge", "required_age_months", "statutory_retirement"]


@dataclass(frozen=True)
class RetirementAge:
    """When a person reaches retirement age, and the parameter row the answer rests on."""

    age_months: int
    reached: Month
    pension_start: date
    reduction_months: int
    parameter: ParameterValue

    @property
    def years(self) -> int:
        return self.age_months // 12

    @property
    def months(self) -> int:
        return self.age_months % 12

    def text(self) -> str:
        return f"{self.years}y{self.months}m"


def required_age_months(roadmap: ParameterValue, sex: Sex, year: int) -> int:
    """The normal-conditions retirement age (in months) that applies in calendar ``year``."""
    plan = roadmap.value[sex.value]
    first_year: int = roadmap.value["first_year"]
    if year < first_year:
        return int(plan["base_months"])
    steps = year - first_year + 1
    return int(min(plan["target_months"], plan["base_months"] + plan["step_months"] * steps))


def statutory_retirement(
    sex: Sex, birth_date: date, params: ParameterSet, as_of: date, reduction_months: int = 0
) -> RetirementAge:
    """Retirement month for ``sex`` born on ``birth_date`` under the roadmap in force on ``as_of``.

    ``reduction_months`` lowers the age (0 = normal conditions; at most the ``lower_retirement_age`` limit).
    """
    roadmap = params.value_on("retirement_age_roadmap", as_of)
    if reduction_months:
        limit = params.value_on("lower_retirement_age", as_of).value["max_reduction_months"]
        if not 0 < reduction_months <= limit:
            raise ValueError(f"reduction_months must be between 0 and {limit}")
    birth = Month.of(birth_date)
    year = birth.year
    while True:
        age = required_age_months(roadmap, sex, year) - reduction_months
        reached = birth.plus(age)
        if reached.year <= year:
            return RetirementAge(age, reached, reached.plus(1).first_day(), reduction_months, roadmap)
        year += 1
