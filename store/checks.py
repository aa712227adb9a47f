"""`investtrack check`: the database's own integrity, the search index, and the domain's
invariants.

Each project is read once, with its last recorded stage and steward and its funds total
joined in by grouped subqueries, so a check of 100,000 projects is one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError
from sqlmodel import col

from store import stages
from store.deadlines import current_deadline
from store.errors import UserError
from store.figures import last_recorded
from store.models import DispatchRecord, Procedure, Project, Steward
from store.search import TRIGGERS, TRIGRAM_INDEX, build_index
from store.stages import STAGES, Stage


@dataclass(frozen=True)
class Finding:
    """One broken rule: which project (None for the file itself), which rule, and how."""

    project: str | None
    rule: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"project": self.project, "rule": self.rule, "detail": self.detail}


def storage_findings(connection: Any) -> Iterator[Finding]:
    """SQLite's own checks: page structure and foreign keys. Other servers keep their own."""
    if connection.dialect.name != "sqlite":
        return
    for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            yield Finding(None, "integrity", message)
    for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Finding(None, "foreign key", f"{table} row {rowid} points to a missing {parent}")


def search_index_findings(engine: Any) -> Iterator[Finding]:
    """The trigram index (SQLite): its triggers in place, and FTS5's own check of it against
    the projects' text. That check is a command given as an INSERT, so it takes a short
    transaction of its own; it writes nothing."""
    if engine.dialect.name != "sqlite":
        return
    rebuild = "searches may miss projects; `investtrack check --rebuild-search` repairs it"
    with engine.connect() as connection:
        present = set(
            connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .scalars()
            .all()
        )
        for name in TRIGGERS.keys() - present:
            yield Finding(None, "search index", f"trigger {name} is missing: {rebuild}")
        try:
            connection.exec_driver_sql(
                f"INSERT INTO {TRIGRAM_INDEX.name}({TRIGRAM_INDEX.name}, rank)"
                " VALUES ('integrity-check', 1)"
            )
        except DatabaseError:
            yield Finding(
                None, "search index", f"the index does not match the projects' text: {rebuild}"
            )
        finally:
            connection.rollback()


def rebuild_search_index(store: Any) -> None:
    """The trigram index built again from every project's text, its triggers put back where
    missing (SQLite; one transaction)."""
    if store.engine.dialect.name != "sqlite":
        return
    with store.writing() as session:
        build_index(session.connection())


def project_findings(row: Any) -> Iterator[Finding]:
    """The domain's invariants for one project row (with its history and funds joined)."""
    project = row.Project
    who = project.code or project.name
    try:
        stage = Stage(project.stage)
    except ValueError:
        yield Finding(who, "stage", f"unknown stage {project.stage!r}")
        return
    try:
        stages.check_dates(project)
    except UserError as error:
        yield Finding(who, "dates in order", str(error))
    for later in STAGES[stage.index + 1 :]:
        if getattr(project, later.date_field) is not None:
            yield Finding(
                who,
                "stage and dates",
                f"stage is {stage.value} but {later.date_field} is "
                f"{getattr(project, later.date_field)}",
            )
    if row.last_stage != stage.value:
        yield Finding(
            who, "history", f"history ends at stage {row.last_stage}, the project is {stage.value}"
        )
    if (row.last_steward or None) != row.steward:
        yield Finding(
            who,
            "history",
            f"history ends with steward {row.last_steward}, the project has {row.steward}",
        )
    deadline = current_deadline(
        project.stage,
        project.withdrawn_on is not None,
        {field: getattr(project, field) for field in stages.DEADLINE_DATE_FIELDS},
    )
    if deadline != project.deadline:
        yield Finding(who, "deadline", f"stored {project.deadline}, the dates give {deadline}")
    counted = (row.required or 0, row.done or 0)
    if counted != (project.procedures_required, project.procedures_done):
        yield Finding(
            who,
            "procedures",
            f"stored {project.procedures_done}/{project.procedures_required} done, "
            f"the procedures say {counted[1]}/{counted[0]}",
        )
    if row.funds is not None and row.funds != project.funds_in_place_yuan:
        yield Finding(
            who,
            "funds",
            f"funds in place {project.funds_in_place_yuan} but the monthly records add up to {row.funds}",
        )


def check(store: Any) -> tuple[int, list[Finding]]:
    """(projects checked, findings); no findings means the database is sound."""
    last_stage, last_steward = last_recorded("stage"), last_recorded("steward")
    funds = (
        select(
            DispatchRecord.project_id,
            func.sum(DispatchRecord.funds_in_place_yuan).label("funds"),
        )
        .group_by(DispatchRecord.project_id)
        .subquery("funds")
    )
    procedures = (
        select(
            Procedure.project_id,
            func.count().label("required"),
            func.count(Procedure.done_on).label("done"),
        )
        .where(col(Procedure.required))
        .group_by(Procedure.project_id)
        .subquery("procedures")
    )
    query = (
        select(
            Project,
            procedures.c.required,
            procedures.c.done,
            Steward.name.label("steward"),
            last_stage.c.value.label("last_stage"),
            last_steward.c.value.label("last_steward"),
            funds.c.funds,
        )
        .outerjoin(Steward, Project.steward_id == Steward.id)
        .outerjoin(last_stage, last_stage.c.project_id == Project.id)
        .outerjoin(last_steward, last_steward.c.project_id == Project.id)
        .outerjoin(funds, funds.c.project_id == Project.id)
        .outerjoin(procedures, procedures.c.project_id == Project.id)
        .order_by(Project.id)
    )
    findings: list[Finding] = []
    checked = 0
    with store.reading() as session:
        findings.extend(storage_findings(session.connection()))
        for row in session.execute(query.execution_options(yield_per=2000)):
            checked += 1
            findings.extend(project_findings(row))
    findings.extend(search_index_findings(store.engine))
    return checked, findings
