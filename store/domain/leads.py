"""Leads before signing (线索 · 研判 · 在谈 → 签约), as plain rules over plain values.

A lead is registered (线索), answered by assessing it (研判), negotiated (在谈) and signed,
which makes it a project; or it is dropped with a reason at any open stage. It moves forward
one stage at a time, each move dated (not in the future, not before the stage it leaves was
entered); moving back is a correction and needs a reason. A reserve project (储备/推介) is a
lead the office itself promotes: the same stages, its own list.

Each open stage counts down to a time limit the office sets (defaults from Jiangmen's rules):
a lead is answered (moved to 研判) within 1 working day of its registration, assessed (moved
on from 研判) within 3 working days, and reported on every 14 calendar days while negotiated.
Working days follow the State Council's calendar (store.deadlines). The countdown gives the
same warning colours as a project's (store.warnings): blue while the limit is a day away or
less, yellow once it has passed, red once it has passed by more than the office's
warning.red_after_days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from store.deadlines import working_days_left
from store.labels import Refusal
from store.warnings import Thresholds, WarningLevel


class LeadStage(StrEnum):
    LEAD = "lead"  # 线索: registered
    ASSESSED = "assessed"  # 研判: answered, being assessed and visited
    NEGOTIATING = "negotiating"  # 在谈
    SIGNED = "signed"  # 签约: a project now
    DROPPED = "dropped"  # 已放弃, with a reason

    @property
    def date_field(self) -> str:
        """The lead's date of entering this stage."""
        return STAGE_DATE_FIELDS[self]


class LeadKind(StrEnum):
    LEAD = "lead"  # a lead that came to the office
    RESERVE = "reserve"  # 储备/推介: a project the office itself promotes


PIPELINE: tuple[LeadStage, ...] = (
    LeadStage.LEAD,
    LeadStage.ASSESSED,
    LeadStage.NEGOTIATING,
    LeadStage.SIGNED,
)
OPEN_STAGES: tuple[LeadStage, ...] = PIPELINE[:-1]  # the board's columns
STAGE_DATE_FIELDS: dict[LeadStage, str] = {
    LeadStage.LEAD: "registered_on",
    LeadStage.ASSESSED: "assessed_on",
    LeadStage.NEGOTIATING: "negotiating_on",
    LeadStage.SIGNED: "signed_on",
    LeadStage.DROPPED: "dropped_on",
}
STAGE_WORDS: dict[LeadStage, tuple[str, str]] = {
    LeadStage.LEAD: ("线索", "lead"),
    LeadStage.ASSESSED: ("研判", "assessed"),
    LeadStage.NEGOTIATING: ("在谈", "negotiating"),
    LeadStage.SIGNED: ("签约", "signed"),
    LeadStage.DROPPED: ("已放弃", "dropped"),
}
# How offices write a lead's stage, in sheets and on the command line.
_STAGE_SPELLINGS: dict[str, LeadStage] = {
    **{word: stage for stage, pair in STAGE_WORDS.items() for word in pair},
    "registered": LeadStage.LEAD,
    "new": LeadStage.LEAD,
    "线索登记": LeadStage.LEAD,
    "已登记": LeadStage.LEAD,
    "新线索": LeadStage.LEAD,
    "assess": LeadStage.ASSESSED,
    "assessing": LeadStage.ASSESSED,
    "研判中": LeadStage.ASSESSED,
    "考察": LeadStage.ASSESSED,
    "研判/考察": LeadStage.ASSESSED,
    "已研判": LeadStage.ASSESSED,
    "negotiate": LeadStage.NEGOTIATING,
    "在谈项目": LeadStage.NEGOTIATING,
    "洽谈": LeadStage.NEGOTIATING,
    "洽谈中": LeadStage.NEGOTIATING,
    "对接洽谈": LeadStage.NEGOTIATING,
    "正在洽谈": LeadStage.NEGOTIATING,
    "sign": LeadStage.SIGNED,
    "已签约": LeadStage.SIGNED,
    "drop": LeadStage.DROPPED,
    "放弃": LeadStage.DROPPED,
    "已终止": LeadStage.DROPPED,
    "终止": LeadStage.DROPPED,
}
_KIND_SPELLINGS: dict[str, LeadKind] = {
    "lead": LeadKind.LEAD,
    "线索": LeadKind.LEAD,
    "reserve": LeadKind.RESERVE,
    "储备": LeadKind.RESERVE,
    "推介": LeadKind.RESERVE,
    "储备项目": LeadKind.RESERVE,
    "推介项目": LeadKind.RESERVE,
    "谋划储备": LeadKind.RESERVE,
    "储备/推介": LeadKind.RESERVE,
}
# Where leads come from (domain.md); an office may write others, kept as written.
KNOWN_SOURCES: tuple[str, ...] = ("以商招商", "小分队", "节会", "驻外", "中介", "云签约", "乡贤")


