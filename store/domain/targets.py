"""Targets (任务分解) and progress against them, in exact fractions.

A target is a year's amount of one figure for one unit: a county, a steward (包抓领导), a
responsible unit (责任单位) or a chain (产业链专班). Its year is scheduled over the months
(序时进度): evenly, or by the twelve shares an office gives. For an assessment period (a
year, a quarter or a month) and an as-of date:

- the period's target is the year's amount times the period's months' share;
- completion is actual / the period's target;
- the schedule's share (序时进度) is the part of the period's target due by the as-of date:
  each month gone counts whole, the month under way by its days gone;
- ahead (超进度, positive) or behind (欠进度, negative) is completion - schedule, in points.

攀枝花's "完成目标任务的125.64%，超进度42.31%" is completion 125.64% on the last day of
October: the schedule is 10/12, so 125.64 - 83.33 = 42.31 points ahead. Every value is a
Fraction: rounding happens only where a figure is shown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from store.labels import WORDS, Refusal

# the kinds of unit a target is set for, and the project field each is matched to exactly
UNIT_KINDS: dict[str, str] = {
    "county": "county",
    "steward": "steward",
    "unit": "responsible_unit",
    "chain": "chain",
}

# the figures a target can be set on: money in whole yuan, or a count of projects
MONEY, COUNT = "money", "count"
TARGET_FIGURES: dict[str, str] = {
    "signed_count": COUNT,
    "signed_amount_yuan": MONEY,
    "funds_in_place_yuan": MONEY,
    "funds_outside_province_yuan": MONEY,
    "started_count": COUNT,
    "signed_over_1yi": COUNT,
    "signed_over_10yi": COUNT,
    "signed_over_50yi": COUNT,
}

# each figure's Chinese name (store.labels), as offices write it in a scheme or a command
FIGURES_IN_CHINESE = {WORDS[key.removesuffix("_yuan")][0]: key for key in TARGET_FIGURES}
MONTHS = 12


def unit_kind(text: str) -> str:
    """A unit kind by its key (county, steward, unit, chain)."""
    kind = text.strip().lower()
    if kind not in UNIT_KINDS:
        raise Refusal(
            f"未知的考核对象类别 {text!r}：可用 {'、'.join(UNIT_KINDS)}",
            f"unknown unit kind {text!r}: use {', '.join(UNIT_KINDS)}",
        )
    return kind


def target_figure(text: str) -> str:
    """A target figure by its key (signed_amount_yuan) or its Chinese name (签约额)."""
    figure = FIGURES_IN_CHINESE.get(text.strip(), text.strip())
    if figure not in TARGET_FIGURES:
        raise Refusal(
            f"未知的任务指标 {text!r}：可用 {'、'.join(TARGET_FIGURES)}",
            f"unknown target figure {text!r}: use {', '.join(TARGET_FIGURES)}",
        )
    return figure


# -- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPeriod:
    """Months first..last of one year: a year, a quarter or a month."""

    year: int
    first: int
    last: int
    label: str

    @property
    def start(self) -> date:
        return date(self.year, self.first, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last, calendar.monthrange(self.year, self.last)[1])


def parse_target_period(text: str) -> TargetPeriod:
    """2024, 2024Q2 or 2024-06 (also 2024年, 2024年6月)."""
    value = text.strip().upper().replace("年", "-").replace("月", "").rstrip("-")
    if re.fullmatch(r"\d{4}", value):
        return TargetPeriod(int(value), 1, 12, value)
    quarter = re.fullmatch(r"(\d{4})-?Q([1-4])", value)
    if quarter:
        number = int(quarter.group(2))
        year = int(quarter.group(1))
        return TargetPeriod(year, 3 * number - 2, 3 * number, f"{year}Q{number}")
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if month and 1 <= int(month.group(2)) <= MONTHS:
        year, number = int(month.group(1)), int(month.group(2))
        return TargetPeriod(year, number, number, f"{year}-{number:02d}")
    raise Refusal(
        f"无法识别的考核期 {text!r}：写作 2024、2024Q2 或 2024-06",
        f"unknown period {text!r}: use 2024, 2024Q2 or 2024-06",
    )


# -- the monthly schedule --------------------------------------------------------------------


def parse_split(text: str) -> tuple[int, ...]:
    """Twelve whole non-negative shares, one a month, comma-separated ("" for evenly)."""
    if not text.strip():
        return ()
    parts = [part.strip() for part in re.split(r"[,，、\s]+", text.strip()) if part.strip()]
    if len(parts) != MONTHS or not all(part.isdigit() for part in parts):
        raise Refusal(
            f"月度分解须为 12 个非负整数份额，以逗号分隔：{text!r}",
            f"a monthly split is 12 whole non-negative shares, comma-separated: {text!r}",
        )
    shares = tuple(int(part) for part in parts)
    if not sum(shares):
        raise Refusal(
            f"月度分解的份额之和为 0：{text!r}", f"a monthly split's shares add up to 0: {text!r}"
        )
    return shares


def split_text(shares: Sequence[int]) -> str:
    return ",".join(str(share) for share in shares)


def months_share(shares: Sequence[int], first: int, last: int) -> Fraction:
    """The share of the year's target that months first..last carry (evenly when no shares)."""
    if last < first:
        return Fraction(0)
    if not shares:
        return Fraction(last - first + 1, MONTHS)
    return Fraction(sum(shares[first - 1 : last]), sum(shares))


