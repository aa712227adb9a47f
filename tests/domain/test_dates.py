"""read_date: the date cells of real ledgers, month-only and full-width ones included."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from store.dates import DateReading, read_date
from store.errors import UserError


@pytest.mark.parametrize(
    "written, day",
    [
        ("2024-05-08", date(2024, 5, 8)),
        ("2024/5/8", date(2024, 5, 8)),
        ("2024.5.8", date(2024, 5, 8)),
        ("2024年5月8日", date(2024, 5, 8)),
        ("2024年5月8号", date(2024, 5, 8)),
        ("20240508", date(2024, 5, 8)),
        ("２０２４年５月８日", date(2024, 5, 8)),
        ("２０２４－０５－０８", date(2024, 5, 8)),
        ("2024-05-08 00:00:00", date(2024, 5, 8)),
        ("45420", date(2024, 5, 8)),
        (45420, date(2024, 5, 8)),
        (45420.75, date(2024, 5, 8)),  # an Excel serial with a time of day
        (datetime(2024, 5, 8, 9, 30), date(2024, 5, 8)),
        (date(2024, 5, 8), date(2024, 5, 8)),
    ],
)
def test_a_whole_date_is_the_same_day_for_a_deadline_and_a_fact(written: object, day: date) -> None:
    for deadline in (False, True):
        assert read_date(written, deadline=deadline) == DateReading(day, month_only=False)


@pytest.mark.parametrize(
    "written, year, month",
    [
        ("2024年5月", 2024, 5),
        ("2024年5月份", 2024, 5),
        ("２０２４年５月", 2024, 5),
        ("2024.5", 2024, 5),
        ("2024.10", 2024, 10),
        ("2024-05", 2024, 5),
        ("2024/5", 2024, 5),
        ("2024 年 12 月", 2024, 12),
        ("202405", 2024, 5),
        ("2024年2月底", 2024, 2),
        (2024.5, 2024, 5),  # typed 2024.5 into a number cell
        (2024.12, 2024, 12),
    ],
)
def test_a_month_only_date_is_its_first_day_as_a_fact_and_its_last_as_a_deadline(
    written: object, year: int, month: int
) -> None:
    fact = read_date(written, deadline=False)
    assert fact == DateReading(date(year, month, 1), month_only=True)
    due = read_date(written, deadline=True)
    assert due.month_only and (due.value.year, due.value.month) == (year, month)
    assert (due.value.replace(day=1) - date(year, month, 1)).days == 0
    following = date(year + month // 12, month % 12 + 1, 1)
    assert (following - due.value).days == 1  # the month's last day


def test_leap_february_and_the_parts_of_a_month_a_deadline_names() -> None:
    assert read_date("2024年2月", deadline=True).value == date(2024, 2, 29)
    assert read_date("2023年2月", deadline=True).value == date(2023, 2, 28)
    assert read_date("2024年5月上旬", deadline=True).value == date(2024, 5, 10)
    assert read_date("2024年5月中旬", deadline=True).value == date(2024, 5, 20)
    assert read_date("2024年5月下旬", deadline=True).value == date(2024, 5, 31)
    assert read_date("2024年5月上旬", deadline=False) == DateReading(date(2024, 5, 1), True)


@pytest.mark.parametrize(
    "written, reason",
    [
        ("年底", "a year's end names no month"),
        ("2024年底", "a year's end names no month"),
        ("二季度", "a quarter names no month"),
        ("2024年第二季度", "a quarter names no month"),
        ("上半年", "half a year names no month"),
        ("2024", "a year alone"),
        ("2024年", "a year alone"),
        (2024, "a year alone"),
        (2024.1, "2024.1 and 2024.10 look alike"),
        ("2024-13", "no such month"),
        ("2024-02-30", "no such day"),
        ("下个月", "use YYYY-MM-DD, or YYYY-MM"),
        (12, "not a date: 12"),
        (True, "not a date: True"),
    ],
)
def test_what_is_not_a_date_is_refused_by_name(written: object, reason: str) -> None:
    with pytest.raises(UserError) as raised:
        read_date(written, deadline=True)
    assert reason in str(raised.value) and repr(written) in str(raised.value)


def test_reading_100k_ledger_dates_is_quick() -> None:
    cells: list[object] = [
        f"2023年{month}月" if n % 3 == 0 else f"2023-{month:02d}-{n % 28 + 1:02d}"
        for n in range(100_000)
        for month in [n % 12 + 1]
    ]
    started = time.perf_counter()
    readings = [read_date(cell, deadline=n % 2 == 0) for n, cell in enumerate(cells)]
    elapsed = time.perf_counter() - started
    assert sum(reading.month_only for reading in readings) == 33_334
    assert elapsed < 1.0, f"100,000 dates read in {elapsed:.2f} s"