def parse_lead_stage(text: str) -> LeadStage:
    """A stage as written: 线索/lead, 研判/assessed, 在谈/negotiating, 签约/signed, 已放弃/dropped."""
    stage = _STAGE_SPELLINGS.get("".join(text.split()).lower())
    if stage is None:
        raise Refusal(
            f"不认识的线索阶段 {text!r}：可用 线索、研判、在谈、签约 或 已放弃",
            f"unknown lead stage {text!r}: use 线索/lead, 研判/assessed, 在谈/negotiating, "
            "签约/signed or 已放弃/dropped",
        )
    return stage


def parse_lead_kind(text: str) -> LeadKind:
    kind = _KIND_SPELLINGS.get("".join(text.split()).lower())
    if kind is None:
        raise Refusal(
            f"不认识的线索类型 {text!r}：可用 线索 或 储备/推介",
            f"unknown lead kind {text!r}: use lead/线索 or reserve/储备",
        )
    return kind


# -- moves ---------------------------------------------------------------------------------


def next_stage(stage: LeadStage) -> LeadStage | None:
    """The stage a lead moves on to; None once signed or dropped."""
    if stage not in OPEN_STAGES:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def refuse_closed(name: str, stage: LeadStage) -> None:
    """A signed or dropped lead moves no more."""
    if stage is LeadStage.SIGNED:
        raise Refusal(f"线索 {name} 已签约，不再移动", f"lead {name} is signed: it moves no more")
    if stage is LeadStage.DROPPED:
        raise Refusal(f"线索 {name} 已放弃，不再移动", f"lead {name} was dropped: it moves no more")


def refuse_move(name: str, stage: LeadStage, target: LeadStage) -> None:
    """A lead moves on one stage at a time, to 研判 or 在谈 (signing has its own command)."""
    refuse_closed(name, stage)
    if target is LeadStage.SIGNED:
        raise Refusal(
            f"线索 {name} 的签约请用“签约”：它同时建立项目",
            f"lead {name}: sign it with `lead sign`, which creates its project",
        )
    if target is LeadStage.DROPPED:
        raise Refusal(
            f"放弃线索 {name} 请用“放弃”并写明原因",
            f"lead {name}: drop it with `lead drop` and a reason",
        )
    if target is stage:
        raise Refusal(
            f"线索 {name} 已在{STAGE_WORDS[stage][0]}阶段",
            f"lead {name} is already {STAGE_WORDS[stage][1]}",
        )
    if target is not next_stage(stage):
        raise Refusal(
            f"线索 {name} 在{STAGE_WORDS[stage][0]}阶段，只能进入下一阶段"
            f"（线索 → 研判 → 在谈 → 签约），不能到{STAGE_WORDS[target][0]}",
            f"lead {name} is {STAGE_WORDS[stage][1]}: it moves one stage at a time "
            f"(lead → assessed → negotiating → signed), not to {STAGE_WORDS[target][1]}",
        )


def refuse_signing(name: str, stage: LeadStage) -> None:
    """Only a lead under negotiation (在谈) is signed."""
    refuse_closed(name, stage)
    if stage is not LeadStage.NEGOTIATING:
        raise Refusal(
            f"线索 {name} 在{STAGE_WORDS[stage][0]}阶段：在谈之后才能签约",
            f"lead {name} is {STAGE_WORDS[stage][1]}: only a lead under negotiation is signed",
        )


