"""Every field of a project, declared once: its type, its label in Chinese and English, who may
change it, the exact header words a sheet names it by, and how the ledger writes its cell.

The project form, the new-project form, the edit command's checks, the importer's header
words, the labels and the ledger's columns all read FIELDS. Adding a project field is one
entry here and one migration (the model in store.db.models names its column).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"
    MONEY = "money"  # whole yuan, shown in 亿元 or 万元
    DATE = "date"
    INT = "int"
    DECIMAL = "decimal"
    CHOICE = "choice"  # one of a fixed list of words (a stage, a kind, yes or no)


class Edit(StrEnum):
    """Who may change a field."""

    FREE = "free"  # the project form, `investtrack edit`, an import
    MOVE = "move"  # only a move writes it (advance, withdraw, resume ...)
    DERIVED = "derived"  # worked out from other fields or records, never typed


class Cell(StrEnum):
    """How the ledger writes a field's cell."""

    TEXT = "text"
    WORD = "word"  # a stored value written as its word in the language (新建, 开工)
    MONEY = "money"
    DECIMAL = "decimal"
    INT = "int"
    DATE = "date"
    WARNING = "warning"  # coloured by level


@dataclass(frozen=True)
class ProjectField:
    """One field. `column`: the Project model's column it is stored in (None: a sheet or
    ledger column with no column of its own: the steward's name, days left, a problem's
    text). `optional`: cleared, it stores nothing (None) rather than zero or ""."""

    name: str
    type: FieldType
    zh: str
    en: str
    edit: Edit = Edit.FREE
    headers: tuple[str, ...] = ()  # exact header words beyond the labels, as normalised
    ledger: Cell | None = None
    imported: bool = True
    column: bool = True
    optional: bool = False
    required: bool = False

    @property
    def label_key(self) -> str:
        """The key of its label among the words (store.labels): amounts without _yuan."""
        return self.name.removesuffix("_yuan")

    @property
    def editable(self) -> bool:
        return self.edit is Edit.FREE


_T, _M, _D = FieldType.TEXT, FieldType.MONEY, FieldType.DATE
_MOVE, _DERIVED = Edit.MOVE, Edit.DERIVED

