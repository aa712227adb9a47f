"""The pipeline signed -> procedures -> started -> producing, as plain functions.

Each move returns the field changes it made, so the caller can write them to history.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from store.errors import UserError
from store.labels import Lang, Refusal, word


class Stage(StrEnum):
    SIGNED = "signed"
    PROCEDURES = "procedures"
    STARTED = "started"
    PRODUCING = "producing"

    @property
    def index(self) -> int:  # type: ignore[override]  # a stage's place in STAGES; str.index is never asked of a stage
        return STAGES.index(self)

    @property
    def date_field(self) -> str:
        """The date the project entered this stage."""
        return f"{self.value}_on"

    @property
    def deadline_field(self) -> str | None:
        """The deadline that counts down while the project is in this stage."""
        return DEADLINE_FIELDS[self]


STAGES: list[Stage] = list(Stage)
DEADLINE_FIELDS: dict[Stage, str | None] = {
    Stage.SIGNED: "procedures_due",
    Stage.PROCEDURES: "start_due",
    Stage.STARTED: "production_due",
    Stage.PRODUCING: None,
}
STAGE_DATE_FIELDS = [stage.date_field for stage in STAGES]
DEADLINE_DATE_FIELDS = [field for field in DEADLINE_FIELDS.values() if field]

_STAGE_WORDS: dict[str, Stage] = {
    "signed": Stage.SIGNED,
    "签约": Stage.SIGNED,
    "已签约": Stage.SIGNED,
    "procedures": Stage.PROCEDURES,
    "手续": Stage.PROCEDURES,
    "前期手续": Stage.PROCEDURES,
    "前期手续办理": Stage.PROCEDURES,
    "办理手续": Stage.PROCEDURES,
    "前期": Stage.PROCEDURES,
    "started": Stage.STARTED,
    "开工": Stage.STARTED,
    "已开工": Stage.STARTED,
    "在建": Stage.STARTED,
    "开工建设": Stage.STARTED,
    "producing": Stage.PRODUCING,
    "投产": Stage.PRODUCING,
    "已投产": Stage.PRODUCING,
    "建成投产": Stage.PRODUCING,
    "竣工投产": Stage.PRODUCING,
}


def parse_stage(text: str) -> Stage:
    """Accepts Chinese or English stage names (签约/signed, 手续/procedures, 开工, 投产)."""
    stage = _STAGE_WORDS.get(text.strip().lower())
    if stage is None:
        raise Refusal(
            f"未知的阶段 {text!r}：可用 签约、手续、开工、投产",
            f"unknown stage {text!r}: use signed/签约, procedures/手续, started/开工, producing/投产",
        )
    return stage


class Kind(StrEnum):
    NEW = "new"  # 新建
    CONTINUING = "continuing"  # 续建: carried over, must resume (复工) each spring


_KIND_WORDS = {
    "new": Kind.NEW,
    "新建": Kind.NEW,
    "新开工": Kind.NEW,
    "continuing": Kind.CONTINUING,
    "续建": Kind.CONTINUING,
}


def parse_kind(text: str) -> Kind:
    kind = _KIND_WORDS.get(text.strip().lower())
    if kind is None:
        raise Refusal(
            f"未知的项目类型 {text!r}：可用 新建 或 续建",
            f"unknown kind {text!r}: use new/新建 or continuing/续建",
        )
    return kind


class Staged(Protocol):
    """What the stage machine needs of a project."""

    stage: str
    signed_on: date | None
    procedures_on: date | None
    started_on: date | None
    producing_on: date | None
    procedures_due: date | None
    start_due: date | None
    production_due: date | None
    withdrawn_on: date | None
    withdraw_reason: str | None


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


DATE_FIELDS = [*STAGE_DATE_FIELDS, *DEADLINE_DATE_FIELDS, "withdrawn_on"]


def check_dates(project: Staged) -> None:
    """Refuse dates out of order: stage dates ascend, deadlines not before signing."""
    month_dates = getattr(project, "month_dates", "") or ""
    check_date_values(
        {field: getattr(project, field) for field in DATE_FIELDS},
        frozenset(name for name in month_dates.split(",") if name),
    )


def check_date_values(
    dates: Mapping[str, Any],
    month_only: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> None:
    """check_dates for a mapping of field to date (an imported row before it is a project).
    A date known only to the month (month_only) is compared by its month: started in 2023-08
    is not before signed on 2023-08-15. names: what to call each field (a sheet's headers)."""

    def shown(field: str, lang: Lang) -> str:
        value = dates[field]
        name = names.get(field) if names else None
        name = name or (word(field, lang) if lang is Lang.ZH else field)
        return f"{name} {value:%Y-%m}" if field in month_only else f"{name} {value}"

    def before(later: str, earlier: str) -> bool:
        value, other = dates[later], dates[earlier]
        if later in month_only or earlier in month_only:
            return (value.year, value.month) < (other.year, other.month)
        return bool(value < other)

    def refuse(later: str, earlier: str) -> None:
        raise Refusal(
            f"日期先后不对：{shown(later, Lang.ZH)} 早于 {shown(earlier, Lang.ZH)}",
            f"dates out of order: {shown(later, Lang.EN)} is before {shown(earlier, Lang.EN)}",
            field=later,
        )

    previous: str | None = None
    for field in STAGE_DATE_FIELDS:
        if dates.get(field) is None:
            continue
        if previous and before(field, previous):
            refuse(field, previous)
        previous = field
    if dates.get("signed_on"):
        for field in (*DEADLINE_DATE_FIELDS, "withdrawn_on"):
            if dates.get(field) is not None and before(field, "signed_on"):
                refuse(field, "signed_on")
    both_planned = dates.get("start_due") and dates.get("production_due")
    if both_planned and before("production_due", "start_due"):
        refuse("production_due", "start_due")


def furthest_dated(dates: dict[str, Any]) -> Stage:
    """The furthest stage whose entry date is given (signed when none is)."""
    reached = [stage for stage in STAGES if dates.get(stage.date_field)]
    return reached[-1] if reached else Stage.SIGNED


def set_stage(project: Staged, target: Stage) -> list[Change]:
    """Put a project at a stage as a sheet states it: moving back forgets the dates of the
    stages it leaves (as `back` does), so stage and dates always agree."""
    changes: list[Change] = []
    for later in STAGES[target.index + 1 :]:
        _set(project, later.date_field, None, changes)
    _set(project, "stage", target.value, changes)
    return changes


def _set(project: Staged, field: str, value: Any, changes: list[Change]) -> None:
    old = getattr(project, field)
    if old != value:
        setattr(project, field, value)
        changes.append(Change(field, old, value))


def _future(on: date, today: date) -> Refusal:
    return Refusal(
        f"日期 {on} 晚于今天（{today}）：只登记已经发生的事",
        f"date {on} is in the future (today is {today})",
    )


def _refuse_if_withdrawn(project: Staged) -> None:
    if project.withdrawn_on:
        raise Refusal(
            f"项目已于 {project.withdrawn_on} 退出：不再推进",
            f"project was withdrawn on {project.withdrawn_on}: it no longer moves",
        )


def advance(project: Staged, on: date, today: date) -> list[Change]:
    """Move forward exactly one stage, entering it on the given date."""
    _refuse_if_withdrawn(project)
    current = Stage(project.stage)
    if current is Stage.PRODUCING:
        raise Refusal(
            "项目已投产：没有更后的阶段", "project is already producing: there is no later stage"
        )
    if on > today:
        raise _future(on, today)
    target = STAGES[current.index + 1]
    changes: list[Change] = []
    _set(project, target.date_field, on, changes)
    _set(project, "stage", target.value, changes)
    try:
        check_dates(project)
    except UserError:
        for change in reversed(changes):
            setattr(project, change.field, change.old)
        raise
    return changes


def back(project: Staged, reason: str) -> list[Change]:
    """A correction: one stage back, forgetting the date the mistaken stage was entered."""
    _refuse_if_withdrawn(project)
    if not reason.strip():
        raise Refusal("退回是更正，须说明原因", "moving back is a correction and needs a reason")
    current = Stage(project.stage)
    if current is Stage.SIGNED:
        raise Refusal(
            "项目处于第一个阶段（签约）：没有更前的阶段",
            "project is at the first stage (signed): there is no earlier stage",
        )
    changes: list[Change] = []
    _set(project, current.date_field, None, changes)
    _set(project, "stage", STAGES[current.index - 1].value, changes)
    return changes


def withdraw(project: Staged, on: date, reason: str, today: date) -> list[Change]:
    """The project leaves the pipeline (终止/退出) but never the records."""
    _refuse_if_withdrawn(project)
    if not reason.strip():
        raise Refusal("退出项目须说明原因", "withdrawing a project needs a reason")
    if on > today:
        raise _future(on, today)
    if project.signed_on and on < project.signed_on:
        raise Refusal(
            f"日期先后不对：退出日期 {on} 早于签约日期 {project.signed_on}",
            f"dates out of order: withdrawn on {on} is before signed_on {project.signed_on}",
        )
    changes: list[Change] = []
    _set(project, "withdrawn_on", on, changes)
    _set(project, "withdraw_reason", reason.strip(), changes)
    return changes


def reinstate(project: Staged, reason: str) -> list[Change]:
    """Undo a withdrawal: the project is back in the pipeline at the stage it left, and
    counts as if never withdrawn; history keeps the withdrawal and why it was undone."""
    if not project.withdrawn_on:
        raise Refusal(
            "项目未退出：无需恢复", "project is not withdrawn: there is nothing to reinstate"
        )
    if not reason.strip():
        raise Refusal("恢复项目须说明原因", "reinstating a project needs a reason")
    changes: list[Change] = []
    _set(project, "withdrawn_on", None, changes)
    _set(project, "withdraw_reason", None, changes)
    return changes
