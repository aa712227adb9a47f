"""Reading the office's 任务分解表: a row per unit, a column per figure.

The header is found below title and unit lines as the ledger import finds it, and read by
the same understanding (store.domain.headers): the unit column by the project field it
names (县区 county, 包抓领导/县级领导 steward, 责任单位/牵头单位 unit, 产业链(专班) chain; 专班,
部门 and 领导 too), each figure column by its words (签约额, 签约项目, 到位资金, 省外到位资金,
新开工项目, 亿元以上/10亿元以上/50亿元以上项目), amounts in the unit the header states, else
a 单位：万元 line above, else the unit asked for; never guessed. Every sheet of a workbook
whose header is understood is read, one unit kind a sheet. 合计 rows check the reading; notes
and signature lines are passed over. A bad cell, a unit written twice or a total that does
not add up is refused naming the file, sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from store.domain.headers import normalise_header, read_header, unit_line
from store.domain.targets import MONEY, TARGET_FIGURES
from store.errors import UserError
from store.io.sheets import HEADER_SEARCH_ROWS, Rows, column_letter, read_rows, workbook_sheets
from store.labels import Lang, Refusal, said
from store.money import Unit, parse_amount

# the unit column: the project field a header names, and words the ledger does not know
_KIND_OF_FIELD = {
    "county": "county",
    "steward": "steward",
    "county_leader": "steward",
    "responsible_unit": "unit",
    "chain": "chain",
}
_KIND_WORDS = (("专班", "chain"), ("部门", "unit"), ("单位", "unit"), ("领导", "steward"))
_EMPTY = {"", "-", "—", "/", "无", "待定", "--"}
_TOTAL = re.compile(r"^(?:合计|总计|小计|共计|total)", re.IGNORECASE)
_PASSED = re.compile(
    r"^(?:注|说明|填报说明|填表人|填报人|审核人|联系人|制表人|填报单位|填报日期|notes?)(?:$|[:：\d、.(（\s])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TargetColumn:
    index: int
    letter: str
    header: str
    figure: str
    unit: Unit | None  # the amounts' unit (money figures)


@dataclass(frozen=True)
class TargetSheetRow:
    where: str  # file [sheet] row N
    unit: str
    amounts: dict[str, int]  # figure: whole yuan or a count


@dataclass
class TargetTable:
    sheet: str | None
    kind: str
    unit_index: int
    unit_header: str
    columns: list[TargetColumn]
    rows: list[TargetSheetRow] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)  # row N: why


@dataclass
class TargetSheet:
    name: str  # the file's name
    tables: list[TargetTable]
    skipped: list[str]  # sheets with no 任务分解 header


def figure_of(header: object) -> str | None:
    """The target figure a header names, if any."""
    words = normalise_header(header)
    if "到位" in words:
        return "funds_outside_province_yuan" if "省外" in words else "funds_in_place_yuan"
    if "以上" in words and "亿" in words:
        if "50亿" in words:
            return "signed_over_50yi"
        return "signed_over_10yi" if "10亿" in words else "signed_over_1yi"
    if "开工" in words or "started" in words:
        return "started_count"
    if any(word in words for word in ("签约", "签订", "引进", "signed")):
        money = any(word in words for word in ("额", "金额", "资金", "投资", "amount"))
        return "signed_amount_yuan" if money else "signed_count"
    return None


def kind_of(header: object) -> str | None:
    """The kind of unit a header's column names, if any."""
    try:
        reading = read_header(header)
    except UserError:
        return None
    if reading.field in _KIND_OF_FIELD:
        return _KIND_OF_FIELD[reading.field]
    words = normalise_header(header)
    return next((kind for word, kind in _KIND_WORDS if word in words), None)


