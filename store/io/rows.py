"""One project row of a sheet to values, or to the issues that refuse it.

Pure work on cells already read: no database. The importer runs it in its own process, or
in a second process beside the one writing (store.io.beside), and the results are the
same either way: a RowReader is fed the sheets and rows in order and keeps what spans rows
(a code seen twice in the file, the sums its 合计 rows are checked against).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum, auto
from operator import itemgetter
from typing import Any, Protocol

from store.codes import code_warning
from store.dates import read_date
from store.db.models import Project, Steward
from store.db.search import search_text
from store.deadlines import current_deadline
from store.domain import rules
from store.domain.headers import DATE_FIELDS, MONEY_FIELDS, TEXT_FIELDS
from store.domain.pinyin import project_sort_keys
from store.domain.vocabulary import (
    StageWord,
    is_placeholder,
    read_stage,
    read_steward,
    read_yes_no,
)
from store.errors import UserError
from store.io.formulas import restored
from store.io.sheets import ColumnReading
from store.labels import WORDS, Lang, Refusal, said
from store.limits import column_limit, text_field, text_problem
from store.money import SEPARATOR, Unit, in_unit, parse_amount
from store.procedures import DEFAULT_PROCEDURES
from store.stages import (
    DEADLINE_DATE_FIELDS,
    STAGES,
    Kind,
    Stage,
    check_date_values,
    furthest_dated,
    parse_kind,
)

STEWARD_NAME_LIMIT = column_limit(Steward.__table__, "name")  # type: ignore[attr-defined]
PROJECT_DEFAULTS: dict[str, Any] = Project(name="").model_dump(exclude={"id"}) | {
    "kind": Kind.NEW.value
}
PROJECT_FIELDS = (
    (MONEY_FIELDS - {"funds_in_place_yuan"})
    | DATE_FIELDS
    | (TEXT_FIELDS - {"steward", "remark", "problem_text"})
    | {"land_mu", "jobs", "kind"}
)
ROW_FIELDS = PROJECT_FIELDS | {"stage"}  # what a parsed row carries into the project
# A new project's row as the reader hands it over, in this order (its id and its steward's id
# are the writer's): a tuple crosses between the processes in half the time a dict does.
NEW_PROJECT_COLUMNS = tuple(name for name in PROJECT_DEFAULTS if name != "steward_id")
_new_project_values = itemgetter(*NEW_PROJECT_COLUMNS)


@dataclass(frozen=True)
class Issue:
    """A row or cell refused (or warned of): where, the value as written, and why, in English
    and in Chinese (reason_zh; a reason worded only in English is shown so in both)."""

    file: str
    row: int
    column: str
    value: str
    reason: str
    # the same reason in the other language: one issue, so not compared
    reason_zh: str = field(default="", compare=False)

    @classmethod
    def of(cls, file: str, row: int, column: str, value: str, error: UserError) -> Issue:
        """The issue a refusal makes, in both its languages."""
        return cls(file, row, column, value, str(error), said(error, Lang.ZH))

    def said(self, lang: Lang) -> str:
        """The reason in the language."""
        return self.reason_zh if lang is Lang.ZH and self.reason_zh else self.reason

    def line(self, lang: Lang = Lang.EN) -> str:
        reason = self.said(lang)
        if lang is Lang.ZH:
            where = f"{self.file} 第 {self.row} 行" if self.row else self.file
            where += f" [{self.column}]" if self.column else ""
            return f"{where} “{self.value}”：{reason}" if self.value else f"{where}：{reason}"
        where = f"{self.file}:{self.row}" if self.row else self.file
        where += f" [{self.column}]" if self.column else ""
        return f"{where} {self.value!r}: {reason}" if self.value else f"{where}: {reason}"


# -- reading one cell --------------------------------------------------------------------------------


class UnitUnknown(Exception):
    """An amount whose unit neither its cell, its header, a 单位 line nor --unit states."""


_UNIT_IN_CELL = re.compile(r"(亿元|亿|万元|万|元)\s*$")
_NUMBER = re.compile(r"-?[\d,，]*\.?(\d+)")


def read_amount(value: object, unit: Unit | None) -> int:
    """Whole yuan from an amount cell: the unit its text states wins, else the column's."""
    if isinstance(value, bool):
        raise Refusal("不是金额", "not an amount")
    if isinstance(value, str):
        plain = value.strip()  # parse_amount takes out the separators
        if _UNIT_IN_CELL.search(plain):
            return parse_amount(plain, unit or Unit.YUAN)
        if unit is None:
            raise UnitUnknown
        return parse_amount(plain, unit)
    if unit is None:
        raise UnitUnknown
    return parse_amount(value, unit)  # type: ignore[arg-type]


