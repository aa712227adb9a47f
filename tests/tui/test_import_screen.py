"""The import screen driven with Pilot over real sheets and a real database: the dry run's
column map, the rows passed over and the problems, then the import confirmed, cancelled or
refused. At 80x24 and 160x45."""

from __future__ import annotations

import asyncio
import csv
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from textual.widgets import (
    Input,
    OptionList,
    ProgressBar,
    Select,
    Static,
    Switch,
    TabbedContent,
)

from store.io import importer
from store.labels import Lang
from store.service import ProjectFilter, Store
from tests.conftest import TODAY
from tests.tui.test_app import press_beside, settle, until
from tui.app import InvestTrackApp
from tui.screens.import_ import ImportScreen
from tui.table import FastTable

pytestmark = pytest.mark.sqlite_only
SIZES = [(80, 24), (160, 45)]
COUNTIES = ("肃州区", "玉门市", "敦煌市", "瓜州县")


def write_office_workbook(path: Path) -> Path:
    """A county office's sheet: a title, a unit line, a numbering column, a 合计 row, a note
    under the table and a column nobody imports."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    sheet.append(["2024年招商引资项目调度台账"])
    sheet.append(["单位：万元"])
    sheet.append(
        ["序号", "项目名称", "项目代码", "所属县区", "签约时间", "签约额", "项目进展", "填报人意见"]
    )
    sheet.append(
        [
            "1",
            "酒泉南都电源储能项目",
            "2401-620902-04-01-123456",
            "肃州区",
            "2024-01-05",
            30000,
            "签约",
            "无",
        ]
    )
    sheet.append(
        [
            "2",
            "甘肃巨化新材料项目",
            "2401-620981-04-01-654321",
            "玉门市",
            "2024-02-01",
            52000,
            "签约",
            "",
        ]
    )
    sheet.append(["合计", "", "", "", "", 82000, "", ""])
    sheet.append(["注：金额单位为万元"])
    book.save(path)
    return path


def write_projects(path: Path, count: int, *, bad_rows: dict[int, str] | None = None) -> Path:
    """A CSV ledger of keys and amounts; bad_rows puts a signing date that is no date on rows."""
    bad_rows = bad_rows or {}
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["项目名称", "项目代码", "县市区", "签约日期", "签约额（万元）"])
        for number in range(1, count + 1):
            writer.writerow(
                [
                    f"酒泉{COUNTIES[number % 4]}储能电池项目{number}",
                    f"2401-62{number % 10000:04d}-04-01-{number:06d}",
                    COUNTIES[number % 4],
                    bad_rows.get(number, "2024-01-05"),
                    "1,000",
                ]
            )
    return path


def table(app: InvestTrackApp, name: str) -> list[list[str]]:
    view = app.screen.query_one(f"#import-{name}", FastTable)
    return [[view.cell_text(r, c) for c in range(len(view.columns))] for r in range(view.row_count)]


def status(app: InvestTrackApp) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


async def open_and_read(pilot, path: Path) -> ImportScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return screen


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
async def test_read_first_then_confirm_writes_and_the_board_shows_it(
    store: Store, tmp_path: Path, size: tuple[int, int]
) -> None:
    sheet = write_office_workbook(tmp_path / "台账.xlsx")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=size) as pilot:
        screen = await open_and_read(pilot, sheet)
        columns = {row[2]: row for row in table(app, "columns")}
        # each column by its header as written, the field it fills in Chinese, or unused
        assert columns["所属县区"][3] == "县市区"
        assert columns["签约额"][3] == "签约额" and columns["签约额"][4] == "万元"
        assert columns["项目进展"][3] == "阶段"
        assert columns["填报人意见"][3] == "未使用"
        passed = table(app, "passed")
        assert any("合计" in row[3] for row in passed) and any("注" in row[3] for row in passed)
        assert table(app, "problems") == []
        assert "2 行" in status(app) and "将新增 2" in status(app)
        assert store.count_projects(ProjectFilter()) == 0  # read, not written

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已导入" in status(app), status(app)
        assert store.count_projects(ProjectFilter()) == 2
        project = store.project("2401-620981-04-01-654321")
        assert (project.county, project.signed_amount_yuan) == ("玉门市", 52000 * 10**4)
        assert screen.check_action("confirm", ()) is None  # written: not again

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        head = app.screen.query_one("#head-signed", Static)
        assert str(head.render()).splitlines()[0] == "签约 2"  # the board reloaded


async def test_row_problems_are_listed_and_skipping_them_writes_the_rest(
    store: Store, tmp_path: Path
) -> None:
    sheet = write_projects(tmp_path / "ledger.csv", 5, bad_rows={3: "年底"})
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        # a CSV file has no sheets: its columns start with the letter
        assert table(app, "columns")[0] == ["A", "项目名称", "项目名称", "", "表头"]
        problems = table(app, "problems")
        assert len(problems) == 1
        kind, row, header, value, reason = problems[0]
        assert (kind, row, header, value) == ("错误", "4", "签约日期", "年底")  # file row 4
        assert reason
        assert "Enter" in str(screen.query_one("#import-detail", Static).render())
        screen.query_one(TabbedContent).active = "import-problems-tab"
        await pilot.pause()
        detail = str(screen.query_one("#import-detail", Static).render())
        assert "年底" in detail and "4" in detail  # the whole line, whatever the width
        assert screen.check_action("confirm", ()) is None  # nothing would be written
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.count_projects(ProjectFilter()) == 0

        screen.query_one("#skip-invalid", Switch).value = True
        await settle(pilot)
        assert screen.check_action("confirm", ()) is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.count_projects(ProjectFilter()) == 4
        assert "跳过 1" in status(app), status(app)


async def test_cancel_midway_writes_nothing(store: Store, tmp_path: Path) -> None:
    sheet = write_projects(tmp_path / "ledger.csv", 8000)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        assert "8000 rows" in status(app), status(app)
        bar = screen.query_one("#import-progress", ProgressBar)
        await press_beside(pilot, "ctrl+s", lambda: bar.total == 8000 and bar.progress > 0)
        assert bar.progress < 8000  # under way: the rows are being written
        assert screen.check_action("leave", ()) is False  # Esc cancels now, it does not leave
        await pilot.press("escape")
        await until(lambda: screen.running is None)
        await settle(pilot)
        assert "cancelled" in status(app), status(app)
        assert isinstance(app.screen, ImportScreen)
        assert screen.query_one("#import-path", Input).value == str(sheet)  # kept
    assert store.count_projects(ProjectFilter()) == 0


async def test_q_during_an_import_quits_at_once_and_writes_all_or_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = write_projects(tmp_path / "ledger.csv", 8000)
    written = importer.import_file
    ended = threading.Event()  # the writing import returned or raised, in its thread
    outcome: list[object] = []

    def import_file(*args: Any, **kwargs: Any) -> importer.ImportSummary:
        writing = not args[2].dry_run
        try:
            summary = written(*args, **kwargs)
            outcome.append(summary)
            return summary
        except BaseException as error:
            outcome.append(error)
            raise
        finally:
            if writing:
                ended.set()

    monkeypatch.setattr(importer, "import_file", import_file)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        bar = screen.query_one("#import-progress", ProgressBar)
        await press_beside(pilot, "ctrl+s", lambda: bar.total == 8000 and bar.progress > 0)
        assert 0 < (bar.progress or 0) < 8000  # under way: the rows are being written
        quit_at = time.monotonic()
        await press_beside(pilot, "q", lambda: app._exit)  # Textual sets it as it begins to end
    assert time.monotonic() - quit_at < 5  # the app ends without waiting for the rows
    assert app.return_code == 0 and app.error_line is None
    # the import's thread stops at its next batch and rolls its transaction back
    assert await asyncio.to_thread(ended.wait, 30)
    assert isinstance(outcome[-1], importer.ImportCancelled), outcome[-1]
    assert store.count_projects(ProjectFilter()) == 0  # nothing half written
    store.add_project({"name": "导入之后的项目", "signed_on": TODAY})  # the database is free


async def test_a_refused_sheet_keeps_its_reasons_and_the_typing(
    store: Store, tmp_path: Path, db: str
) -> None:
    sheet = write_projects(tmp_path / "ledger.csv", 3)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        conflict = screen.query_one("#on-conflict", Select)
        conflict.value = "error"
        await settle(pilot)
        assert screen.check_action("confirm", ()) is True
        # meanwhile another officer adds one of the sheet's projects
        other = Store.open(db, today=TODAY, user="李科员")
        other.add_project(
            {
                "name": "酒泉玉门市储能电池项目1",
                "code": "2401-620001-04-01-000001",
                "signed_on": TODAY,
            }
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "未导入" in status(app), status(app)
        assert any("2401-620001-04-01-000001" in " ".join(row) for row in table(app, "problems"))
        assert screen.query_one("#import-path", Input).value == str(sheet)
        assert conflict.value == "error"
    assert store.count_projects(ProjectFilter()) == 1  # only the other officer's


async def test_a_sheet_without_a_header_is_refused_on_screen(store: Store, tmp_path: Path) -> None:
    sheet = tmp_path / "notes.csv"
    sheet.write_text("会议纪要\n今天讨论了三个项目\n", encoding="utf-8")
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        assert "Not imported" in status(app) and "notes.csv" in status(app), status(app)
        assert screen.query_one("#import-status", Static).has_class("error")
        assert screen.check_action("confirm", ()) is None
        assert table(app, "columns") == []


async def test_english_labels_and_the_typing_kept_when_the_screen_closes(
    store: Store, tmp_path: Path
) -> None:
    sheet = write_office_workbook(tmp_path / "ledger.xlsx")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_and_read(pilot, sheet)
        app.screen.query_one(FastTable).focus()
        await pilot.press("g")
        await settle(pilot)
        columns = {row[2]: row[3] for row in table(app, "columns")}
        assert columns["所属县区"] == "County" and columns["填报人意见"] == "unused"
        shown = app.screen.query_one("#on-conflict", Select).query_one("#label", Static)
        assert str(shown.render()) == "update"  # the choice's words follow the language too
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert app.screen.query_one("#import-path", Input).value == str(sheet)
        assert table(app, "columns")  # read again on opening


async def test_the_palette_opens_the_import_screen(store: Store) -> None:
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"import")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert app.check_action("import_sheet", ()) is False  # not a second one over it


async def test_what_reading_noticed_is_said_under_the_counts(store: Store, tmp_path: Path) -> None:
    sheet = tmp_path / "mixed.csv"
    header = "项目名称,项目代码,签约日期,签约额（万元）\n".encode()
    first = "酒泉南都电源储能项目,2401-620902-04-01-123456,2024-01-05,1000\n".encode()
    second = "甘肃巨化新材料项目,2401-620981-04-01-654321,2024-01-05,1000\n".encode("gb18030")
    sheet.write_bytes(header + first + second)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_and_read(pilot, sheet)
        assert "mixes encodings" in status(app), status(app)
        assert "2 rows" in status(app)


async def test_the_path_completes_to_folders_and_sheets_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.import_ import SheetPathSuggester

    (tmp_path / "台账").mkdir()
    (tmp_path / "台账" / "2024年台账.xlsx").write_bytes(b"")
    (tmp_path / "台账说明.docx").write_bytes(b"")
    (tmp_path / "ledger.CSV").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    suggest = SheetPathSuggester().get_suggestion
    assert await suggest("台") == "台账/"  # the Word file is no sheet
    assert await suggest("台账/2") == "台账/2024年台账.xlsx"
    assert await suggest("led") == "ledger.CSV"
    assert await suggest(f"{tmp_path}/l") == f"{tmp_path}/ledger.CSV"
    assert await suggest("nothing") is None


async def test_a_column_named_by_hand_fills_that_field(store: Store, tmp_path: Path) -> None:
    sheet = tmp_path / "ledger.csv"
    sheet.write_text(
        "项目名称,项目代码,签约日期,挂点领导\n"
        "酒泉南都电源储能项目,2401-620902-04-01-123456,2024-01-05,王建国\n",
        encoding="utf-8",
    )
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_and_read(pilot, sheet)
        columns = table(app, "columns")
        assert columns[3][:3] == ["D", "挂点领导", "未使用"]
        view = screen.query_one("#import-columns", FastTable)
        view.focus()
        view.cursor_row = 3
        await pilot.press("enter")
        await pilot.pause()
        picker = app.screen.query_one(OptionList)
        options = [picker.get_option_at_index(i) for i in range(picker.option_count)]
        words = {option.id: str(option.prompt) for option in options}
        assert words["unused"] == "未使用" and picker.highlighted == 0  # unused, as it was
        assert (words["kind"], words["stage"], words["is_started"]) == ("类型", "阶段", "是否开工")
        picker.highlighted = next(
            index
            for index in range(picker.option_count)
            if picker.get_option_at_index(index).id == "steward"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert table(app, "columns")[3] == ["D", "挂点领导", "包抓领导", "", "指定"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [row.steward for row in store.list_projects()] == ["王建国"]
