"""One project and what hangs on it: the project by code, id or name, its steward, history,
procedures, months of funds and problems.

In a write transaction the project found is locked until commit, so commands find projects
here too.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from store.db.models import DispatchRecord, History, Problem, Procedure, Project, Steward
from store.labels import Missing
from store.procedures import PROBLEM_CATEGORIES


def project_in(session: Session, condition: ColumnElement[bool]) -> Project | None:
    """The first project matching. In a write its row is locked until commit (FOR UPDATE
    on PostgreSQL, whose default isolation would otherwise let two officers' read-modify-
    write interleave; SQLite's writer already holds the whole database)."""
    query = select(Project).where(condition)
    if session.info.get("writing"):
        query = query.with_for_update()
    return session.scalars(query).first()


def find_project(session: Session, ref: str | int) -> Project:
    """A project by code, by id (#12 or 12), or by exact name."""
    if isinstance(ref, int):
        project = project_in(session, col(Project.id) == ref)
    else:
        text = ref.strip()
        project = project_in(session, col(Project.code) == text)
        if project is None and text.lstrip("#").isdigit():
            project = project_in(session, col(Project.id) == int(text.lstrip("#")))
        if project is None:
            project = project_in(session, col(Project.name) == text)
    if project is None:
        raise Missing(
            f"没有项目代码、编号或名称为 {ref!r} 的项目",
            f"no project with code, id or name {ref!r}",
        )
    return project


def steward_of(session: Session, project: Project) -> Steward | None:
    if project.steward_id is None:
        return None
    return session.get(Steward, project.steward_id)


def history(session: Session, ref: str | int) -> list[History]:
    """The project's history, oldest first."""
    project = find_project(session, ref)
    query = select(History).where(col(History.project_id) == project.id).order_by(col(History.id))
    return list(session.scalars(query))


def procedures(session: Session, ref: str | int) -> list[Procedure]:
    project = find_project(session, ref)
    query = (
        select(Procedure)
        .where(col(Procedure.project_id) == project.id)
        .order_by(col(Procedure.position), col(Procedure.id))
    )
    return list(session.scalars(query))


def dispatch_records(session: Session, ref: str | int) -> list[DispatchRecord]:
    """The project's months of funds, earliest first."""
    project = find_project(session, ref)
    query = (
        select(DispatchRecord)
        .where(col(DispatchRecord.project_id) == project.id)
        .order_by(col(DispatchRecord.month))
    )
    return list(session.scalars(query))


def month_record(session: Session, project: Project, month: date) -> DispatchRecord | None:
    """The project's record for the month (its first day), if there is one."""
    query = select(DispatchRecord).where(
        col(DispatchRecord.project_id) == project.id, col(DispatchRecord.month) == month
    )
    return session.scalars(query).first()


def problems(session: Session, ref: str | int) -> list[Problem]:
    project = find_project(session, ref)
    query = select(Problem).where(col(Problem.project_id) == project.id).order_by(col(Problem.id))
    return list(session.scalars(query))


def problem_categories(session: Session) -> list[str]:
    """The kinds a problem is filed under: the usual ones, then others the office used."""
    query = select(col(Problem.category)).where(col(Problem.category) != "").distinct()
    used = set(session.scalars(query)) - set(PROBLEM_CATEGORIES)
    return [*PROBLEM_CATEGORIES, *sorted(used)]


def project_count(session: Session) -> int:
    """Every project, withdrawn ones too."""
    return int(session.execute(select(func.count()).select_from(Project)).scalar_one())
