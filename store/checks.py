"""`investtrack check`: the database's own integrity, the search index, and the domain's
invariants: the rules every write keeps (store.domain.rules), so a state an older version let
in is found.

Each project is read once, with its last recorded stage and steward and its funds total
joined in by grouped subqueries, so a check of 100,000 projects is one pass. The procedures,
problems and months that break a rule are picked out before it, by conditions in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import col

from store import stages
from store.db import BUSY_TIMEOUT_MS
from store.deadlines import current_deadline
from store.domain import rules
from store.domain.rules import Broken
from store.errors import UserError
from store.figures import last_recorded
from store.models import DispatchRecord, Problem, Procedure, Project, Steward
from store.search import TRIGGERS, TRIGRAM_INDEX, build_index
from store.stages import Stage


@dataclass(frozen=True)
class Finding:
    """One broken rule: which project (None for the file itself), which rule, and how."""

    project: str | None
    rule: str
    detail: str
    unchecked: bool = False  # not a broken rule: the rule could not be checked (says why)

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "rule": self.rule,
            "detail": self.detail,
            "unchecked": self.unchecked,
        }


def storage_findings(connection: Any) -> Iterator[Finding]:
    """SQLite's own checks: page structure and foreign keys. Other servers keep their own."""
    if connection.dialect.name != "sqlite":
        return
    for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            yield Finding(None, "integrity", message)
    for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Finding(None, "foreign key", f"{table} row {rowid} points to a missing {parent}")


# How long the index check waits for another program's write to end before saying it is busy.
INDEX_CHECK_WAIT_MS = 5_000


def search_index_findings(engine: Any) -> Iterator[Finding]:
    """The trigram index (SQLite): its triggers in place, and FTS5's own check of it against
    the projects' text. That check is a command given as an INSERT, so it takes a short
    write transaction of its own; it writes nothing. A file that cannot be written, or that
    another program keeps busy, leaves the index unchecked (said so), never called broken."""
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
        matches = _index_matches_text(engine)
    except OperationalError as error:
        words = str(error.orig).lower()
        if "readonly" in words:
            why = "read-only"
        elif "locked" in words or "busy" in words:
            why = "busy (another program is writing to it)"
        else:
            raise
        yield Finding(
            None,
            "search index",
            f"cannot check the search index: the file is {why}",
            unchecked=True,
        )
        return
    if not matches:
        yield Finding(
            None, "search index", f"the index does not match the projects' text: {rebuild}"
        )


def _index_matches_text(engine: Any) -> bool:
    """FTS5's integrity check, in a write transaction taken at BEGIN (waiting a little for
    another writer); OperationalError when the file is read-only or stays busy."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute(f"PRAGMA busy_timeout = {INDEX_CHECK_WAIT_MS}")
        try:
            connection.execution_options(sqlite_begin="IMMEDIATE")
            connection.exec_driver_sql(
                f"INSERT INTO {TRIGRAM_INDEX.name}({TRIGRAM_INDEX.name}, rank)"
                " VALUES ('integrity-check', 1)"
            )
        except DatabaseError as error:
            if isinstance(error, OperationalError):  # the file, not the index
                raise
            return False  # FTS5 reports a mismatch as a corrupt table
        finally:
            connection.rollback()
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return True


def rebuild_search_index(store: Any) -> None:
    """The trigram index built again from every project's text, its triggers put back where
    missing (SQLite; one transaction)."""
    if store.engine.dialect.name != "sqlite":
        return
    with store.writing() as session:
        build_index(session.connection())


def record_findings(session: Any, today: date) -> dict[int, list[tuple[str, Broken]]]:
    """The procedures, problems and months that break a rule, by project, each with what it
    is. SQL picks out the few suspects (usually none); the rules judge and word them."""
    found: dict[int, list[tuple[str, Broken]]] = defaultdict(list)
    procedures = (
        select(Procedure.project_id, Procedure.name, Procedure.done_on, Project.signed_on)
        .join(Project, Project.id == Procedure.project_id)
        .where((Procedure.done_on > today) | (Procedure.done_on < Project.signed_on))
    )
    for pid, name, done_on, signed_on in session.execute(procedures):
        found[pid] += [(name, b) for b in rules.procedure_done(done_on, signed_on, today)]
    problems = select(
        Problem.project_id, Problem.text, Problem.raised_on, Problem.due_on, Problem.resolved_on
    ).where(
        (Problem.raised_on > today)
        | (Problem.resolved_on > today)
        | (Problem.due_on < Problem.raised_on)
        | (Problem.resolved_on < Problem.raised_on)
    )
    for pid, text, raised_on, due_on, resolved_on in session.execute(problems):
        broken = rules.problem_dates(raised_on, due_on, resolved_on, today)
        found[pid] += [(text[:30], b) for b in broken]
    months = select(DispatchRecord.project_id, DispatchRecord.month).where(
        DispatchRecord.month > today
    )
    for pid, month in session.execute(months):
        found[pid] += [("", b) for b in rules.funds_month(month, today)]
    return found


def project_findings(
    row: Any, today: date, records: Sequence[tuple[str, Broken]] = ()
) -> Iterator[Finding]:
    """The domain's invariants for one project row (with its history and funds joined), and
    the broken rules of its records (record_findings)."""
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
    facts = {field: getattr(project, field) for field in rules.FACT_FIELDS}
    for broken in rules.project_dates(stage.value, facts, today):
        yield Finding(who, broken.rule, broken.message())
    for what, broken in records:
        yield Finding(who, broken.rule, f"{what}: {broken.message()}" if what else broken.message())
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
    today = store.today
    with store.reading() as session:
        findings.extend(storage_findings(session.connection()))
        records = record_findings(session, today)
        for row in session.execute(query.execution_options(yield_per=2000)):
            checked += 1
            findings.extend(project_findings(row, today, records.get(row.Project.id, ())))
    findings.extend(search_index_findings(store.engine))
    return checked, findings