# In the ledger's order; the fields no ledger column shows come after.
FIELDS: tuple[ProjectField, ...] = (
    ProjectField("code", _T, "项目代码", "Code", ledger=Cell.TEXT, optional=True),
    ProjectField(
        "name",
        _T,
        "项目名称",
        "Name",
        headers=("项目", "project"),
        ledger=Cell.TEXT,
        required=True,
    ),
    ProjectField("investor", _T, "投资方", "Investor", ledger=Cell.TEXT),
    ProjectField("investor_origin", _T, "投资方来源地", "Investor from", ledger=Cell.TEXT),
    ProjectField(
        "county",
        _T,
        "县市区",
        "County",
        headers=("县(市、区)", "属地"),
        ledger=Cell.TEXT,
    ),
    ProjectField("park", _T, "园区", "Park", ledger=Cell.TEXT),
    ProjectField("chain", _T, "产业链", "Chain", ledger=Cell.TEXT),
    ProjectField(
        "kind", FieldType.CHOICE, "类型", "Kind", headers=("新建/续建",), ledger=Cell.WORD
    ),
    ProjectField("build_content", _T, "建设内容", "What is built", ledger=Cell.TEXT),
    ProjectField("total_investment_yuan", _M, "总投资", "Total investment", ledger=Cell.MONEY),
    ProjectField("signed_amount_yuan", _M, "签约额", "Signed amount", ledger=Cell.MONEY),
    ProjectField("annual_plan_yuan", _M, "年度计划投资", "Annual plan", ledger=Cell.MONEY),
    # the sum of the monthly records, kept with them
    ProjectField(
        "funds_in_place_yuan", _M, "到位资金", "Funds in place", _DERIVED, ledger=Cell.MONEY
    ),
    ProjectField(
        "land_mu", FieldType.DECIMAL, "用地(亩)", "Land (mu)", ledger=Cell.DECIMAL, optional=True
    ),
    ProjectField(
        "expected_output_yuan",
        _M,
        "预计年产值",
        "Expected output",
        ledger=Cell.MONEY,
        optional=True,
    ),
    ProjectField("jobs", FieldType.INT, "就业人数", "Jobs", ledger=Cell.INT, optional=True),
    ProjectField("won_by", _T, "招商方式", "Won by", ledger=Cell.TEXT),
    ProjectField("responsible_unit", _T, "责任单位", "Responsible unit", ledger=Cell.TEXT),
    # the first name of the sheet's steward cell: stored as a steward, not a text
    ProjectField(
        "steward",
        _T,
        "包抓领导",
        "Steward",
        _MOVE,  # assigned by the assign move (调整领导)
        headers=("领导",),
        ledger=Cell.TEXT,
        column=False,
    ),
    ProjectField("county_leader", _T, "县级领导", "County leader", ledger=Cell.TEXT),
    ProjectField("stage", FieldType.CHOICE, "阶段", "Stage", _MOVE, ledger=Cell.WORD),
    ProjectField(
        "signed_on",
        _D,
        "签约日期",
        "Signed on",
        headers=("signedon",),
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField(
        "procedures_due", _D, "手续办结时限", "Procedures due", ledger=Cell.DATE, optional=True
    ),
    ProjectField(
        "procedures_on",
        _D,
        "手续办理日期",
        "Procedures on",
        headers=("procedureson",),
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField("start_due", _D, "计划开工日期", "Start due", ledger=Cell.DATE, optional=True),
    ProjectField(
        "started_on",
        _D,
        "开工日期",
        "Started on",
        headers=("startedon",),
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField(
        "production_due",
        _D,
        "计划投产日期",
        "Production due",
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField(
        "producing_on",
        _D,
        "投产日期",
        "Producing on",
        headers=("producingon",),
        ledger=Cell.DATE,
        optional=True,
    ),
    # set by the resume move (复工), and correctable as any date
    ProjectField(
        "resumed_on",
        _D,
        "复工日期",
        "Resumed on",
        headers=("resumedon",),
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField(
        "withdrawn_on",
        _D,
        "退出日期",
        "Withdrawn on",
        _MOVE,
        headers=("withdrawnon",),
        ledger=Cell.DATE,
        optional=True,
    ),
    ProjectField(
        "withdraw_reason",
        _T,
        "退出原因",
        "Withdraw reason",
        _MOVE,
        ledger=Cell.TEXT,
        optional=True,
    ),
    ProjectField("deadline", _D, "时限", "Deadline", _DERIVED, ledger=Cell.DATE, imported=False),
    ProjectField(
        "days_left",
        FieldType.INT,
        "剩余天数",
        "Days left",
        _DERIVED,
        ledger=Cell.INT,
        imported=False,
        column=False,
    ),
    ProjectField(
        "working_days_left",
        FieldType.INT,
        "剩余工作日",
        "Working days left",
        _DERIVED,
        ledger=Cell.INT,
        imported=False,
        column=False,
    ),
    ProjectField(
        "warning",
        FieldType.CHOICE,
        "预警",
        "Warning",
        _DERIVED,
        ledger=Cell.WARNING,
        imported=False,
        column=False,
    ),
    ProjectField(
        "progress_note",
        _T,
        "进展情况",
        "Progress",
        ledger=Cell.TEXT,
    ),
    # the event it was signed at (签约活动: 第三十届兰洽会): its cohort in the figures
    ProjectField("signing_event", _T, "签约活动", "Signing event", ledger=Cell.TEXT, optional=True),
    # the names after the first in the sheet's steward cell, as written
    ProjectField("other_stewards", _T, "其他包抓领导", "Other stewards", _DERIVED, imported=False),
    # sheet columns read into something other than the project's own fields
    ProjectField(
        "is_started",
        FieldType.CHOICE,
        "是否开工",
        "Started?",
        _MOVE,
        headers=("isstarted", "started?"),
        column=False,
    ),
    ProjectField(
        "is_producing",
        FieldType.CHOICE,
        "是否投产",
        "Producing?",
        _MOVE,
        headers=("isproducing", "producing?"),
        column=False,
    ),
    ProjectField("problem_text", _T, "存在问题", "Problems", column=False),
    ProjectField("remark", _T, "备注", "Remark", column=False),
)

BY_NAME: dict[str, ProjectField] = {field.name: field for field in FIELDS}

# The Project model's columns that are no field an officer sees or a sheet names: keys,
# bookkeeping and what lists sort and search by.
INTERNAL_COLUMNS: frozenset[str] = frozenset(
    {
        "id",
        "steward_id",
        "month_dates",
        "search_text",
        "name_key",
        "county_key",
        "chain_key",
        "procedures_required",
        "procedures_done",
        "version",
    }
)

# The project form, in the order it shows its fields (the stage and the moves' dates are
# written by the moves; resumed_on by 复工).
FORM_ORDER: tuple[str, ...] = (
    "name",
    "code",
    "investor",
    "investor_origin",
    "county",
    "park",
    "chain",
    "kind",
    "total_investment_yuan",
    "signed_amount_yuan",
    "annual_plan_yuan",
    "expected_output_yuan",
    "land_mu",
    "jobs",
    "won_by",
    "signing_event",
    "responsible_unit",
    "county_leader",
    "signed_on",
    "procedures_due",
    "procedures_on",
    "start_due",
    "started_on",
    "production_due",
    "producing_on",
    "build_content",
    "progress_note",
)
# What an officer knows when a project is signed; the rest is filled in on the project form.
NEW_PROJECT_ORDER: tuple[str, ...] = (
    "name",
    "code",
    "investor",
    "county",
    "chain",
    "kind",
    "signed_amount_yuan",
    "total_investment_yuan",
    "signed_on",
    "procedures_due",
    "start_due",
    "production_due",
)


def names_of_type(kind: FieldType) -> frozenset[str]:
    """The names of the fields of a type."""
    return frozenset(field.name for field in FIELDS if field.type is kind)


# What `edit` and the project form may change: the project's own columns, typed freely.
EDITABLE: frozenset[str] = frozenset(f.name for f in FIELDS if f.editable and f.column)
IMPORTED: frozenset[str] = frozenset(field.name for field in FIELDS if field.imported)
LEDGER: tuple[ProjectField, ...] = tuple(field for field in FIELDS if field.ledger is not None)
