"""Moving a project through its stages: advance, back, withdraw, reinstate, and a continuing
project's yearly resumption (复工).

store.stages holds the rule of each move; here each is one write: the project found (and
locked), moved, settled as every edit is (store.commands.projects), and logged with the day
the move took effect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from store import stages
from store.commands.history import Actor, log_changes
from store.commands.projects import bump, forget_month_precision, refresh_derived
from store.db.models import Project, Steward
from store.domain import rules
from store.labels import Refusal
from store.queries.projects import find_project
from store.stages import Change

# A move of one project: its changes, or a refusal (UserError).
Move = Callable[[Project], list[Change]]


def _move(
    session: Session,
    actor: Actor,
    ref: str | int,
    action: str,
    move: Move,
    effective_on: date,
    note: str,
    expected_version: int | None,
) -> Project:
    project = find_project(session, ref)
    changes = move(project)
    bump(project, expected_version)
    refresh_derived(project)
    forget_month_precision(project, changes)
    log_changes(session, actor, project, action, changes, effective_on=effective_on, note=note)
    return project


def advance(
    session: Session,
    actor: Actor,
    ref: str | int,
    on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Project:
    """Move to the next stage, entered on the day given (today by default)."""
    on = on or actor.today

    def move(project: Project) -> list[Change]:
        return stages.advance(project, on, actor.today)

    return _move(session, actor, ref, "advance", move, on, note, expected_version)


def back(
    session: Session,
    actor: Actor,
    ref: str | int,
    reason: str,
    expected_version: int | None = None,
) -> Project:
    """Move back a stage, a correction recorded today with its reason."""

    def move(project: Project) -> list[Change]:
        return stages.back(project, reason)

    return _move(session, actor, ref, "back", move, actor.today, reason, expected_version)


def withdraw(
    session: Session,
    actor: Actor,
    ref: str | int,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Project:
    """Withdraw the project (it counts no longer), on the day given (today by default)."""
    on = on or actor.today

    def move(project: Project) -> list[Change]:
        return stages.withdraw(project, on, reason, actor.today)

    return _move(session, actor, ref, "withdraw", move, on, reason, expected_version)


def reinstate(
    session: Session,
    actor: Actor,
    ref: str | int,
    reason: str,
    expected_version: int | None = None,
) -> Project:
    """Undo a withdrawal (stages.reinstate), recorded today with who and why."""

    def move(project: Project) -> list[Change]:
        steward = session.get(Steward, project.steward_id) if project.steward_id else None
        if steward is not None:  # back in the pipeline, under a steward who still serves
            rules.refuse(rules.steward_serving(steward.name, steward.retired_on, None))
        return stages.reinstate(project, reason)

    note = reason.strip()
    return _move(session, actor, ref, "reinstate", move, actor.today, note, expected_version)


def resume(
    session: Session, actor: Actor, ref: str | int, on: date | None = None, note: str = ""
) -> Project:
    """A continuing project's spring resumption (复工), recorded like a stage move."""
    on = on or actor.today

    def move(project: Project) -> list[Change]:
        rules.refuse(rules.resumption(project.kind, on))
        if project.withdrawn_on:
            raise Refusal("项目已退出：不再推进", "project was withdrawn: it no longer moves")
        rules.refuse(rules.in_future("resumed_on", on, actor.today))
        if rules.resumed_already(project.resumed_on, on):
            raise Refusal(
                f"项目 {on.year} 年已复工（{project.resumed_on}）",
                f"project already resumed in {on.year} (on {project.resumed_on})",
            )
        old, project.resumed_on = project.resumed_on, on
        return [Change("resumed_on", old, on)]

    return _move(session, actor, ref, "resume", move, on, note, None)