def read_targets_sheet(
    path: Path, sheet: str | None = None, unit: Unit | None = None, encoding: str | None = None
) -> TargetSheet:
    """The targets a CSV file or workbook holds (every sheet understood, or the one named)."""
    names: list[str | None] = [sheet] if sheet else [*workbook_sheets(path)] or [None]
    tables, skipped = [], []
    for name in names:
        rows = read_rows(path, encoding=encoding, sheet=name)
        where = path.name if name is None else f"{path.name} [{name}]"
        table = _find_header(where, rows, name, unit)
        if table is None:
            if sheet or len(names) == 1:
                raise Refusal(
                    f"{where}：前 {HEADER_SEARCH_ROWS} 行中找不到任务分解表的表头"
                    "（一列考核对象，如 县区/包抓领导/责任单位/专班，和至少一列指标，如 签约额/到位资金）",
                    f"{where}: no targets header in the first {HEADER_SEARCH_ROWS} rows (a unit "
                    "column such as 县区/包抓领导/责任单位/专班 and a figure column such as 签约额/到位资金)",
                )
            skipped.append(where)
            continue
        _read_body(where, rows, table)
        tables.append(table)
    return TargetSheet(path.name, tables, skipped)


def _find_header(
    where: str, rows: Rows, sheet: str | None, asked: Unit | None
) -> TargetTable | None:
    stated: Unit | None = None
    for cells in rows:
        if rows.number > HEADER_SEARCH_ROWS:
            return None
        texts = {i: c for i, c in enumerate(cells) if isinstance(c, str) and c.strip()}
        figures = {i: f for i, c in texts.items() if (f := figure_of(c))}
        kinds = {i: k for i, c in texts.items() if i not in figures and (k := kind_of(c))}
        if not figures or not kinds:
            stated = next((u for c in texts.values() if (u := unit_line(c))), stated)
            continue
        if len(kinds) > 1:
            named = "、".join(f"{column_letter(i)} {texts[i]}" for i in kinds)
            raise Refusal(
                f"{where} 第 {rows.number} 行：多列考核对象（{named}），一张表只能有一列",
                f"{where} row {rows.number}: more than one unit column ({named}); one a sheet",
            )
        ((index, kind),) = kinds.items()
        return TargetTable(
            sheet,
            kind,
            index,
            texts[index],
            _columns(where, rows.number, texts, figures, stated or asked),
        )
    return None


def _columns(
    where: str, row: int, texts: dict[int, str], figures: dict[int, str], fallback: Unit | None
) -> list[TargetColumn]:
    columns: list[TargetColumn] = []
    seen: dict[str, str] = {}
    for index, figure in figures.items():
        letter = column_letter(index)
        if figure in seen:
            raise Refusal(
                f"{where} 第 {row} 行：{seen[figure]} 与 {letter} 列都是 {figure}",
                f"{where} row {row}: columns {seen[figure]} and {letter} both give {figure}",
            )
        seen[figure] = letter
        unit = None
        if TARGET_FIGURES[figure] == MONEY:
            unit = _header_unit(texts[index]) or fallback
            if unit is None:
                raise Refusal(
                    f"{where} {letter} 列 {texts[index]!r}：未写明金额单位，请用 --unit 指定",
                    f"{where} column {letter} {texts[index]!r}: no unit for its amounts stated; "
                    "give --unit",
                )
        columns.append(TargetColumn(index, letter, texts[index], figure, unit))
    return columns


def _header_unit(text: str) -> Unit | None:
    try:
        return read_header(text).unit
    except UserError:
        return None


