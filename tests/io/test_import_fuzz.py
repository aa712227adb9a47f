"""Generated sheets against the importer: never a traceback, every bad value named by its
row and column, and exactly the clean rows written."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.io.importer import ImportOptions, import_file
from store.service import Store
from tests.conftest import TODAY

pytestmark = pytest.mark.sqlite_only

# Values nothing should read as a figure, a date, a stage or a count. (-- and NaN are not
# among them: like —, / and 无 they mean an empty cell.)
NASTY = ["abc", "一百", "12..5", "Infinity", "-Infinity", "1e999", "=SUM(A1:A3)", "∞"]
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=30
)


def dated(day: date) -> st.SearchStrategy[Any]:
    return st.sampled_from(
        [
            day.isoformat(),
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}.{day.month}.{day.day}",
            datetime(day.year, day.month, day.day),
        ]
    )


# column header -> (good cells, bad cells)
COLUMNS: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "签约额（万元）": (
        st.decimals(min_value=0, max_value=10**7, places=4).map(str)
        | st.integers(0, 10**7)
        | st.floats(0, 10**7).map(lambda f: round(f, 2)),
        st.sampled_from([*NASTY, "-5", "1e30"]) | st.integers(max_value=-1),
    ),
    "签约日期": (
        DAYS.flatmap(dated),
        st.sampled_from([*NASTY, "2024-13-01", "2024-02-30", "明天", "0000-00-00"]),
    ),
    "当前阶段": (
        st.sampled_from(["签约", "手续", "开工", "投产", "signed", "started", "在建"]),
        st.sampled_from([*NASTY, "未知阶段", "完成"]),
    ),
    "用地(亩)": (
        st.decimals(min_value=0, max_value=10**5, places=2).map(str),
        st.sampled_from([*NASTY, "-3", "多"]),
    ),
    "就业人数": (
        st.integers(0, 10**5),
        st.sampled_from([*NASTY, "-2", "2.5", "很多", str(10**30)]),
    ),
    "进展情况": (TEXT, st.nothing()),
}
HEADERS = ["项目名称", *COLUMNS]


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[list[Any]], set[tuple[int, str]]]:
    """Rows of cells, and which (sheet row, header) cells were made bad."""
    rows, bad = [], set()
    for index in range(draw(st.integers(1, 8))):
        line = index + 2  # the header is row 1
        cells: list[Any] = [f"项目{index}{draw(TEXT)}".strip()]
        for header, (good, wrong) in COLUMNS.items():
            choice = draw(st.sampled_from(["good", "empty", "bad"]))
            if choice == "bad" and not wrong.is_empty:
                cells.append(draw(wrong))
                bad.add((line, header))
            else:
                cells.append(draw(good) if choice == "good" else "")
        rows.append(cells)
    return rows, bad


def write(path: Path, rows: list[list[Any]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows([HEADERS, *rows])
        return path
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, cells in enumerate([HEADERS, *rows]):
        for c, value in enumerate(cells):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, day_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    book.close()
    return path


def test_generated_sheets_never_crash_and_every_bad_cell_is_named(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "fuzz.db"), today=TODAY, user="fuzz")

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sheet=sheets(), suffix=st.sampled_from([".csv", ".xlsx"]))
    def check_one(sheet: tuple[list[list[Any]], set[tuple[int, str]]], suffix: str) -> None:
        rows, bad = sheet
        store.clear()
        path = write(tmp_path / f"sheet{suffix}", rows)
        summary = import_file(store, path, ImportOptions(skip_invalid=True))
        named = {(issue.row, issue.column) for issue in summary.errors}
        assert bad <= named, f"not reported: {sorted(bad - named)}; issues {summary.errors}"
        for issue in summary.errors:
            assert 2 <= issue.row <= len(rows) + 1 and issue.column in {*HEADERS, ""}
            assert issue.file == path.name and issue.reason
        failed_rows = {issue.row for issue in summary.errors}
        assert store.project_count() == len(rows) - len(failed_rows)

    check_one()
