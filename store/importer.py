"""Bulk import of the sheets offices keep: CSV (UTF-8, BOM or GB18030), .xlsx and .xls.

Rows are streamed and validated first; nothing is written unless every row is good (or the
user asked for --skip-invalid). The whole write is one transaction, so an interrupted import
leaves the database as it was. New projects go in through batched Core inserts.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, literal, select, true, union_all
from sqlmodel import Session

from store.codes import code_warning
from store.dates import parse_date, parse_month
from store.db import BULK_CACHE_KIB
from store.deadlines import current_deadline
from store.errors import UserError
from store.labels import WORDS
from store.models import DispatchRecord, History, Problem, Procedure, Project, Steward
from store.money import UNIT_WORDS, Unit, parse_amount
from store.procedures import DEFAULT_PROCEDURES, PROBLEM_STATUSES
from store.search import indexed_in_bulk, search_text
from store.service import Store, count_procedures
from store.stages import (
    STAGE_DATE_FIELDS,
    STAGES,
    Change,
    Kind,
    Stage,
    check_date_values,
    check_dates,
    furthest_dated,
    parse_kind,
    parse_stage,
    set_stage,
)

Progress = Callable[[int], None]
TOTAL_WORDS = ("合计", "总计", "小计", "total")
DETAIL_SHEETS = {
    "包抓责任清单": "steward",
    "Stewards": "steward",
    "前期手续": "procedure",
    "Procedures": "procedure",
    "月度调度": "dispatch",
    "Dispatch": "dispatch",
    "问题清单": "problem",
    "Problems": "problem",
}
BATCH = 2000

# Header words offices use, normalised (no spaces, half-width brackets, lower case).
SYNONYMS: dict[str, str] = {
    "项目名称": "name",
    "项目": "name",
    "项目代码": "code",
    "统一项目代码": "code",
    "项目编码": "code",
    "投资方": "investor",
    "企业名称": "investor",
    "投资方/企业名称": "investor",
    "投资主体": "investor",
    "签约企业": "investor",
    "投资方来源地": "investor_origin",
    "来源地": "investor_origin",
    "县市区": "county",
    "属地": "county",
    "县区": "county",
    "县(市、区)": "county",
    "所在地": "county",
    "园区": "park",
    "产业链": "chain",
    "所属产业链": "chain",
    "总投资": "total_investment_yuan",
    "计划总投资": "total_investment_yuan",
    "签约额": "signed_amount_yuan",
    "签约金额": "signed_amount_yuan",
    "签约资金": "signed_amount_yuan",
    "到位资金": "funds_in_place_yuan",
    "累计到位资金": "funds_in_place_yuan",
    "当前阶段": "stage",
    "项目进度": "stage",
    "阶段": "stage",
    "项目阶段": "stage",
    "签约日期": "signed_on",
    "签约时间": "signed_on",
    "开工日期": "started_on",
    "开工时间": "started_on",
    "计划开工日期": "start_due",
    "计划开工时间": "start_due",
    "投产日期": "producing_on",
    "投产时间": "producing_on",
    "计划投产日期": "production_due",
    "计划投产时间": "production_due",
    "手续办结时限": "procedures_due",
    "前期手续办结时限": "procedures_due",
    "手续办理日期": "procedures_on",
    "包抓领导": "steward",
    "市级包抓领导": "steward",
    "包抓市级领导": "steward",
    "县级领导": "county_leader",
    "县级包抓领导": "county_leader",
    "责任单位": "responsible_unit",
    "年度计划投资": "annual_plan_yuan",
    "用地": "land_mu",
    "用地面积": "land_mu",
    "就业人数": "jobs",
    "带动就业": "jobs",
    "进展情况": "progress_note",
    "备注": "remark",
    "建设内容": "build_content",
    "建设规模及内容": "build_content",
    "类型": "kind",
    "项目类型": "kind",
    "建设性质": "kind",
    "预计年产值": "expected_output_yuan",
    "招商方式": "won_by",
    "复工日期": "resumed_on",
    "退出日期": "withdrawn_on",
    "退出原因": "withdraw_reason",
    "序号": "skip",
    "no.": "skip",
    "存在问题": "problem_text",
}
MONEY = {
    "total_investment_yuan",
    "signed_amount_yuan",
    "funds_in_place_yuan",
    "annual_plan_yuan",
    "expected_output_yuan",
}
DATES = {
    "signed_on",
    "started_on",
    "start_due",
    "producing_on",
    "production_due",
    "procedures_due",
    "procedures_on",
    "resumed_on",
    "withdrawn_on",
}
TEXT = {
    "name",
    "code",
    "investor",
    "investor_origin",
    "county",
    "park",
    "chain",
    "steward",
    "county_leader",
    "responsible_unit",
    "progress_note",
    "build_content",
    "won_by",
    "withdraw_reason",
    "remark",
    "problem_text",
}
PROJECT_DEFAULTS: dict[str, Any] = Project(name="").model_dump(exclude={"id"}) | {
    "kind": Kind.NEW.value
}
PROJECT_FIELDS = (
    (MONEY - {"funds_in_place_yuan"})
    | DATES
    | (TEXT - {"steward", "remark", "problem_text"})
    | {"land_mu", "jobs", "kind"}
)


def normalise(header: object) -> str:
    text = (
        str(header or "").replace("（", "(").replace("）", ")").replace("\n", "").replace("\r", "")
    )
    return re.sub(r"\s+", "", text).lower()


def _known_headers() -> dict[str, str]:
    known = dict(SYNONYMS)
    for key, (zh, en) in WORDS.items():
        target = {
            "total_investment": "total_investment_yuan",
            "signed_amount": "signed_amount_yuan",
            "annual_plan": "annual_plan_yuan",
            "funds_in_place": "funds_in_place_yuan",
            "expected_output": "expected_output_yuan",
        }.get(key, key)
        if target in MONEY | DATES | TEXT | {"stage", "land_mu", "jobs", "kind"}:
            known.setdefault(normalise(zh), target)
            known.setdefault(normalise(en), target)
    return known


KNOWN = _known_headers()
_UNIT_IN_HEADER = re.compile(r"\((亿元|万元|元|亿|万|yi|wan|yuan|亩|mu|人|个)\)$|(亿元|万元)$")


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str
    unit: Unit

    def parse(self, value: object) -> Any:
        return PARSERS.get(self.field, _text)(value, self.unit)


def map_header(cells: list[object]) -> list[Column]:
    columns = []
    for index, cell in enumerate(cells):
        text = normalise(cell)
        if not text:
            continue
        unit = Unit.YI
        field_name = KNOWN.get(text)
        match = _UNIT_IN_HEADER.search(text)
        if match:
            word = match.group(1) or match.group(2)
            unit = UNIT_WORDS.get(word, Unit.YI)
            field_name = field_name or KNOWN.get(text[: match.start()])
        if field_name and field_name != "skip":
            columns.append(Column(index, str(cell).strip(), field_name, unit))
    return columns


@dataclass(frozen=True)
class Issue:
    file: str
    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        where = f"{self.file}:{self.row}" + (f" [{self.column}]" if self.column else "")
        return f"{where} {self.value!r}: {self.reason}" if self.value else f"{where}: {self.reason}"


@dataclass
class ImportOptions:
    encoding: str | None = None
    on_conflict: str = "update"  # update, skip or error
    skip_invalid: bool = False
    dry_run: bool = False


@dataclass
class ImportSummary:
    file: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)  # 合计/小计 rows passed over
    written: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "written": self.written,
            "total_rows_skipped": self.total_rows,
            "errors": [vars(issue) for issue in self.errors],
            "warnings": [vars(issue) for issue in self.warnings],
        }


# -- reading files ---------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """BOM, then strict UTF-8 (checked in chunks: memory stays flat), then GB18030."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _csv_rows(path: Path, encoding: str | None) -> Iterator[list[object]]:
    chosen = encoding or detect_encoding(path)
    try:
        with path.open(encoding=chosen, newline="", errors="strict") as stream:
            yield from csv.reader(stream)
    except (UnicodeDecodeError, LookupError) as error:
        raise UserError(f"{path.name}: cannot read as {chosen}: {error}") from None


