"""The tables. Money is whole yuan in BIGINT columns: exact, never float."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    text,
)
from sqlmodel import Field, SQLModel

from store.domain.pinyin import SORTED_PROJECT_FIELDS, project_sort_keys, sort_key


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal kept as text: SQLite has no exact decimal column type."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: object) -> Decimal | None:
        return None if value is None else Decimal(value)


NEVER = "9999-12-31"  # the signing date of a project not signed: after every as-of date


def money(nullable: bool = False) -> Any:
    return Field(default=None if nullable else 0, sa_type=BigInteger, nullable=nullable)


# A pinyin sort key (store.domain.pinyin), compared byte by byte: on PostgreSQL its own
# collation C, since a database's locale may weigh the spaces between syllables as nothing.
SORT_KEY = Text().with_variant(Text(collation="C"), "postgresql")


def sort_key_field() -> Any:
    return Field(default="", sa_type=SORT_KEY)


class Steward(SQLModel, table=True):
    """A leader answerable for projects (包抓领导)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    name_key: str = sort_key_field()  # the name's pinyin: stewards listed in that order
    title: str = ""
    unit: str = ""
    level: str = ""  # 市级 / 县级 / 区级
    phone: str = ""
    # Retired: kept for the records of the projects they answered for, offered for none.
    retired_on: date | None = None
    version: int = 1


def month_fields(month_dates: str) -> frozenset[str]:
    """The date fields a project's month_dates names."""
    return frozenset(name for name in month_dates.split(",") if name)


def with_month_fields(month_dates: str, month_only: set[str], full: set[str]) -> str:
    """month_dates after some fields became known to the month only and others to the day."""
    return ",".join(sorted((month_fields(month_dates) - full) | month_only))


def shown_date(value: date | None, month_only: bool) -> str:
    if value is None:
        return ""
    return f"{value:%Y-%m}" if month_only else value.isoformat()


