"""`investtrack check`: the database's own integrity, the search index, and the domain's
invariants: the rules every write keeps (store.domain.rules, store.limits), so a state an
older version let in, or a hand edit, is found.

Each project is read once, with its last recorded stage and steward and its funds total
joined in by grouped subqueries, so a check of 100,000 projects is one pass. The procedures,
problems, months and texts that break a rule are picked out before it, by conditions in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import LargeBinary, and_, cast, extract, func, literal, or_, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.sql.schema import Table
from sqlmodel import SQLModel, col

from store import stages
from store.db.engine import BUSY_TIMEOUT_MS
from store.db.models import DispatchRecord, Problem, Procedure, Project, Steward
from store.db.search import TRIGGERS, TRIGRAM_INDEX, build_index
from store.deadlines import current_deadline
from store.domain import rules
from store.domain.rules import Broken
from store.errors import UserError
from store.figures import last_recorded
from store.limits import column_limit, preview, text_columns, text_field, text_problem
from store.procedures import PROBLEM_STATUSES
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


# A broken rule as a finding words it: (rule, detail).
Worded = tuple[str, str]

# What counts up from nothing (rules.not_negative): every amount in yuan, land and jobs.
_PROJECT_COLUMNS = Project.__table__.columns  # type: ignore[attr-defined]
PROJECT_COUNTS = (*(c.key for c in _PROJECT_COLUMNS if c.key.endswith("_yuan")), "land_mu", "jobs")
MONTH_AMOUNTS = ("funds_in_place_yuan", "investment_completed_yuan")


def worded(broken: Iterable[Broken], what: str = "") -> list[Worded]:
    """Broken rules as findings word them, after what they concern (a procedure, a month)."""
    return [(b.rule, f"{what}: {b.message()}" if what else b.message()) for b in broken]


def record_findings(session: Any, today: date) -> dict[int, list[Worded]]:
    """The procedures, problems and months that break a rule, by project, each with what it
    is. SQL picks out the few suspects (usually none); the rules judge and word them."""
    found: dict[int, list[Worded]] = defaultdict(list)
    done, signed = col(Procedure.done_on), col(Project.signed_on)
    procedures = (
        select(col(Procedure.project_id), col(Procedure.name), done, signed)
        .join(Project, col(Project.id) == col(Procedure.project_id))
        .where((done > today) | (done < signed))
    )
    for pid, name, done_on, signed_on in session.execute(procedures):
        found[pid] += worded(rules.procedure_done(done_on, signed_on, today), name)
    raised_on, resolved_on = col(Problem.raised_on), col(Problem.resolved_on)
    resolved = col(Problem.status) == "resolved"
    problems = select(
        col(Problem.project_id),
        col(Problem.text),
        raised_on,
        col(Problem.due_on),
        col(Problem.status),
        resolved_on,
    ).where(
        or_(
            raised_on > today,
            resolved_on > today,
            col(Problem.due_on) < raised_on,
            resolved_on < raised_on,
            col(Problem.status).not_in(PROBLEM_STATUSES),
            and_(resolved, resolved_on.is_(None)),
            and_(~resolved, resolved_on.is_not(None)),
        )
    )
    for pid, text, raised, due_on, status, resolved_day in session.execute(problems):
        broken = rules.problem_dates(raised, due_on, resolved_day, today)
        broken += rules.problem_status(status, resolved_day)
        found[pid] += worded(broken, text[:30])
    month = col(DispatchRecord.month)
    amounts = [col(getattr(DispatchRecord, key)) for key in MONTH_AMOUNTS]
    months = (
        select(col(DispatchRecord.project_id), month, signed, *amounts)
        .join(Project, col(Project.id) == col(DispatchRecord.project_id))
        .where(
            or_(
                month > today,
                extract("day", month) != 1,
                month < signed,  # suspects: the rule compares the months
                *(amount < 0 for amount in amounts),
            )
        )
    )
    for pid, first_day, signed_day, *figures in session.execute(months):
        found[pid] += worded(rules.funds_month(first_day, today))
        found[pid] += worded(rules.month_after_signing(first_day, signed_day))
        negative = rules.not_negative(dict(zip(MONTH_AMOUNTS, figures, strict=True)))
        found[pid] += worded(negative, f"{first_day:%Y-%m}")
    return found


def text_findings(session: Any) -> tuple[list[Finding], dict[int, list[Worded]]]:
    """The texts store.limits refuses (a NUL, more than the column holds), found in every
    table: by project where the row is a project's, else named by the row's name or key.
    SQLite only: PostgreSQL never stored either (it refuses a NUL in any text, and more than
    a VARCHAR holds)."""
    unowned: list[Finding] = []
    found: dict[int, list[Worded]] = defaultdict(list)
    if session.connection().dialect.name != "sqlite":
        return unowned, found
    for table in SQLModel.metadata.sorted_tables:
        for owner, problem in _broken_texts(session, table):
            if table.name == "project" or "project_id" in table.c:
                found[owner].append(("text", problem))
            else:
                unowned.append(
                    Finding(None, "text", f"{table.name} {preview(str(owner))}: {problem}")
                )
    return unowned, found


def _broken_texts(session: Any, table: Table) -> Iterator[tuple[Any, str]]:
    """(the row's owner, what is wrong) for each text of the table store.limits refuses: a
    project's id, the project a record belongs to, or the row's own name or key."""
    columns = text_columns(table)
    if not columns:
        return
    if table.name == "project":
        owner = table.c.id
    elif "project_id" in table.c:
        owner = table.c.project_id
    else:
        owner = table.c.name if "name" in table.c else next(iter(table.primary_key))
    nul = literal(b"\x00", LargeBinary)
    suspect = []
    for column in columns:
        suspect.append(func.instr(cast(column, LargeBinary), nul) > 0)
        limit = column_limit(table, column.key)
        if limit is not None:
            suspect.append(func.length(column) > limit)
    query = select(owner, *columns).where(or_(*suspect)).order_by(*table.primary_key)
    for row in session.execute(query):
        for column, value in zip(columns, row[1:], strict=True):
            if isinstance(value, str):
                limit = column_limit(table, column.key)
                problem = text_problem(text_field(table, column.key), value, limit)
                if problem:
                    yield row[0], problem


def project_findings(row: Any, today: date, records: Sequence[Worded] = ()) -> Iterator[Finding]:
    """The domain's invariants for one project row (with its history, steward and funds
    joined), and the broken rules of its texts and records (text_findings, record_findings)."""
    project = row.Project
    who = project.code or project.name
    if "\x00" in who:
        who = who.replace("\x00", "\\0")
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
    broken = rules.project_dates(stage.value, facts, today)
    broken += rules.project_kind(project.kind, project.resumed_on)
    broken += rules.not_negative({field: getattr(project, field) for field in PROJECT_COUNTS})
    broken += rules.steward_serving(row.steward, row.steward_retired_on, project.withdrawn_on)
    broken += rules.withdrawal(project.withdrawn_on, project.withdraw_reason)
    for rule, detail in (*worded(broken), *records):
        yield Finding(who, rule, detail)
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
    project_id = col(Project.id)
    funds = (
        select(
            col(DispatchRecord.project_id),
            func.sum(col(DispatchRecord.funds_in_place_yuan)).label("funds"),
        )
        .group_by(col(DispatchRecord.project_id))
        .subquery("funds")
    )
    procedures = (
        select(
            col(Procedure.project_id),
            func.count().label("required"),
            func.count(col(Procedure.done_on)).label("done"),
        )
        .where(col(Procedure.required))
        .group_by(col(Procedure.project_id))
        .subquery("procedures")
    )
    query = (
        select(
            Project,
            procedures.c.required,
            procedures.c.done,
            col(Steward.name).label("steward"),
            col(Steward.retired_on).label("steward_retired_on"),
            last_stage.c.value.label("last_stage"),
            last_steward.c.value.label("last_steward"),
            funds.c.funds,
        )
        .outerjoin(Steward, col(Project.steward_id) == col(Steward.id))
        .outerjoin(last_stage, last_stage.c.project_id == project_id)
        .outerjoin(last_steward, last_steward.c.project_id == project_id)
        .outerjoin(funds, funds.c.project_id == project_id)
        .outerjoin(procedures, procedures.c.project_id == project_id)
        .order_by(project_id)
    )
    findings: list[Finding] = []
    checked = 0
    today = store.today
    with store.reading() as session:
        findings.extend(storage_findings(session.connection()))
        unowned, records = text_findings(session)
        findings.extend(unowned)
        for pid, more in record_findings(session, today).items():
            records[pid] += more
        for row in session.execute(query.execution_options(yield_per=2000)):
            checked += 1
            findings.extend(project_findings(row, today, records.get(row.Project.id, ())))
    findings.extend(search_index_findings(store.engine))
    return checked, findings
