"""The current deadline of a project and its countdown, in calendar and working days.

Working days follow the State Council holiday calendar (chinese-calendar), moved weekends
included. For years the calendar does not know yet, Monday to Friday stands in, and the
result says it is an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from store.stages import Stage

_FIRST = date(2000, 1, 1)
_LAST = date(2060, 12, 31)


def current_deadline(stage: str, withdrawn: bool, dates: dict[str, date | None]) -> date | None:
    """The deadline that counts down in the project's stage; none once producing or withdrawn."""
    field = Stage(stage).deadline_field
    if withdrawn or field is None:
        return None
    return dates.get(field)


@dataclass(frozen=True)
class WorkingDays:
    days: int
    estimated: bool  # a year outside the official calendar was counted Monday to Friday


@cache
def _calendar() -> tuple[list[int], frozenset[int]]:
    """Prefix sums of working days from _FIRST, and the years counted Monday-Friday."""
    import chinese_calendar

    known = {day.year for day in chinese_calendar.holidays} | {
        day.year for day in chinese_calendar.workdays
    }
    flags = []
    day = _FIRST
    while day <= _LAST:
        if day.year in known:
            flags.append(int(chinese_calendar.is_workday(day)))
        else:
            flags.append(int(day.weekday() < 5))
        day += timedelta(days=1)
    estimated_years = frozenset(set(range(_FIRST.year, _LAST.year + 1)) - known)
    return [0, *accumulate(flags)], estimated_years


def _working_days_through(day: date) -> int:
    prefix, _ = _calendar()
    offset = (min(max(day, _FIRST - timedelta(days=1)), _LAST) - _FIRST).days
    return prefix[offset + 1]


def working_days_left(today: date, deadline: date) -> WorkingDays:
    """Working days after today up to the deadline; negative once it has passed."""
    _, estimated_years = _calendar()
    low, high = sorted((today, deadline))
    estimated = any(year in estimated_years for year in range(low.year, high.year + 1))
    count = _working_days_through(high) - _working_days_through(low)
    return WorkingDays(count if deadline >= today else -count, estimated)


def days_left(today: date, deadline: date | None) -> int | None:
    return None if deadline is None else (deadline - today).days