def _sheet_rows(path: Path, sheet: str | None) -> Iterator[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:
        raise UserError(f"{path.name}: not a readable workbook: {error}") from None
    name = sheet or book.sheet_names[0]
    for row in book.get_sheet_by_name(name).iter_rows():
        yield list(row)


def workbook_sheets(path: Path) -> list[str]:
    if path.suffix.lower() not in (".xlsx", ".xls", ".xlsm", ".ods"):
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as error:
        raise UserError(f"{path.name}: not a readable workbook: {error}") from None


def read_rows(
    path: Path, encoding: str | None = None, sheet: str | None = None
) -> Iterator[list[object]]:
    if not path.exists():
        raise UserError(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, encoding)
    if suffix in (".xlsx", ".xls", ".xlsm", ".ods"):
        return _sheet_rows(path, sheet)
    raise UserError(f"{path.name}: unknown file kind {suffix!r}: use .csv, .xlsx or .xls")


def find_header(
    file: str, rows: Iterator[list[object]], required: str = "name"
) -> tuple[int, list[Column]]:
    """Skip title and blank rows: the header is the first row naming the required column."""
    for number, cells in enumerate(rows, 1):
        columns = map_header(cells)
        if any(c.field == required for c in columns) and len(columns) >= 2:
            return number, columns
        if number > 30:
            break
    raise UserError(
        "no header row found in the first 30 rows (a column like 项目名称/name is needed)"
    )


# -- validating one row ------------------------------------------------------------------------------


def _cell(cells: list[object], column: Column) -> object:
    return cells[column.index] if column.index < len(cells) else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _money(value: object, unit: Unit) -> int:
    return parse_amount(value.strip() if isinstance(value, str) else value, unit)  # type: ignore[arg-type]


MAX_JOBS = 10_000_000  # plausibility, and inside PostgreSQL's 32-bit integer
MAX_LAND_MU = 10**8  # 100 million mu: more than a province


def _jobs(value: object, unit: Unit) -> int:
    number = (
        Decimal(repr(value))
        if isinstance(value, int | float)
        else Decimal(str(value).strip().replace(",", ""))
    )
    if not number.is_finite() or number < 0 or number != number.to_integral_value():
        raise UserError("not a whole number of people")
    if number > MAX_JOBS:
        raise UserError(f"more than {MAX_JOBS:,} people")
    return int(number)


def _land(value: object, unit: Unit) -> Decimal:
    try:
        land = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise UserError("not a number") from None
    if not land.is_finite():
        raise UserError("not a number")
    if land < 0:
        raise UserError("negative area")
    if land > MAX_LAND_MU:
        raise UserError(f"more than {MAX_LAND_MU:,} mu")
    return Decimal(int(land)) if land == land.to_integral_value() else land.normalize()


def _text(value: object, unit: Unit) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text.strip()


# One parser a field, looked up once a column rather than tested cell by cell.
PARSERS: dict[str, Callable[[object, Unit], Any]] = {
    **dict.fromkeys(MONEY, _money),
    **dict.fromkeys(DATES, lambda value, unit: parse_date(value)),
    "stage": lambda value, unit: parse_stage(str(value)).value,
    "kind": lambda value, unit: parse_kind(str(value)).value,
    "jobs": _jobs,
    "land_mu": _land,
}


def parse_cell(field_name: str, value: object, unit: Unit) -> Any:
    return PARSERS.get(field_name, _text)(value, unit)


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    steward: str | None
    funds_in_place: int | None
    problem_text: str | None


def parse_row(
    file: str, number: int, cells: list[object], columns: list[Column], issues: list[Issue]
) -> ParsedRow | None:
    values: dict[str, Any] = {}
    failed = False
    width = len(cells)
    for column in columns:
        raw = cells[column.index] if column.index < width else None
        if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
            continue
        try:
            values[column.field] = column.parse(raw)
        except UserError as error:
            issues.append(Issue(file, number, column.header, str(raw), str(error)))
            failed = True
        except (InvalidOperation, ValueError):
            issues.append(Issue(file, number, column.header, str(raw), "not a number"))
            failed = True
    if not values.get("name"):
        header = next((c.header for c in columns if c.field == "name"), "项目名称")
        issues.append(Issue(file, number, header, "", "required field empty"))
        return None
    try:
        check_date_values(values)
    except UserError as error:
        issues.append(Issue(file, number, "", "", str(error)))
        failed = True
    if failed:
        return None
    values.pop("remark", None)
    return ParsedRow(
        number,
        {k: v for k, v in values.items() if k in PROJECT_FIELDS | {"stage"}},
        values.get("steward"),
        values.get("funds_in_place_yuan"),
        values.get("problem_text"),
    )


# -- writing -----------------------------------------------------------------------------------------------


class Importer:
    def __init__(
        self, store: Store, path: Path, options: ImportOptions, progress: Progress | None
    ) -> None:
        self.store = store
        self.path = path
        self.options = options
        self.progress = progress
        self.summary = ImportSummary(file=path.name)
        self.now = datetime.now(UTC)

    def run(self, sheet: str | None = None) -> ImportSummary:
        if self.options.on_conflict not in ("update", "skip", "error"):
            raise UserError("--on-conflict takes update, skip or error")
        if not self.path.is_file():
            raise UserError(f"no such file: {self.path}")
        sheets = workbook_sheets(self.path)
        ledger_sheet = sheet or next((s for s in sheets if s in ("项目台账", "Ledger")), None)
        with self.store.writing() as session, bulk_cache(session):
            self._import_projects(session, self._rows(ledger_sheet))
            extra = [s for s in sheets if s in DETAIL_SHEETS]
            if not self.summary.errors or self.options.skip_invalid:
                for name in extra:
                    self._import_details(session, name)
            if (self.summary.errors and not self.options.skip_invalid) or self.options.dry_run:
                session.rollback()
            else:
                self.summary.written = True
        return self.summary

    def _rows(self, sheet: str | None) -> Iterator[list[object]]:
        return read_rows(self.path, self.options.encoding, sheet)

    def _import_projects(self, session: Session, rows: Iterator[list[object]]) -> None:
        header_row, columns = find_header(self.path.name, rows)
        if "funds_in_place_yuan" in {c.field for c in columns} and any(
            s in ("月度调度", "Dispatch") for s in workbook_sheets(self.path)
        ):
            columns = [
                c for c in columns if c.field != "funds_in_place_yuan"
            ]  # the months carry it
        file = self.path.name
        seen: dict[str, int] = {}
        batch: list[ParsedRow] = []
        for number, cells in enumerate(rows, header_row + 1):
            if all(_blank(cell) for cell in cells):
                continue
            first = " ".join(str(cell) for cell in cells[:3] if not _blank(cell))
            if any(word in first.lower() for word in TOTAL_WORDS):
                self.summary.total_rows.append(number)
                continue
            self.summary.rows += 1
            issues: list[Issue] = []
            parsed = parse_row(file, number, cells, columns, issues)
            # A code (or, without one, a name) may stand once in a file, valid row or not.
            key_column = next(
                (c for c in columns if c.field == "code" and not _blank(_cell(cells, c))), None
            )
            key_column = key_column or next(c for c in columns if c.field == "name")
            key = str(_cell(cells, key_column) or "").strip()
            if key and key in seen:
                issues.append(
                    Issue(
                        file,
                        number,
                        key_column.header,
                        key,
                        f"duplicate in the file (first on row {seen[key]})",
                    )
                )
                parsed = None
            elif key:
                seen[key] = number
            if parsed:
                warning = code_warning(parsed.values.get("code"))
                if warning:
                    self.summary.warnings.append(
                        Issue(file, number, "code", parsed.values["code"], warning)
                    )
            if issues:
                self.summary.errors.extend(issues)
                self.summary.skipped += 1
            if parsed:
                batch.append(parsed)
            if len(batch) >= BATCH:
                self._write_batch(session, batch)
                batch = []
            if self.progress and self.summary.rows % 1000 == 0:
                self.progress(self.summary.rows)
        self._write_batch(session, batch)

    def _existing(self, session: Session, batch: list[ParsedRow]) -> dict[tuple[str, str], Project]:
        codes = [p.values["code"] for p in batch if p.values.get("code")]
        names = [p.values["name"] for p in batch if not p.values.get("code")]
        found: dict[tuple[str, str], Project] = {}
        if codes:
            query = select(Project).where(Project.code.in_(codes)).with_for_update()  # type: ignore[union-attr]
            for project in session.exec(query).scalars():
                found[("code", project.code or "")] = project
        if names:
            query = select(Project).where(Project.name.in_(names)).with_for_update()  # type: ignore[attr-defined]
            for project in session.exec(query).scalars():
                found.setdefault(("name", project.name), project)
        return found

    def _stewards(self, session: Session, names: set[str]) -> dict[str, int]:
        known = {
            name: sid
            for sid, name in session.execute(
                select(Steward.id, Steward.name).where(Steward.name.in_(names))
            )
        }  # type: ignore[attr-defined]
        for name in names - set(known):
            steward = Steward(name=name)
            session.add(steward)
            session.flush()
            known[name] = steward.id or 0
        return known

    def _write_batch(self, session: Session, batch: list[ParsedRow]) -> None:
        if not batch:
            return
        existing = self._existing(session, batch)
        stewards = self._stewards(session, {p.steward for p in batch if p.steward})
        fresh: list[ParsedRow] = []
        for parsed in batch:
            code = parsed.values.get("code")
            project = existing.get(("code", code) if code else ("name", parsed.values["name"]))
            if project is None:
                fresh.append(parsed)
            elif self.options.on_conflict == "skip":
                self.summary.skipped += 1
            elif self.options.on_conflict == "error":
                self.summary.errors.append(
                    Issue(
                        self.path.name,
                        parsed.number,
                        "code" if code else "name",
                        code or parsed.values["name"],
                        "already in the database",
                    )
                )
                self.summary.skipped += 1
            else:
                self._update(session, project, parsed, stewards)
        self._insert(session, fresh, stewards)

    def _update(
        self, session: Session, project: Project, parsed: ParsedRow, stewards: dict[str, int]
    ) -> None:
        values = dict(parsed.values)
        stated = values.pop("stage", None)
        withdrawn_on, reason = values.pop("withdrawn_on", None), values.pop("withdraw_reason", None)
        try:
            changes = self.store.update_in(
                session,
                project,
                values,
                action="import",
                note=f"{self.path.name} row {parsed.number}",
            )
            # A sheet without a stage column moves a project only forward, as its dates say.
            stage = (
                Stage(stated)
                if stated
                else max(
                    Stage(project.stage),
                    furthest_dated({f: getattr(project, f) for f in STAGE_DATE_FIELDS}),
                    key=STAGES.index,
                )
            )
            if stage.value != project.stage:
                moved = set_stage(project, stage)
                changes += moved
                check_dates(project)
                self.store._refresh_derived(project)
                entered = getattr(project, stage.date_field) or self.store.today
                self.store._log(
                    session,
                    project,
                    "import",
                    moved,
                    effective_on=entered,
                    note=f"{self.path.name} row {parsed.number}",
                )
            if parsed.steward and stewards[parsed.steward] != project.steward_id:
                old = session.get(Steward, project.steward_id) if project.steward_id else None
                project.steward_id = stewards[parsed.steward]
                change = Change("steward", old.name if old else None, parsed.steward)
                changes.append(change)
                self.store._log(session, project, "import", [change])
            if withdrawn_on and not project.withdrawn_on:
                project.withdrawn_on, project.withdraw_reason = withdrawn_on, reason or ""
                self.store._refresh_derived(project)
                changes.append(Change("withdrawn_on", None, withdrawn_on))
                self.store._log(
                    session,
                    project,
                    "import",
                    [changes[-1]],
                    effective_on=withdrawn_on,
                    note=reason or "",
                )
            if (
                parsed.funds_in_place is not None
                and parsed.funds_in_place != project.funds_in_place_yuan
            ):
                changes += self._set_total_funds(session, project, parsed.funds_in_place)
        except UserError as error:
            self.summary.errors.append(Issue(self.path.name, parsed.number, "", "", str(error)))
            self.summary.skipped += 1
            return
        if changes:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1

    def _set_total_funds(self, session: Session, project: Project, total: int) -> list[Change]:
        """The sheet's cumulative funds: this month's record takes the difference."""
        month = self.store.today.replace(day=1)
        record = self.store.month_record(session, project, month)
        this_month = record.funds_in_place_yuan if record else 0
        others = project.funds_in_place_yuan - this_month
        if total < others:
            raise UserError(
                f"funds in place {total} yuan is less than the {others} yuan of earlier months"
            )
        return self.store.set_month_in(
            session,
            project,
            month,
            funds_yuan=total - others,
            completed_yuan=record.investment_completed_yuan if record else 0,
            note=record.note if record else "",
            action="import",
        )

    def _insert(self, session: Session, fresh: list[ParsedRow], stewards: dict[str, int]) -> None:
        """New projects in Core batches: rows, default procedures, stage history."""
        if not fresh:
            return
        today = self.store.today
        rows = []
        for parsed in fresh:
            # Plain dicts, not model objects: building 100,000 SQLModel instances costs more
            # than writing them.
            row = PROJECT_DEFAULTS | {"signed_on": today} | parsed.values
            # no stage column: the furthest stage whose date is given
            row["stage"] = parsed.values.get("stage") or furthest_dated(row).value
            row["deadline"] = current_deadline(row["stage"], row["withdrawn_on"] is not None, row)
            row["search_text"] = search_text(row["name"], row["code"], row["investor"])
            row["steward_id"] = stewards.get(parsed.steward) if parsed.steward else None
            row["funds_in_place_yuan"] = parsed.funds_in_place or 0  # its month record follows
            row["procedures_required"] = len(DEFAULT_PROCEDURES)  # add_default_procedures below
            rows.append(row)
        ids = _insert_projects(session, rows)
        connection = session.connection()
        add_default_procedures(connection, ids)
        history, funds = [], []
        note = f"{self.path.name}"
        for pid, parsed, row in zip(ids, fresh, rows, strict=True):
            last = row["signed_on"]
            for stage in STAGES[: Stage(row["stage"]).index + 1]:
                last = row.get(stage.date_field) or last
                history.append(self._history(pid, last, "stage", stage.value, note))
            if parsed.steward:
                history.append(
                    self._history(pid, row["signed_on"], "steward", parsed.steward, note)
                )
            if parsed.funds_in_place:
                funds.append(
                    {
                        "project_id": pid,
                        "month": today.replace(day=1),
                        "funds_in_place_yuan": parsed.funds_in_place,
                        "investment_completed_yuan": 0,
                        "note": "",
                    }
                )
        bulk_insert(connection, History, history)
        bulk_insert(connection, DispatchRecord, funds)
        problems = [
            {
                "project_id": pid,
                "raised_on": today,
                "category": "",
                "text": parsed.problem_text,
                "owner": "",
                "status": "open",
                "version": 1,
            }
            for pid, parsed in zip(ids, fresh, strict=True)
            if parsed.problem_text
        ]
        bulk_insert(connection, Problem, problems)
        self.summary.added += len(fresh)

    def _history(
        self, pid: int, effective_on: date, field_name: str, value: str, note: str
    ) -> dict[str, Any]:
        return {
            "project_id": pid,
            "at": self.now,
            "effective_on": effective_on,
            "user": self.store.user,
            "action": "import",
            "field": field_name,
            "old_value": None,
            "new_value": value,
            "note": note,
        }

    # -- the export's detail sheets: procedures, monthly records, problems -----------------------------

    def _import_details(self, session: Session, sheet: str) -> None:
        rows = self._rows(sheet)
        kind = DETAIL_SHEETS[sheet]
        header_row = 0
        header: list[str] = []
        for header_row, cells in enumerate(rows, 1):  # noqa: B007  (the header's row number is used below)
            header = [normalise(cell) for cell in cells]
            if normalise("项目名称") in header or "name" in header:
                break
        index = {name: i for i, name in enumerate(header)}
        by_key: dict[tuple[str, str], int] = {}
        for project_id, code, name in session.execute(
            select(Project.id, Project.code, Project.name)
        ):
            by_key[("code", code or "")] = project_id
            by_key.setdefault(("name", name), project_id)
        positions: dict[int, int] = {}
        for number, cells in enumerate(rows, header_row + 1):
            row = DetailRow(index, cells)
            if kind == "steward":
                self._detail_steward(session, row)
                continue
            code, name = row.cell("项目代码", "code"), row.cell("项目名称", "name")
            if name is None or any(word in str(name) for word in TOTAL_WORDS):
                continue
            pid = by_key.get(("code", str(code))) if code else by_key.get(("name", str(name)))
            if pid is None:
                self.summary.errors.append(
                    Issue(
                        f"{self.path.name}/{sheet}",
                        number,
                        "项目代码",
                        str(code or name),
                        "no such project in the ledger sheet",
                    )
                )
                continue
            try:
                getattr(self, f"_detail_{kind}")(session, pid, row, positions)
            except UserError as error:
                self.summary.errors.append(
                    Issue(f"{self.path.name}/{sheet}", number, "", "", str(error))
                )
        if kind == "procedure":
            count_procedures(session, list(positions))

    def _detail_steward(self, session: Session, row: DetailRow) -> None:
        """The responsibility list carries each steward's title and unit."""
        name = row.cell("包抓领导", "steward")
        if name is not None:
            steward = (
                session.exec(select(Steward).where(Steward.name == str(name))).scalars().first()
            )
            if steward is not None:
                steward.title = steward.title or str(row.cell("职务", "title") or "")
                steward.unit = steward.unit or str(row.cell("单位", "unit") or "")

    def _detail_procedure(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        if pid not in positions:  # the sheet lists each project's procedures in full
            session.execute(Procedure.__table__.delete().where(Procedure.project_id == pid))  # type: ignore[attr-defined]
            positions[pid] = 0
        required = str(row.cell("是否必需", "required") or "是").strip().lower() in (
            "是",
            "yes",
            "true",
            "1",
            "y",
        )
        session.add(
            Procedure(
                project_id=pid,
                position=positions[pid],
                name=str(row.cell("手续名称", "procedure")),
                required=required,
                due_on=row.date("办结时限", "due"),
                done_on=row.date("办结日期", "done"),
            )
        )
        positions[pid] += 1

    def _detail_dispatch(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        project = self.store.project_in(session, Project.id == pid)
        assert project is not None
        self.store.set_month_in(
            session,
            project,
            parse_month(row.cell("月份", "month")),
            funds_yuan=row.money("当月到位资金", "Funds in place this month"),
            completed_yuan=row.money("当月完成投资", "Investment completed this month"),
            note=str(row.cell("进展情况", "progress") or ""),
            action="import",
        )

    def _detail_problem(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        if pid not in positions:
            session.execute(Problem.__table__.delete().where(Problem.project_id == pid))  # type: ignore[attr-defined]
            positions[pid] = 0
        status_text = str(row.cell("办理状态", "status") or "open")
        status = next((key for key in PROBLEM_STATUSES if status_text in (key, *WORDS[key])), None)
        if status is None:
            raise UserError(f"unknown problem status {status_text!r}")
        session.add(
            Problem(
                project_id=pid,
                raised_on=row.date("提出日期", "raised on") or self.store.today,
                category=str(row.cell("问题类别", "category") or ""),
                text=str(row.cell("问题内容", "problem") or ""),
                owner=str(row.cell("责任单位", "owner") or ""),
                due_on=row.date("办结时限", "due"),
                status=status,
                resolved_on=row.date("解决日期", "resolved on"),
            )
        )


class DetailRow:
    """One row of a detail sheet, read by header name (Chinese or English)."""

    def __init__(self, index: dict[str, int], cells: list[object]) -> None:
        self.index = index
        self.cells = cells

    def cell(self, *names: str) -> object:
        for name in names:
            position = self.index.get(normalise(name))
            if (
                position is not None
                and position < len(self.cells)
                and not _blank(self.cells[position])
            ):
                return self.cells[position]
        return None

    def date(self, *names: str) -> date | None:
        value = self.cell(*names)
        return None if value is None else parse_date(value)

    def money(self, zh: str, en: str) -> int:
        """An amount whose header names its unit, e.g. 当月到位资金(亿元)."""
        for unit in Unit:
            value = self.cell(f"{zh}({unit.label_zh})", f"{en}({unit.value})")
            if value is not None:
                return parse_amount(value, unit)  # type: ignore[arg-type]
        return 0


def _sqlite_text(value: object) -> object:
    """Dates, times and exact decimals as SQLAlchemy writes them to SQLite."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def bulk_insert(connection: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows at once. On SQLite straight through the driver's executemany: SQLAlchemy's
    per-row parameter processing costs more than the writing for a million rows."""
    if not rows:
        return
    table = model.__table__
    if connection.dialect.name != "sqlite":
        connection.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    converted = {c for c in columns if table.c[c].type.python_type in (date, datetime, Decimal)}
    plain = [c for c in columns if c not in converted]
    order = plain + sorted(converted)
    names = ", ".join(f'"{name}"' for name in order)
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(order))})'
    convert = sorted(converted)
    connection.exec_driver_sql(
        statement,
        [tuple([row[c] for c in plain] + [_sqlite_text(row[c]) for c in convert]) for row in rows],
    )


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """A large page cache while an import updates several indexes per row (SQLite only).
    Set on the pooled driver connection, which outlives the session's rollback or commit."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {before}")


def add_default_procedures(connection: Any, ids: list[int]) -> None:
    """The usual procedure list for each new project, made by the database itself in one
    INSERT ... SELECT: eleven rows a project add up to a million for a large import."""
    table = Procedure.__table__  # type: ignore[attr-defined]
    project = Project.__table__  # type: ignore[attr-defined]
    defaults = union_all(
        *[
            select(literal(position).label("position"), literal(name).label("name"))
            for position, name in enumerate(DEFAULT_PROCEDURES)
        ]
    ).subquery("defaults")
    for start in range(0, len(ids), 900):
        source = (
            select(project.c.id, defaults.c.position, defaults.c.name, true())
            .select_from(project.join(defaults, true()))
            .where(project.c.id.in_(ids[start : start + 900]))
        )
        connection.execute(
            table.insert().from_select(["project_id", "position", "name", "required"], source)
        )


def _insert_projects(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert and return the new ids. SQLite: the write lock is held since BEGIN IMMEDIATE, so
    ids after max(id) are free, and one executemany beats RETURNING, which goes row by row."""
    connection = session.connection()
    table = Project.__table__  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite":
        first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        with indexed_in_bulk(connection, first):
            connection.execute(
                table.insert(), [row | {"id": pid} for pid, row in zip(ids, rows, strict=True)]
            )
        return ids
    returning = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(returning, rows).scalars())


def import_file(
    store: Store,
    path: str | Path,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> ImportSummary:
    return Importer(store, Path(path), options or ImportOptions(), progress).run(sheet)


def write_errors(summary: ImportSummary, path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["file", "row", "column", "value", "reason"])
        for issue in summary.errors:
            writer.writerow([issue.file, issue.row, issue.column, issue.value, issue.reason])