def back_stage(name: str, stage: LeadStage, reason: str) -> LeadStage:
    """The stage a correction moves the lead back to; refused without a reason, or from
    the first stage, or once signed or dropped."""
    refuse_closed(name, stage)
    if not reason.strip():
        raise Refusal(f"退回线索 {name} 需要写明原因", f"moving lead {name} back needs a reason")
    if stage is LeadStage.LEAD:
        raise Refusal(
            f"线索 {name} 在第一阶段，无法退回", f"lead {name} is at its first stage: no way back"
        )
    return PIPELINE[PIPELINE.index(stage) - 1]


def refuse_drop(name: str, stage: LeadStage, reason: str) -> None:
    refuse_closed(name, stage)
    if not reason.strip():
        raise Refusal(f"放弃线索 {name} 需要写明原因", f"dropping lead {name} needs a reason")


def refuse_move_date(name: str, on: date, entered: date, today: date) -> None:
    """A move happened on a day: not after today, not before the stage it leaves began."""
    if on > today:
        raise Refusal(
            f"线索 {name} 的日期 {on} 在今天（{today}）之后",
            f"lead {name}: {on} is after today ({today}); a move is dated when it happened",
        )
    if on < entered:
        raise Refusal(
            f"线索 {name} 的日期 {on} 早于进入当前阶段的 {entered}",
            f"lead {name}: {on} is before it entered its current stage on {entered}",
        )


def refuse_registration(name: str, registered_on: date, today: date) -> None:
    if not name.strip():
        raise Refusal("线索名称不能为空", "a lead needs a name")
    if registered_on > today:
        raise Refusal(
            f"线索 {name} 的登记日期 {registered_on} 在今天（{today}）之后",
            f"lead {name}: registered on {registered_on}, after today ({today})",
        )


def refuse_registered_after(name: str, registered_on: date, moves: list[date | None]) -> None:
    """A lead is registered on or before every move it has made."""
    first = min((day for day in moves if day is not None), default=None)
    if first is not None and registered_on > first:
        raise Refusal(
            f"线索 {name} 的登记日期 {registered_on} 晚于它 {first} 的移动",
            f"lead {name}: registered on {registered_on}, after its move on {first}",
        )


def refuse_amount(name: str, amount_yuan: int | None) -> None:
    if amount_yuan is not None and amount_yuan < 0:
        raise Refusal(
            f"线索 {name} 的意向投资额不能为负", f"lead {name}: the amount must not be negative"
        )


# -- time limits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadLimits:
    """An office's time limits per open stage (settings lead.*); Jiangmen's by default."""

    answer_working_days: int = 1  # 线索 → 研判
    assess_working_days: int = 3  # 研判 → 在谈 (or dropped)
    report_days: int = 14  # while 在谈: a report at least this often (calendar days)

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> LeadLimits:
        given = {
            attribute: int(settings[key])
            for key, attribute in LIMIT_KEYS.items()
            if key in settings
        }
        return cls(**given)


# setting key -> LeadLimits attribute
LIMIT_KEYS: dict[str, str] = {
    "lead.answer_working_days": "answer_working_days",
    "lead.assess_working_days": "assess_working_days",
    "lead.report_days": "report_days",
}
LIMIT_DEFAULTS: dict[str, str] = {
    key: str(getattr(LeadLimits(), attribute)) for key, attribute in LIMIT_KEYS.items()
}
# Blue while the limit is this many days away or less: a limit of one working day leaves no
# room for the fifteen days a project's deadline gives.
LEAD_BLUE_WITHIN_DAYS = 1


def check_limit(key: str, value: str) -> int:
    """A time limit's value: a whole number of days, one or more."""
    try:
        days = int(value)
    except ValueError:
        raise Refusal(
            f"{key} 须为整数天数，不能是 {value!r}",
            f"{key} takes a whole number of days, not {value!r}",
        ) from None
    if days < 1:
        raise Refusal(f"{key} 至少为 1 天", f"{key} must be one day or more")
    return days


