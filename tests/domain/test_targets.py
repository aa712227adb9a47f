"""Targets over their months (序时进度), completion and points ahead, exact to the fraction."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from store.domain.targets import (
    Progress,
    fraction_text,
    parse_split,
    parse_target_period,
    percent_text,
    period_target,
    points_text,
    progress,
    ranks,
    schedule_share,
    year_gone,
)
from store.errors import UserError

YI = 100_000_000


def test_panzhihua_125_64_percent_of_target_is_42_31_points_ahead_at_the_end_of_october() -> None:
    # 攀枝花: 完成目标任务的125.64%，超进度42.31%
    year = parse_target_period("2024")
    done = progress(100 * YI, (), year, 12_564_000_000, date(2024, 10, 31))
    assert done.completion == Fraction(12564, 10000)
    assert done.schedule == Fraction(10, 12)
    assert percent_text(done.completion) == "125.64%"
    assert points_text(done.points_ahead) == "+42.31"
    assert done.points_ahead == Fraction(12564, 100) - Fraction(1000, 12)
    assert not done.behind


def test_the_month_under_way_counts_by_its_days() -> None:
    assert year_gone((), 2024, date(2024, 6, 15)) == Fraction(5, 12) + Fraction(1, 12) * Fraction(
        15, 30
    )
    assert year_gone((), 2024, date(2024, 12, 31)) == 1
    assert year_gone((), 2024, date(2023, 12, 31)) == 0
    assert year_gone((), 2024, date(2025, 1, 1)) == 1


def test_a_quarter_is_scheduled_within_its_own_months() -> None:
    q2 = parse_target_period("2024Q2")
    assert (q2.start, q2.end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert schedule_share((), q2, date(2024, 5, 31)) == Fraction(2, 3)
    assert schedule_share((), q2, date(2024, 3, 31)) == 0
    assert schedule_share((), q2, date(2024, 9, 30)) == 1
    assert period_target(12 * YI, (), q2) == 3 * YI


def test_a_monthly_split_the_office_gives_moves_the_schedule() -> None:
    # nothing due over the Spring Festival, the rest evenly
    shares = parse_split("0,0,1,1,1,1,1,1,1,1,1,1")
    year = parse_target_period("2024")
    assert schedule_share(shares, year, date(2024, 2, 29)) == 0
    assert schedule_share(shares, year, date(2024, 3, 31)) == Fraction(1, 10)
    assert period_target(10 * YI, shares, parse_target_period("2024Q1")) == 1 * YI
    behind = progress(10 * YI, shares, year, 5 * YI, date(2024, 8, 31))
    assert behind.schedule == Fraction(6, 10)
    assert behind.points_ahead == -10
    assert behind.behind


def test_no_target_has_no_completion() -> None:
    empty = Progress(Fraction(0), 5, Fraction(1, 2))
    assert empty.completion is None and empty.points_ahead is None
    assert percent_text(None) == "n/a"
    assert not empty.behind


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "1,1,1,1,1,1,1,1,1,1,1,x", "0,0,0,0,0,0,0,0,0,0,0,0", "-1,1,1,1,1,1,1,1,1,1,1,1"],
)
def test_a_bad_split_is_refused(text: str) -> None:
    with pytest.raises(UserError):
        parse_split(text)


def test_periods_as_offices_write_them() -> None:
    assert parse_target_period("2024年6月").label == "2024-06"
    assert parse_target_period("2024q3").first == 7
    with pytest.raises(UserError, match="unknown period"):
        parse_target_period("二季度")


def test_equal_scores_rank_equal() -> None:
    scores = [Fraction(90), Fraction(95), Fraction(90), Fraction(80)]
    assert ranks(scores) == [2, 1, 2, 4]


def test_fractions_are_written_exactly() -> None:
    assert fraction_text(Fraction(6282, 50)) == "3141/25"
    assert fraction_text(Fraction(4)) == "4"
    assert fraction_text(None) is None
