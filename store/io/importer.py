"""Bulk import of the sheets offices keep: CSV (UTF-8, BOM, UTF-16 or GB18030), .xlsx and .xls.

A sheet is read the way an office writes it. store.io.sheets finds the table under its title
and unit lines and tells project rows from totals, sections, notes and signature lines;
store.domain reads headers, stage words, stewards and dates by their meaning. Then:

- each column fills the field its header means, or the one the office named (--map, or a
  mapping kept in the settings as import.header.<header>); the summary lists every column
  with the field it fills, the unused ones too, by their header text;
- an amount is in the unit its cell states, else its header, else a 单位 line above the
  table, else --unit; a column whose unit is stated nowhere is refused, never guessed;
- the office's own 合计 (and a section's 小计) must equal the sum of the amounts read;
- a section row (一、新建项目 / 二、续建项目) gives the kind of the projects under it; totals,
  sections, notes, signature lines and repeated headers are passed over and reported;
- the store's rules hold for every row: a new project has its signing date, no fact is dated
  after today, a stage and its dates agree, dates are in order. A refusal names the header as
  the sheet writes it, never an internal field name;
- every sheet of a workbook whose header is understood is read; a 汇总 sheet repeating the
  others is checked against them and skipped.

Nothing is written unless every row is good (or --skip-invalid). The whole import is one
transaction, and imports take turns (SQLite's write lock, a PostgreSQL advisory lock), so two
imports of one sheet never add its projects twice; cancelled, it writes nothing. New projects
go in through batched Core inserts.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import func, literal, select, text, true, union_all
from sqlmodel import Session, col

from store.commands.funds import replace_month
from store.commands.history import log_changes
from store.commands.procedures import count_procedures
from store.commands.projects import refresh_derived, update_project
from store.dates import parse_date, parse_month
from store.db.engine import BULK_CACHE_KIB
from store.db.models import (
    DispatchRecord,
    ExactDecimal,
    History,
    Problem,
    Procedure,
    Project,
    Setting,
    Steward,
    month_fields,
    with_month_fields,
)
from store.db.search import indexed_in_bulk
from store.domain import rules
from store.domain.headers import DATE_FIELDS, MONEY_FIELDS, normalise_header
from store.domain.vocabulary import (
    is_placeholder,
)
from store.errors import UserError
from store.io import office_words
from store.io.files import Protected, written_safely
from store.io.rows import (
    Issue,
    ParsedRow,
    ReadBeside,
    ReadHere,
    RowReader,
    RowReading,
    RowResult,
    SheetPlan,
    Totals,
    UnitUnknown,
    amount_text,
    cell_text,
    column_plan,
    field_label,
    is_blank,
    read_amount,
    stated_unit,
    written_places,
)
from store.io.sheets import (
    ColumnReading,
    Rows,
    RowShape,
    Table,
    classify_row,
    find_table,
    read_rows,
    section_kind,
    summary_sheet,
    workbook_sheets,
)
from store.labels import WORDS, Refusal
from store.money import Unit, parse_amount
from store.procedures import DEFAULT_PROCEDURES, PROBLEM_STATUSES
from store.queries.projects import month_record, project_in
from store.service import Store
from store.stages import (
    STAGE_DATE_FIELDS,
    STAGES,
    Change,
    Kind,
    Stage,
    check_date_values,
    check_dates,
    furthest_dated,
    set_stage,
)

Progress = Callable[[int], None]
Cancelled = Callable[[], bool]
TOTAL_WORDS = ("合计", "总计", "小计", "total")
LEDGER_SHEETS = ("项目台账", "Ledger")  # the export's own workbook
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
# From this size on (some 5,000 rows of a ledger) a second process reads the rows: starting
# it costs about half a second, which a smaller file would not win back.
BESIDE_FROM_BYTES = 2_000_000
# pg_advisory_xact_lock's key: imports into one PostgreSQL database take turns.
IMPORT_LOCK = 0x1A7E_57A7
NO_HEADER = "no header row found"  # find_table's refusal: a sheet of notes, not a table

# Words a sheet place's name ends with: a sheet so named (肃州区) is that county's.
PLACE_ENDINGS = ("县", "区", "市", "旗", "州")


def normalise(header: object) -> str:
    """A detail sheet's header as compared with the names the export writes."""
    text = (
        str(header or "").replace("（", "(").replace("）", ")").replace("\n", "").replace("\r", "")
    )
    return re.sub(r"\s+", "", text).lower()


