"""A project's months (调度 records): the funds in place and the investment completed each
month, and a note. The project keeps the total of its funds in place with its months.

add_to_month and replace_month work inside a caller's transaction (imports and the demo
write many); add_funds, set_month and delete_month are the use cases by reference. History
keeps a month's old and new figures, or else the change of the project's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.db.models import DispatchRecord, Project
from store.domain import rules
from store.labels import Missing, Refusal
from store.queries.projects import find_project, month_record
from store.stages import Change

# A month's figures as history records them: funds in place, investment completed, note.
MONTH_FIELDS = ("funds_month_yuan", "completed_month_yuan", "note")
Figures = tuple[int | None, int | None, str | None]
NO_RECORD: Figures = (None, None, None)


def month_figures(record: DispatchRecord | None) -> Figures:
    """A month's record as history keeps it: nothing when there is none, nor for no note."""
    if record is None:
        return NO_RECORD
    return record.funds_in_place_yuan, record.investment_completed_yuan, record.note or None


def month_changes(old: Figures, new: Figures) -> list[Change]:
    return [
        Change(field, was, now)
        for field, was, now in zip(MONTH_FIELDS, old, new, strict=True)
        if was != now
    ]


def _month_of(
    session: Session, actor: Actor, project: Project, month: date, *amounts: int
) -> tuple[date, DispatchRecord | None]:
    """The month (its first day) a write may record, and its record if there is one."""
    if any(amount < 0 for amount in amounts):
        raise Refusal("金额不能为负数", "amounts must not be negative")
    month = month.replace(day=1)
    rules.refuse(rules.funds_month(month, actor.today))
    rules.refuse(rules.month_after_signing(month, project.signed_on))
    return month, month_record(session, project, month)


def _new_record(session: Session, project: Project, month: date) -> DispatchRecord:
    assert project.id is not None
    record = DispatchRecord(project_id=project.id, month=month)
    session.add(record)
    return record


def add_to_month(
    session: Session,
    actor: Actor,
    project: Project,
    month: date,
    *,
    funds_yuan: int,
    completed_yuan: int = 0,
    note: str = "",
    action: str = "funds",
) -> list[Change]:
    """Add to a month's record (funds arrive over time) and keep the project's total."""
    month, record = _month_of(session, actor, project, month, funds_yuan, completed_yuan)
    if record is None:
        record = _new_record(session, project, month)
    record.funds_in_place_yuan += funds_yuan
    record.investment_completed_yuan += completed_yuan
    if note:
        record.note = note
    session.flush()
    return _refresh_funds(session, actor, project, month, action)


def replace_month(
    session: Session,
    actor: Actor,
    project: Project,
    month: date,
    *,
    funds_yuan: int,
    completed_yuan: int,
    note: str,
    action: str,
) -> list[Change]:
    """Replace a month's record with the given figures (what a re-imported sheet says, or
    a correction); history keeps the month's old and new figures."""
    month, record = _month_of(session, actor, project, month, funds_yuan, completed_yuan)
    recorded = month_changes(month_figures(record), (funds_yuan, completed_yuan, note or None))
    if not recorded:
        return []
    if record is None:
        record = _new_record(session, project, month)
    record.funds_in_place_yuan = funds_yuan
    record.investment_completed_yuan = completed_yuan
    record.note = note
    session.flush()
    return _refresh_funds(session, actor, project, month, action, recorded)


def _refresh_funds(
    session: Session,
    actor: Actor,
    project: Project,
    month: date,
    action: str,
    recorded: Sequence[Change] = (),
) -> list[Change]:
    """Keep the project's total with its months. History gets what was recorded (a
    month's old and new figures), or else the total's change."""
    total = session.execute(
        select(func.coalesce(func.sum(col(DispatchRecord.funds_in_place_yuan)), 0)).where(
            col(DispatchRecord.project_id) == project.id
        )
    ).scalar_one()
    changes = []
    if total != project.funds_in_place_yuan:
        changes.append(Change("funds_in_place_yuan", project.funds_in_place_yuan, total))
        project.funds_in_place_yuan = total
        project.version += 1
    log_changes(
        session,
        actor,
        project,
        action,
        list(recorded) or changes or [Change("dispatch", None, month)],
        effective_on=min(month, actor.today),
        note=f"{month:%Y-%m}" if recorded else "",
    )
    return changes


def add_funds(
    session: Session,
    actor: Actor,
    ref: str | int,
    month: date,
    funds_yuan: int,
    completed_yuan: int = 0,
    note: str = "",
) -> DispatchRecord:
    """Funds arrived in a month, added to what it had; returns the month's record."""
    project = find_project(session, ref)
    add_to_month(
        session,
        actor,
        project,
        month,
        funds_yuan=funds_yuan,
        completed_yuan=completed_yuan,
        note=note,
    )
    record = month_record(session, project, month.replace(day=1))
    assert record is not None  # just written
    return record


def set_month(
    session: Session,
    actor: Actor,
    ref: str | int,
    month: date,
    funds_yuan: int,
    completed_yuan: int | None = None,
    note: str | None = None,
    *,
    replace: bool = True,
) -> list[Change]:
    """Set a month's funds in place, replacing what was recorded; investment completed and
    the note stay as they were unless given. replace=False refuses a month already
    recorded (the app asks first). Returns the month's changes, as history keeps them."""
    project = find_project(session, ref)
    month = month.replace(day=1)
    old = month_figures(month_record(session, project, month))
    if old != NO_RECORD and not replace:
        raise Refusal(
            f"{month:%Y-%m} 已登记到位资金：替换须明确要求，不会累加",
            f"{month:%Y-%m} already has funds recorded: "
            "replacing them must be asked for, they are not added up",
        )
    replace_month(
        session,
        actor,
        project,
        month,
        funds_yuan=funds_yuan,
        completed_yuan=(old[1] or 0) if completed_yuan is None else completed_yuan,
        note=(old[2] or "") if note is None else note,
        action="funds",
    )
    return month_changes(old, month_figures(month_record(session, project, month)))


def delete_month(session: Session, actor: Actor, ref: str | int, month: date) -> list[Change]:
    """Remove a month's record; the project's total follows, history keeps what it held."""
    project = find_project(session, ref)
    month = month.replace(day=1)
    record = month_record(session, project, month)
    if record is None:
        raise Missing(f"{month:%Y-%m} 没有登记到位资金", f"no funds recorded for {month:%Y-%m}")
    recorded = month_changes(month_figures(record), NO_RECORD)
    session.delete(record)
    session.flush()
    _refresh_funds(session, actor, project, month, "funds", recorded)
    return recorded