def written_places(value: object) -> int:
    """The decimal places an amount is written to (a total rounds to them)."""
    if isinstance(value, float):
        shown = repr(value)
        return 0 if "e" in shown or "." not in shown else len(shown.split(".")[1].rstrip("0"))
    if isinstance(value, str):
        match = _NUMBER.search(SEPARATOR.sub("", value))
        if match and "." in match.group():
            return len(match.group(1))
    return 0


def stated_unit(value: object, unit: Unit) -> Unit:
    """The unit an amount cell is in: its own word, else the column's."""
    if isinstance(value, str):
        match = _UNIT_IN_CELL.search(value.strip())
        if match:
            return {"亿元": Unit.YI, "亿": Unit.YI, "万元": Unit.WAN, "万": Unit.WAN}.get(
                match.group(1), Unit.YUAN
            )
    return unit


def amount_text(yuan: int, unit: Unit) -> str:
    """An amount in a unit, exact, with its unit word: 80,000 万元, 122.45 亿元."""
    shown = in_unit(yuan, unit).normalize()
    return f"{shown:,f} {unit.label_zh}"


MAX_JOBS = 10_000_000  # plausibility, and inside PostgreSQL's 32-bit integer
MAX_LAND_MU = 10**8  # 100 million mu: more than a province
_NOT_A_NUMBER = ("不是数字", "not a number")
_NOT_PEOPLE = ("不是整数人数", "not a whole number of people")


def _jobs(value: object) -> int:
    try:
        number = (
            Decimal(repr(value))
            if isinstance(value, int | float)
            else Decimal(SEPARATOR.sub("", str(value).strip()).replace(",", ""))
        )
    except InvalidOperation:
        raise Refusal(*_NOT_PEOPLE) from None
    if not number.is_finite() or number < 0 or number != number.to_integral_value():
        raise Refusal(*_NOT_PEOPLE)
    if number > MAX_JOBS:
        raise Refusal(f"超过 {MAX_JOBS:,} 人", f"more than {MAX_JOBS:,} people")
    return int(number)


def _land(value: object) -> Decimal:
    try:
        land = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise Refusal(*_NOT_A_NUMBER) from None
    if not land.is_finite():
        raise Refusal(*_NOT_A_NUMBER)
    if land < 0:
        raise Refusal("面积为负数", "negative area")
    if land > MAX_LAND_MU:
        raise Refusal(f"超过 {MAX_LAND_MU:,} 亩", f"more than {MAX_LAND_MU:,} mu")
    return Decimal(int(land)) if land == land.to_integral_value() else land.normalize()


def cell_text(value: object) -> str:
    written = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return written.strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def field_label(field_name: str) -> str:
    """A field as the tool's own sheets head it, for messages about a column not in the sheet."""
    return WORDS.get(field_name.removesuffix("_yuan"), (field_name, field_name))[0]


def stage_trail(row: dict[str, Any], today: date) -> list[tuple[Stage, date]]:
    """The stages a new project has passed, each with the day its history counts it from. A
    stage whose date the sheet does not give is never dated earlier than is known: it counts
    from the next stage's date (it was reached by then), or from today when no later date is
    known. The days never go back, so history read as of any date gives one stage."""
    reached = STAGES[: Stage(row["stage"]).index + 1]
    known = today
    backward: list[tuple[Stage, date]] = []
    for stage in reversed(reached):
        known = row.get(stage.date_field) or known
        backward.append((stage, known))
    trail: list[tuple[Stage, date]] = []
    for stage, day in reversed(backward):
        trail.append((stage, max(day, trail[-1][1]) if trail else day))
    return trail