class Project(SQLModel, table=True):
    __table_args__ = (
        Index("ix_project_stage_deadline", "stage", "deadline"),
        Index("ix_project_deadline", "deadline"),
        # Covers a search: the scan reads this narrow index, not the wide rows (see service).
        Index("ix_project_search", "search_text", "deadline", "withdrawn_on"),
        # Covers every column the figures read: their scan never touches the wide rows.
        Index(
            "ix_project_figures",
            "stage",
            "signed_on",
            "withdrawn_on",
            "kind",
            "signed_amount_yuan",
            "total_investment_yuan",
            "funds_in_place_yuan",
            "procedures_required",
            "procedures_done",
            "start_due",
            "started_on",
            "resumed_on",
            "deadline",
            "county",
            "chain",
            "steward_id",
        ),
        # The projects not counted as of a date, two index ranges instead of a scan (figures):
        # unsigned or signed later, and withdrawn by then. Neither can take over the scan
        # above: the one is on an expression, the other only holds the withdrawn.
        Index("ix_project_signed_or_never", text(f"coalesce(signed_on, '{NEVER}')")),
        Index(
            "ix_project_withdrawn_on",
            "withdrawn_on",
            sqlite_where=text("withdrawn_on IS NOT NULL"),
            postgresql_where=text("withdrawn_on IS NOT NULL"),
        ),
        # The ledger in pinyin order by name, county or chain: its first page walks one of
        # these, no sort of every row (county: 62 ms instead of 720 at 100,000).
        Index("ix_project_name_key", "name_key", "name"),
        Index("ix_project_county_key", "county_key", "county"),
        Index("ix_project_chain_key", "chain_key", "chain"),
        # The investors' origins, each placed once (figures: 省外, 市外省内), and the projects of
        # each place found without reading the wide rows.
        Index("ix_project_investor_origin", "investor_origin"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, unique=True, max_length=64)  # 项目代码
    name: str = Field(max_length=200, index=True)  # 项目名称
    investor: str = ""  # 投资方/企业名称
    investor_origin: str = ""  # 投资方来源地
    county: str = ""  # 县市区
    park: str = ""  # 园区
    chain: str = ""  # 产业链
    kind: str = "new"  # new 新建 / continuing 续建
    build_content: str = Field(default="", sa_type=Text)  # 建设内容
    total_investment_yuan: int = money()  # 总投资
    signed_amount_yuan: int = money()  # 签约额
    annual_plan_yuan: int = money()  # 年度计划投资
    # Sum of the monthly records' funds, kept with them in one transaction so lists sort by it.
    funds_in_place_yuan: int = money()  # 到位资金
    land_mu: Decimal | None = Field(default=None, sa_type=ExactDecimal)  # 用地(亩)
    expected_output_yuan: int | None = money(nullable=True)  # 预计年产值
    jobs: int | None = None  # 就业人数
    won_by: str = ""  # 招商方式
    # The event it was signed at (签约活动: 第三十届兰洽会): its cohort in the figures.
    signing_event: str | None = Field(default=None, max_length=200)
    responsible_unit: str = ""  # 责任单位
    progress_note: str = Field(default="", sa_type=Text)  # 进展情况
    stage: str = Field(default="signed", max_length=20)
    signed_on: date | None = None
    procedures_due: date | None = None
    procedures_on: date | None = None
    start_due: date | None = None
    started_on: date | None = None
    production_due: date | None = None
    producing_on: date | None = None
    resumed_on: date | None = None  # last spring resumption (复工) of a continuing project
    withdrawn_on: date | None = None
    withdraw_reason: str | None = None
    # The deadline of the current stage, kept on every write so lists filter and sort in SQL.
    deadline: date | None = None
    steward_id: int | None = Field(default=None, foreign_key="steward.id", index=True)
    county_leader: str = ""  # 县级领导
    # The names after the first in the sheet's steward cell (张三、李四: 李四), as written.
    other_stewards: str = Field(default="", sa_type=Text)
    # The date fields known only to the month (2023年8月), comma-separated: an actual date is
    # stored as the month's first day, a deadline as its last, and both are shown as 2023-08.
    month_dates: str = Field(default="", sa_type=Text)
    # Lowercase name, code, investor, full pinyin and initials: one LIKE finds any of them.
    search_text: str = Field(default="", sa_type=Text)
    # Name, county and chain in pinyin (store.domain.pinyin), for lists in Chinese order.
    name_key: str = sort_key_field()
    county_key: str = sort_key_field()
    chain_key: str = sort_key_field()
    # Required procedures and how many are done, kept with them so figures need not read
    # the procedure table (eleven rows a project).
    procedures_required: int = 0
    procedures_done: int = 0
    version: int = 1  # refuses an edit made on a stale read

    def month_only(self, field: str) -> bool:
        return field in month_fields(self.month_dates)

    def date_text(self, field: str) -> str:
        """A date as it is known: 2023-08 when only the month is, else 2023-08-15."""
        return shown_date(getattr(self, field), self.month_only(field))


@event.listens_for(Project, "before_insert")
@event.listens_for(Project, "before_update")
def _keep_project_sort_keys(mapper: Any, connection: Any, project: Project) -> None:
    """Every write through a session keeps the sort keys with the text (an import's bulk
    insert, past the session, sets them itself)."""
    values = {field: getattr(project, field) for field in SORTED_PROJECT_FIELDS}
    for column, key in project_sort_keys(values).items():
        setattr(project, column, key)


@event.listens_for(Steward, "before_insert")
@event.listens_for(Steward, "before_update")
def _keep_steward_sort_key(mapper: Any, connection: Any, steward: Steward) -> None:
    steward.name_key = sort_key(steward.name)


class Procedure(SQLModel, table=True):
    """A preliminary procedure (前期手续) of one project."""

    __table_args__ = (
        Index("ix_procedure_project", "project_id", "position"),
        # most procedures have neither date (a new project's usual list): only those given
        Index(
            "ix_procedure_done_on",
            "done_on",
            "project_id",
            "required",
            sqlite_where=text("done_on IS NOT NULL"),
            postgresql_where=text("done_on IS NOT NULL"),
        ),
        Index(
            "ix_procedure_due_on",
            "due_on",
            sqlite_where=text("due_on IS NOT NULL"),
            postgresql_where=text("due_on IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    position: int = 0
    name: str
    required: bool = True
    due_on: date | None = None
    done_on: date | None = None


class DispatchRecord(SQLModel, table=True):
    """A month's dispatch (月度调度) of one project."""

    __table_args__ = (
        UniqueConstraint("project_id", "month"),
        Index(
            "ix_dispatchrecord_month",
            "month",
            "project_id",
            "funds_in_place_yuan",
            "investment_completed_yuan",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    month: date  # the first day of the month
    funds_in_place_yuan: int = money()
    investment_completed_yuan: int = money()
    note: str = Field(default="", sa_type=Text)


class Problem(SQLModel, table=True):
    """An enterprise's problem (用地, 用电, 融资, 用工 ...) and how it stands."""

    __table_args__ = (
        Index("ix_problem_raised_on", "raised_on", "project_id", "status", "resolved_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    raised_on: date
    category: str = ""
    text: str = Field(default="", sa_type=Text)
    owner: str = ""
    due_on: date | None = None
    status: str = "open"  # open / in_hand / resolved / unresolvable
    resolved_on: date | None = None
    version: int = 1


class History(SQLModel, table=True):
    """Every change: stage moves, corrections, steward changes, edits; who and when."""

    __table_args__ = (
        Index("ix_history_project_field", "project_id", "field", "effective_on"),
        # "is anything recorded after this date?" decides whether figures must replay history
        Index("ix_history_effective_on", "effective_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    at: datetime  # when it was written (UTC)
    effective_on: date  # the business date the change takes effect (a stage move's date)
    user: str
    action: str  # create, edit, advance, back, withdraw, assign, resume, import, ...
    field: str | None = None
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    note: str = Field(default="", sa_type=Text)


class Setting(SQLModel, table=True):
    """Per-database configuration, such as warning thresholds."""

    key: str = Field(primary_key=True, max_length=100)
    value: str


# -- supervision (督办): notices and what happened to them ----------------------------------


class Notice(SQLModel, table=True):
    """A supervision notice (督办单) on a project: addressed to its steward and responsible
    unit, a reply (the remedy plan, 整改) due by a date; it rises a level unanswered."""

    __table_args__ = (
        # the notices waiting, by their deadline: supervise, the overdue count
        Index("ix_notice_status_due", "status", "reply_due", "level"),
        # the notices not closed, a level at a time by deadline: a page of the supervision
        # screen or `notice list` reads only its rows
        Index(
            "ix_notice_open_level_due",
            "level",
            "reply_due",
            "id",
            sqlite_where=text("status <> 'closed'"),
            postgresql_where=text("status <> 'closed'"),
        ),
        Index("ix_notice_project_status", "project_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    level: str = Field(default="blue", max_length=20)  # blue / yellow / red / summons (约谈)
    status: str = Field(default="open", max_length=20)  # open / replied / closed
    issued_on: date
    issued_by: str = ""
    reason: str = Field(default="", sa_type=Text)  # why it was issued
    steward: str = ""  # the leader it is addressed to, as named on the day it was issued
    unit: str = ""  # the responsible unit it is addressed to, likewise
    reply_due: date | None = None
    replied_on: date | None = None
    remedy_plan: str = Field(default="", sa_type=Text)  # 整改计划
    remedy_due: date | None = None
    summoned_on: date | None = None  # 约谈: when, by whom, whom
    summoned_by: str = ""
    summoned_whom: str = ""
    closed_on: date | None = None
    close_kind: str | None = Field(default=None, max_length=20)  # on_time / withdrawn / by_hand
    close_reason: str = Field(default="", sa_type=Text)
    version: int = 1


class NoticeEvent(SQLModel, table=True):
    """One step of a notice: issued, escalated, replied, summoned, closed; who and when."""

    __table_args__ = (Index("ix_noticeevent_notice", "notice_id", "effective_on"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", ondelete="CASCADE")
    effective_on: date  # the day it took effect
    at: datetime  # when it was written (UTC)
    user: str
    action: str  # issue / escalate (by hand) / rise (unanswered) / reply / summon / close
    level: str = Field(max_length=20)  # the notice's level after the step
    note: str = Field(default="", sa_type=Text)


# -- leads before signing (线索 · 研判 · 在谈): store/domain/leads.py has their rules ----------


class Lead(SQLModel, table=True):
    """A lead (线索) or a reserve project (储备/推介, kind reserve) before it is signed."""

    __table_args__ = (Index("ix_lead_stage_kind", "stage", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(default="lead", max_length=20)  # lead / reserve
    investor: str = Field(default="", max_length=200)
    investor_origin: str = Field(default="", max_length=100)
    chain: str = Field(default="", max_length=100)
    amount_yuan: int = money()  # 意向投资额
    source: str = Field(default="", max_length=50)  # 以商招商, 小分队, 节会 ...
    owner: str = Field(default="", max_length=100)  # the steward or officer following it
    stage: str = Field(default="lead", max_length=20)  # lead/assessed/negotiating/signed/dropped
    registered_on: date = Field(index=True)
    assessed_on: date | None = None
    negotiating_on: date | None = None
    signed_on: date | None = None
    dropped_on: date | None = None
    reported_on: date | None = None  # the last report while negotiating
    drop_reason: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    version: int = 1


class LeadHistory(SQLModel, table=True):
    """Every change of a lead, as History keeps a project's: who, when, what, why."""

    __table_args__ = (Index("ix_leadhistory_lead", "lead_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", ondelete="CASCADE")
    at: datetime
    effective_on: date
    user: str
    action: str  # add, move, back, report, edit, drop, sign, import
    field: str | None = None
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    note: str = Field(default="", sa_type=Text)


# -- targets and assessment (任务分解 · 考核) ----------------------------------------------------


class Target(SQLModel, table=True):
    """A year's target of one figure for one unit (a county, steward, responsible unit or
    chain, matched exactly to the projects' field), scheduled over its months: evenly, or by
    the twelve shares in split (store.domain.targets)."""

    __table_args__ = (UniqueConstraint("year", "unit_kind", "unit", "figure"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    unit_kind: str = Field(max_length=10)  # county / steward / unit / chain
    unit: str = Field(max_length=200)
    figure: str = Field(max_length=40)  # a key of store.domain.targets.TARGET_FIGURES
    amount: int = money()  # whole yuan for an amount, else a count of projects
    split: str = ""  # twelve monthly shares, comma-separated; empty: evenly
    version: int = 1


class TargetChange(SQLModel, table=True):
    """Every target set or changed, with who, when and the day it takes effect: an
    assessment as of a date reads the targets as they stood then."""

    __table_args__ = (Index("ix_targetchange_year", "year", "unit_kind", "effective_on"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    unit_kind: str = Field(max_length=10)
    unit: str = Field(max_length=200)
    figure: str = Field(max_length=40)
    at: datetime  # when it was written (UTC)
    effective_on: date  # the business day it counts from
    user: str
    action: str  # set / import
    old_amount: int | None = money(nullable=True)
    new_amount: int = money()
    old_split: str | None = None
    new_split: str = ""
    note: str = Field(default="", sa_type=Text)  # the sheet a target came from
