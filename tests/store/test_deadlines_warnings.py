from datetime import date

import pytest

from store.deadlines import current_deadline, days_left, working_days_left
from store.warnings import Thresholds, WarningLevel, parse_warning

DUES = {
    "procedures_due": date(2024, 3, 1),
    "start_due": date(2024, 5, 1),
    "production_due": date(2025, 1, 1),
}


@pytest.mark.parametrize(
    "stage, expected",
    [
        ("signed", date(2024, 3, 1)),
        ("procedures", date(2024, 5, 1)),
        ("started", date(2025, 1, 1)),
        ("producing", None),
    ],
)
def test_current_deadline_follows_the_stage(stage: str, expected: date | None) -> None:
    assert current_deadline(stage, False, DUES) == expected


def test_withdrawn_projects_have_no_deadline() -> None:
    assert current_deadline("signed", True, DUES) is None


def test_working_days_across_spring_festival_2024() -> None:
    # Holiday 10-17 Feb 2024; Sunday 4 Feb and Sunday 18 Feb were moved working days.
    result = working_days_left(date(2024, 2, 2), date(2024, 2, 19))
    # Working days after 2 Feb through 19 Feb: 4, 5, 6, 7, 8, 9, 18, 19.
    assert result.days == 8 and not result.estimated
    assert days_left(date(2024, 2, 2), date(2024, 2, 19)) == 17


def test_a_moved_weekend_counts_as_a_working_day() -> None:
    # Saturday 14 Sep 2024 was worked for the Mid-Autumn holiday; Sunday 29 Sep for National Day.
    assert working_days_left(date(2024, 9, 13), date(2024, 9, 14)).days == 1
    assert working_days_left(date(2024, 9, 28), date(2024, 9, 29)).days == 1
    assert working_days_left(date(2024, 9, 20), date(2024, 9, 21)).days == 0  # ordinary Saturday


def test_overdue_counts_negative() -> None:
    assert working_days_left(date(2024, 2, 19), date(2024, 2, 2)).days == -8


def test_years_beyond_the_calendar_fall_back_to_weekdays_and_say_so() -> None:
    result = working_days_left(date(2031, 1, 1), date(2031, 1, 8))  # Wed to Wed
    assert result.estimated
    assert result.days == 5


@pytest.mark.parametrize(
    "days, level",
    [
        (None, None),
        (16, None),
        (15, WarningLevel.BLUE),
        (0, WarningLevel.BLUE),
        (-1, WarningLevel.YELLOW),
        (-30, WarningLevel.YELLOW),
        (-31, WarningLevel.RED),
    ],
)
def test_default_thresholds(days: int | None, level: WarningLevel | None) -> None:
    assert Thresholds().level(days) == level


def test_changed_thresholds() -> None:
    thresholds = Thresholds(blue_within_days=5, red_after_days=45)
    assert thresholds.level(6) is None
    assert thresholds.level(-45) is WarningLevel.YELLOW
    assert thresholds.level(-46) is WarningLevel.RED


@pytest.mark.parametrize("level", list(WarningLevel))
def test_deadline_range_agrees_with_level(level: WarningLevel) -> None:
    today = date(2024, 6, 30)
    thresholds = Thresholds()
    low, high = thresholds.deadline_range(level, today)
    for offset in range(-100, 100):
        deadline = date.fromordinal(today.toordinal() + offset)
        inside = (low is None or deadline >= low) and (high is None or deadline <= high)
        assert inside == (thresholds.level(offset) is level)


def test_warning_words() -> None:
    assert parse_warning("红") is WarningLevel.RED
    assert parse_warning("Blue") is WarningLevel.BLUE
