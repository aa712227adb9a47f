"""Periods the figures are asked for: a year, a quarter, a month (to date), or two dates, and
the same period a year before (同比)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from store.errors import UserError


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def year_before(self) -> Period:
        return Period(a_year_before(self.start), a_year_before(self.end), f"{self.label} -1y")


def a_year_before(day: date) -> date:
    """The same day a year earlier; 29 February falls back to the 28th."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))


def same_question_a_year_before(period: Period, as_of: date) -> tuple[Period, date]:
    """同比 compares with the period and the as-of date both a year back, so a year to date
    compares with the same months of the year before."""
    return period.year_before(), a_year_before(as_of)


def parse_period(text: str) -> Period:
    """2024, 2024Q1, 2024-03 (also 2024年, 2024年3月)."""
    value = text.strip().upper().replace("年", "-").replace("月", "").rstrip("-")
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return Period(date(year, 1, 1), date(year, 12, 31), value)
    match = re.fullmatch(r"(\d{4})-?Q([1-4])", value)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        first = 3 * quarter - 2
        return Period(
            date(year, first, 1),
            date(year, first + 2, calendar.monthrange(year, first + 2)[1]),
            f"{year}Q{quarter}",
        )
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if match and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        return Period(
            date(year, month, 1),
            date(year, month, calendar.monthrange(year, month)[1]),
            f"{year}-{month:02d}",
        )
    raise UserError(f"unknown period {text!r}: use 2024, 2024Q1 or 2024-03")


PERIODS = ("year", "quarter", "month")  # to date, as offices report them


def period_to_date(kind: str, today: date) -> Period:
    """The year, quarter or month that today falls in (its figures are to date)."""
    if kind == "quarter":
        return parse_period(f"{today.year}Q{(today.month - 1) // 3 + 1}")
    if kind == "month":
        return parse_period(f"{today.year}-{today.month:02d}")
    if kind == "year":
        return parse_period(str(today.year))
    raise UserError(f"unknown period {kind!r}: use {', '.join(PERIODS)}")


def period_between(start: date, end: date) -> Period:
    if end < start:
        raise UserError(f"the period ends ({end}) before it starts ({start})")
    return Period(start, end, f"{start}..{end}")


def year_of(end: date) -> Period:
    """The calendar year a date falls in: the year whose list of projects due to start
    计划开工率 is read over."""
    return Period(date(end.year, 1, 1), date(end.year, 12, 31), str(end.year))
