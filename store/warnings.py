"""Red/yellow/blue warnings (红黄蓝预警) from how far a project is behind its deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from store.errors import UserError


class WarningLevel(StrEnum):
    BLUE = "blue"  # deadline near
    YELLOW = "yellow"  # deadline passed recently
    RED = "red"  # deadline passed long ago


SEVERITY = [WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE]

_WARNING_WORDS = {
    "blue": WarningLevel.BLUE,
    "蓝": WarningLevel.BLUE,
    "蓝色": WarningLevel.BLUE,
    "yellow": WarningLevel.YELLOW,
    "黄": WarningLevel.YELLOW,
    "黄色": WarningLevel.YELLOW,
    "red": WarningLevel.RED,
    "红": WarningLevel.RED,
    "红色": WarningLevel.RED,
}


def parse_warning(text: str) -> WarningLevel:
    level = _WARNING_WORDS.get(text.strip().lower())
    if level is None:
        raise UserError(f"unknown warning {text!r}: use blue/蓝, yellow/黄 or red/红")
    return level


@dataclass(frozen=True)
class Thresholds:
    """Defaults from the domain; an office changes them with `config set`."""

    blue_within_days: int = 15  # blue: the deadline is this many days away or less
    red_after_days: int = 30  # red: passed by more than this; yellow: passed by 1 to this

    def __post_init__(self) -> None:
        if self.blue_within_days < 0 or self.red_after_days < 0:
            raise UserError("warning thresholds must be zero or more days")

    def level(self, days_left: int | None) -> WarningLevel | None:
        if days_left is None:
            return None
        if days_left < -self.red_after_days:
            return WarningLevel.RED
        if days_left < 0:
            return WarningLevel.YELLOW
        if days_left <= self.blue_within_days:
            return WarningLevel.BLUE
        return None

    def deadline_range(self, level: WarningLevel, today: date) -> tuple[date | None, date | None]:
        """The deadlines (inclusive bounds) that give this level today: lets SQL filter by range."""
        red_before = today - timedelta(days=self.red_after_days)
        if level is WarningLevel.RED:
            return None, red_before - timedelta(days=1)
        if level is WarningLevel.YELLOW:
            return red_before, today - timedelta(days=1)
        return today, today + timedelta(days=self.blue_within_days)
