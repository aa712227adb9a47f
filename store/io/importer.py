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

The parts, one module each: the shared state and summary (import_state), the sheets and their
rows read (import_sheets), the totals checked (import_totals), new projects written
(import_writing, bulk) and stored ones updated (import_updates), and the export's detail
sheets read back (import_details). Importer composes them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select, text

from store.db.models import Setting
from store.io import office_words
from store.io.beside import ReadBeside
from store.io.bulk import IndexesAside, bulk_cache, collector_paused
from store.io.files import Protected, written_safely
from store.io.import_details import DetailReader
from store.io.import_sheets import SheetReader
from store.io.import_state import (
    IMPORT_LOCK,
    Cancelled,
    ColumnUse,
    ImportCancelled,
    ImportOptions,
    ImportSummary,
    PassedRow,
    Progress,
    SheetUse,
)
from store.io.rows import Issue, read_amount
from store.io.sheets import workbook_sheets
from store.labels import Lang, Refusal, pick
from store.service import Store

# Re-exported: the front ends and tests import these from here.
__all__ = [
    "ColumnUse",
    "ImportCancelled",
    "ImportOptions",
    "ImportSummary",
    "Importer",
    "Issue",
    "PassedRow",
    "SheetUse",
    "import_file",
    "read_amount",
    "write_errors",
]


class Importer(SheetReader, DetailReader):
    """One import: its sheets read and written in one transaction."""

    def run(self, sheet: str | None = None) -> ImportSummary:
        try:
            return self._run(sheet)
        finally:
            for reading in (self.row_reading, self.started):
                if reading is not None:
                    reading.close()

    def _run(self, sheet: str | None) -> ImportSummary:
        if self.options.on_conflict not in ("update", "skip", "error"):
            raise Refusal(
                "--on-conflict 可用 update、skip 或 error",
                "--on-conflict takes update, skip or error",
            )
        for chosen in self.options.mapping.values():
            office_words.mapped_field(chosen)
        self._refuse_saving_letters()
        if not self.path.is_file():
            raise Refusal(f"没有这个文件：{self.path}", f"no such file: {self.path}")
        return self._import(workbook_sheets(self.path), sheet)

    def _import(self, names: list[str], sheet: str | None) -> ImportSummary:
        with collector_paused(), self.store.writing() as session, bulk_cache(session):
            if session.connection().dialect.name == "postgresql":
                # SQLite's writers already take turns (BEGIN IMMEDIATE); on PostgreSQL two
                # imports of one sheet would each find its projects new and add them twice.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
            aside = IndexesAside(session)
            aside.set_aside()
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
                aside.restore()
                self._save_mapping(session)
                self.summary.written = True
        return self.summary


def import_file(
    store: Store,
    path: str | Path,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    cancelled: Cancelled | None = None,
    started: ReadBeside | None = None,
) -> ImportSummary:
    """Import a sheet (or a workbook's sheets). cancelled() is asked between batches: true,
    the import stops, writes nothing and raises ImportCancelled. started: a reading process
    started ahead for this file (store.io.beside.started_for), used or closed."""
    importer = Importer(store, Path(path), options or ImportOptions(), progress, cancelled, started)
    return importer.run(sheet)


# The error report's headings: (Chinese, English).
ERROR_HEADINGS = (
    ("文件", "file"),
    ("行", "row"),
    ("列", "column"),
    ("值", "value"),
    ("原因", "reason"),
)


def write_errors(
    summary: ImportSummary,
    path: str | Path,
    *,
    lang: Lang = Lang.EN,
    overwrite: bool = False,
    protected: Iterable[Protected] = (),
) -> None:
    """The error report as CSV in the language, written as every file is (store.io.files):
    an existing file replaced only with overwrite; the protected ones (the database, the
    sheet being imported) never."""
    with (
        written_safely(path, overwrite=overwrite, protected=protected) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream)
        writer.writerow([pick(heading, lang) for heading in ERROR_HEADINGS])
        for issue in summary.errors:
            writer.writerow([issue.file, issue.row, issue.column, issue.value, issue.said(lang)])