@dataclass(frozen=True)
class ColumnUse:
    """A column of a sheet read: the field it fills (None: unused), the unit of its amounts,
    and what decided the field: the header's words ("header"), --map ("map"), or a mapping
    the office keeps in the database ("saved")."""

    sheet: str
    letter: str
    header: str
    field: str | None
    unit: str | None
    source: str


@dataclass(frozen=True)
class SheetUse:
    """A sheet of the file: "read" or "skipped", its project rows, and why or how."""

    name: str
    status: str
    rows: int
    note: str


@dataclass(frozen=True)
class PassedRow:
    """A row that is not a project (a total, section, note, signature, repeated header)."""

    sheet: str
    row: int
    shape: str
    text: str


@dataclass
class ImportOptions:
    encoding: str | None = None
    on_conflict: str = "update"  # update, skip or error
    skip_invalid: bool = False
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # header as written -> field
    unit: Unit | None = None  # for amounts whose unit the sheet states nowhere
    save_mapping: bool = False  # keep `mapping` for later imports (when the import is written)
    # read rows in a second process while this one writes: None decides by the file's size
    beside: bool | None = None


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
    columns: list[ColumnUse] = field(default_factory=list)
    sheets: list[SheetUse] = field(default_factory=list)
    passed: list[PassedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading the file noticed
    mappings_saved: list[str] = field(default_factory=list)  # settings keys written
    written: bool = False

    @property
    def total_rows(self) -> list[int]:
        """The 合计/小计 rows passed over."""
        return [row.row for row in self.passed if row.shape == RowShape.TOTAL]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "written": self.written,
            "sheets": [asdict(sheet) for sheet in self.sheets],
            "columns": [asdict(column) for column in self.columns],
            "passed": [asdict(row) for row in self.passed],
            "total_rows_skipped": self.total_rows,
            "notes": self.notes,
            "mappings_saved": self.mappings_saved,
            "errors": [asdict(issue) for issue in self.errors],
            "warnings": [asdict(issue) for issue in self.warnings],
        }


class ImportCancelled(UserError):
    """The user stopped the import: the transaction rolls back."""


def _row_text(cells: list[object]) -> str:
    words = " ".join(cell_text(cell) for cell in cells if not is_blank(cell))
    return words if len(words) <= 60 else f"{words[:60]}…"


_SECTION_LEVEL = (
    re.compile(r"^[一二三四五六七八九十]+[、.．]"),
    re.compile(r"^[(（][一二三四五六七八九十]+[)）]"),
)


def section_level(text: str) -> int:
    """How high a section heading stands: 一、 is 0, （一） is 1, anything else 2."""
    plain = "".join(text.split())
    return next((level for level, rule in enumerate(_SECTION_LEVEL) if rule.match(plain)), 2)


# -- one sheet ------------------------------------------------------------------------------------------


@dataclass
class SheetReading:
    """One sheet's table as the import reads it."""

    label: str  # the file (or file/sheet) issues name
    name: str  # the sheet's name ('' for a CSV file)
    table: Table
    columns: list[ColumnReading]  # the columns filling a field
    units: dict[int, Unit | None]  # an amount column's unit, by column index
    headers: dict[str, str]  # field -> the header filling it
    plan: SheetPlan  # what reading its rows needs


# -- writing -----------------------------------------------------------------------------------------------


