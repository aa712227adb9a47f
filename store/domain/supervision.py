"""Supervision (督办): the levels a notice rises through, when an unanswered one rises, and
the three health rules that find problem projects. Pure rules: dates in, dates out.

A notice (督办单) is blue, yellow or red, then 约谈: the leader summons the unit head. Its
reply is due a number of working days after it is issued (the State Council calendar,
holidays and moved weekends included: store.deadlines). Unanswered past that day it rises a
level on the first working day after it, with a new reply deadline counted from then
(Huating's practice, the default); a summons is the top and rises no further.

The health rules (Weinan's defaults) flag a project signed over a year and not started,
started with no funds recorded for three months, or started six months with funds in place
under 15% of its total investment; each threshold is a setting of the database.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from store.deadlines import working_days_left
from store.labels import Refusal


class NoticeLevel(StrEnum):
    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"
    SUMMONS = "summons"  # 约谈: the leader summons the responsible unit's head


LEVELS = [NoticeLevel.BLUE, NoticeLevel.YELLOW, NoticeLevel.RED, NoticeLevel.SUMMONS]

_LEVEL_WORDS = {
    "blue": NoticeLevel.BLUE,
    "蓝": NoticeLevel.BLUE,
    "蓝色": NoticeLevel.BLUE,
    "yellow": NoticeLevel.YELLOW,
    "黄": NoticeLevel.YELLOW,
    "黄色": NoticeLevel.YELLOW,
    "red": NoticeLevel.RED,
    "红": NoticeLevel.RED,
    "红色": NoticeLevel.RED,
    "summons": NoticeLevel.SUMMONS,
    "约谈": NoticeLevel.SUMMONS,
}


class NoticeStatus(StrEnum):
    OPEN = "open"  # waiting for the unit's reply
    REPLIED = "replied"  # the remedy plan is in; its execution is followed
    CLOSED = "closed"


class CloseKind(StrEnum):
    ON_TIME = "on_time"  # the project is back on time
    WITHDRAWN = "withdrawn"  # the project left the pipeline
    BY_HAND = "by_hand"  # closed by an officer, with a reason


def parse_level(text: str) -> NoticeLevel:
    level = _LEVEL_WORDS.get(text.strip().lower())
    if level is None:
        raise Refusal(
            f"未知的督办级别 {text!r}：可用 蓝、黄、红 或 约谈",
            f"unknown notice level {text!r}: use blue/蓝, yellow/黄, red/红 or 约谈",
        )
    return level


def severity(level: NoticeLevel) -> int:
    """0 for blue up to 3 for a summons: the higher, the more serious."""
    return LEVELS.index(level)


def next_level(level: NoticeLevel) -> NoticeLevel | None:
    """The level an unanswered notice rises to; none above a summons."""
    index = severity(level) + 1
    return LEVELS[index] if index < len(LEVELS) else None


def level_for_warning(warning: str) -> NoticeLevel:
    """The level a project's warning colour calls for: blue, yellow or red alike."""
    return NoticeLevel(warning)


# -- working days -----------------------------------------------------------------------------


def add_working_days(start: date, count: int) -> date:
    """The count-th working day after start (start itself is not counted): a reply deadline."""
    if count < 1:
        raise Refusal("回复时限至少一个工作日", "a reply deadline takes one working day or more")
    day = start + timedelta(days=count)  # never earlier than this: at most every day works
    while working_days_left(start, day).days < count:
        day += timedelta(days=count - working_days_left(start, day).days)
    return day


def first_working_day_after(day: date) -> date:
    """The working day on which an unanswered notice due on `day` rises."""
    return add_working_days(day, 1)


# -- escalation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationRules:
    """How long a unit has to reply, in working days (a setting of the database)."""

    reply_working_days: int = 5

    def __post_init__(self) -> None:
        if self.reply_working_days < 1:
            raise Refusal(
                "supervision.reply_working_days 至少为 1 个工作日",
                "supervision.reply_working_days must be one or more working days",
            )

    def reply_due(self, from_day: date) -> date:
        return add_working_days(from_day, self.reply_working_days)


@dataclass(frozen=True)
class Escalation:
    """One rise of an unanswered notice: on which day, to which level, the new reply deadline
    (none once the notice is a summons, which waits for the summons to be recorded)."""

    on: date
    level: NoticeLevel
    reply_due: date | None