class Reads(Enum):
    """How a column's cells are read, decided once a sheet rather than once a cell."""

    TEXT = auto()
    MONEY = auto()
    DATE = auto()
    DEADLINE = auto()
    STAGE = auto()
    YES_NO = auto()
    STEWARD = auto()
    KIND = auto()
    JOBS = auto()
    LAND = auto()


@dataclass(frozen=True)
class ColumnPlan:
    """One used column: where it is, the field it fills, how its cells are read."""

    index: int
    field: str
    header: str
    reads: Reads
    unit: Unit | None  # an amount column's unit, when stated anywhere
    limit: int | None  # the characters the field's database column holds


def column_plan(column: ColumnReading, unit: Unit | None) -> ColumnPlan:
    field_name = column.field
    assert field_name is not None
    reads = (
        Reads.MONEY
        if field_name in MONEY_FIELDS
        else Reads.DEADLINE
        if field_name in DEADLINE_DATE_FIELDS
        else Reads.DATE
        if field_name in DATE_FIELDS
        else {
            "stage": Reads.STAGE,
            "is_started": Reads.YES_NO,
            "is_producing": Reads.YES_NO,
            "steward": Reads.STEWARD,
            "kind": Reads.KIND,
            "jobs": Reads.JOBS,
            "land_mu": Reads.LAND,
        }.get(field_name, Reads.TEXT)
    )
    limit = (
        STEWARD_NAME_LIMIT
        if reads is Reads.STEWARD
        else column_limit(Project.__table__, field_name)  # type: ignore[attr-defined]
    )
    return ColumnPlan(column.index, field_name, column.header, reads, unit, limit)


# What a cell says, as its column reads it: the value; for a date, whether the sheet gives it
# to the month only; for text, what the database cannot hold of it, as (Chinese, English,
# the text shown). Or: a refusal, EMPTY (a placeholder), NO_UNIT (an amount in no stated unit).
CellValue = tuple[Any, bool, tuple[str, str, str] | None]
EMPTY, NO_UNIT = object(), object()
CellOutcome = CellValue | UserError | object
MEMO_CELLS = 4096  # distinct texts remembered per column: a ledger repeats most of its cells


def _held(column: ColumnPlan, words: str) -> CellValue:
    """Text, and what the database cannot hold of it (on SQLite as on PostgreSQL: new rows
    go in by bulk insert, past the session's own check)."""
    if "\x00" in words or (column.limit is not None and len(words) > column.limit):
        problem = text_problem(text_field(column.field), words, column.limit)
        if problem:
            return words, False, (problem[0], problem[1], words[:40])
    return words, False, None


def cell_reader(
    column: ColumnPlan, csv: bool, stage_words: dict[str, Stage]
) -> Callable[[object], CellOutcome]:
    """How one column's cells are read: a function of the cell alone (the column's unit, the
    sheet's kind and the office's stage words bound in), so a text seen before in the
    column need not be read again."""
    reads = column.reads

    def value(raw: object) -> CellValue | object:
        if reads is Reads.TEXT:
            words = raw.strip() if isinstance(raw, str) else cell_text(raw)
            return _held(column, restored(words) if csv else words)
        if reads is Reads.MONEY:
            try:
                return read_amount(raw, column.unit), False, None
            except UnitUnknown:
                return NO_UNIT
        if reads is Reads.DATE or reads is Reads.DEADLINE:
            reading = read_date(raw, deadline=reads is Reads.DEADLINE)
            return reading.value, reading.month_only, None
        if reads is Reads.STAGE:
            return read_stage(str(raw), stage_words), False, None
        if reads is Reads.YES_NO:
            return read_yes_no(raw), False, None
        if reads is Reads.STEWARD:
            cell = read_steward(str(raw))
            person = (cell.name, cell.title, "、".join(cell.others))
            return person, False, _held(column, cell.name)[2]
        if reads is Reads.KIND:
            return parse_kind(str(raw)).value, False, None
        return (_jobs(raw) if reads is Reads.JOBS else _land(raw)), False, None

    def read(raw: object) -> CellOutcome:
        if isinstance(raw, str) and is_placeholder(raw):
            return EMPTY
        try:
            return value(raw)
        except UserError as error:
            return error
        except (InvalidOperation, ValueError):
            return Refusal(*_NOT_A_NUMBER)

    return read


