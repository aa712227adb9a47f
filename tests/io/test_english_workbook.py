"""Every cell of the exported workbook, the bulletin and the CSV ledger shows a word of the
language chosen, never a stored key (red, in_hand, negotiating); and an English workbook read
back by `import` gives the same projects, procedures, months and problems."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store.domain.leads import LeadKind, LeadStage
from store.domain.origins import Origin
from store.domain.supervision import CloseKind, HealthRule, NoticeLevel, NoticeStatus
from store.exporter import ExportOptions, export
from store.io.bulletin import write_bulletin
from store.io.importer import import_file
from store.labels import Lang
from store.procedures import PROBLEM_STATUSES
from store.service import ProjectFilter, Store
from store.stages import Kind, Stage
from store.warnings import WarningLevel

ENUMS = (Stage, Kind, WarningLevel, LeadStage, LeadKind, Origin)
ENUMS += (NoticeLevel, NoticeStatus, CloseKind, HealthRule)
CODES = {member.value for enum in ENUMS for member in enum} | set(PROBLEM_STATUSES)


def sheet_cells(path: Path) -> Iterator[tuple[str, str]]:
    """(sheet, text) of every text cell of a workbook."""
    book = load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from ((sheet.title, v) for v in row if isinstance(v, str))


def codes_shown(cells: Iterator[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(where, text) for where, text in cells if text in CODES}


def column(path: Path, sheet: str, header: str) -> set[object]:
    """The values under a header (row 2, under the title row) of one sheet."""
    rows = load_workbook(path, read_only=True)[sheet].iter_rows(min_row=2, values_only=True)
    position = list(next(rows)).index(header)
    return {row[position] for row in rows} - {None}


def test_the_codes_are_the_registries_keys() -> None:
    assert {"red", "in_hand", "resolved", "negotiating", "summons", "outside_city"} <= CODES


@pytest.mark.parametrize("lang", list(Lang))
def test_no_cell_of_the_workbook_is_a_stored_key(
    demo_store: Store, tmp_path: Path, lang: Lang
) -> None:
    path = export(demo_store, tmp_path / "book.xlsx", ExportOptions(lang=lang))
    assert codes_shown(sheet_cells(path)) == set()


def test_the_english_workbook_shows_its_words(demo_store: Store, tmp_path: Path) -> None:
    path = export(demo_store, tmp_path / "en.xlsx", ExportOptions(lang=Lang.EN))
    assert column(path, "Ledger", "Warning") == {"Red", "Yellow", "Blue"}
    assert column(path, "Ledger", "Kind") == {"New", "Continuing"}
    assert column(path, "Warnings", "Stage") == {"Signed", "Procedures", "Started"}
    assert {"Open", "In hand", "Resolved"} <= column(path, "Problems", "Status")
    assert column(path, "Procedures", "Required") == {"Yes", "No"}
    assert {"Lead", "Assessed", "Negotiating"} <= column(path, "Leads", "Lead stage")
    assert column(path, "Leads", "Kind") == {"Lead", "Reserve"}
    headers = next(load_workbook(path, read_only=True)["Figures"].iter_rows(min_row=2))
    assert {"Signed", "Producing", "Red", "Blue"} <= {cell.value for cell in headers}


def test_the_chinese_year_before_row_says_no_comparison_in_chinese(
    demo_store: Store, tmp_path: Path
) -> None:
    path = export(demo_store, tmp_path / "zh.xlsx")
    change = next(
        row for row in load_workbook(path, read_only=True)["统计"].values if row[0] == "同比"
    )
    assert "无可比" in change and "n/a" not in change


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("by", ["steward", "unit"])
def test_no_cell_of_the_bulletin_is_a_stored_key(
    demo_store: Store, tmp_path: Path, lang: Lang, by: str
) -> None:
    path = write_bulletin(demo_store, tmp_path / "b.xlsx", date(2024, 6, 1), by=by, lang=lang)
    assert codes_shown(sheet_cells(path)) == set()
    if lang is Lang.EN:
        assert {"Summons", "Red"} <= column(path, "Notices", "Level")
        assert "Replied" in column(path, "Notices", "Notice status")


def csv_cells(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.reader(stream):
            yield from (("csv", text) for text in row)


@pytest.mark.parametrize("lang", list(Lang))
def test_no_cell_of_the_csv_ledger_is_a_stored_key(
    demo_store: Store, tmp_path: Path, lang: Lang
) -> None:
    path = export(demo_store, tmp_path / "ledger.csv", ExportOptions(format="csv", lang=lang))
    assert codes_shown(csv_cells(path)) == set()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    if lang is Lang.EN:
        assert {row["Warning"] for row in rows} == {"Red", "Yellow", "Blue", ""}


def test_an_english_workbook_imports_back_whole(
    demo_store: Store, new_store: Callable[..., Store], tmp_path: Path
) -> None:
    options = ExportOptions(lang=Lang.EN, filters=ProjectFilter(include_withdrawn=True))
    workbook = export(demo_store, tmp_path / "en.xlsx", options)
    fresh = new_store()
    summary = import_file(fresh, workbook)
    assert (summary.errors, summary.added) == ([], demo_store.project_count())

    def content(store: Store) -> list[tuple[object, ...]]:
        rows = []
        for row in store.list_projects(ProjectFilter(include_withdrawn=True), sort="name"):
            project = store.project(row.id)
            fields = project.model_dump(exclude={"id", "steward_id", "version", "search_text"})
            procedures = [(p.name, p.required, p.done_on) for p in store.procedures(row.id)]
            problems = [(p.text, p.status, p.resolved_on) for p in store.problems(row.id)]
            rows.append((sorted(fields.items()), procedures, problems))
        return rows

    assert content(fresh) == content(demo_store)
