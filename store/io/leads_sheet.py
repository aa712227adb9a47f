"""`lead import FILE`: the office's leads sheet (线索台账) or negotiations sheet (在谈项目表).

The sheet is read as every office sheet is (store.io.sheets: encodings, title and unit lines,
a header over two rows, totals, sections, notes and signature lines passed over), its headers
by their meaning (store.domain.headers), to which a leads sheet adds its own words: 线索来源
or 信息来源 for the source, 跟进人 or 对接人 for the owner, 登记日期 for the day a lead was
registered, 意向投资额 for its amount. A project header keeps the lead field it stands for:
招商方式 is the source, 包抓领导 the owner, 项目进展/状态 the stage, 签约额 or 总投资 the amount.

Every row is checked before anything is written; a bad value is refused naming the file,
row, column as the sheet heads it, value and reason, and then nothing is written. A sheet
without a stage column is a 线索台账 (every row a registered lead); a 在谈项目表 says 在谈.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.commands.leads import add_lead
from store.dates import read_date
from store.domain.headers import normalise_header
from store.domain.leads import LeadKind, LeadStage, parse_lead_kind, parse_lead_stage
from store.errors import UserError
from store.io.rows import Issue, UnitUnknown, read_amount
from store.io.sheets import ColumnReading, RowShape, classify_row, find_table, read_rows
from store.labels import Refusal
from store.money import Unit

if TYPE_CHECKING:
    from store.service import Store

# A leads sheet's own headers: the words a header must hold (any of), in order.
LEAD_HEADER_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("source", ("线索来源", "信息来源", "来源渠道", "线索渠道", "获取渠道", "source")),
    ("owner", ("跟进人", "对接人", "跟踪人", "负责人", "责任人", "经办人", "owner")),
    ("assessed_on", ("研判日期", "研判时间", "assessedon")),
    ("negotiating_on", ("在谈日期", "在谈时间", "洽谈日期", "洽谈时间", "negotiatingsince")),
    ("registered_on", ("登记日期", "登记时间", "获取时间", "收集时间", "录入日期", "registered")),
    ("amount_yuan", ("意向投资", "拟投资", "意向金额", "投资额", "amount")),
    ("stage", ("线索阶段", "阶段", "状态", "stage")),
    ("name", ("线索名称", "项目名称", "lead")),
    ("kind", ("线索类型", "储备", "推介")),
    ("notes", ("备注", "进展情况", "跟进情况", "notes")),
)
# A project header read by store.domain.headers, as the lead field it stands for.
FROM_PROJECT_FIELDS: dict[str, str] = {
    "name": "name",
    "investor": "investor",
    "investor_origin": "investor_origin",
    "chain": "chain",
    "signed_amount_yuan": "amount_yuan",
    "total_investment_yuan": "amount_yuan",
    "won_by": "source",
    "steward": "owner",
    "stage": "stage",
    "progress_note": "notes",
    "remark": "notes",
    "kind": "kind",
    "skip": "skip",
}
LEAD_FIELDS = frozenset(
    {*(rule[0] for rule in LEAD_HEADER_RULES), *FROM_PROJECT_FIELDS.values()} - {"skip"}
)
DATE_COLUMNS = ("registered_on", "assessed_on", "negotiating_on")


class LeadHeaders(Mapping[str, str]):
    """The leads sheet's own words, offered to the header reader as an office's mapping: a
    header holding one of them names that lead field, whatever else it might mean."""

    def __getitem__(self, header: str) -> str:
        for field_name, words in LEAD_HEADER_RULES:
            if any(normalise_header(word) in header for word in words):
                return field_name
        raise KeyError(header)

    def __iter__(self) -> Iterator[str]:
        return (normalise_header(word) for _, words in LEAD_HEADER_RULES for word in words)

    def __len__(self) -> int:
        return sum(len(words) for _, words in LEAD_HEADER_RULES)


@dataclass
class LeadImport:
    """What an import read and did: the column map, the rows passed over, the rows refused
    (nothing written then) and how many leads were added (or would be, on a dry run)."""

    file: str
    columns: list[ColumnReading]
    passed_over: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    added: int = 0
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "columns": [
                {
                    "column": column.letter,
                    "header": column.header,
                    "field": column.field,
                    "unit": column.unit.value if column.unit else None,
                }
                for column in self.columns
            ],
            "passed_over": self.passed_over,
            "errors": [issue.line() for issue in self.issues],
            "added": self.added,
        }


def lead_columns(columns: list[ColumnReading]) -> list[ColumnReading]:
    """Each column with the lead field it fills (None: unused); two columns filling one
    field are refused, naming both."""
    read = []
    for column in columns:
        taken = column.field if column.field in LEAD_FIELDS else None
        lead_field = FROM_PROJECT_FIELDS.get(column.field or "", taken)
        read.append(
            ColumnReading(column.index, column.letter, column.header, lead_field, column.unit)
        )
    claims: dict[str, list[ColumnReading]] = {}
    for column in read:
        if column.field not in (None, "skip"):
            claims.setdefault(column.field, []).append(column)
    for field_name, claimants in claims.items():
        if len(claimants) > 1:
            named = " and ".join(f"{c.header} ({c.letter})" for c in claimants)
            named_zh = "与".join(f"{c.header}（{c.letter} 列）" for c in claimants)
            raise Refusal(
                f"{named_zh} 都填线索的 {field_name}：请只留一列",
                f"{named} both fill the lead's {field_name}: keep one of them",
            )
    return read


def import_leads(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    reserve: bool = False,
    unit: Unit | None = None,
    sheet: str | None = None,
) -> LeadImport:
    """Read the sheet whole, then add its leads in one transaction, or none when a row is
    refused (or on a dry run)."""
    rows = read_rows(path, sheet=sheet)
    table = find_table(path.name, rows, LeadHeaders())
    columns = lead_columns(table.columns)
    if not any(column.field == "name" for column in columns):
        raise Refusal(
            f"{path.name}：没有哪一列写线索的名称（线索名称或项目名称）",
            f"{path.name}: no column names the leads (线索名称 or 项目名称)",
        )
    result = LeadImport(path.name, columns, dry_run=dry_run)
    kind = LeadKind.RESERVE if reserve else LeadKind.LEAD
    read: list[tuple[int, dict[str, Any], LeadStage]] = []
    for cells in rows:
        shape = classify_row(cells, table)
        if shape is RowShape.BLANK:
            continue
        if shape is not RowShape.PROJECT:
            result.passed_over.append(f"row {rows.number} ({shape.value})")
            continue
        values = _row_values(result, rows.number, cells, table.unit_line or unit, kind)
        if values is not None:
            stage = values.pop("stage")
            read.append((rows.number, values, stage))
    if result.issues:
        return result
    try:
        with store.writing() as session:
            actor = store.actor
            for number, values, stage in read:
                try:
                    add_lead(session, actor, values, stage=stage, action="import")
                except UserError as error:
                    header = _header_of(result.columns, "name")
                    name = str(values.get("name", ""))
                    result.issues.append(Issue.of(path.name, number, header, name, error))
            if result.issues or dry_run:
                raise _RolledBack  # a dry run checks every row as the import would, then undoes
    except _RolledBack:
        pass
    result.added = 0 if result.issues else len(read)
    return result


class _RolledBack(Exception):
    """Leaves the write transaction without committing: a row refused, or a dry run."""


def _header_of(columns: list[ColumnReading], field_name: str) -> str:
    return next((c.header for c in columns if c.field == field_name), "")


def _row_values(
    result: LeadImport,
    number: int,
    cells: list[object],
    unit: Unit | None,
    kind: LeadKind,
) -> dict[str, Any] | None:
    """The row's lead fields; None, its issues recorded, when a value is refused."""
    values: dict[str, Any] = {"kind": kind.value, "stage": LeadStage.LEAD}
    refused = False
    for column in result.columns:
        if column.field in (None, "skip") or column.index >= len(cells):
            continue
        cell = cells[column.index]
        if cell is None or (isinstance(cell, str) and cell.strip() in ("", "—", "-", "/", "无")):
            continue
        try:
            values[column.field] = _cell_value(column, cell, unit)
        except UnitUnknown:
            reason = "the amount's unit is stated nowhere: give --unit yi, wan or yuan"
            reason_zh = "金额的单位无处写明：请用 --unit yi、wan 或 yuan（亿元、万元、元）指明"
            result.issues.append(
                Issue(result.file, number, column.header, str(cell), reason, reason_zh)
            )
            refused = True
        except UserError as error:
            result.issues.append(Issue.of(result.file, number, column.header, str(cell), error))
            refused = True
    for key in ("source", "owner"):
        if not refused and not values.get(key):
            word = "线索来源" if key == "source" else "跟进人"
            header = _header_of(result.columns, key) or f"（{word}）"
            reason = f"a lead needs its {key} ({word})"
            result.issues.append(Issue(result.file, number, header, "", reason, f"线索须有{word}"))
            refused = True
    return None if refused else values


def _cell_value(column: ColumnReading, cell: object, unit: Unit | None) -> Any:
    """One cell as the lead field its column fills."""
    name = column.field or ""
    if name == "amount_yuan":
        return read_amount(cell, column.unit or unit)
    if name in DATE_COLUMNS:
        day: date = read_date(cell, deadline=False).value
        return day
    if name == "stage":
        stage = parse_lead_stage(str(cell))
        if stage in (LeadStage.SIGNED, LeadStage.DROPPED):
            raise Refusal(
                f"{'已签约' if stage is LeadStage.SIGNED else '已放弃'}的线索不导入："
                "请用相应的命令签约或放弃",
                f"a lead {stage.value} is not imported: sign it or drop it with its command",
            )
        return stage
    if name == "kind":
        return parse_lead_kind(str(cell)).value
    return str(cell).strip()
