"""The supervision rules on their own: reply deadlines in official working days (holidays and
moved weekends included), each escalation step, and the health rules' cut-off dates."""

from __future__ import annotations

from datetime import date

import pytest

from store.domain.supervision import (
    EscalationRules,
    HealthRules,
    NoticeLevel,
    add_working_days,
    escalations,
    first_working_day_after,
    months_before,
    next_level,
    parse_level,
    rules_from,
)
from store.errors import UserError

RULES = EscalationRules(reply_working_days=5)


def test_levels_rise_blue_yellow_red_then_a_summons_and_no_further() -> None:
    assert next_level(NoticeLevel.BLUE) is NoticeLevel.YELLOW
    assert next_level(NoticeLevel.YELLOW) is NoticeLevel.RED
    assert next_level(NoticeLevel.RED) is NoticeLevel.SUMMONS
    assert next_level(NoticeLevel.SUMMONS) is None
    assert parse_level("约谈") is NoticeLevel.SUMMONS
    assert parse_level("黄") is NoticeLevel.YELLOW
    with pytest.raises(UserError, match="unknown notice level"):
        parse_level("green")


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (date(2024, 6, 3), 5, date(2024, 6, 11)),  # Monday 10 June is 端午: Tuesday
        (date(2024, 6, 7), 1, date(2024, 6, 11)),  # Friday: Monday 10 June is 端午, Tuesday
        (date(2024, 9, 27), 1, date(2024, 9, 29)),  # Friday: Sunday 29 Sept is worked
        (date(2024, 9, 27), 5, date(2024, 10, 10)),  # across the National Day week
        (date(2024, 9, 30), 1, date(2024, 10, 8)),  # 1-7 October are holidays
        (date(2024, 10, 11), 1, date(2024, 10, 12)),  # Saturday 12 October is worked
        (date(2024, 2, 8), 3, date(2024, 2, 19)),  # Spring Festival: 10-17 Feb off, 18th worked
    ],
)
def test_a_reply_deadline_counts_official_working_days(start: date, count: int, due: date) -> None:
    assert add_working_days(start, count) == due


def test_an_unanswered_notice_rises_the_first_working_day_after_its_deadline() -> None:
    # issued Friday 27 Sept 2024: reply due 10 Oct (five working days over National Day)
    due = RULES.reply_due(date(2024, 9, 27))
    assert due == date(2024, 10, 10)
    assert first_working_day_after(due) == date(2024, 10, 11)
    assert escalations(NoticeLevel.BLUE, due, date(2024, 10, 10), RULES) == []
    steps = escalations(NoticeLevel.BLUE, due, date(2024, 12, 31), RULES)
    assert [(s.on, s.level, s.reply_due) for s in steps] == [
        (date(2024, 10, 11), NoticeLevel.YELLOW, date(2024, 10, 17)),  # Sat 12th worked
        (date(2024, 10, 18), NoticeLevel.RED, date(2024, 10, 25)),
        (date(2024, 10, 28), NoticeLevel.SUMMONS, None),
    ]


def test_each_step_is_found_on_its_day_alone_and_a_run_on_that_day_finds_it_once() -> None:
    due = date(2024, 10, 10)
    first = escalations(NoticeLevel.BLUE, due, date(2024, 10, 11), RULES)
    assert [(s.on, s.level) for s in first] == [(date(2024, 10, 11), NoticeLevel.YELLOW)]
    # once applied, the same day finds nothing more: the new deadline has not passed
    assert escalations(first[0].level, first[0].reply_due, date(2024, 10, 11), RULES) == []
    assert escalations(NoticeLevel.SUMMONS, None, date(2030, 1, 1), RULES) == []


def test_a_deadline_before_a_holiday_rises_after_it() -> None:
    # due Monday 30 Sept 2024: the next working day is 8 October
    steps = escalations(NoticeLevel.YELLOW, date(2024, 9, 30), date(2024, 10, 7), RULES)
    assert steps == []
    steps = escalations(NoticeLevel.YELLOW, date(2024, 9, 30), date(2024, 10, 8), RULES)
    assert [(s.on, s.level, s.reply_due) for s in steps] == [
        (date(2024, 10, 8), NoticeLevel.RED, date(2024, 10, 14))  # Sat 12th counts
    ]


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert months_before(date(2024, 6, 30), 12) == date(2023, 6, 30)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2024, 1, 15), 3) == date(2023, 10, 15)


def test_health_cutoffs_and_the_low_funds_share_are_exact() -> None:
    cut = HealthRules().cutoffs(date(2024, 6, 30))
    assert cut.signed_before == date(2023, 6, 30)
    assert cut.no_funds_since == date(2024, 3, 30)
    assert cut.low_funds_started_by == date(2023, 12, 30)
    assert cut.funds_low(14_999_999, 100_000_000)
    assert not cut.funds_low(15_000_000, 100_000_000)  # exactly 15% is not under it
    assert not cut.funds_low(0, 0)  # no total investment: nothing to measure against


def test_rules_come_from_settings_and_a_bad_value_is_refused_naming_it() -> None:
    escalation, health = rules_from({"health.low_funds_percent": "20"})
    assert escalation.reply_working_days == 5
    assert health.low_funds_percent == 20
    assert health.not_started_months == 12
    with pytest.raises(UserError, match=r"supervision\.reply_working_days"):
        rules_from({"supervision.reply_working_days": "0"})
    with pytest.raises(UserError, match=r"health\.no_funds_months takes a whole number"):
        rules_from({"health.no_funds_months": "three"})
    with pytest.raises(UserError, match="low_funds_percent"):
        rules_from({"health.low_funds_percent": "150"})