def _read_body(where: str, rows: Rows, table: TargetTable) -> None:
    """The unit rows below the header; a refusal listing every bad cell, unit written twice
    and total that does not add up."""
    problems: list[tuple[str, str]] = []  # (Chinese, English)
    totals: list[tuple[int, dict[str, object]]] = []
    first_row: dict[str, int] = {}
    for cells in rows:
        text = cells[table.unit_index] if table.unit_index < len(cells) else None
        name = "" if text is None else " ".join(str(text).split())
        values = {c.figure: cells[c.index] if c.index < len(cells) else None for c in table.columns}
        if not name or _PASSED.match(name):
            if name or any(not _blank(value) for value in values.values()):
                table.passed_over.append(f"row {rows.number}: {name or table.unit_header + ' 空'}")
            continue
        if _TOTAL.match(name):
            totals.append((rows.number, values))
            continue
        if name in first_row:
            problems.append(
                (
                    f"第 {rows.number} 行：{name} 重复（首见于第 {first_row[name]} 行）",
                    f"row {rows.number}: {name} again (first in row {first_row[name]})",
                )
            )
            continue
        first_row[name] = rows.number
        amounts = {}
        for column in table.columns:
            try:
                amount = _amount(values[column.figure], column)
            except UserError as error:
                problems.append(
                    (
                        f"第 {rows.number} 行 {column.letter} 列「{column.header}」："
                        f"{said(error, Lang.ZH)}",
                        f"row {rows.number} {column.letter} {column.header!r}: {error}",
                    )
                )
                continue
            if amount is not None:
                amounts[column.figure] = amount
        table.rows.append(TargetSheetRow(f"{where} row {rows.number}", name, amounts))
    for number, values in totals:
        problems.extend(_total_problems(number, values, table))
    if problems:
        extra = len(problems) - 20
        raise Refusal(
            f"{where}："
            + "；".join(zh for zh, _ in problems[:20])
            + (f"；另有 {extra} 处" if extra > 0 else ""),
            f"{where}: "
            + "; ".join(en for _, en in problems[:20])
            + (f"; and {extra} more" if extra > 0 else ""),
        )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _EMPTY)


def _amount(value: object, column: TargetColumn) -> int | None:
    """A cell's target: whole yuan for an amount, a whole number of projects for a count."""
    if _blank(value):
        return None
    if column.unit is not None:
        if isinstance(value, bool):
            raise Refusal(f"不是金额：{value!r}", f"not an amount: {value!r}")
        return parse_amount(value if isinstance(value, int | float) else str(value), column.unit)
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = text.strip().removesuffix("个").removesuffix("项")
    if not text.isdigit():
        raise Refusal(
            f"不是项目个数（整数）：{value!r}", f"not a whole number of projects: {value!r}"
        )
    return int(text)


def _total_problems(
    number: int, values: dict[str, object], table: TargetTable
) -> list[tuple[str, str]]:
    """A 合计 row checks the columns it fills: their rows must add up to it, as far as it is
    written (55.85 亿 matches any sum that rounds to it)."""
    problems = []
    for column in table.columns:
        written = values[column.figure]
        try:
            total = _amount(written, column)
        except UserError:
            problems.append(
                (
                    f"第 {number} 行 {column.letter} 列：合计 {written!r} 不是数字",
                    f"row {number} {column.letter}: total {written!r} is not a number",
                )
            )
            continue
        if total is None:
            continue
        added = sum(row.amounts.get(column.figure, 0) for row in table.rows)
        if abs(added - total) > _written_to(written, column):
            problems.append(
                (
                    f"第 {number} 行 {column.letter} 列「{column.header}」：各行合计 "
                    f"{_shown(added, column)}，合计行写的是 {_shown(total, column)}",
                    f"row {number} {column.letter} {column.header!r}: the rows add up to "
                    f"{_shown(added, column)}, the total says {_shown(total, column)}",
                )
            )
    return problems


def _written_to(written: object, column: TargetColumn) -> int:
    """Half the last place a total is written to, in yuan (0 for a count)."""
    if column.unit is None:
        return 0
    try:
        exponent = Decimal(str(written).strip().rstrip("亿万元")).as_tuple().exponent
    except InvalidOperation:
        return 0
    places = -exponent if isinstance(exponent, int) else 0
    return column.unit.factor * 5 // 10 ** (places + 1) if places > 0 else column.unit.factor // 2


def _shown(amount: int, column: TargetColumn) -> str:
    if column.unit is None:
        return str(amount)
    exact = Decimal(amount) / column.unit.factor
    return f"{exact.normalize():f} {column.unit.label_zh}"
