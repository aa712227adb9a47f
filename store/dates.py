"""Dates as people type them: 2024-03-16, 2024/3/16, 2024.3.16, 2024年3月16日, Excel serials;
read_date also takes full-width digits and dates known only to the month (2024年5月)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from store.errors import UserError
from store.labels import Refusal

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day zero, after its 1900 leap-year bug


def parse_date(value: object) -> date:
    """Any of the shapes offices write; UserError naming the value otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 200_000:  # an Excel serial day number
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise Refusal(f"不是日期：{value!r}", f"not a date: {value!r}")
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the common ISO shape, at C speed
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # the pattern below names the problem
    match = _DATE.match(text) or _COMPACT.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise Refusal(
                f"不是日期：{text!r}（没有这一天）", f"not a date: {text!r} (no such day)"
            ) from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_date(int(float(text)))
    raise Refusal(
        f"不是日期：{text!r}（请写作 YYYY-MM-DD）", f"not a date: {text!r} (use YYYY-MM-DD)"
    )


def parse_deadline(value: object) -> date:
    """A deadline as typed: any date parse_date takes, full-width digits, or a month alone
    meaning its last day (2027年1月 is 2027-01-31), as the import reads a 时限 column."""
    return read_date(value, deadline=True).value


def parse_month(value: object) -> date:
    """A month (2024-03, 2024年3月, or any date in it) as its first day."""
    if isinstance(value, str):
        match = _MONTH.match(value)
        if match:
            year, month = (int(part) for part in match.groups())
            if not 1 <= month <= 12:
                raise Refusal(*_refused(value, _NO_SUCH_MONTH))
            return date(year, month, 1)
    try:
        return parse_date(value).replace(day=1)
    except UserError:
        raise Refusal(*_refused(value, _MONTH_SHAPE)) from None


@dataclass(frozen=True)
class DateReading:
    """A date as a sheet wrote it: to the day, or known only to the month (month_only). A
    month-only actual date stands on the month's first day; a month-only deadline on the day
    the sheet's words give (the month's last unless 上旬/中旬/初 say earlier)."""

    value: date
    month_only: bool


# Words naming a time with no month in it, and what they name (in Chinese and in English):
# refused by name, never guessed at.
_QUARTER = ("季度", "a quarter")
VAGUE_DATE_WORDS: dict[str, tuple[str, str]] = {
    "季度": _QUARTER,
    "上半年": ("半年", "half a year"),
    "下半年": ("半年", "half a year"),
    "年底": ("年底", "a year's end"),
    "年末": ("年末", "a year's end"),
    "年初": ("年初", "a year's beginning"),
    "年中": ("年中", "the middle of a year"),
    "年内": ("全年", "a whole year"),
    "近期": ("近期", "no time at all"),
    "尽快": ("尽快", "no time at all"),
    "quarter": _QUARTER,
    "q1": _QUARTER,
    "q2": _QUARTER,
    "q3": _QUARTER,
    "q4": _QUARTER,
}

# Why a value is not a date, in Chinese and in English (the value itself is put before it).
_NO_SUCH_DAY = ("没有这一天", "no such day")
_NO_SUCH_MONTH = ("没有这个月", "no such month")
_YEAR_ALONE = ("只有年份：请写明月份或日期", "a year alone: write the month or the day")
_DATE_SHAPE = (
    "请写作 YYYY-MM-DD，只知道月份时写作 YYYY-MM",
    "use YYYY-MM-DD, or YYYY-MM when only the month is known",
)
_MONTH_SHAPE = ("请写作 YYYY-MM", "use YYYY-MM")
_TENTH_MONTH = (
    "按数字存储时 2024.1 与 2024.10 无法区分：请写作 2024-01 或 2024-10",
    "stored as a number, 2024.1 and 2024.10 look alike: write 2024-01 or 2024-10",
)


def _refused(value: object, why: tuple[str, str] | None = None) -> tuple[str, str]:
    """The refusal of a value that is not a date, in Chinese and in English, naming the value
    as written."""
    if why is None:
        return f"不是日期：{value!r}", f"not a date: {value!r}"
    return f"不是日期：{value!r}（{why[0]}）", f"not a date: {value!r} ({why[1]})"


# The part of a month a month-only date may name, as the deadline's day (0: the last day).
MONTH_PART_DAYS: dict[str, int] = {
    "": 0,
    "份": 0,
    "底": 0,
    "末": 0,
    "下旬": 0,
    "中旬": 20,
    "上旬": 10,
    "初": 10,
}