@dataclass(frozen=True)
class SheetPlan:
    """What reading a sheet's rows needs to know of the sheet."""

    label: str  # the file (or file/sheet) issues name
    columns: list[ColumnPlan]  # the columns filling a field, in the sheet's order
    headers: dict[str, str]  # field -> the header filling it
    names: dict[str, str]  # a date field as messages name it: its header, else its label
    county: str | None  # the sheet's own place, when it has no county column
    csv: bool  # a CSV cell may carry the quote an export put before a formula


@dataclass
class Totals:
    """The amounts read, added up for the sheet's 合计 rows and each section's 小计."""

    sheet: dict[int, int] = field(default_factory=dict)
    sections: dict[int, dict[int, int]] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)  # a column with a cell not read
    rows: list[tuple[int, list[object], int]] = field(default_factory=list)  # total rows

    def add(self, section: int, column: int, yuan: int) -> None:
        self.sheet[column] = self.sheet.get(column, 0) + yuan
        counted = self.sections.setdefault(section, {})
        counted[column] = counted.get(column, 0) + yuan


@dataclass
class ParsedRow:
    number: int
    label: str
    values: dict[str, Any]
    steward: str | None
    steward_title: str
    others: str | None  # the other names of the steward cell; None without a steward column
    funds_in_place: int | None
    problem_text: str | None
    month_only: frozenset[str]  # the date fields the sheet gives to the month only
    full_dates: frozenset[str]  # those it gives to the day
    ceiling: Stage | None  # the furthest stage 是否开工/是否投产 allow
    headers: dict[str, str]
    # the row a new project is inserted as (NEW_PROJECT_COLUMNS), and its stage history
    new_row: tuple[Any, ...] = ()
    trail: list[tuple[Stage, date]] = field(default_factory=list)


@dataclass
class RowResult:
    """A project row read: its values, or (parsed None) the issues that refuse it."""

    parsed: ParsedRow | None
    errors: list[Issue]
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class SheetEnd:
    """What reading a sheet's rows added up, asked for when the sheet is done."""

    totals: Totals
    unit_unknown: dict[int, list[int]]  # an amount column whose unit is stated nowhere: its rows
    names_read: set[str]  # the projects the sheets so far hold (a 汇总 is checked against them)


def _later_dates(
    sheet: SheetPlan,
    number: int,
    limit: Stage,
    says: tuple[str, str],
    written: dict[str, object],
    values: dict[str, Any],
) -> list[Issue]:
    """The dates of stages after the one a row states (or its 是否 columns allow), each
    refused naming both cells. says: what states the stage, in Chinese and in English."""
    return [
        Issue(
            sheet.label,
            number,
            sheet.headers.get(later.date_field, field_label(later.date_field)),
            str(written.get(later.date_field, values[later.date_field])),
            f"{says[1]}, but this is the date of a later stage "
            f"({WORDS[later.value][1]}): correct one of the two",
            f"{says[0]}，而这是更后阶段（{WORDS[later.value][0]}）的日期：请改正其中之一",
        )
        for later in STAGES[limit.index + 1 :]
        if values.get(later.date_field) is not None
    ]


@dataclass
class RowCells:
    """What one row's cells say, before the row is checked as a whole."""

    values: dict[str, Any]
    written: dict[str, object]  # a field not of text -> the cell as the sheet wrote it
    month_only: set[str]
    stage_word: StageWord | None
    yes_no: dict[str, bool]
    steward: str | None
    title: str
    others: str | None
    unit_missing: bool  # an amount whose unit is stated nowhere: told once for the column