class Importer:
    def __init__(
        self,
        store: Store,
        path: Path,
        options: ImportOptions,
        progress: Progress | None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.store = store
        self.path = path
        self.options = options
        self.progress = progress
        self.cancelled = cancelled
        self.summary = ImportSummary(file=path.name)
        self.now = datetime.now(UTC)
        self.mapped = {
            normalise_header(header): "" if chosen == office_words.UNUSED else chosen
            for header, chosen in options.mapping.items()
        }
        self.custom: dict[str, str] = {}
        self.saved: dict[str, str] = {}
        self.stage_words: dict[str, Stage] = {}
        self.names_read: set[str] = set()  # the projects the sheets hold (a 汇总 is checked)
        self.row_reading: RowReading | None = None  # made at the first sheet, for them all

    def run(self, sheet: str | None = None) -> ImportSummary:
        if self.options.on_conflict not in ("update", "skip", "error"):
            raise Refusal(
                "--on-conflict 可用 update、skip 或 error",
                "--on-conflict takes update, skip or error",
            )
        for chosen in self.options.mapping.values():
            office_words.mapped_field(chosen)
        if not self.path.is_file():
            raise Refusal(f"没有这个文件：{self.path}", f"no such file: {self.path}")
        names = workbook_sheets(self.path)
        try:
            return self._run(names, sheet)
        finally:
            if self.row_reading is not None:
                self.row_reading.close()

    def _run(self, names: list[str], sheet: str | None) -> ImportSummary:
        with self.store.writing() as session, bulk_cache(session):
            if session.connection().dialect.name == "postgresql":
                # SQLite's writers already take turns (BEGIN IMMEDIATE); on PostgreSQL two
                # imports of one sheet would each find its projects new and add them twice.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
            settings = {s.key: s.value for s in session.execute(select(Setting)).scalars()}
            self.saved = office_words.saved_headers(settings)
            self.custom = self.saved | self.mapped
            self.stage_words = office_words.saved_stages(settings)
            details = self._read_sheets(session, names, sheet)
            self._refuse_unused_mappings()
            if not self.summary.errors or self.options.skip_invalid:
                for name in details:
                    self._stop_if_cancelled()
                    self._import_details(session, name)
            self._stop_if_cancelled()
            if (self.summary.errors and not self.options.skip_invalid) or self.options.dry_run:
                session.rollback()
            else:
                self._save_mapping(session)
                self.summary.written = True
        return self.summary

    def _stop_if_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled("import cancelled, nothing written")

    def _rows(self, sheet: str | None) -> Rows:
        return read_rows(self.path, self.options.encoding, sheet)

    # -- which sheets ---------------------------------------------------------------------------

    def _read_sheets(self, session: Session, names: list[str], chosen: str | None) -> list[str]:
        """Read the project sheets; return the export's detail sheets to read after them."""
        details = [name for name in names if name in DETAIL_SHEETS]
        ledger = chosen or next((name for name in names if name in LEDGER_SHEETS), None)
        if ledger is not None or not names:  # one sheet: named, the export's ledger, or a CSV
            self._read_sheet(session, ledger, self.path.name)
            why = (
                "not named by --sheet" if chosen else "the export's own sheet, made from the others"
            )
            for name in names:
                if name != ledger and name not in DETAIL_SHEETS:
                    self.summary.sheets.append(SheetUse(name, "skipped", 0, why))
            return details
        summaries = [name for name in names if summary_sheet(name)] if len(names) > 1 else []
        read = [
            name
            for name in names
            if name not in summaries and self._try_sheet(session, name, len(names) > 1)
        ]
        for name in summaries:
            if read:
                self._check_summary(name)
            else:  # nothing else holds the projects: the summary sheet is the ledger
                self._try_sheet(session, name, True)
        if not any(use.status == "read" for use in self.summary.sheets):
            raise Refusal(
                f"{self.path.name}：没有一个工作表的表头能读懂（工作表：{'、'.join(names)}）；"
                "请用 --map '<表头>=<字段>' 指明一列，或用 --sheet 只导入一个表",
                f"{self.path.name}: no sheet has a header row it understands "
                f"(sheets: {', '.join(names)}); "
                "name a column with --map '<header>=<field>', or import one with --sheet",
            )
        return []

    def _try_sheet(self, session: Session, name: str, several: bool) -> bool:
        """Read a sheet of a workbook; a sheet without a table is skipped with a note."""
        label = f"{self.path.name}/{name}" if several else self.path.name
        try:
            self._read_sheet(session, name, label)
        except ImportCancelled:
            raise
        except UserError as error:
            if not several:
                raise
            reason = str(error).removeprefix(f"{label}: ")
            if NO_HEADER in reason:
                self.summary.sheets.append(SheetUse(name, "skipped", 0, NO_HEADER))
                return False
            self.summary.errors.append(Issue(label, 0, "", "", reason))
            self.summary.sheets.append(SheetUse(name, "skipped", 0, reason.splitlines()[0]))
            return False
        return True

    def _check_summary(self, name: str) -> None:
        """A 汇总 sheet repeats the others: skipped, once every project on it is on them."""
        label = f"{self.path.name}/{name}"
        rows = self._rows(name)
        try:
            table = find_table(label, rows, self.custom)
        except UserError:
            self.summary.sheets.append(SheetUse(name, "skipped", 0, "summary sheet, no table"))
            return
        column = next((c for c in table.columns if c.field == "name"), None)
        listed, missing = 0, 0
        for cells in rows:
            if column is None or classify_row(cells, table) is not RowShape.PROJECT:
                continue
            listed += 1
            project = cell_text(cells[column.index]) if column.index < len(cells) else ""
            if project and project not in self.names_read:
                missing += 1
                self.summary.errors.append(
                    Issue(
                        label,
                        rows.number,
                        column.header,
                        project,
                        "on this summary sheet but on no other sheet: add it to its own sheet, "
                        f"or import the summary alone with --sheet {name}",
                    )
                )
        note = (
            f"summary sheet: its {listed} projects are on the other sheets"
            if not missing
            else f"summary sheet: {missing} of its {listed} projects are on no other sheet"
        )
        self.summary.sheets.append(SheetUse(name, "skipped", listed, note))

    # -- one sheet --------------------------------------------------------------------------------

    def _reading(self, label: str, name: str | None, rows: Rows) -> SheetReading:
        table = find_table(label, rows, self.custom)
        sheet_name = name or ""
        funds_by_month = any(
            s in ("月度调度", "Dispatch") for s in workbook_sheets(self.path)
        )  # the export's workbook: the months carry the funds
        columns: list[ColumnReading] = []
        units: dict[int, Unit | None] = {}
        headers: dict[str, str] = {}
        for column in table.columns:
            normal = normalise_header(column.header)
            source = (
                "map"
                if self._taught(self.mapped, normal, column)
                else "saved"
                if self._taught(self.saved, normal, column)
                else "header"
            )
            unit = None
            if column.field in MONEY_FIELDS:
                unit = column.unit or table.unit_line or self.options.unit
                units[column.index] = unit
            self.summary.columns.append(
                ColumnUse(
                    sheet_name,
                    column.letter,
                    column.header,
                    column.field,
                    unit.value if unit else None,
                    source,
                )
            )
            if column.field in (None, "skip"):
                continue
            if column.field == "funds_in_place_yuan" and funds_by_month:
                continue
            columns.append(column)
            headers.setdefault(column.field, column.header)
        county = None
        if "county" not in headers and sheet_name.strip().endswith(PLACE_ENDINGS):
            county = sheet_name.strip()
        if table.conflicts:
            raise Refusal(
                "；".join(table.conflicts_zh)
                + "：请用 --map '<表头>=<字段>' 指明用哪一列（或 =unused 不用）",
                "; ".join(table.conflicts)
                + ": say which one is meant with --map '<header>=<field>' (or =unused)",
            )
        plan = SheetPlan(
            label,
            [column_plan(column, units.get(column.index)) for column in columns],
            headers,
            {name: field_label(name) for name in DATE_FIELDS} | headers,
            county,
            self.path.suffix.lower() in (".csv", ".txt"),
        )
        return SheetReading(label, sheet_name, table, columns, units, headers, plan)

    @staticmethod
    def _taught(mappings: dict[str, str], normal: str, column: ColumnReading) -> bool:
        """Whether a mapping decided this column (its key is the header, or the header
        without the unit it states)."""
        return any(
            key == normal or (key in normal and (chosen or None) == column.field)
            for key, chosen in mappings.items()
        )

    def _refuse_unused_mappings(self) -> None:
        used = {normalise_header(c.header) for c in self.summary.columns if c.source == "map"}
        for header in self.options.mapping:
            key = normalise_header(header)
            if not any(key in normal for normal in used):
                shown = ", ".join(dict.fromkeys(c.header for c in self.summary.columns))
                raise Refusal(
                    f"--map {header!r}：读到的表中没有这样的表头（表头：{shown}）",
                    f"--map {header!r}: no sheet read has a column headed so (headers: {shown})",
                )

    def _save_mapping(self, session: Session) -> None:
        if not self.options.save_mapping:
            return
        for header, chosen in self.options.mapping.items():
            key, value = office_words.header_setting(header, chosen)
            session.merge(Setting(key=key, value=value))
            self.summary.mappings_saved.append(f"{key} = {value}")

    def _read_sheet(self, session: Session, name: str | None, label: str) -> None:
        rows = self._rows(name)
        sheet = self._reading(label, name, rows)
        total_rows: list[tuple[int, list[object], int]] = []
        section, kind, kind_level = 0, None, 0
        sections_seen = False
        project_rows = 0
        batch: list[tuple[int, list[object], Kind | None, int]] = []
        reading = self._row_reading()
        reading.begin(sheet.plan)
        for cells in rows:
            number = rows.number
            shape = classify_row(cells, sheet.table)
            if shape is RowShape.BLANK:
                continue
            if shape is not RowShape.PROJECT:
                words = _row_text(cells)
                self.summary.passed.append(PassedRow(sheet.name, number, shape.value, words))
                if shape is RowShape.TOTAL:
                    total_rows.append((number, cells, section))
                elif shape is RowShape.SECTION:
                    section += 1
                    sections_seen = True
                    level = section_level(words)
                    heading_kind = section_kind(words)
                    if heading_kind is not None:
                        kind, kind_level = heading_kind, level
                    elif kind is not None and level <= kind_level:
                        kind = None  # a heading as high as the one that gave the kind ends it
                continue
            project_rows += 1
            self.summary.rows += 1
            batch.append((number, cells, kind, section))
            if len(batch) >= BATCH:
                self._stop_if_cancelled()
                for results in reading.submit(batch):
                    self._write_results(session, results)
                batch = []
            if self.progress and self.summary.rows % 1000 == 0:
                self.progress(self.summary.rows)
        self._stop_if_cancelled()
        for results in reading.submit(batch):
            self._write_results(session, results)
        remaining, end = reading.finish()
        for results in remaining:
            self._stop_if_cancelled()
            self._write_results(session, results)
        self.names_read = end.names_read
        totals, unit_unknown = end.totals, end.unit_unknown
        totals.rows = total_rows
        for index, numbers in unit_unknown.items():
            column = next(c for c in sheet.columns if c.index == index)
            self.summary.errors.append(
                Issue(
                    sheet.label,
                    sheet.table.header_row,
                    column.header,
                    "",
                    f"the unit of its amounts is stated nowhere (not in the cells, the header "
                    f"or a 单位 line above the table): {len(numbers)} rows refused, first row "
                    f"{numbers[0]}; say which with --unit yi|wan|yuan (亿元, 万元, 元)",
                )
            )
        self._check_totals(sheet, totals, sections_seen, unit_unknown)
        self.summary.notes.extend(rows.notes)
        county = sheet.plan.county
        note = f"county from the sheet's name: {county}" if county else ""
        self.summary.sheets.append(SheetUse(sheet.name, "read", project_rows, note))

    def _row_reading(self) -> RowReading:
        """The rows of a large file are read in a second process while this one writes."""
        if self.row_reading is None:
            beside = self.options.beside
            if beside is None:
                beside = self.path.stat().st_size >= BESIDE_FROM_BYTES
            reader = RowReader(self.store.today, self.stage_words)
            self.row_reading = ReadBeside(reader) if beside else ReadHere(reader)
        return self.row_reading

    def _write_results(self, session: Session, results: list[RowResult]) -> None:
        batch: list[ParsedRow] = []
        for result in results:
            self.summary.errors.extend(result.errors)
            self.summary.warnings.extend(result.warnings)
            if result.parsed is None:
                self.summary.skipped += 1
            else:
                batch.append(result.parsed)
        self._write_batch(session, batch)

    def _check_totals(
        self, sheet: SheetReading, totals: Totals, sections: bool, unit_unknown: dict[int, Any]
    ) -> None:
        """The office's 合计 must equal the amounts read; a 小计 its section's (where the sheet
        has sections). An amount is equal when it rounds to the total as the total is written."""
        for number, cells, section in totals.rows:
            first = next((str(cell) for cell in cells if not is_blank(cell)), "")
            subtotal = "小计" in first or first.lower().startswith("sub")
            if subtotal and not sections:
                continue
            counted = totals.sections.get(section, {}) if subtotal else totals.sheet
            for column in sheet.columns:
                if column.field not in MONEY_FIELDS or column.index >= len(cells):
                    continue
                raw = cells[column.index]
                if is_blank(raw) or is_placeholder(raw):
                    continue
                if column.index in totals.unreadable or column.index in unit_unknown:
                    continue  # refused rows are named already; their sum would mislead
                unit = sheet.units.get(column.index)
                try:
                    stated = read_amount(raw, unit)
                except (UserError, UnitUnknown):
                    self.summary.errors.append(
                        Issue(sheet.label, number, column.header, str(raw), "not an amount")
                    )
                    continue
                shown_unit = stated_unit(raw, unit or Unit.YUAN)
                tolerance = shown_unit.factor * Decimal(10) ** -written_places(raw) / 2
                read = counted.get(column.index, 0)
                if abs(stated - read) > tolerance:
                    self.summary.errors.append(
                        Issue(
                            sheet.label,
                            number,
                            column.header,
                            str(raw),
                            f"the rows read add up to {amount_text(read, shown_unit)}; "
                            f"the sheet's {first.strip()} says {amount_text(stated, shown_unit)}",
                        )
                    )

    # -- writing a batch --------------------------------------------------------------------------

    def _existing(self, session: Session, batch: list[ParsedRow]) -> dict[tuple[str, str], Project]:
        codes = [p.values["code"] for p in batch if p.values.get("code")]
        names = [p.values["name"] for p in batch if not p.values.get("code")]
        found: dict[tuple[str, str], Project] = {}
        if codes:
            query = select(Project).where(col(Project.code).in_(codes)).with_for_update()
            for project in session.execute(query).scalars():
                found[("code", project.code or "")] = project
        if names:
            query = select(Project).where(col(Project.name).in_(names)).with_for_update()
            for project in session.execute(query).scalars():
                found.setdefault(("name", project.name), project)
        return found

    def _stewards(self, session: Session, titles: dict[str, str]) -> dict[str, int]:
        """Each steward's id, created when new; a title written with the name is kept on a
        steward who has none."""
        known: dict[str, int] = {}
        for steward in session.execute(
            select(Steward).where(col(Steward.name).in_(titles))
        ).scalars():
            known[steward.name] = steward.id or 0
            if titles[steward.name] and not steward.title:
                steward.title = titles[steward.name]
        for name in titles.keys() - known.keys():
            steward = Steward(name=name, title=titles[name])
            session.add(steward)
            session.flush()
            known[name] = steward.id or 0
        return known

    def _write_batch(self, session: Session, batch: list[ParsedRow]) -> None:
        if not batch:
            return
        existing = self._existing(session, batch)
        titles: dict[str, str] = {}
        for parsed in batch:
            if parsed.steward:
                titles[parsed.steward] = titles.get(parsed.steward) or parsed.steward_title
        stewards = self._stewards(session, titles)
        fresh: list[ParsedRow] = []
        for parsed in batch:
            code = parsed.values.get("code")
            project = existing.get(("code", code) if code else ("name", parsed.values["name"]))
            if project is None:
                if self._signed(parsed) and self._resumes_rightly(parsed):
                    fresh.append(parsed)
            elif self.options.on_conflict == "skip":
                self.summary.skipped += 1
            elif self.options.on_conflict == "error":
                header = parsed.headers["code" if code else "name"]
                self.summary.errors.append(
                    Issue(
                        parsed.label,
                        parsed.number,
                        header,
                        code or parsed.values["name"],
                        "already in the database",
                    )
                )
                self.summary.skipped += 1
            else:
                self._update(session, project, parsed, stewards)
        self._insert(session, fresh, stewards)

    def _signed(self, parsed: ParsedRow) -> bool:
        """A new project is recorded from its signing: a blank signing date is refused, never
        taken as today."""
        if parsed.values.get("signed_on") is not None:
            return True
        header = parsed.headers.get("signed_on")
        reason = (
            "a new project needs its signing date; this row leaves it empty"
            if header
            else "a new project needs its signing date, and no column of the sheet gives it "
            "(签约时间): name one with --map '<header>=signed_on'"
        )
        self.summary.errors.append(Issue(parsed.label, parsed.number, header or "", "", reason))
        self.summary.skipped += 1
        return False

    def _resumes_rightly(self, parsed: ParsedRow) -> bool:
        """A new project's 复工 date is a continuing (续建) one's: a sheet that gives the date
        and no kind is refused, never taken as continuing. (A stored project is judged with
        its stored kind when updated.)"""
        row = parsed.new_row
        broken = rules.resumption(row.get("kind", Kind.NEW.value), row.get("resumed_on"))
        for wrong in broken:
            header = parsed.headers.get("resumed_on", "")
            self.summary.errors.append(
                Issue(parsed.label, parsed.number, header, wrong.value, wrong.reason)
            )
        self.summary.skipped += bool(broken)
        return not broken

    def _update(
        self, session: Session, project: Project, parsed: ParsedRow, stewards: dict[str, int]
    ) -> None:
        values = dict(parsed.values)
        stated = values.pop("stage", None)
        withdrawn_on, reason = values.pop("withdrawn_on", None), values.pop("withdraw_reason", None)
        # A sheet without a stage column moves a project only forward, as its dates say.
        dated = {f: values.get(f, getattr(project, f)) for f in STAGE_DATE_FIELDS}
        stage = (
            Stage(stated)
            if stated
            else max(Stage(project.stage), furthest_dated(dated), key=STAGES.index)
        )
        if parsed.ceiling is not None and stage.index > parsed.ceiling.index:
            stage = parsed.ceiling  # 是否开工 否: not started, whatever was stored
        before = project.month_dates
        precision = with_month_fields(before, set(parsed.month_only), set(parsed.full_dates))
        note = f"{self.path.name} row {parsed.number}"
        actor = self.store.actor
        try:
            self._check_against_stored(project, parsed, values, stage, precision)
            project.month_dates = precision  # dates are compared to the month where so known
            changes = update_project(
                session,
                actor,
                project,
                values,
                action="import",
                note=note,
                reaching=stage,  # the stage the sheet puts it at, set below
            )
            project.month_dates = precision  # update_project forgot it for the dates it wrote
            if stage.value != project.stage:
                moved = set_stage(project, stage)
                changes += moved
                check_dates(project)
                refresh_derived(project)
                entered = getattr(project, stage.date_field) or actor.today
                log_changes(
                    session, actor, project, "import", moved, effective_on=entered, note=note
                )
            if parsed.steward and stewards[parsed.steward] != project.steward_id:
                old = session.get(Steward, project.steward_id) if project.steward_id else None
                project.steward_id = stewards[parsed.steward]
                change = Change("steward", old.name if old else None, parsed.steward)
                changes.append(change)
                log_changes(session, actor, project, "import", [change])
            if parsed.others is not None and parsed.others != project.other_stewards:
                change = Change("other_stewards", project.other_stewards, parsed.others)
                project.other_stewards = parsed.others
                changes.append(change)
                log_changes(session, actor, project, "import", [change], note=note)
            if withdrawn_on and not project.withdrawn_on:
                project.withdrawn_on, project.withdraw_reason = withdrawn_on, reason or ""
                refresh_derived(project)
                changes.append(Change("withdrawn_on", None, withdrawn_on))
                log_changes(
                    session,
                    actor,
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
            project.month_dates = before
            self.summary.errors.append(Issue(parsed.label, parsed.number, "", "", str(error)))
            self.summary.skipped += 1
            return
        if changes:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1

    @staticmethod
    def _check_against_stored(
        project: Project, parsed: ParsedRow, values: dict[str, Any], stage: Stage, precision: str
    ) -> None:
        """The row's dates with the ones already stored, in order (the dates of stages after
        the one the sheet states are forgotten with the move); named as the sheet heads them,
        a stored one as the tool's own sheets do."""
        dates = {name: getattr(project, name) for name in DATE_FIELDS} | {
            name: value for name, value in values.items() if name in DATE_FIELDS
        }
        for later in STAGES[stage.index + 1 :]:
            dates[later.date_field] = None
        names = {
            name: parsed.headers.get(name, field_label(name))
            if name in values
            else f"{field_label(name)} (stored)"
            for name in DATE_FIELDS
        }
        check_date_values(dates, month_fields(precision), names)

    def _set_total_funds(self, session: Session, project: Project, total: int) -> list[Change]:
        """The sheet's cumulative funds: this month's record takes the difference."""
        month = self.store.today.replace(day=1)
        record = month_record(session, project, month)
        this_month = record.funds_in_place_yuan if record else 0
        others = project.funds_in_place_yuan - this_month
        if total < others:
            raise UserError(
                f"funds in place {total} yuan is less than the {others} yuan of earlier months"
            )
        return replace_month(
            session,
            self.store.actor,
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
        # Plain dicts, not model objects: building 100,000 SQLModel instances costs more than
        # writing them. The row reader made them; only the steward's id comes from here.
        rows = [
            parsed.new_row
            | {"steward_id": stewards.get(parsed.steward) if parsed.steward else None}
            for parsed in fresh
        ]
        ids = _insert_projects(session, rows)
        connection = session.connection()
        add_default_procedures(connection, ids)
        history, funds = [], []
        note = f"{self.path.name}"
        for pid, parsed, row in zip(ids, fresh, rows, strict=True):
            for stage, entered in parsed.trail:
                history.append(self._history(pid, entered, "stage", stage.value, note))
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
            select(col(Project.id), col(Project.code), col(Project.name))
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
                session.execute(select(Steward).where(col(Steward.name) == str(name)))
                .scalars()
                .first()
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
        done_on = row.date("办结日期", "done")
        project = session.get(Project, pid)
        signed_on = project.signed_on if project else None
        rules.refuse(rules.procedure_done(done_on, signed_on, self.store.today))
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
                done_on=done_on,
            )
        )
        positions[pid] += 1

    def _detail_dispatch(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        project = project_in(session, col(Project.id) == pid)
        assert project is not None
        replace_month(
            session,
            self.store.actor,
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
        raised_on = row.date("提出日期", "raised on") or self.store.today
        due_on, resolved_on = row.date("办结时限", "due"), row.date("解决日期", "resolved on")
        rules.refuse(rules.problem_dates(raised_on, due_on, resolved_on, self.store.today))
        rules.refuse(rules.problem_status(status, resolved_on))
        session.add(
            Problem(
                project_id=pid,
                raised_on=raised_on,
                category=str(row.cell("问题类别", "category") or ""),
                text=str(row.cell("问题内容", "problem") or ""),
                owner=str(row.cell("责任单位", "owner") or ""),
                due_on=due_on,
                status=status,
                resolved_on=resolved_on,
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
                and not is_blank(self.cells[position])
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
    converted = sorted(
        c
        for c in columns
        if isinstance(table.c[c].type, ExactDecimal)
        or table.c[c].type.python_type in (date, datetime, Decimal)
    )
    plain = [c for c in columns if c not in converted]
    order = plain + converted
    names = ", ".join(f'"{name}"' for name in order)
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(order))})'
    # Each row's tuple is built in C; a ledger repeats few dates, so each is written out once.
    plain_values, converted_values = _values_of(plain), _values_of(converted)
    dates: dict[date, str] = {}

    def as_text(value: object) -> object:
        if type(value) is not date:
            return _sqlite_text(value)
        if value not in dates:
            dates[value] = value.isoformat()
        return dates[value]

    connection.exec_driver_sql(
        statement,
        [plain_values(row) + tuple(map(as_text, converted_values(row))) for row in rows],
    )


def _values_of(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values under these keys, as a tuple however many keys there are."""
    if len(keys) == 1:
        only = keys[0]
        return lambda row: (row[only],)
    return itemgetter(*keys) if keys else (lambda row: ())


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
    INSERT ... SELECT: eleven rows a project add up to a million for a large import. Written
    project by project, so one project's procedures stand together on disk."""
    table = Procedure.__table__  # type: ignore[attr-defined]
    project = Project.__table__  # type: ignore[attr-defined]
    defaults = union_all(
        *[
            select(literal(position).label("position"), literal(name).label("name"))
            for position, name in enumerate(DEFAULT_PROCEDURES)
        ]
    ).subquery("defaults")
    columns = ["project_id", "position", "name", "required"]
    source = (
        select(project.c.id, defaults.c.position, defaults.c.name, true())
        .select_from(project.join(defaults, true()))
        .order_by(project.c.id, defaults.c.position)
    )
    if ids and ids[-1] - ids[0] == len(ids) - 1:  # one run of ids: a range, not a list
        within = project.c.id.between(ids[0], ids[-1])
        connection.execute(table.insert().from_select(columns, source.where(within)))
        return
    for start in range(0, len(ids), 900):  # SQLite takes at most 999 parameters
        chosen = project.c.id.in_(ids[start : start + 900])
        connection.execute(table.insert().from_select(columns, source.where(chosen)))


def _insert_projects(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert and return the new ids. SQLite: the write lock is held since BEGIN IMMEDIATE, so
    ids after max(id) are free, and one executemany beats RETURNING, which goes row by row."""
    connection = session.connection()
    table = Project.__table__  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite":
        first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        with indexed_in_bulk(connection, first):
            bulk_insert(
                connection, Project, [{"id": pid} | row for pid, row in zip(ids, rows, strict=True)]
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
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Import a sheet (or a workbook's sheets). cancelled() is asked between batches: true,
    the import stops, writes nothing and raises ImportCancelled."""
    return Importer(store, Path(path), options or ImportOptions(), progress, cancelled).run(sheet)


def write_errors(
    summary: ImportSummary,
    path: str | Path,
    *,
    overwrite: bool = False,
    protected: Iterable[Protected] = (),
) -> None:
    """The error report as CSV, written as every file is (store.io.files): an existing file
    replaced only with overwrite; the protected ones (the database, the sheet being
    imported) never."""
    with (
        written_safely(path, overwrite=overwrite, protected=protected) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream)
        writer.writerow(["file", "row", "column", "value", "reason"])
        for issue in summary.errors:
            writer.writerow([issue.file, issue.row, issue.column, issue.value, issue.reason])