@lru_cache(maxsize=4096)
def add_working_days(start: date, count: int) -> date:
    """The day count working days after start (the official calendar's, moved weekends
    included). Kept per day: a list's leads share their registration days."""
    day = start
    while working_days_left(start, day).days < count:
        day += timedelta(days=1)
    return day


# A list's leads share their due days: each is counted from today once.
_working_days_left = lru_cache(maxsize=4096)(working_days_left)


@dataclass(frozen=True)
class LeadCountdown:
    """Where a lead stands against its stage's limit. working: days_left counts working
    days (else calendar days); estimated: a year the official calendar does not know yet."""

    due_on: date | None
    days_left: int | None
    working: bool
    estimated: bool
    warning: WarningLevel | None


NO_COUNTDOWN = LeadCountdown(None, None, False, False, None)


def countdown(
    stage: LeadStage,
    entered_on: date,
    reported_on: date | None,
    today: date,
    limits: LeadLimits,
    thresholds: Thresholds,
) -> LeadCountdown:
    """The limit counting down in the lead's stage, and its warning; none once signed or
    dropped. While negotiating, the clock runs from the last report (or from entering)."""
    levels = Thresholds(LEAD_BLUE_WITHIN_DAYS, thresholds.red_after_days)
    if stage is LeadStage.NEGOTIATING:
        since = max(entered_on, reported_on or entered_on)
        due = since + timedelta(days=limits.report_days)
        left = (due - today).days
        return LeadCountdown(due, left, False, False, levels.level(left))
    if stage is LeadStage.LEAD:
        limit = limits.answer_working_days
    elif stage is LeadStage.ASSESSED:
        limit = limits.assess_working_days
    else:
        return NO_COUNTDOWN
    due = add_working_days(entered_on, limit)
    counted = _working_days_left(today, due)
    return LeadCountdown(due, counted.days, True, counted.estimated, levels.level(counted.days))


# -- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadDates:
    """What the figures read of one lead: the day it entered each stage it has reached."""

    registered_on: date
    assessed_on: date | None
    negotiating_on: date | None
    signed_on: date | None
    dropped_on: date | None
    amount_yuan: int

    def reached(self, stage: LeadStage, as_of: date) -> bool:
        """Whether the lead had reached the stage by the date."""
        day: date | None = getattr(self, STAGE_DATE_FIELDS[stage])
        return day is not None and day <= as_of


FUNNEL: tuple[LeadStage, ...] = PIPELINE  # registered, assessed, negotiating, signed


@dataclass(frozen=True)
class FunnelStep:
    """One stage of a funnel: how many of the cohort reached it (and their amount), and how
    many of those that reached the stage before did not reach this one (drop-off)."""

    stage: LeadStage
    count: int
    amount_yuan: int
    drop_off: int  # from the stage before; 0 for the first
    before: int  # how many reached the stage before (the drop-off's base)


@dataclass(frozen=True)
class Funnel:
    """A cohort of leads (those registered in a period), as of a date."""

    group: str
    registered: int
    steps: tuple[FunnelStep, ...]
    dropped: int  # dropped by the as-of date
    signed: int

    @property
    def conversion(self) -> tuple[int, int]:
        """Signed by the as-of date, of those registered: numerator and denominator."""
        return self.signed, self.registered


def funnel(group: str, cohort: list[LeadDates], as_of: date) -> Funnel:
    """Counts reaching each stage by as_of, and the drop-off between stages."""
    steps: list[FunnelStep] = []
    before = len(cohort)
    for stage in FUNNEL:
        reached = [lead for lead in cohort if lead.reached(stage, as_of)]
        count = len(reached)
        first = stage is FUNNEL[0]
        steps.append(
            FunnelStep(
                stage,
                count,
                sum(lead.amount_yuan for lead in reached),
                0 if first else before - count,
                count if first else before,
            )
        )
        before = count
    dropped = sum(1 for lead in cohort if lead.reached(LeadStage.DROPPED, as_of))
    signed = steps[-1].count
    return Funnel(group, len(cohort), tuple(steps), dropped, signed)
