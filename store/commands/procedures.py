"""A project's preliminary procedures (前期手续) written: one added, ticked done, given a due
date, made optional, or dropped. The project keeps a count of its required and done ones
for the figures (count_procedures), recounted after every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, select, update
from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.db.models import Procedure, Project
from store.domain import rules
from store.labels import Missing, Refusal, Stale
from store.queries.projects import find_project, project_in
from store.stages import Change

# Ids per recount: SQLite takes at most 999 parameters in one statement.
_BATCH = 900


def count_procedures(session: Session, project_ids: Sequence[int]) -> None:
    """Recount the projects' required and done procedures (kept on the project for figures)."""
    session.flush()  # the procedure rows just added, changed or deleted
    required = and_(col(Procedure.project_id) == col(Project.id), col(Procedure.required))
    done = col(Procedure.done_on).is_not(None)
    for start in range(0, len(project_ids), _BATCH):
        session.execute(
            update(Project.__table__)  # type: ignore[attr-defined]
            .where(col(Project.id).in_(project_ids[start : start + _BATCH]))
            .values(
                procedures_required=select(func.count()).where(required).scalar_subquery(),
                procedures_done=select(func.count()).where(required, done).scalar_subquery(),
            )
        )


def _procedure(session: Session, procedure_id: int) -> tuple[Procedure, Project]:
    procedure = session.get(Procedure, procedure_id)
    if procedure is None:
        raise Missing(f"没有编号为 #{procedure_id} 的手续", f"no procedure #{procedure_id}")
    project = project_in(session, col(Project.id) == procedure.project_id)
    assert project is not None
    return procedure, project


def set_procedure(
    session: Session,
    actor: Actor,
    procedure_id: int,
    *,
    done_on: date | str | None = "keep",
    due_on: date | str | None = "keep",
    required: bool | None = None,
) -> Procedure:
    """Tick done (with a date), clear it, set the due date or whether it is required."""
    procedure, project = _procedure(session, procedure_id)
    changes: list[Change] = []
    for attribute, value in (
        ("done_on", done_on),
        ("due_on", due_on),
        ("required", required),
    ):
        if value == "keep" or (value is None and attribute == "required"):
            continue
        if attribute == "done_on" and isinstance(value, date):
            rules.refuse(rules.procedure_done(value, project.signed_on, actor.today))
        old = getattr(procedure, attribute)
        if old != value:
            setattr(procedure, attribute, value)
            changes.append(Change(f"procedure:{procedure.name}:{attribute}", old, value))
    if changes:
        log_changes(session, actor, project, "procedure", changes)
        count_procedures(session, [project.id or 0])
    return procedure


def add_procedure(
    session: Session, actor: Actor, ref: str | int, name: str, due_on: date | None = None
) -> Procedure:
    """A procedure of the office's own, last in the project's list."""
    if not name.strip():
        raise Refusal("手续名称为空", "procedure name is empty")
    project = find_project(session, ref)
    assert project.id is not None
    last = session.execute(
        select(func.max(col(Procedure.position))).where(col(Procedure.project_id) == project.id)
    ).scalar()
    procedure = Procedure(
        project_id=project.id, name=name.strip(), due_on=due_on, position=(last or 0) + 1
    )
    session.add(procedure)
    log_changes(session, actor, project, "procedure", [Change("procedure", None, name.strip())])
    count_procedures(session, [project.id])
    return procedure


def drop_procedure(session: Session, actor: Actor, procedure_id: int) -> None:
    procedure, project = _procedure(session, procedure_id)
    log_changes(session, actor, project, "procedure", [Change("procedure", procedure.name, None)])
    session.delete(procedure)
    count_procedures(session, [project.id or 0])


def rename_procedure(
    session: Session,
    actor: Actor,
    procedure_id: int,
    name: str,
    expected_name: str | None = None,
) -> Procedure:
    """Give a procedure another name (its history keeps the old one). expected_name: the name
    it had when read; refused when someone renamed it since. A project's procedures keep
    names of their own: history and the command line find a procedure by it."""
    procedure, project = _procedure(session, procedure_id)
    new = name.strip()
    if not new:
        raise Refusal("手续名称为空", "procedure name is empty")
    if expected_name is not None and procedure.name != expected_name:
        raise Stale(
            f"手续「{expected_name}」在您打开后已改名为「{procedure.name}」；已重新载入，请再改一次",
            f"procedure {expected_name} was renamed {procedure.name} by someone else since you "
            "opened it; it has been reloaded, make your edit again",
        )
    if new == procedure.name:
        return procedure
    taken = session.execute(
        select(col(Procedure.id)).where(
            col(Procedure.project_id) == project.id, col(Procedure.name) == new
        )
    ).first()
    if taken is not None:
        raise Refusal(
            f"本项目已有名为「{new}」的手续", f"the project already has a procedure {new}"
        )
    old = procedure.name
    procedure.name = new
    log_changes(session, actor, project, "procedure", [Change(f"procedure:{old}:name", old, new)])
    return procedure
