"""Reasons in plain words: every code the rules emit has a catalogue entry that renders in both languages."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from benefits.formatting import format_date, format_money, format_month, format_number
from benefits.reason_text import CATALOGUE, duration_text, months_text, reason_lines, render_reason, years_text
from benefits.rules.calculator import evaluate, parse_request
from benefits.rules.decisions import Reason
from benefits.rules.facts import MaternityEvent, Person, Sex, SicknessEvent, UnemploymentEvent
from benefits.rules.household import HouseholdMember, household_premium
from benefits.rules.maternity import check_maternity
from benefits.rules.money import Month
from benefits.rules.old_age import check_old_age
from benefits.rules.params import ParameterSet, load_parameter_set
from benefits.rules.sickness import check_sickness
from benefits.rules.unemployment import check_unemployment
from benefits.rules.voluntary import plan_voluntary
from benefits.rules.withdrawal import compare_withdrawal

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.integration

CASES_PATH = Path(__file__).resolve().parent / "data" / "cases.json"
CASES = json.loads(CASES_PATH.read_text(encoding="utf-8"))
PARAMS = load_parameter_set()
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def case_reasons(case: dict) -> list[Reason]:
    result = evaluate(parse_request(case["request"]), PARAMS)
    decisions = (result.old_age, result.sickness, result.maternity, result.unemployment)
    return [reason for decision in decisions if decision is not None for reason in decision.reasons]


def _mother(*periods):
    return facts("female", "1994-04-04", *periods)


def _father(*periods):
    return facts("male", "1990-02-02", *periods)


def _ended(day: str, lawful: bool = True) -> UnemploymentEvent:
    return UnemploymentEvent(date.fromisoformat(day), lawful, None)


def _plan(params, person, periods, income, group, cycle, used=0):
    return plan_voluntary(
        person, periods, params, AS_OF, income=income, group=group, cycle_months=cycle, supported_months_used=used
    ).reasons


# Situations beyond cases.json, so that every variant and note of the catalogue is rendered at least once.
SCENARIOS: dict[str, Callable[[ParameterSet], tuple[Reason, ...]]] = {
    "past pension age, 3 months short": lambda p: (
        check_old_age(facts("female", "1960-03-03", period("2012-02", "2026-10")), p, AS_OF).reasons
    ),
    "past pension age, stopped, 16 months short": lambda p: (
        check_old_age(facts("female", "1960-03-03", period("2013-01", "2026-08")), p, AS_OF).reasons
    ),
    "long low career raised to the minimum": lambda p: (
        check_old_age(facts("male", "1960-01-01", period("2001-01", "2026-10", 1_000_000)), p, AS_OF).reasons
    ),
    "12 months out of insurance": lambda p: (
        check_old_age(facts("male", "1985-01-01", period("2010-01", "2025-12", 8_000_000)), p, date(2027, 1, 1)).reasons
    ),
    "sick in the month of re-joining": lambda p: (
        check_sickness(
            facts(
                "male", "1990-01-01", period("2015-01", "2020-12", 20_000_000), period("2026-11", "2026-11", 9_600_000)
            ),
            p,
            AS_OF,
            SicknessEvent(date(2026, 11, 20)),
        ).reasons
    ),
    "sick in hazardous work": lambda p: (
        check_sickness(
            facts("male", "1975-01-01", period("2000-01", "2026-10", hazardous=True)), p, AS_OF, None
        ).reasons
    ),
    "pregnancy rest, too few months in total": lambda p: (
        check_maternity(
            _mother(period("2024-01", "2024-08"), period("2026-05", "2026-07")),
            p,
            AS_OF,
            MaternityEvent(date(2026, 8, 10), pregnancy_rest=True),
        ).reasons
    ),
    "future birth, can still qualify": lambda p: (
        check_maternity(_mother(period("2026-08", "2026-11")), p, AS_OF, MaternityEvent(date(2027, 3, 10))).reasons
    ),
    "father, leave and lump sum": lambda p: (
        check_maternity(
            _father(period("2026-02", "2026-10")), p, AS_OF, MaternityEvent(date(2026, 11, 10), child_order=2)
        ).reasons
    ),
    "father, the mother qualifies": lambda p: (
        check_maternity(
            _father(period("2026-02", "2026-10")), p, AS_OF, MaternityEvent(date(2026, 11, 10), mother_qualifies=True)
        ).reasons
    ),
    "father, not insured at the birth": lambda p: (
        check_maternity(
            _father(period("2026-09", "2026-10", scheme="voluntary")), p, AS_OF, MaternityEvent(date(2026, 11, 10))
        ).reasons
    ),
    "father, future birth, can still qualify": lambda p: (
        check_maternity(_father(period("2026-08", "2026-11")), p, AS_OF, MaternityEvent(date(2027, 3, 10))).reasons
    ),
    "voluntary allowance": lambda p: (
        check_maternity(
            _mother(period("2026-01", "2026-10", scheme="voluntary")), p, AS_OF, MaternityEvent(date(2026, 11, 20))
        ).reasons
    ),
    "compulsory benefits win over the voluntary allowance": lambda p: (
        check_maternity(
            _mother(period("2025-11", "2026-04"), period("2026-05", "2026-10", scheme="voluntary")),
            p,
            AS_OF,
            MaternityEvent(date(2026, 11, 20)),
        ).reasons
    ),
    "already due a pension when the job ended": lambda p: (
        check_unemployment(
            facts("male", "1964-10-10", period("2000-01", "2026-12")), p, date(2026, 7, 15), _ended("2026-06-30")
        ).reasons
    ),
    "future job end, can still qualify": lambda p: (
        check_unemployment(
            facts("male", "1985-03-03", period("2026-01", "2026-11")), p, AS_OF, _ended("2027-06-30")
        ).reasons
    ),
    "salary above the ceiling": lambda p: (
        check_maternity(
            _mother(period("2025-11", "2026-10", 80_000_000)), p, AS_OF, MaternityEvent(date(2026, 11, 20))
        ).reasons
    ),
    "salary above the unemployment ceiling": lambda p: (
        check_unemployment(
            facts("male", "1985-03-03", period("2025-01", "2026-10", 120_000_000)), p, AS_OF, _ended("2026-10-31")
        ).reasons
    ),
    "career before 2009 and an earlier benefit": lambda p: (
        check_unemployment(
            facts("male", "1975-03-03", period("2000-01", "2026-10")),
            p,
            AS_OF,
            UnemploymentEvent(date(2026, 10, 31), True, None, months_used_before=36),
        ).reasons
    ),
    "filed too late": lambda p: (
        check_unemployment(
            facts("male", "1985-03-03", period("2020-01", "2026-10")), p, date(2027, 2, 1), _ended("2026-10-31")
        ).reasons
    ),
    "voluntary, near-poor woman with compulsory years": lambda p: _plan(
        p, Person(Sex.FEMALE, date(1980, 3, 10)), (period("2010-01", "2016-12"),), 3_000_000, "near_poor", 12
    ),
    "voluntary, support used up, paying ahead, joined 2026": lambda p: _plan(
        p, Person(Sex.MALE, date(1990, 6, 1)), (), 2_000_000, "other", 24, used=120
    ),
    "voluntary past retirement with the years": lambda p: _plan(
        p, Person(Sex.MALE, date(1960, 1, 1)), (period("2000-01", "2026-10"),), 2_000_000, "other", 1
    ),
    "withdrawal open now, with voluntary support": lambda p: (
        compare_withdrawal(
            Person(Sex.MALE, date(1985, 5, 5)), (period("2019-01", "2025-10", 2_000_000, "voluntary"),), p, AS_OF
        ).reasons
    ),
    "withdrawal later": lambda p: (
        compare_withdrawal(Person(Sex.MALE, date(1985, 5, 5)), (period("2010-01", "2025-12"),), p, AS_OF).reasons
    ),
    "withdrawal not allowed": lambda p: (
        compare_withdrawal(Person(Sex.MALE, date(1985, 5, 5)), (period("2025-08", "2026-10"),), p, AS_OF).reasons
    ),
    "household crossing a base-salary change": lambda p: (
        household_premium([HouseholdMember(), HouseholdMember("student")], p, date(2026, 5, 1)).reasons
    ),
}


def all_reasons() -> list[tuple[str, Reason]]:
    found = [(case["name"], reason) for case in CASES for reason in case_reasons(case)]
    found += [(name, reason) for name, build in SCENARIOS.items() for reason in build(PARAMS)]
    return found


ALL_REASONS = all_reasons()


def reason_for(case_name: str, code: str) -> Reason:
    case = next(c for c in CASES if c["name"] == case_name)
    return next(r for r in case_reasons(case) if r.code == code)


def test_every_code_from_the_worked_cases_has_an_entry():
    emitted = {reason.code for case in CASES for reason in case_reasons(case)}
    assert emitted - set(CATALOGUE) == set()


def test_the_catalogue_covers_exactly_the_codes_of_the_rules():
    sources = (Path(__file__).resolve().parents[2] / "benefits" / "rules").glob("*.py")
    codes = {code for path in sources for code in re.findall(r'code="(\w+)"', path.read_text(encoding="utf-8"))}
    assert len(codes) == 39
    assert set(CATALOGUE) == codes


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_reason_renders_without_a_missing_figure(language):
    with translation.override(language):
        for name, reason in ALL_REASONS:
            line = render_reason(reason)  # strict: a missing figure raises KeyError
            assert line["text"], (name, reason.code)
            assert "%(" not in line["text"], (name, reason.code)


def test_every_variant_and_note_is_reached():
    reached = {(reason.code, CATALOGUE[reason.code].pick(reason.met, reason.figures)) for _, reason in ALL_REASONS}
    declared = {(code, key) for code, entry in CATALOGUE.items() for key in entry.texts}
    assert declared - reached == set()
    assert reached - declared == set()
    notes = {
        (reason.code, index)
        for _, reason in ALL_REASONS
        for index, (test, _note) in enumerate(CATALOGUE[reason.code].notes)
        if test(reason.met, reason.figures)
    }
    assert notes == {(code, i) for code, entry in CATALOGUE.items() for i in range(len(entry.notes))}


def test_placeholders_name_figures_or_derived_words():
    with translation.override("en"):
        for _, reason in ALL_REASONS:
            entry = CATALOGUE[reason.code]
            template = str(entry.texts[entry.pick(reason.met, reason.figures)])
            known = set(reason.figures) | set(entry.derived(reason.figures))
            assert set(PLACEHOLDER.findall(template)) <= known, reason.code


@pytest.mark.parametrize(
    ("case_name", "code", "sentence"),
    [
        (
            "man near retirement, laid off",
            "benefit_amount",
            "You would get 6,000,000 VND a month: 60% of your average salary over your last 6 months of"
            " contributions (10,000,000 VND).",
        ),
        (
            "man near retirement, laid off",
            "retirement_age_reached",
            "You will reach retirement age (62 years) in 05/2028. The earliest your pension can start is 1 Jun 2028.",
        ),
        (
            "man near retirement, laid off",
            "filing_deadline",
            "Apply at the employment service centre by 31 Jan 2027, within 3 months of the end of your job.",
        ),
        (
            "first child, qualified",
            "minimum_contribution_years",
            "You have 1 year and 10 months of contributions up to 11/2026, and a pension needs 15 years. You need"
            " another 13 years and 2 months of contributions. If you keep paying every month, you can get a pension"
            " from 07/2055.",
        ),
        (
            "high earner, unemployment capped",
            "benefit_amount",
            "You would get 26,550,000 VND a month. 60% of your average salary over your last 6 months of"
            " contributions would be 30,000,000 VND, but the benefit is capped at 5 times the region I minimum wage"
            " of 5,310,000 VND.",
        ),
        (
            "first child, qualified",
            "childbirth_lump_sum",
            "You also get a one-off payment of 5,060,000 VND for the birth: 5,060,000 VND for each child, 2 times"
            " the reference level of 2,530,000 VND.",
        ),
    ],
)
def test_english_sentences(case_name, code, sentence):
    reason = reason_for(case_name, code)
    with translation.override("en"):
        [line] = reason_lines([reason])
        title = str(CATALOGUE[code].title)
    line["text"] = line["text"].replace("\u00a0", " ")  # money keeps its sign with a no-break space
    assert line == {"code": code, "met": reason.met, "title": title, "text": sentence, "law": reason.law}


@pytest.mark.parametrize(
    ("case_name", "code", "figures"),
    [
        ("man near retirement, laid off", "benefit_amount", ["6.000.000\u00a0₫", "10.000.000\u00a0₫"]),
        ("man near retirement, laid off", "retirement_age_reached", ["05/2028", "01/06/2028"]),
        ("man near retirement, laid off", "filing_deadline", ["31/01/2027"]),
        (
            "high earner, unemployment capped",
            "benefit_amount",
            ["26.550.000\u00a0₫", "30.000.000\u00a0₫", "5.310.000\u00a0₫"],
        ),
        ("first child, qualified", "maternity_leave", ["10.000.000\u00a0₫", "60.000.000\u00a0₫"]),
    ],
)
def test_vietnamese_figures(case_name, code, figures):
    # Only the figures: the Vietnamese sentences arrive with the .po file.
    with translation.override("vi"):
        [line] = reason_lines([reason_for(case_name, code)])
    for figure in figures:
        assert figure in line["text"]
    assert "VND" not in line["text"]


def test_law_is_cited_in_the_page_language_and_keys_are_fixed():
    reason = reason_for("man near retirement, laid off", "benefit_amount")
    with translation.override("en"):
        [line] = reason_lines([reason])
    assert set(line) == {"code", "met", "title", "text", "law"}
    assert line["law"] == reason.law
    with translation.override("vi"):
        [line] = reason_lines([reason])
    assert line["law"] == "Điều 39(1)-(2) Luật Việc làm 2025; Điều 3 Nghị định 293/2025/NĐ-CP"


def test_unknown_code_falls_back_to_the_english_detail(caplog):
    reason = Reason(code="brand_new_rule", met=False, detail="Something new in English.", law="Art. 1")
    with caplog.at_level(logging.WARNING, logger="benefits.reason_text"), translation.override("vi"):
        [line] = reason_lines([reason])
    assert line == {
        "code": "brand_new_rule",
        "met": False,
        "title": "Brand new rule",
        "text": "Something new in English.",
        "law": "Art. 1",
    }
    assert "brand_new_rule" in caplog.text


def test_missing_figure_falls_back_but_the_strict_renderer_raises():
    reason = Reason(code="filing_deadline", met=True, detail="File by 31/01/2027.", law="Art. 40")
    with translation.override("en"):
        [line] = reason_lines([reason])
        assert line["text"] == "File by 31/01/2027."
        assert line["title"] == "Deadline to apply"
        with pytest.raises(KeyError):
            render_reason(reason)


def test_counts_in_words():
    with translation.override("en"):
        assert months_text(1) == "1 month"
        assert months_text(9) == "9 months"
        assert years_text(0) == "less than a year"
        assert years_text(1) == "1 year"
        assert duration_text(0) == "0 months"
        assert duration_text(24) == "2 years"
        assert duration_text(13) == "1 year and 1 month"


@pytest.mark.parametrize(
    ("language", "money", "day", "number"),
    [
        ("vi", "12.500.000\u00a0₫", "31/12/2026", "43,5"),
        ("en", "12,500,000\u00a0VND", "31 Dec 2026", "43.5"),
    ],
)
def test_formatting(language, money, day, number):
    with translation.override(language):
        assert format_money(12_500_000) == money
        assert format_date(date(2026, 12, 31)) == day
        assert format_month(Month(2026, 12)) == "12/2026"
        assert format_month(date(2027, 1, 31)) == "01/2027"
        assert format_number(Decimal("43.5")) == number
        assert format_number(2028) == "2028"