class RowReader:
    """Reads the project rows of one import's sheets, in order."""

    def __init__(self, today: date, stage_words: dict[str, Stage]) -> None:
        self.today = today
        self.stage_words = stage_words  # the office's own words, kept in its settings
        self.seen: dict[str, tuple[str, int]] = {}  # a code or name: where it first stood
        self.names_read: set[str] = set()
        self.sheet = SheetPlan("", [], {}, {}, None, False)
        self.totals = Totals()
        self.unit_unknown: dict[int, list[int]] = {}
        # each column: where it is, its field, how its cells are read, and the outcomes of
        # texts read so far
        self.readers: list[
            tuple[int, str, Reads, ColumnPlan, Callable[[object], CellOutcome], dict[str, Any]]
        ] = []

    def begin(self, sheet: SheetPlan) -> None:
        self.sheet, self.totals, self.unit_unknown = sheet, Totals(), {}
        self.readers = [
            (
                column.index,
                column.field,
                column.reads,
                column,
                cell_reader(column, sheet.csv, self.stage_words),
                {},
            )
            for column in sheet.columns
        ]

    def read_many(self, rows: list[tuple[int, list[object], Kind | None, int]]) -> list[RowResult]:
        return [self.read(*row) for row in rows]

    def finish(self) -> SheetEnd:
        return SheetEnd(self.totals, self.unit_unknown, self.names_read)

    def read(
        self, number: int, cells: list[object], section_kind_: Kind | None, section: int
    ) -> RowResult:
        """One project row: its values, or the issues refusing it."""
        issues: list[Issue] = []
        row = self._cells(number, cells, section, issues)
        ceiling = self._settled(number, row, section_kind_, issues)
        self._check(number, cells, row, issues)
        if issues or row.unit_missing:
            return RowResult(None, issues)
        return self._parsed(number, row, ceiling)

    def _cells(
        self, number: int, cells: list[object], section: int, issues: list[Issue]
    ) -> RowCells:
        """What the row's cells say, column by column; a cell not read is an issue."""
        label, totals = self.sheet.label, self.totals
        values: dict[str, Any] = {}
        written: dict[str, object] = {}  # what messages quote: dates, amounts, stages, 是否
        month_only: set[str] = set()
        stage_word: StageWord | None = None
        yes_no: dict[str, bool] = {}
        steward, title, others = None, "", None
        unit_missing = False  # told once for the column (see _read_sheet), not row by row
        width = len(cells)
        for index, name, reads, column, read, memo in self.readers:
            raw = cells[index] if index < width else None
            if raw is None or raw == "":
                continue
            if raw.__class__ is str:  # 1 and 1.0 and True are one key: numbers are read anew
                outcome = memo.get(raw)
                if outcome is None:
                    if len(memo) >= MEMO_CELLS:
                        memo.clear()
                    outcome = memo[raw] = read(raw)
            else:
                outcome = read(raw)
            if outcome.__class__ is not tuple:
                if outcome is NO_UNIT:
                    self.unit_unknown.setdefault(index, []).append(number)
                    unit_missing = True
                elif outcome is not EMPTY:
                    assert isinstance(outcome, UserError)
                    issues.append(Issue.of(label, number, column.header, str(raw), outcome))
                    if reads is Reads.MONEY:
                        totals.unreadable.add(index)
                continue
            cell, month, problem = outcome
            if problem is not None:
                chinese, english, shown = problem
                issues.append(Issue(label, number, column.header, shown, english, chinese))
            if reads is Reads.TEXT:  # most columns: nothing more to note
                values[name] = cell
                continue
            written[name] = raw
            if reads is Reads.STAGE:
                stage_word = cell
            elif reads is Reads.YES_NO:
                yes_no[name] = cell
            elif reads is Reads.STEWARD:
                steward, title, others = cell
            else:
                values[name] = cell
                if month:
                    month_only.add(name)
                elif reads is Reads.MONEY:
                    totals.add(section, index, cell)
        return RowCells(
            values, written, month_only, stage_word, yes_no, steward, title, others, unit_missing
        )

    def _settled(
        self, number: int, row: RowCells, section_kind_: Kind | None, issues: list[Issue]
    ) -> Stage | None:
        """The row's county, kind and stage, from the sheet where its cells say nothing; the
        furthest stage its 是否开工 / 是否投产 allow."""
        sheet, values = self.sheet, row.values
        if sheet.county and "county" not in values:
            values["county"] = sheet.county
        if not values.get("name"):
            header = sheet.headers.get("name", "项目名称")
            issues.append(
                Issue(sheet.label, number, header, "", "required field empty", "必填项为空")
            )
        stage_word = row.stage_word
        if "kind" not in values:
            if stage_word is not None and stage_word.continuing:
                values["kind"] = Kind.CONTINUING.value
            elif section_kind_ is not None:
                values["kind"] = section_kind_.value
        stage, ceiling = self._stage(
            sheet, number, stage_word, row.yes_no, row.written, values, issues
        )
        if stage is not None:
            values["stage"] = stage.value
        return ceiling

    def _check(self, number: int, cells: list[object], row: RowCells, issues: list[Issue]) -> None:
        """The rules every door keeps: dates in order, no fact in the future, a withdrawal
        with its reason; and the key the row is known by."""
        sheet, values, written = self.sheet, row.values, row.written
        label, names = sheet.label, sheet.names
        try:
            check_date_values(values, row.month_only, names)
        except UserError as error:
            issues.append(Issue.of(label, number, "", "", error))
        for broken in rules.future_facts(values, self.today):
            given = str(written[broken.field])
            header = names[broken.field]
            issues.append(Issue(label, number, header, given, broken.reason, broken.reason_zh))
        for broken in rules.withdrawal(values.get("withdrawn_on"), values.get("withdraw_reason")):
            header = names.get(broken.field) or names.get("withdrawn_on") or broken.field
            given = str(values.get(broken.field) or "")
            issues.append(Issue(label, number, header, given, broken.reason, broken.reason_zh))
        self._note_key(sheet, number, cells, values, issues)

    def _parsed(self, number: int, row: RowCells, ceiling: Stage | None) -> RowResult:
        """A row that passed: what it writes, and a warning for a code not of the standard form."""
        label, headers, values = self.sheet.label, self.sheet.headers, row.values
        month_only = row.month_only
        code = values.get("code") or ""
        warning = code_warning(code)
        warnings = (
            [Issue(label, number, headers.get("code", "code"), code, warning[1], warning[0])]
            if warning
            else []
        )
        dates = {name for name in values if name in DATE_FIELDS}
        parsed = ParsedRow(
            number,
            label,
            {k: v for k, v in values.items() if k in ROW_FIELDS},
            row.steward,
            row.title,
            row.others if "steward" in headers else None,
            values.get("funds_in_place_yuan"),
            values.get("problem_text"),
            frozenset(month_only),
            frozenset(dates - month_only),
            ceiling,
            headers,
        )
        parsed.new_row, parsed.trail = self._new_project(parsed)
        return RowResult(parsed, [], warnings)

    def _stage(
        self,
        sheet: SheetPlan,
        number: int,
        stage_word: StageWord | None,
        yes_no: dict[str, bool],
        written: dict[str, object],
        values: dict[str, Any],
        issues: list[Issue],
    ) -> tuple[Stage | None, Stage | None]:
        """The stage the row states (None: its dates decide), and the furthest its 是否开工 /
        是否投产 allow. A date of a later stage than stated is refused, naming both cells."""
        headers, label = sheet.headers, sheet.label
        started, producing = yes_no.get("is_started"), yes_no.get("is_producing")
        stated: Stage | None = None
        ceiling: Stage | None = None
        says = ("", "")  # what states the stage, in the sheet's words
        if stage_word is not None:
            stated = stage_word.stage
            says = _says(headers["stage"], written["stage"])
        elif yes_no:
            if started is False and producing:
                not_started = _says(headers["is_started"], written["is_started"])
                issues.append(
                    Issue(
                        label,
                        number,
                        headers["is_producing"],
                        str(written["is_producing"]),
                        f"{not_started[1]}: a project not started is not producing",
                        f"{not_started[0]}：未开工的项目不会已投产",
                    )
                )
                return None, None
            if producing:
                stated = Stage.PRODUCING
            elif started:
                stated = Stage.STARTED
            ceiling = (
                Stage.PROCEDURES
                if started is False
                else Stage.STARTED
                if producing is False
                else None
            )
            which = (
                "is_producing" if producing is not None and started is not False else "is_started"
            )
            says = _says(headers[which], written[which])
        limit = stated or ceiling
        if limit is not None:
            issues.extend(_later_dates(sheet, number, limit, says, written, values))
        return stated, ceiling

    def _note_key(
        self,
        sheet: SheetPlan,
        number: int,
        cells: list[object],
        values: dict[str, Any],
        issues: list[Issue],
    ) -> None:
        """A code (or, without one, a name) may stand once in a file, valid row or not."""
        code, name = values.get("code"), values.get("name")
        key = code or name
        if not key:
            return
        if name:
            self.names_read.add(name)
        if key in self.seen:
            where, first = self.seen[key]
            place = f"row {first}" if where == sheet.label else f"{where} row {first}"
            place_zh = f"第 {first} 行" if where == sheet.label else f"{where} 第 {first} 行"
            header = sheet.headers["code" if code else "name"]
            issues.append(
                Issue(
                    sheet.label,
                    number,
                    header,
                    key,
                    f"duplicate in the file (first on {place})",
                    f"文件中重复（首次出现在{place_zh}）",
                )
            )
        else:
            self.seen[key] = (sheet.label, number)

    def _new_project(self, parsed: ParsedRow) -> tuple[tuple[Any, ...], list[tuple[Stage, date]]]:
        """The row inserted if the project is new (NEW_PROJECT_COLUMNS), and its stages."""
        row = PROJECT_DEFAULTS | parsed.values
        # no stage column: the furthest stage whose date is given
        row["stage"] = parsed.values.get("stage") or furthest_dated(row).value
        row["deadline"] = current_deadline(row["stage"], row["withdrawn_on"] is not None, row)
        row["search_text"] = search_text(row["name"], row["code"], row["investor"])
        row |= project_sort_keys(row)  # inserted past the session: store.db.models cannot keep them
        row["other_stewards"] = parsed.others or ""
        row["month_dates"] = ",".join(sorted(parsed.month_only))
        row["funds_in_place_yuan"] = parsed.funds_in_place or 0  # its month record follows
        row["procedures_required"] = len(DEFAULT_PROCEDURES)  # the importer adds them
        return _new_project_values(row), stage_trail(row, self.today)