def escalations(
    level: NoticeLevel, reply_due: date | None, as_of: date, rules: EscalationRules
) -> list[Escalation]:
    """Every rise an unanswered notice at `level`, its reply due on `reply_due`, has taken by
    as_of, in order. Each is due on the first working day after the deadline it follows, so
    a run on any day finds the same rises, and a second run on the same day finds none."""
    steps: list[Escalation] = []
    while reply_due is not None:
        rises_on = first_working_day_after(reply_due)
        higher = next_level(level)
        if higher is None or rises_on > as_of:
            break
        level = higher
        reply_due = None if level is NoticeLevel.SUMMONS else rules.reply_due(rises_on)
        steps.append(Escalation(rises_on, level, reply_due))
    return steps


# -- health rules ----------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class HealthRule(StrEnum):
    NOT_STARTED = "not_started"  # signed over a year and not started
    NO_FUNDS = "no_funds"  # started, no funds recorded for three months
    LOW_FUNDS = "low_funds"  # started six months, funds under 15% of the total investment


HEALTH_RULES = list(HealthRule)


@dataclass(frozen=True)
class HealthRules:
    """The thresholds of the three rules (Weinan's by default), each a database setting."""

    not_started_months: int = 12
    no_funds_months: int = 3
    low_funds_months: int = 6
    low_funds_percent: int = 15

    def __post_init__(self) -> None:
        for name in ("not_started_months", "no_funds_months", "low_funds_months"):
            if getattr(self, name) < 1:
                raise Refusal(
                    f"health.{name} 至少为 1 个月", f"health.{name} must be one month or more"
                )
        if not 0 < self.low_funds_percent <= 100:
            raise Refusal(
                "health.low_funds_percent 须在 1 到 100 之间",
                "health.low_funds_percent must be from 1 to 100",
            )

    def cutoffs(self, as_of: date) -> HealthCutoffs:
        return HealthCutoffs(
            as_of=as_of,
            signed_before=months_before(as_of, self.not_started_months),
            no_funds_since=months_before(as_of, self.no_funds_months),
            low_funds_started_by=months_before(as_of, self.low_funds_months),
            low_funds_percent=self.low_funds_percent,
        )


@dataclass(frozen=True)
class HealthCutoffs:
    """The dates the rules compare with, as of a day.

    - not started: signed before signed_before (strictly over the months), not started by as_of;
    - no funds: started on or before no_funds_since, and no month after it up to as_of
      with funds in place recorded;
    - low funds: started on or before low_funds_started_by, funds in place up to as_of
      under low_funds_percent of the total investment.
    """

    as_of: date
    signed_before: date
    no_funds_since: date
    low_funds_started_by: date
    low_funds_percent: int

    def funds_low(self, funds_yuan: int, total_yuan: int) -> bool:
        """Under the share of the total, in whole yuan: exact, no rounding."""
        return total_yuan > 0 and funds_yuan * 100 < total_yuan * self.low_funds_percent


SUPERVISION_SETTINGS: dict[str, str] = {
    "supervision.reply_working_days": str(EscalationRules().reply_working_days),
    "health.not_started_months": str(HealthRules().not_started_months),
    "health.no_funds_months": str(HealthRules().no_funds_months),
    "health.low_funds_months": str(HealthRules().low_funds_months),
    "health.low_funds_percent": str(HealthRules().low_funds_percent),
}


def rules_from(values: dict[str, str]) -> tuple[EscalationRules, HealthRules]:
    """The rules from the database's settings (missing ones at their defaults); a value not a
    whole number, or out of its range, is refused naming the setting."""
    numbers: dict[str, int] = {}
    for key, default in SUPERVISION_SETTINGS.items():
        text = values.get(key, default)
        try:
            numbers[key] = int(text)
        except ValueError:
            raise Refusal(
                f"{key} 须为整数，不能是 {text!r}", f"{key} takes a whole number, not {text!r}"
            ) from None
    escalation = EscalationRules(numbers["supervision.reply_working_days"])
    health = HealthRules(
        not_started_months=numbers["health.not_started_months"],
        no_funds_months=numbers["health.no_funds_months"],
        low_funds_months=numbers["health.low_funds_months"],
        low_funds_percent=numbers["health.low_funds_percent"],
    )
    return escalation, health