def period_target(amount: int, shares: Sequence[int], period: TargetPeriod) -> Fraction:
    """The part of a year's target that falls in the period."""
    return amount * months_share(shares, period.first, period.last)


def year_gone(shares: Sequence[int], year: int, as_of: date) -> Fraction:
    """The share of the year's target scheduled by the as-of date: the months gone whole, the
    month under way by its days gone (the as-of day included)."""
    if as_of < date(year, 1, 1):
        return Fraction(0)
    if as_of.year > year:
        return Fraction(1)
    days = calendar.monthrange(year, as_of.month)[1]
    under_way = months_share(shares, as_of.month, as_of.month) * Fraction(as_of.day, days)
    return months_share(shares, 1, as_of.month - 1) + under_way


def schedule_share(shares: Sequence[int], period: TargetPeriod, as_of: date) -> Fraction:
    """序时进度: the share of the period's target due by the as-of date, from 0 to 1."""
    whole = months_share(shares, period.first, period.last)
    if not whole:
        return Fraction(1) if as_of >= period.end else Fraction(0)
    before = months_share(shares, 1, period.first - 1)
    gone = year_gone(shares, period.year, as_of) - before
    return min(Fraction(1), max(Fraction(0), gone / whole))


@dataclass(frozen=True)
class Progress:
    """One unit's progress on one figure. completion None: no target to divide by."""

    target: Fraction
    actual: int
    schedule: Fraction

    @property
    def completion(self) -> Fraction | None:
        return None if not self.target else Fraction(self.actual) / self.target

    @property
    def points_ahead(self) -> Fraction | None:
        """超进度 (positive) or 欠进度 (negative), in percentage points."""
        completion = self.completion
        return None if completion is None else (completion - self.schedule) * 100

    @property
    def behind(self) -> bool:
        ahead = self.points_ahead
        return ahead is not None and ahead < 0


def progress(
    amount: int, shares: Sequence[int], period: TargetPeriod, actual: int, as_of: date
) -> Progress:
    scheduled = _schedule_share(tuple(shares), period, as_of)
    return Progress(period_target(amount, shares, period), actual, scheduled)


@lru_cache(maxsize=256)
def _schedule_share(shares: tuple[int, ...], period: TargetPeriod, as_of: date) -> Fraction:
    """序时进度, alike for every target split alike (most are split evenly): an assessment of
    500 units works it out once, not 2,500 times."""
    return schedule_share(shares, period, as_of)


# -- ranking and showing -----------------------------------------------------------------------


def ranks(scores: Iterable[Fraction]) -> list[int]:
    """Ranks, highest first, equal scores ranked equal (1, 1, 3)."""
    values = list(scores)
    ordered = sorted(values, reverse=True)
    first_place: dict[Fraction, int] = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return [first_place[score] for score in values]


def fraction_text(value: Fraction | None) -> str | None:
    """A fraction as JSON carries it, exactly: "n/d", or "n" when whole; None as null."""
    if value is None:
        return None
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def percent_text(value: Fraction | None, places: int = 2) -> str:
    """A share as a percentage rounded half up (125.64%); "n/a" for none."""
    if value is None:
        return "n/a"
    return f"{points_text(value * 100, places, signed=False)}%"


def points_text(value: Fraction | None, places: int = 2, signed: bool = True) -> str:
    """A number of points rounded half up (+42.31); "n/a" for none."""
    if value is None:
        return "n/a"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    shown = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown:+}" if signed else f"{shown}"
