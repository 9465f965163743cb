"""Reasons in plain words: each stable reason code of the rules as a translatable title and sentence.

The rules explain themselves in English prose (``Reason.detail``) that cannot be translated, and in
``Reason.figures``, the values behind that prose. Here every code gets a short title and a sentence for
"met" and for "not met" (and a few variants), written as a person would say them, with named placeholders
filled from the figures formatted for the active language (:mod:`benefits.formatting`). A code missing from
the catalogue, or a sentence whose figures are missing, falls back to the English detail: a page never
fails because of a reason text.

Figures are formatted by type: ``date`` as a date, ``Month`` as ``MM/YYYY``, ``Decimal`` as a number, an
``int`` under a key ending in ``_vnd`` as money and any other ``int`` as a plain count. Counts that read as
words ("9 months", "18 years and 4 months", an age) are built by each entry's ``derived`` function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from benefits.citations import law_citation
from benefits.formatting import format_date, format_money, format_month, format_number
from benefits.rules.decisions import Reason
from benefits.rules.money import Month

__all__ = [
    "CATALOGUE",
    "ReasonText",
    "age_text",
    "duration_text",
    "months_text",
    "reason_lines",
    "render_reason",
    "years_text",
]

logger = logging.getLogger(__name__)

Figures = Mapping[str, object]
Text = Promise | str


def _met_or_not(met: bool, figures: Figures) -> str:
    return "met" if met else "not_met"


def _no_derived(figures: Figures) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class ReasonText:
    """How one reason code reads.

    ``texts`` maps a variant name to its sentence; ``pick`` chooses the variant from ``met`` and the figures
    (by default ``"met"`` / ``"not_met"``). ``notes`` are further sentences added when their test holds, and
    ``derived`` adds placeholders derived from the figures (counts as words).
    """

    title: Text
    texts: Mapping[str, Text]
    pick: Callable[[bool, Figures], str] = _met_or_not
    derived: Callable[[Figures], Mapping[str, str]] = _no_derived
    notes: tuple[tuple[Callable[[bool, Figures], bool], Text], ...] = field(default=())


# Two plain msgids rather than ngettext: Vietnamese has a single form, and English needs only one and many.
_MONTH = _("%(count)s month")
_MONTHS = _("%(count)s months")
_YEAR = _("%(count)s year")
_YEARS = _("%(count)s years")
_LESS_THAN_A_YEAR = _("less than a year")
# Translators: a length of time such as "18 years and 4 months"; both parts are already translated.
_YEARS_AND_MONTHS = _("%(years)s and %(months)s")
# Translators: an age (not a length of time), such as the retirement age "62 years": Vietnamese "62 tuổi".
_AGE_YEARS = _("%(years)s years")
# Translators: an age such as "60 years and 9 months"; %(months)s is already translated ("9 months").
_AGE_YEARS_MONTHS = _("%(years)s years and %(months)s")


def months_text(count: int) -> str:
    """``1 month``, ``9 months`` (``9 tháng``)."""
    return str(_MONTH if count == 1 else _MONTHS) % {"count": count}


def years_text(count: int) -> str:
    """``less than a year``, ``1 year``, ``18 years``."""
    if count == 0:
        return str(_LESS_THAN_A_YEAR)
    return str(_YEAR if count == 1 else _YEARS) % {"count": count}


def duration_text(months: int) -> str:
    """A contribution time in words: ``9 months``, ``18 years``, ``18 years and 4 months``."""
    years, rest = divmod(months, 12)
    if not years:
        return months_text(rest)
    if not rest:
        return years_text(years)
    return str(_YEARS_AND_MONTHS) % {"years": years_text(years), "months": months_text(rest)}


def age_text(years: int, months: int) -> str:
    """An age: ``62 years`` (``62 tuổi``), ``60 years and 9 months`` (``60 tuổi 9 tháng``)."""
    if not months:
        return str(_AGE_YEARS) % {"years": years}
    return str(_AGE_YEARS_MONTHS) % {"years": years, "months": months_text(months)}


def _months(*keys: str) -> Callable[[Figures], dict[str, str]]:
    """``derived`` that writes each ``<name>_months`` figure as words under ``<name>``."""

    def derive(figures: Figures) -> dict[str, str]:
        return {key.removesuffix("_months"): months_text(_int(figures[key])) for key in keys if key in figures}

    return derive


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected an int figure, got {type(value).__name__}")
    return value


def _has(key: str) -> Callable[[bool, Figures], bool]:
    return lambda met, figures: not met and key in figures


_KEEP_PAYING = _("If you keep paying every month up to %(qualify_by)s, you will qualify.")


# --- old-age pension -------------------------------------------------------------------------------------


def _retirement_words(figures: Figures) -> dict[str, str]:
    return {"age": age_text(_int(figures["age_years"]), _int(figures["age_months"]))}


def _contribution_years_words(figures: Figures) -> dict[str, str]:
    return {
        "actual": duration_text(_int(figures["actual_months"])),
        "missing": duration_text(_int(figures["missing_months"])),
    }


def _estimate_pick(met: bool, figures: Figures) -> str:
    return "minimum" if figures.get("minimum_applied") else _met_or_not(met, figures)


def _one_time_pick(met: bool, figures: Figures) -> str:
    return f"met_{figures.get('case')}" if met else "not_met"


def _one_time_words(figures: Figures) -> dict[str, str]:
    return {"months_out": months_text(_int(figures["months_out_of_insurance"]))}


# --- sickness --------------------------------------------------------------------------------------------


def _cover_pick(met: bool, figures: Figures) -> str:
    return f"met_{figures.get('basis')}" if met else "not_met"


def _quota_pick(met: bool, figures: Figures) -> str:
    return "met_hazardous" if met and figures.get("hazardous") else _met_or_not(met, figures)


def _quota_words(figures: Figures) -> dict[str, str]:
    return {"years": years_text(_int(figures["compulsory_years"]))}


# --- maternity -------------------------------------------------------------------------------------------


def _birth_months_pick(met: bool, figures: Figures) -> str:
    if not met and figures.get("route") == "pregnancy_rest":
        return "not_met_pregnancy_rest"
    return _met_or_not(met, figures)


def _father_pick(met: bool, figures: Figures) -> str:
    if not met and figures.get("mother_qualifies"):
        return "not_met_mother"
    return _met_or_not(met, figures)


def _father_keeps_paying(met: bool, figures: Figures) -> bool:
    return not met and not figures.get("mother_qualifies") and "qualify_by" in figures


def _voluntary_pick(met: bool, figures: Figures) -> str:
    if not met and figures.get("compulsory_ok"):
        return "not_met_compulsory"
    return _met_or_not(met, figures)


# --- unemployment ----------------------------------------------------------------------------------------


def _not_pension_words(figures: Figures) -> dict[str, str]:
    return {"total": duration_text(_int(figures["total_months"]))}


def _benefit_amount_pick(met: bool, figures: Figures) -> str:
    return "met_capped" if met and figures.get("capped") else _met_or_not(met, figures)


def _benefit_amount_words(figures: Figures) -> dict[str, str]:
    return {"last": months_text(_int(figures["average_months"]))}


def _duration_words(figures: Figures) -> dict[str, str]:
    return {
        "total": duration_text(_int(figures["total_months"])),
        "not_counted": duration_text(_int(figures.get("not_counted_months", 0))),
        "used_before": duration_text(_int(figures.get("used_before_months", 0))),
        **_months("duration_months", "max_duration_months")(figures),
    }


def _ceiling_pick(met: bool, figures: Figures) -> str:
    return "unemployment" if figures.get("basis") == "unemployment" else "social_insurance"


def _ceiling_words(figures: Figures) -> dict[str, str]:
    return {"capped": months_text(_int(figures["capped_months"]))}


def _withdrawal_pick(met: bool, figures: Figures) -> str:
    if met:
        return "met"
    return "later" if "open_from" in figures else "none"


def _positive(key: str) -> Callable[[bool, Figures], bool]:
    return lambda met, figures: _int(figures.get(key, 0)) > 0


CATALOGUE: Mapping[str, ReasonText] = {
    # Every benefit
    "salary_ceiling": ReasonText(
        title=_("Highest salary counted"),
        texts={
            "social_insurance": _(
                "For %(capped)s your salary was above the highest amount insurance counts, %(ceiling_multiple)s"
                " times the reference level. Those months count at the ceiling, for example %(latest_month)s:"
                " %(ceiling_vnd)s instead of %(salary_vnd)s."
            ),
            "unemployment": _(
                "For %(capped)s your salary was above the highest amount unemployment insurance counts,"
                " %(ceiling_multiple)s times the regional minimum wage. Those months count at the ceiling, for"
                " example %(latest_month)s: %(ceiling_vnd)s instead of %(salary_vnd)s."
            ),
        },
        pick=_ceiling_pick,
        derived=_ceiling_words,
    ),
    # Old-age pension
    "retirement_age_reached": ReasonText(
        title=_("Retirement age"),
        texts={
            "met": _(
                "You reached retirement age (%(age)s) in %(reached_month)s. A pension can start from %(pension_start)s."
            ),
            "not_met": _(
                "You will reach retirement age (%(age)s) in %(reached_month)s."
                " The earliest your pension can start is %(pension_start)s."
            ),
        },
        derived=_retirement_words,
    ),
    "minimum_contribution_years": ReasonText(
        title=_("Years of contributions"),
        texts={
            "met": _(
                "You have %(actual)s of contributions up to %(counted_up_to)s. That is enough:"
                " a pension needs at least %(required_years)s years."
            ),
            "not_met": _(
                "You have %(actual)s of contributions up to %(counted_up_to)s, and a pension needs"
                " %(required_years)s years. You need another %(missing)s of contributions. If you keep paying"
                " every month, you can get a pension from %(eligible_from)s."
            ),
        },
        derived=_contribution_years_words,
    ),
    "pension_rate": ReasonText(
        title=_("Pension rate"),
        texts={
            "met": _(
                "Your pension would be %(rate_percent)s%% of your average salary, counting %(rate_years)s years"
                " of contributions."
            ),
            "not_met": _(
                "There is no pension rate yet: it starts once you have %(required_years)s years of contributions."
            ),
        },
    ),
    "pension_estimate": ReasonText(
        title=_("Estimated pension"),
        texts={
            "met": _(
                "Your pension would be about %(estimate_vnd)s a month: %(rate_percent)s%% of your average salary"
                " over your working life (%(average_vnd)s, adjusted to today's value)."
            ),
            "minimum": _(
                "Your pension would be about %(estimate_vnd)s a month. %(rate_percent)s%% of your average salary"
                " (%(average_vnd)s) comes to less, so you get the minimum pension."
            ),
        },
        pick=_estimate_pick,
        notes=(
            (
                lambda met, figures: bool(figures.get("provisional")),
                _(
                    "This is provisional: the official figures for adjusting past salaries in %(settle_year)s are"
                    " not published yet, so the latest ones are used."
                ),
            ),
        ),
    ),
    "minimum_pension": ReasonText(
        title=_("Minimum pension"),
        texts={
            "met": _(
                "Your pension worked out by the formula, %(calculated_vnd)s a month, is below the minimum,"
                " so it is raised to %(minimum_vnd)s a month."
            ),
        },
    ),
    "top_up_missing_months": ReasonText(
        title=_("Paying the missing months"),
        texts={
            "met": _(
                "You can pay for the %(missing)s you are missing in one go and then get a pension."
                " This is allowed when no more than %(max_missing)s are missing."
            ),
        },
        derived=_months("missing_months", "max_missing_months"),
    ),
    "voluntary_top_up": ReasonText(
        title=_("Paying the missing months as a voluntary member"),
        texts={
            "met": _(
                "You can pay for the %(missing)s you are missing in one go as a voluntary member (at most"
                " %(max_missing)s) and then get a pension. At the lowest income, %(income_vnd)s, and"
                " %(rate_percent)s%%, that is %(per_month_vnd)s a month, %(cost_vnd)s in all. With the State's"
                " support of %(support_per_month_vnd)s a month it comes to %(cost_with_support_vnd)s; poor and"
                " near-poor households and ethnic minorities get more support, up to %(most_support_per_month_vnd)s"
                " a month."
            ),
        },
        derived=_months("missing_months", "max_missing_months"),
        notes=(
            (
                lambda met, figures: bool(figures.get("income_unconfirmed")),
                _("The lowest income used here has not been confirmed against its legal source yet."),
            ),
        ),
    ),
    "monthly_allowance_option": ReasonText(
        title=_("Monthly allowance instead of a pension"),
        texts={
            "met": _(
                "Instead of a one-off payment, you can ask for a monthly allowance paid from your own contributions"
                " until you reach %(social_pension_age)s, the age of the social pension. It is at least"
                " %(minimum_vnd)s a month, and the State pays your health insurance meanwhile."
            ),
        },
    ),
    "one_time_payment": ReasonText(
        title=_("One-off social insurance payment"),
        texts={
            "met_retirement_age": _(
                "You have reached retirement age without enough years for a pension, so you can ask for a one-off"
                " payment of about %(amount_vnd)s instead. Think it over: the months paid out no longer count"
                " towards a pension."
            ),
            "met_out_of_insurance": _(
                "You have been out of insurance for %(months_out)s and have fewer than %(max_years)s years of"
                " contributions, so you can ask for a one-off payment of about %(amount_vnd)s. Think it over: the"
                " months paid out no longer count towards a pension."
            ),
            "not_met": _(
                "If you stop paying, you could ask for a one-off payment from %(open_from)s."
                " If you keep paying, you keep your right to a pension."
            ),
        },
        pick=_one_time_pick,
        derived=_one_time_words,
    ),
    # Sickness
    "compulsory_insurance_at_sickness": ReasonText(
        title=_("Insurance when you fell ill"),
        texts={
            "met_previous": _("You were in compulsory insurance in %(basis_month)s, the month before your sick leave."),
            "met_current": _(
                "You joined compulsory insurance in %(basis_month)s, the month your sick leave started,"
                " so that month counts."
            ),
            "not_met": _(
                "You were not in compulsory insurance in %(leave_month)s or %(previous_month)s, so there is no"
                " sickness benefit. Voluntary insurance does not cover sickness."
            ),
        },
        pick=_cover_pick,
    ),
    "sickness_days_quota": ReasonText(
        title=_("Sick days a year"),
        texts={
            "met": _(
                "With %(years)s of compulsory insurance, you can take up to %(quota_days)s working days"
                " of paid sick leave a year."
            ),
            "met_hazardous": _(
                "With %(years)s of compulsory insurance in heavy or hazardous work, you can take up to"
                " %(quota_days)s working days of paid sick leave a year."
            ),
        },
        pick=_quota_pick,
        derived=_quota_words,
    ),
    "sickness_daily_amount": ReasonText(
        title=_("Sickness benefit per day"),
        texts={
            "met": _(
                "You would get %(daily_vnd)s for each working day off sick: %(rate_percent)s%% of your salary"
                " for %(basis_month)s (%(salary_vnd)s), divided by %(daily_divisor)s."
            ),
        },
    ),
    # Maternity
    "compulsory_months_before_birth": ReasonText(
        title=_("Months paid before the birth"),
        texts={
            "met": _(
                "You paid compulsory insurance for %(actual)s in %(window_first)s–%(window_last)s, before the"
                " birth. %(required)s are needed, so you qualify for maternity benefits."
            ),
            "not_met": _(
                "You paid compulsory insurance for %(actual)s in %(window_first)s–%(window_last)s, before the"
                " birth, but %(required)s are needed for maternity benefits."
            ),
            "not_met_pregnancy_rest": _(
                "Because you rested on a doctor's orders during pregnancy, you need %(required)s of compulsory"
                " insurance in %(window_first)s–%(window_last)s and %(required_total)s in total. You have"
                " %(actual)s in that time and %(total)s in total."
            ),
        },
        pick=_birth_months_pick,
        derived=_months("actual_months", "required_months", "total_months", "required_total_months"),
        notes=((_has("qualify_by"), _KEEP_PAYING),),
    ),
    "maternity_leave": ReasonText(
        title=_("Maternity leave"),
        texts={
            "met": _(
                "You can take %(leave)s of maternity leave, paid %(monthly_vnd)s a month (your average salary"
                " over your last %(average)s of contributions), %(total_vnd)s in all."
            ),
        },
        derived=_months("leave_months", "average_months"),
    ),
    "childbirth_lump_sum": ReasonText(
        title=_("One-off payment for the birth"),
        texts={
            "met": _(
                "You also get a one-off payment of %(amount_vnd)s for the birth: %(per_child_vnd)s for each"
                " child, %(reference_multiple)s times the reference level of %(reference_vnd)s."
            ),
        },
    ),
    "paternity_leave": ReasonText(
        title=_("Paternity leave"),
        texts={
            "met": _(
                "You can take %(leave_days)s working days of paternity leave within %(start_within_days)s days"
                " of the birth, paid %(amount_vnd)s in all."
            ),
            "not_met": _(
                "You were not in compulsory insurance in %(birth_month)s or %(previous_month)s, so there is no"
                " paid paternity leave."
            ),
        },
    ),
    "childbirth_lump_sum_father": ReasonText(
        title=_("One-off payment for the birth, to the father"),
        texts={
            "met": _(
                "You paid compulsory insurance for %(actual)s in %(window_first)s–%(window_last)s, so you receive"
                " the one-off payment of %(amount_vnd)s for the birth. This assumes the mother does not qualify"
                " for it herself; if she does, she receives it."
            ),
            "not_met": _(
                "You paid compulsory insurance for %(actual)s in %(window_first)s–%(window_last)s, but"
                " %(required)s are needed for the father to receive the one-off payment for the birth."
            ),
            "not_met_mother": _("The mother qualifies herself, so she receives the one-off payment for the birth."),
        },
        pick=_father_pick,
        derived=_months("actual_months", "required_months"),
        notes=((_father_keeps_paying, _KEEP_PAYING),),
    ),
    "voluntary_maternity_allowance": ReasonText(
        title=_("Birth allowance of voluntary insurance"),
        texts={
            "met": _(
                "You paid insurance for %(actual)s in %(window_first)s–%(window_last)s, so you get the birth"
                " allowance of voluntary insurance: %(amount_vnd)s."
            ),
            "not_met": _(
                "You paid insurance for %(actual)s in %(window_first)s–%(window_last)s, but %(required)s are"
                " needed for the birth allowance of voluntary insurance."
            ),
            "not_met_compulsory": _(
                "You get the birth benefits of compulsory insurance, so the birth allowance of voluntary"
                " insurance does not apply."
            ),
        },
        pick=_voluntary_pick,
        derived=_months("actual_months", "required_months"),
    ),
    # Unemployment
    "lawful_termination": ReasonText(
        title=_("How the job ended"),
        texts={
            "met": _("Your job ended lawfully."),
            "not_met": _(
                "You ended the contract in breach of the Labour Code, so you cannot get unemployment benefit."
            ),
        },
    ),
    "not_pension_eligible": ReasonText(
        title=_("Not yet due a pension"),
        texts={
            "met": _("You did not yet qualify for a pension when your job ended."),
            "not_met": _(
                "When your job ended on %(termination_date)s, you already qualified for a pension (retirement age"
                " reached in %(reached_month)s, %(total)s of insurance), so there is no unemployment benefit."
                " Apply for your pension instead."
            ),
        },
        derived=_not_pension_words,
    ),
    "contribution_months_in_window": ReasonText(
        title=_("Months of unemployment insurance"),
        texts={
            "met": _(
                "You paid unemployment insurance for %(actual)s in the %(window)s up to the end of your job"
                " (%(window_first)s–%(window_last)s). %(required)s are needed."
            ),
            "not_met": _(
                "You paid unemployment insurance for %(actual)s in the %(window)s up to the end of your job"
                " (%(window_first)s–%(window_last)s), but %(required)s are needed."
            ),
        },
        derived=_months("actual_months", "required_months", "window_months"),
        notes=((_has("qualify_by"), _KEEP_PAYING),),
    ),
    "filing_deadline": ReasonText(
        title=_("Deadline to apply"),
        texts={
            "met": _(
                "Apply at the employment service centre by %(apply_by)s, within %(filing)s of the end of your job."
            ),
            "not_met": _(
                "The deadline to apply was %(apply_by)s, %(filing)s after the end of your job. It has passed,"
                " so the benefit can no longer be claimed for this job."
            ),
        },
        derived=_months("filing_months"),
    ),
    "benefit_amount": ReasonText(
        title=_("Monthly unemployment benefit"),
        texts={
            "met": _(
                "You would get %(monthly_vnd)s a month: %(rate_percent)s%% of your average salary over your"
                " last %(last)s of contributions (%(average_vnd)s)."
            ),
            "met_capped": _(
                "You would get %(monthly_vnd)s a month. %(rate_percent)s%% of your average salary over your last"
                " %(last)s of contributions would be %(uncapped_vnd)s, but the benefit is capped at"
                " %(cap_multiple)s times the region %(region)s minimum wage of %(minimum_wage_vnd)s."
            ),
        },
        pick=_benefit_amount_pick,
        derived=_benefit_amount_words,
    ),
    "benefit_duration": ReasonText(
        title=_("How long you get it"),
        texts={
            "met": _(
                "With %(total)s of unemployment insurance, you can get the benefit for %(duration)s"
                " (the most is %(max_duration)s)."
            ),
        },
        derived=_duration_words,
        notes=(
            (
                _positive("not_counted_months"),
                _(
                    "%(not_counted)s of your social insurance do not count: they were before unemployment insurance"
                    " began in 01/2009, voluntary, or in a post outside unemployment insurance."
                ),
            ),
            (
                _positive("used_before_months"),
                _("%(used_before)s were already used for an earlier unemployment benefit and do not count again."),
            ),
        ),
    ),
    # Voluntary social insurance planner (issue 14)
    "voluntary_contribution": ReasonText(
        title=_("Your contribution"),
        texts={
            "met": _(
                "%(rate_percent)s%% of the income you chose, %(income_vnd)s: %(per_month_vnd)s a month,"
                " %(per_cycle_vnd)s for %(cycle)s. You may choose any income from %(floor_vnd)s to %(ceiling_vnd)s"
                " a month."
            ),
        },
        derived=_months("cycle_months"),
    ),
    "voluntary_support": ReasonText(
        title=_("The State's support"),
        texts={
            "met": _(
                "The State pays %(share_percent)s%% of the contribution on the lowest income: %(support_per_month_vnd)s"
                " a month, for at most %(max)s (%(left)s left), so %(support_per_cycle_vnd)s of this payment."
            ),
            "not_met": _(
                "The State supports at most %(max)s and you have none left, so you pay the whole contribution."
            ),
        },
        derived=_months("max_months", "left_months"),
    ),
    "voluntary_paying_ahead": ReasonText(
        title=_("Paying ahead"),
        texts={
            "met": _(
                "You may pay ahead for up to %(max_years_ahead)s years at a discount. The amount shown is before the"
                " discount, which is set each year from the fund's returns."
            ),
        },
    ),
    "voluntary_minimum_years": ReasonText(
        title=_("Years for a pension"),
        texts={
            "met": _("You already have the %(required)s needed for a pension."),
            "not_met": _(
                "You have %(past)s of the %(required)s needed for a pension. If you pay every month you reach them"
                " in %(reached)s."
            ),
        },
        derived=_months("past_months", "required_months"),
    ),
    "voluntary_pension_projection": ReasonText(
        title=_("Your pension"),
        texts={
            "met": _(
                "If you pay until %(last_month)s, your pension could start on %(pension_start)s at %(rate_percent)s%%"
                " of your average income: about %(estimate_vnd)s a month in today's money. Past incomes are revalued"
                " with the latest table; later ones are not raised."
            ),
        },
    ),
    "voluntary_if_you_stop": ReasonText(
        title=_("If you stop paying"),
        texts={
            "met": _(
                "Your months are kept and count again if you start paying later. Because you contributed before"
                " 01/07/2025, you could ask for a one-off payment after %(months_out)s without insurance while you"
                " have fewer than 20 years; those months would then no longer count towards a pension. At"
                " retirement age with too few years you may pay up to 60 missing months at once, or take a monthly"
                " allowance."
            ),
            "not_met": _(
                "Your months are kept and count again if you start paying later. Because you joined from"
                " 01/07/2025, a one-off payment is only possible in the cases the law lists, such as reaching"
                " retirement age with fewer than 15 years. At retirement age with too few years you may pay up to"
                " 60 missing months at once, or take a monthly allowance."
            ),
        },
        derived=_months("months_out"),
    ),
    # One-time payment or keeping the record (issue 14)
    "withdrawal_payment": ReasonText(
        title=_("One-off social insurance payment"),
        texts={
            "met": _(
                "You may ask for a one-off payment of %(amount_vnd)s now: %(total)s (%(before)s before %(split_year)s,"
                " %(after)s from %(split_year)s) at an average of %(average_vnd)s, less %(support_vnd)s of State"
                " support paid back. The months paid out no longer count towards a pension."
            ),
            "later": _(
                "If you make no more contributions, you could ask for a one-off payment of about %(amount_vnd)s from"
                " %(open_from)s. The months paid out would no longer count towards a pension."
            ),
            "none": _(
                "The law does not allow a one-off payment in your case for now: people who first joined from"
                " 01/07/2025, or who have 20 years or more, can only get it in the cases the law lists, such as"
                " reaching retirement age with fewer than 15 years."
            ),
        },
        pick=_withdrawal_pick,
        derived=_months("total_months", "before_months", "after_months"),
    ),
    "withdrawal_other_cases": ReasonText(
        title=_("Other cases"),
        texts={
            "not_met": _(
                "Settling abroad, some serious illnesses, losing 81%% or more of the ability to work, or leaving the"
                " armed forces also allow a one-off payment. They are not checked here."
            ),
        },
    ),
    "keep_pension": ReasonText(
        title=_("Keeping your record"),
        texts={
            "met": _(
                "Your %(kept)s are kept. If you go on contributing on %(income_vnd)s a month, your pension could"
                " start on %(pension_start)s, about %(estimate_vnd)s a month in today's money, for life, and the"
                " social insurance fund pays your health-insurance card."
            ),
        },
        derived=_months("kept_months"),
    ),
    "keep_social_pension": ReasonText(
        title=_("Social pension"),
        texts={
            "met": _(
                "Whichever you choose, if you have no pension you can get the social pension of %(amount_vnd)s a"
                " month from age %(age)s (%(from_date)s). Until then, at retirement age, the record you kept can pay"
                " you a monthly allowance instead."
            ),
        },
    ),
    # Household health insurance (issue 14)
    "household_first_member": ReasonText(
        title=_("The first member"),
        texts={
            "met": _(
                "The first member pays %(rate_percent)s%% of the base salary, %(base_salary_vnd)s on %(on)s:"
                " %(first_vnd)s a month."
            ),
        },
    ),
    "household_shares": ReasonText(
        title=_("The other members"),
        texts={
            "met": _(
                "The second, third and fourth members pay %(second_percent)s%%, %(third_percent)s%% and"
                " %(fourth_percent)s%% of what the first member pays; the fifth and every later member"
                " %(fifth_percent)s%%."
            ),
        },
    ),
    "household_state_support": ReasonText(
        title=_("Members the State supports"),
        texts={
            "met": _(
                "Members of a near-poor household, pupils and students, and members of a farming household of"
                " average living standard join in their own group: they pay the first member's amount less the"
                " share the State pays, and do not count in the household's order. Your province may pay more."
            ),
        },
    ),
    "household_base_salary_change": ReasonText(
        title=_("The base salary changes"),
        texts={
            "met": _(
                "The base salary changes on %(changes_on)s, within a %(cycle_months)s-month cycle. The amount is set"
                " by the base salary in force on the day you pay."
            ),
        },
    ),
}


def _display(key: str, value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Month):
        return format_month(value)
    if isinstance(value, int | Decimal) and key.endswith("_vnd"):
        return format_money(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return value


def _values(entry: ReasonText, figures: Figures) -> dict[str, object]:
    values = {key: _display(key, value) for key, value in figures.items()}
    values.update(entry.derived(figures))
    return values


def render_reason(reason: Reason) -> dict[str, object]:
    """One reason in the active language; raises ``KeyError`` when the code or a placeholder's figure is missing."""
    entry = CATALOGUE[reason.code]
    figures = reason.figures
    template = entry.texts[entry.pick(reason.met, figures)]
    values = _values(entry, figures)
    sentences = [str(template) % values]
    sentences += [str(note) % values for test, note in entry.notes if test(reason.met, figures)]
    return {
        "code": reason.code,
        "met": reason.met,
        "title": str(entry.title),
        "text": " ".join(sentences),
        "law": law_citation(reason.law),
    }


def _fallback(reason: Reason) -> dict[str, object]:
    entry = CATALOGUE.get(reason.code)
    return {
        "code": reason.code,
        "met": reason.met,
        "title": str(entry.title) if entry else reason.code.replace("_", " ").capitalize(),
        "text": reason.detail,
        "law": law_citation(reason.law),
    }


def reason_lines(reasons: Iterable[Reason]) -> list[dict[str, object]]:
    """Each reason as ``{code, met, title, text, law}`` in the active language, for the pages.

    Never raises for a reason it cannot word: the English ``detail`` is shown instead and a warning logged,
    so a new code in the rules shows up in the logs rather than as a broken page.
    """
    lines = []
    for reason in reasons:
        try:
            lines.append(render_reason(reason))
        except (KeyError, TypeError, ValueError):
            logger.warning("No plain-words text for reason %s; showing its English detail", reason.code, exc_info=True)
            lines.append(_fallback(reason))
    return lines
