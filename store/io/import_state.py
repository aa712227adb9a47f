"""What an import is told (its options), what it reports (its summary), and what it knows
as it reads: the state every part of the import shares."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.domain.headers import normalise_header
from store.io import office_words
from store.io.beside import ReadBeside
from store.io.rows import Issue, RowReading, SheetPlan, cell_text, is_blank
from store.io.sheets import ColumnReading, Note, Rows, RowShape, Table, column_index, read_rows
from store.labels import Lang, Refusal
from store.money import Unit
from store.service import Store
from store.stages import Stage

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
# pg_advisory_xact_lock's key: imports into one PostgreSQL database take turns.
IMPORT_LOCK = 0x1A7E_57A7
NO_HEADER = "no header row found"  # find_table's refusal: a sheet of notes, not a table
NO_HEADER_NOTE = ("找不到表头", NO_HEADER)

# Words a sheet place's name ends with: a sheet so named (肃州区) is that county's.
PLACE_ENDINGS = ("县", "区", "市", "旗", "州")


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
    """A sheet of the file: "read" or "skipped", its project rows, and why or how, in
    English and in Chinese (note_zh)."""

    name: str
    status: str
    rows: int
    note: str
    note_zh: str

    @classmethod
    def noted(cls, name: str, status: str, rows: int, note: Note) -> SheetUse:
        """A sheet with a note worded as a (Chinese, English) pair."""
        return cls(name, status, rows, note[1], note[0])

    def said(self, lang: Lang) -> str:
        """The note in the language."""
        return self.note_zh if lang is Lang.ZH else self.note


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
    # header as written, or a column's letters (F), -> field
    mapping: dict[str, str] = field(default_factory=dict)
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
    noticed: list[Note] = field(default_factory=list)  # what reading the file noticed
    mappings_saved: list[str] = field(default_factory=list)  # settings keys written
    written: bool = False

    @property
    def notes(self) -> list[str]:
        return [english for _, english in self.noticed]

    @property
    def notes_zh(self) -> list[str]:
        return [chinese for chinese, _ in self.noticed]

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
            "notes_zh": self.notes_zh,
            "mappings_saved": self.mappings_saved,
            "errors": [asdict(issue) for issue in self.errors],
            "warnings": [asdict(issue) for issue in self.warnings],
        }


class ImportCancelled(Refusal):
    """The user stopped the import: the transaction rolls back."""


def row_text(cells: list[object]) -> str:
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


class ImportState:
    """The import under way: the store, the file, the options, and the summary it fills."""

    def __init__(
        self,
        store: Store,
        path: Path,
        options: ImportOptions,
        progress: Progress | None,
        cancelled: Cancelled | None = None,
        started: ReadBeside | None = None,
    ) -> None:
        self.store = store
        self.started = started  # a reading process started ahead (store.io.beside.started_for)
        self.path = path
        self.options = options
        self.progress = progress
        self.cancelled = cancelled
        self.summary = ImportSummary(file=path.name)
        self.now = datetime.now(UTC)
        # --map's columns named by header (normalised) and by letter (their index)
        self.mapped: dict[str, str] = {}
        self.lettered: dict[int, str] = {}
        for named, chosen in options.mapping.items():
            field_name = "" if chosen == office_words.UNUSED else chosen
            index = column_index(named)
            if index is None:
                self.mapped[normalise_header(named)] = field_name
            else:
                self.lettered[index] = field_name
        self.custom: dict[str, str] = {}
        self.saved: dict[str, str] = {}
        self.stage_words: dict[str, Stage] = {}
        self.names_read: set[str] = set()  # the projects the sheets hold (a 汇总 is checked)
        self.row_reading: RowReading | None = None  # made at the first sheet, for them all

    def _stop_if_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled("已取消导入，未写入任何数据", "import cancelled, nothing written")

    def _rows(self, sheet: str | None) -> Rows:
        return read_rows(self.path, self.options.encoding, sheet)
