"""Dates as people type them: 2024-03-16, 2024/3/16, 2024.3.16, 2024年3月16日, Excel serials."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from store.errors import UserError

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
        raise UserError(f"not a date: {value!r}")
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
            raise UserError(f"not a date: {text!r} (no such day)") from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_date(int(float(text)))
    raise UserError(f"not a date: {text!r} (use YYYY-MM-DD)")


def parse_month(value: object) -> date:
    """A month (2024-03, 2024年3月, or any date in it) as its first day."""
    if isinstance(value, str):
        match = _MONTH.match(value)
        if match:
            year, month = (int(part) for part in match.groups())
            if 1 <= month <= 12:
                return date(year, month, 1)
    return parse_date(value).replace(day=1)
