"""`investtrack check`: the database's own integrity, the search index, and the domain's
invariants: the rules every write keeps (store.domain.rules, store.domain.leads,
store.limits), so a state an older version let in, or a hand edit, is found. Each finding is
worded in Chinese and in English; a front end shows the one its user chose.

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
from store.db.models import DispatchRecord, Lead, Problem, Procedure, Project, Steward
from store.db.search import TRIGGERS, TRIGRAM_INDEX, build_index
from store.deadlines import current_deadline
from store.domain import rules
from store.domain.leads import OPEN_STAGES, PIPELINE, STAGE_WORDS, LeadKind, LeadStage
from store.domain.rules import Broken
from store.figures import last_recorded
from store.labels import Lang, Refusal, in_language, pick, word
from store.limits import column_limit, preview, text_columns, text_field, text_problem
from store.procedures import PROBLEM_STATUSES
from store.stages import Stage

# Each rule a finding names (its key in JSON and in English), as a Chinese officer says it.
RULE_WORDS: dict[str, tuple[str, str]] = {
    "integrity": ("数据库完整性", "integrity"),
    "foreign key": ("外键关联", "foreign key"),
    "search index": ("搜索索引", "search index"),
    "text": ("文字内容", "text"),
    "stage": ("阶段", "stage"),
    "dates in order": ("日期先后", "dates in order"),
    "future date": ("未来日期", "future date"),
    "first of the month": ("月份首日", "first of the month"),
    "kind and dates": ("类型与日期", "kind and dates"),
    "negative amount": ("负数", "negative amount"),
    "retired steward": ("离任领导", "retired steward"),
    "stage and dates": ("阶段与日期", "stage and dates"),
    "status and dates": ("状态与日期", "status and dates"),
    "withdrawal": ("退出原因", "withdrawal"),
    "unknown value": ("未知取值", "unknown value"),
    "history": ("历史记录", "history"),
    "deadline": ("办理时限", "deadline"),
    "procedures": ("手续", "procedures"),
    "funds": ("到位资金", "funds"),
    "drop reason": ("放弃原因", "drop reason"),
    "signed project": ("签约项目", "signed project"),
    "missing value": ("必填内容", "missing value"),
}


@dataclass(frozen=True)
class Finding:
    """One broken rule: which project or lead (neither for the file itself), which rule, and
    how, in English and in Chinese (detail_zh; empty where a server's own words are all
    there is)."""

    project: str | None
    rule: str
    detail: str
    unchecked: bool = False  # not a broken rule: the rule could not be checked (says why)
    detail_zh: str = ""
    lead: str | None = None

    def in_language(self, lang: Lang) -> str:
        """How the rule is broken, in the language."""
        return self.detail_zh or self.detail if lang is Lang.ZH else self.detail

    def line(self, lang: Lang) -> str:
        """The finding as one line: what it concerns, the rule, and how it is broken."""
        if self.lead is not None:
            who = pick((f"线索 {self.lead}", f"lead {self.lead}"), lang)
        else:
            who = self.project or pick(("（数据库）", "(database)"), lang)
        colon = pick(("：", ": "), lang)
        rule = in_language(RULE_WORDS, self.rule, lang)
        return f"{who}{colon}{rule}{colon}{self.in_language(lang)}"

    def to_json(self, lang: Lang = Lang.EN) -> dict[str, Any]:
        return {
            "project": self.project,
            "lead": self.lead,
            "rule": self.rule,
            "detail": self.in_language(lang),
            "unchecked": self.unchecked,
        }


def storage_findings(connection: Any) -> Iterator[Finding]:
    """SQLite's own checks: page structure and foreign keys. Other servers keep their own."""
    if connection.dialect.name != "sqlite":
        return
    for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            yield Finding(None, "integrity", message, detail_zh=f"SQLite 完整性检查：{message}")
    for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Finding(
            None,
            "foreign key",
            f"{table} row {rowid} points to a missing {parent}",
            detail_zh=f"{table} 表第 {rowid} 行指向的 {parent} 不存在",
        )


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
    rebuild_zh = "搜索可能漏掉项目；`investtrack check --rebuild-search` 可修复"
    with engine.connect() as connection:
        present = set(
            connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .scalars()
            .all()
        )
    for name in TRIGGERS.keys() - present:
        yield Finding(
            None,
            "search index",
            f"trigger {name} is missing: {rebuild}",
            detail_zh=f"缺少触发器 {name}：{rebuild_zh}",
        )
    try:
        matches = _index_matches_text(engine)
    except OperationalError as error:
        words = str(error.orig).lower()
        if "readonly" in words:
            why, why_zh = "read-only", "只读"
        elif "locked" in words or "busy" in words:
            why, why_zh = "busy (another program is writing to it)", "正忙（另一程序正在写入）"
        else:
            raise
        yield Finding(
            None,
            "search index",
            f"cannot check the search index: the file is {why}",
            unchecked=True,
            detail_zh=f"无法检查搜索索引：数据库文件{why_zh}",
        )
        return
    if not matches:
        yield Finding(
            None,
            "search index",
            f"the index does not match the projects' text: {rebuild}",
            detail_zh=f"搜索索引与项目文字不一致：{rebuild_zh}",
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


# A broken rule as a finding words it: (rule, detail, detail in Chinese).
Worded = tuple[str, str, str]

# What counts up from nothing (rules.not_negative): every amount in yuan, land and jobs.
_PROJECT_COLUMNS = Project.__table__.columns  # type: ignore[attr-defined]
PROJECT_COUNTS = (*(c.key for c in _PROJECT_COLUMNS if c.key.endswith("_yuan")), "land_mu", "jobs")
MONTH_AMOUNTS = ("funds_in_place_yuan", "investment_completed_yuan")


def worded(broken: Iterable[Broken], what: str = "") -> list[Worded]:
    """Broken rules as findings word them, after what they concern (a procedure, a month)."""
    return [
        (
            b.rule,
            f"{what}: {b.message()}" if what else b.message(),
            f"{what}：{b.message_zh()}" if what else b.message_zh(),
        )
        for b in broken
    ]


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
        for owner, (problem_zh, problem) in _broken_texts(session, table):
            if table.name == "project" or "project_id" in table.c:
                found[owner].append(("text", problem, problem_zh))
            else:
                row = f"{table.name} {preview(str(owner))}"
                unowned.append(
                    Finding(None, "text", f"{row}: {problem}", detail_zh=f"{row}：{problem_zh}")
                )
    return unowned, found


def _broken_texts(session: Any, table: Table) -> Iterator[tuple[Any, tuple[str, str]]]:
    """(the row's owner, what is wrong in Chinese and English) for each text of the table
    store.limits refuses: a project's id, the project a record belongs to, or the row's own
    name or key."""
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
                field = text_field(column.key, table.name)
                problem = text_problem(field, value, column_limit(table, column.key))
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
        yield Finding(
            who,
            "stage",
            f"unknown stage {project.stage!r}",
            detail_zh=f"未知的阶段 {project.stage!r}",
        )
        return
    try:
        stages.check_dates(project)
    except Refusal as refusal:
        yield Finding(who, "dates in order", refusal.english, detail_zh=refusal.chinese)
    facts = {field: getattr(project, field) for field in rules.FACT_FIELDS}
    broken = rules.project_dates(stage.value, facts, today)
    broken += rules.project_kind(project.kind, project.resumed_on)
    broken += rules.not_negative({field: getattr(project, field) for field in PROJECT_COUNTS})
    broken += rules.steward_serving(row.steward, row.steward_retired_on, project.withdrawn_on)
    broken += rules.withdrawal(project.withdrawn_on, project.withdraw_reason)
    for rule, detail, detail_zh in (*worded(broken), *records):
        yield Finding(who, rule, detail, detail_zh=detail_zh)
    for rule, detail, detail_zh in _derived_findings(row, stage):
        yield Finding(who, rule, detail, detail_zh=detail_zh)


def _derived_findings(row: Any, stage: Stage) -> Iterator[Worded]:
    """What a project's row keeps of its history, dates, procedures and months, against them."""
    project = row.Project
    if row.last_stage != stage.value:
        yield (
            "history",
            f"history ends at stage {row.last_stage}, the project is {stage.value}",
            f"历史记录止于{word(str(row.last_stage), Lang.ZH)}阶段，"
            f"项目在{word(stage.value, Lang.ZH)}阶段",
        )
    if (row.last_steward or None) != row.steward:
        yield (
            "history",
            f"history ends with steward {row.last_steward}, the project has {row.steward}",
            f"历史记录中最后的包抓领导为 {row.last_steward}，项目的是 {row.steward}",
        )
    deadline = current_deadline(
        project.stage,
        project.withdrawn_on is not None,
        {field: getattr(project, field) for field in stages.DEADLINE_DATE_FIELDS},
    )
    if deadline != project.deadline:
        yield (
            "deadline",
            f"stored {project.deadline}, the dates give {deadline}",
            f"记录为 {project.deadline}，按各项日期应为 {deadline}",
        )
    counted = (row.required or 0, row.done or 0)
    if counted != (project.procedures_required, project.procedures_done):
        yield (
            "procedures",
            f"stored {project.procedures_done}/{project.procedures_required} done, "
            f"the procedures say {counted[1]}/{counted[0]}",
            f"记录为已办结 {project.procedures_done}/{project.procedures_required}，"
            f"手续明细为 {counted[1]}/{counted[0]}",
        )
    if row.funds is not None and row.funds != project.funds_in_place_yuan:
        yield (
            "funds",
            f"funds in place {project.funds_in_place_yuan} but the monthly records add up to {row.funds}",
            f"到位资金为 {project.funds_in_place_yuan}，各月记录合计却为 {row.funds}",
        )


# -- leads (store.domain.leads keeps their rules) ------------------------------------------

# A lead's dates: the day it entered each stage, and its last report while negotiating.
LEAD_DATE_FIELDS = (*(stage.date_field for stage in LeadStage), "reported_on")


def lead_findings(session: Any, today: date) -> Iterator[Finding]:
    """Each lead against the rules its doors keep. Leads are few (hundreds a year): all are
    read, with whether the project a lead points to is there."""
    query = (
        select(Lead, col(Project.id))
        .outerjoin(Project, col(Project.id) == col(Lead.project_id))
        .order_by(col(Lead.id))
    )
    for lead, project_found in session.execute(query):
        broken = lead_broken(lead, project_found is not None, today)
        for rule, detail, detail_zh in worded(broken):
            yield Finding(None, rule, detail, detail_zh=detail_zh, lead=lead.name)


def lead_broken(lead: Lead, project_found: bool, today: date) -> list[Broken]:
    """The rules a lead breaks: its kind and stage known, name, source and owner given, its
    amount not negative, its dates in order and none after today, the stages it reached
    (and only those) dated, a reason once dropped, its project once signed."""
    broken = rules.one_of("lead_kind", lead.kind, [kind.value for kind in LeadKind])
    broken += rules.one_of("lead_stage", lead.stage, [stage.value for stage in LeadStage])
    broken += rules.not_negative({"lead_amount": lead.amount_yuan})
    for field in ("name", "source", "owner"):
        if not getattr(lead, field).strip():
            reason = "is empty: every lead has one", "为空：每条线索都须填写"
            broken.append(Broken("missing value", f"lead_{field}", "“”", *reason))
    broken += _lead_dates(lead, today)
    try:
        stage = LeadStage(lead.stage)
    except ValueError:
        return broken
    broken += _lead_stage_dates(lead, stage)
    broken += _drop_reason(lead, stage)
    broken += _signed_project(lead, stage, project_found)
    return broken


def _lead_dates(lead: Lead, today: date) -> list[Broken]:
    """None after today; each stage entered on or after the one before it, a drop on or after
    the last stage reached, a report on or after registration."""
    days = {field: getattr(lead, field) for field in LEAD_DATE_FIELDS}
    broken = [fault for field, day in days.items() for fault in rules.in_future(field, day, today)]
    earlier = LeadStage.LEAD.date_field
    for stage in (*PIPELINE[1:], LeadStage.DROPPED):
        field = stage.date_field
        broken += rules.before(field, days[field], earlier, days[earlier])
        if days[field] is not None:
            earlier = field
    broken += rules.before("reported_on", days["reported_on"], "registered_on", lead.registered_on)
    return broken


def _lead_stage_dates(lead: Lead, stage: LeadStage) -> list[Broken]:
    """A lead moves one stage at a time, and a move back clears the date of the stage left:
    each stage up to its own is dated (a dropped lead's up to the last it reached), none
    after it, and only a dropped lead has the day it was dropped."""
    reached = PIPELINE.index(stage) if stage in PIPELINE else -1
    broken: list[Broken] = []
    later_dated = False
    for index in range(len(PIPELINE) - 1, 0, -1):
        field, day = PIPELINE[index].date_field, getattr(lead, PIPELINE[index].date_field)
        may_have = index <= reached or (stage is LeadStage.DROPPED and index < len(OPEN_STAGES))
        if day is None and (index <= reached or later_dated):
            broken.append(_stage_date(field, "—", stage, missing=True))
        elif day is not None and not may_have:
            broken.append(_stage_date(field, str(day), stage, missing=False))
        later_dated = later_dated or day is not None
    dropped = stage is LeadStage.DROPPED
    if dropped and lead.dropped_on is None:
        broken.append(_stage_date("dropped_on", "—", stage, missing=True))
    if not dropped and lead.dropped_on is not None:
        broken.append(_stage_date("dropped_on", str(lead.dropped_on), stage, missing=False))
    return broken


def _stage_date(field: str, value: str, stage: LeadStage, *, missing: bool) -> Broken:
    zh, en = STAGE_WORDS[stage]
    if missing:
        return Broken(
            "stage and dates",
            field,
            value,
            f"is missing, yet the lead is {en}: each stage it reached has the day it was entered",
            f"为空，而线索处于{zh}阶段：已到达的每个阶段都有进入日期",
        )
    return Broken(
        "stage and dates",
        field,
        value,
        f"is set, yet the lead is {en}: only a stage the lead reached has a date",
        f"已填写，而线索处于{zh}阶段：只有已到达的阶段才有日期",
    )


def _drop_reason(lead: Lead, stage: LeadStage) -> list[Broken]:
    """A dropped lead says why; a lead not dropped has no such reason."""
    given = lead.drop_reason.strip()
    zh, en = STAGE_WORDS[stage]
    if stage is LeadStage.DROPPED and not given:
        return [
            Broken(
                "drop reason",
                "drop_reason",
                "“”",
                "is empty, yet the lead was dropped: a lead is dropped with a reason",
                "为空，而线索已放弃：放弃须写明原因",
            )
        ]
    if stage is not LeadStage.DROPPED and given:
        return [
            Broken(
                "drop reason",
                "drop_reason",
                f"“{given[:30]}”",
                f"is kept, yet the lead is {en}: only a dropped lead has one",
                f"仍在，而线索处于{zh}阶段：只有已放弃的线索有放弃原因",
            )
        ]
    return []


def _signed_project(lead: Lead, stage: LeadStage, found: bool) -> list[Broken]:
    """Signing creates the lead's project and links it; nothing else links one."""
    zh, en = STAGE_WORDS[stage]
    if stage is LeadStage.SIGNED and lead.project_id is None:
        value = "—"
        reason = "is missing, yet the lead is signed: signing creates its project"
        chinese = "为空，而线索已签约：签约即建立项目"
    elif lead.project_id is not None and not found:
        value = f"#{lead.project_id}"
        reason, chinese = (
            "does not exist: the lead points to no project",
            "不存在：线索指向的项目没有了",
        )
    elif stage is not LeadStage.SIGNED and lead.project_id is not None:
        value = f"#{lead.project_id}"
        reason = f"is set, yet the lead is {en}: only signing links a project"
        chinese = f"已填写，而线索处于{zh}阶段：签约才关联项目"
    else:
        return []
    return [Broken("signed project", "lead_project", value, reason, chinese)]


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
        findings.extend(lead_findings(session, today))
    findings.extend(search_index_findings(store.engine))
    return checked, findings