_DAY_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*[T\s]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_MONTH_TEXT = re.compile(
    r"^(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*(?:月\s*(份|底|末|初|上旬|中旬|下旬)?)?)$"
)
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
# Day numbers an office's sheet can hold: 1950-01-01 to 2199-12-31. Numbers outside are not
# dates (a year, an amount in the wrong column), so they are refused rather than counted on.
_FIRST_SERIAL, _LAST_SERIAL = 18264, 109574
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－／：　", "0123456789.-/: ")


def read_date(value: object, *, deadline: bool) -> DateReading:
    """A sheet's date cell: any shape parse_date takes, full-width digits, and month-only
    dates (2024年5月, 2024.5, 2024-05, 2024/5, 202405). Text that names no day or month
    (年底, 二季度, a year alone) raises a Refusal naming the value."""
    if isinstance(value, datetime):
        return _whole_day(value.date())
    if isinstance(value, date):
        return _whole_day(value)
    if isinstance(value, str):
        reading = _read_text(value, deadline)
        if isinstance(reading, tuple):
            raise Refusal(*reading)
        return reading
    if isinstance(value, bool):
        raise Refusal(*_refused(value))
    if isinstance(value, int | float):
        return _read_number(value, deadline)
    return read_date(str(value), deadline=deadline)


@lru_cache(maxsize=16384)
def _whole_day(day: date) -> DateReading:
    return DateReading(day, False)


def _read_number(value: float, deadline: bool) -> DateReading:
    if 1900 <= value <= 2100:  # a year, perhaps with a month after the point: 2024.5
        if value == int(value):
            raise Refusal(*_refused(value, _YEAR_ALONE))
        month_digits = repr(float(value)).split(".")[1]
        if month_digits == "1":
            raise Refusal(*_refused(value, _TENTH_MONTH))
        return _month(int(value), int(month_digits), "", deadline, repr(value))
    if _FIRST_SERIAL <= value <= _LAST_SERIAL:  # an Excel day number; a time of day is dropped
        return DateReading(_EXCEL_EPOCH + timedelta(days=int(value)), False)
    raise Refusal(*_refused(value))


@lru_cache(maxsize=16384)
def _read_text(text: str, deadline: bool) -> DateReading | tuple[str, str]:
    """A date written as text, or the refusal's (Chinese, English) words (cached: a ledger
    repeats its dates)."""
    plain = text.translate(_FULL_WIDTH_DIGITS).strip()
    if len(plain) == 10 and plain[4] == "-" and plain[7] == "-":  # the ISO shape, at C speed
        try:
            return DateReading(date.fromisoformat(plain), False)
        except ValueError:
            pass  # the patterns below name the problem
    match = _DAY_TEXT.match(plain) or _COMPACT_DAY.match(plain)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return DateReading(date(year, month, day), False)
        except ValueError:
            return _refused(text, _NO_SUCH_DAY)
    match = _MONTH_TEXT.match(plain)
    if match:
        year_text, dotted, written, month_part = match.groups()
        month_text = dotted or written
        return _month_or_message(int(year_text), int(month_text), month_part or "", deadline, text)
    match = _COMPACT_MONTH.match(plain)
    if match:
        year, month = (int(part) for part in match.groups())
        return _month_or_message(year, month, "", deadline, text)
    if _SERIAL_TEXT.match(plain):
        try:
            return _read_number(float(plain), deadline)
        except Refusal as refused:
            return refused.chinese, refused.english
    lowered = plain.lower()
    vague = next((words for key, words in VAGUE_DATE_WORDS.items() if key in lowered), None)
    if vague:
        chinese, english = vague
        return _refused(
            text,
            (
                f"{chinese}没有写明月份：请写明月份或日期",
                f"{english} names no month: write the month or the day",
            ),
        )
    if re.fullmatch(r"\d{4}\s*年?", plain):
        return _refused(text, _YEAR_ALONE)
    return _refused(text, _DATE_SHAPE)


def _month_or_message(
    year: int, month: int, part: str, deadline: bool, text: str
) -> DateReading | tuple[str, str]:
    try:
        return _month(year, month, part, deadline, text)
    except Refusal as refused:
        return refused.chinese, refused.english


def _month(year: int, month: int, part: str, deadline: bool, text: str) -> DateReading:
    if not 1 <= month <= 12:
        raise Refusal(*_refused(text, _NO_SUCH_MONTH))
    if not deadline:
        return DateReading(date(year, month, 1), True)
    day = MONTH_PART_DAYS[part] or calendar.monthrange(year, month)[1]
    return DateReading(date(year, month, day), True)
