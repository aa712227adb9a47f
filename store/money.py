"""Exact money: amounts are whole yuan (int); input and display in 亿元, 万元 or 元 via Decimal."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from store.errors import UserError


class Unit(StrEnum):
    YI = "yi"  # 亿元, 1e8 yuan
    WAN = "wan"  # 万元, 1e4 yuan
    YUAN = "yuan"

    @property
    def factor(self) -> int:
        return _FACTORS[self]

    @property
    def label_zh(self) -> str:
        return {Unit.YI: "亿元", Unit.WAN: "万元", Unit.YUAN: "元"}[self]


_FACTORS = {Unit.YI: 100_000_000, Unit.WAN: 10_000, Unit.YUAN: 1}

UNIT_WORDS: dict[str, Unit] = {
    "亿元": Unit.YI,
    "亿": Unit.YI,
    "yi": Unit.YI,
    "万元": Unit.WAN,
    "万": Unit.WAN,
    "wan": Unit.WAN,
    "元": Unit.YUAN,
    "yuan": Unit.YUAN,
}

# 1 亿亿元: beyond any project, well inside a BIGINT (9.2e18), so sums over 100,000 stay exact.
MAX_YUAN = 10**16

_AMOUNT = re.compile(r"^\s*(-?[\d,，]*\.?\d+)\s*(亿元|亿|万元|万|元)?\s*$")
# Separators inside a number: 3 000万, 300,000, 1 200 (no-break and thin spaces too).
SEPARATOR = re.compile(r"(?<=\d)[\s,，\u00a0\u2009\u202f](?=\d)")


def _refusal(chinese: str, english: str) -> UserError:
    """A refusal in both languages (store.labels builds on this module: imported when needed)."""
    from store.labels import Refusal

    return Refusal(chinese, english)


def parse_unit(text: str) -> Unit:
    try:
        return UNIT_WORDS[text.strip().lower()]
    except KeyError:
        raise _refusal(
            f"未知的单位 {text!r}：可用 亿元、万元 或 元",
            f"unknown unit {text!r}: use yi (亿元), wan (万元) or yuan (元)",
        ) from None


def to_yuan(value: Decimal | int | str, unit: Unit = Unit.YI) -> int:
    """Exact conversion to whole yuan; a fraction of a yuan rounds half up."""
    return int((Decimal(value) * unit.factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_amount(text: str | int | float | Decimal, unit: Unit = Unit.YI) -> int:
    """Parse what people type ("5.2亿", "3,000万", "1200") into whole yuan.

    A unit written in the value wins over the column's unit. Negative amounts are refused.
    """
    if isinstance(text, int | Decimal):
        value, written_unit = Decimal(text), None
    elif isinstance(text, float):
        # Spreadsheet cells arrive as floats; repr gives the shortest exact-looking decimal.
        value, written_unit = Decimal(repr(text)), None
    elif text.isdigit():  # the common plain whole number
        value, written_unit = Decimal(text), None
    else:
        match = _AMOUNT.match(SEPARATOR.sub("", text))
        if not match:
            raise _refusal(f"不是金额：{text!r}", f"not an amount: {text!r}")
        try:
            value = Decimal(match.group(1).replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise _refusal(f"不是金额：{text!r}", f"not an amount: {text!r}") from None
        written_unit = UNIT_WORDS[match.group(2)] if match.group(2) else None
    if not value.is_finite():
        raise _refusal(f"不是金额：{text!r}", f"not an amount: {text!r}")
    if value < 0:
        raise _refusal(f"金额为负数：{text!r}", f"negative amount: {text!r}")
    unit = written_unit or unit
    if value * unit.factor > MAX_YUAN:
        raise _refusal(
            f"金额过大：{text!r}（超过 1 亿亿元）",
            f"amount too large: {text!r} (more than 1 亿亿元)",
        )
    return to_yuan(value, unit)


def in_unit(yuan: int, unit: Unit = Unit.YI) -> Decimal:
    """Whole yuan as an exact Decimal in the given unit."""
    return Decimal(yuan) / Decimal(unit.factor)


def format_amount(yuan: int | None, unit: Unit = Unit.YI, places: int | None = None) -> str:
    """Display form: 亿元 with 2 places and 万元 with 0 unless told; exact, never float."""
    if yuan is None:
        return ""
    if places is None:
        places = {Unit.YI: 2, Unit.WAN: 0, Unit.YUAN: 0}[unit]
    quantum = Decimal(1).scaleb(-places)
    return f"{in_unit(yuan, unit).quantize(quantum, rounding=ROUND_HALF_UP):,}"