def _says(header: str, cell: object) -> tuple[str, str]:
    """A cell stating the stage, in Chinese and in English: 项目进度 says '在建'."""
    return f"{header}写的是“{cell}”", f"{header} says {cell!r}"


# -- where rows are read ---------------------------------------------------------------------------

RowBatch = list[tuple[int, list[object], Kind | None, int]]  # number, cells, section kind, section


class RowReading(Protocol):
    """Feeds a RowReader the batches of a sheet and hands back their results in order."""

    def begin(self, sheet: SheetPlan) -> None: ...

    def submit(self, rows: RowBatch) -> list[list[RowResult]]:
        """Give a batch; returns the results ready so far, oldest first."""
        ...

    def finish(self) -> tuple[list[list[RowResult]], SheetEnd]:
        """The results still to come, and what the sheet's rows added up."""
        ...

    def close(self) -> None: ...


class ReadHere:
    """Rows read in this process, as each batch comes."""

    def __init__(self, reader: RowReader) -> None:
        self.reader = reader

    def begin(self, sheet: SheetPlan) -> None:
        self.reader.begin(sheet)

    def submit(self, rows: RowBatch) -> list[list[RowResult]]:
        return [self.reader.read_many(rows)] if rows else []

    def finish(self) -> tuple[list[list[RowResult]], SheetEnd]:
        return [], self.reader.finish()

    def close(self) -> None:
        return None
