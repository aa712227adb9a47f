"""The app's export: progress while the workbook is written, Esc cancels, `q` quits at once,
and neither leaves a file behind; an existing file is replaced only when the officer says so."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, ProgressBar, Static

from store.io.importer import import_file
from store.labels import Lang
from store.service import Store
from tests.tui.test_app import press_beside, settle, until
from tui.app import InvestTrackApp
from tui.export import ExportModal

pytestmark = pytest.mark.sqlite_only
SIZE = (80, 24)
COUNTIES = ("肃州区", "玉门市", "敦煌市", "瓜州县")
STEWARDS = ("王建国", "李明", "张丽华", "孙晓燕")


def write_projects(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["项目名称", "项目代码", "县市区", "签约日期", "签约额（万元）", "包抓领导"]
        )
        for number in range(1, count + 1):
            writer.writerow(
                [
                    f"酒泉{COUNTIES[number % 4]}储能电池项目{number}",
                    f"2401-62{number % 10000:04d}-04-01-{number:06d}",
                    COUNTIES[number % 4],
                    "2024-01-05",
                    "1,000",
                    STEWARDS[number % 4],
                ]
            )
    return path


@pytest.fixture
def big_store(store: Store, tmp_path: Path) -> Store:
    """Enough projects that the export reports progress (every 1,000) several times."""
    summary = import_file(store, write_projects(tmp_path / "ledger.csv", 3000))
    assert summary.written and summary.added == 3000, summary.errors[:3]
    return store


async def start_export(pilot, target: Path) -> ExportModal:  # type: ignore[no-untyped-def]
    await pilot.press("l")
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    pilot.app.screen.query_one("#field-path", Input).value = str(target)
    await press_beside(pilot, "ctrl+s", lambda: isinstance(pilot.app.screen, ExportModal))
    modal = pilot.app.screen
    assert isinstance(modal, ExportModal)
    return modal


async def test_esc_cancels_an_export_midway_and_leaves_no_file(
    big_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "台账.xlsx"
    app = InvestTrackApp(store=big_store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        modal = await start_export(pilot, target)
        bar = modal.query_one("#export-progress", ProgressBar)
        await until(lambda: (bar.progress or 0) > 0)
        # under way: shown as a share of the whole workbook, not yet at its end
        assert bar.total == 3 * 3000 and 0 < bar.progress < bar.total
        assert "Esc 取消" in str(modal.query_one("#export-status", Static).render())
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, ExportModal))
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert "export cancelled, nothing written" in notices
    assert list(folder.iterdir()) == []  # neither the workbook nor its temporary file


async def test_q_during_an_export_quits_at_once_and_leaves_no_file(
    big_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    app = InvestTrackApp(store=big_store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        modal = await start_export(pilot, folder / "ledger.xlsx")
        bar = modal.query_one("#export-progress", ProgressBar)
        await until(lambda: (bar.progress or 0) > 0)
        assert list(folder.iterdir())  # the temporary file is being written
        await pilot.press("q")
        quit_at = time.monotonic()
    # the worker's thread stops at its next step and takes its temporary file with it
    await until(lambda: not list(folder.iterdir()), seconds=10)
    assert time.monotonic() - quit_at < 10
    assert app.return_code == 0


async def test_an_existing_file_is_replaced_only_when_asked(
    demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"an earlier report")
    app = InvestTrackApp(store=demo_store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        modal = await start_export(pilot, target)
        await settle(pilot)
        assert "已存在" in str(modal.query_one("#export-status", Static).render())
        assert target.read_bytes() == b"an earlier report"  # nothing done yet
        await pilot.press("y")
        await until(lambda: not isinstance(app.screen, ExportModal))
        await settle(pilot)
    assert load_workbook(target, read_only=True).sheetnames[0] == "项目台账"


async def test_an_existing_file_is_left_as_it_was_on_esc(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.xlsx"
    target.write_bytes(b"an earlier report")
    app = InvestTrackApp(store=demo_store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await start_export(pilot, target)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportModal)
    assert target.read_bytes() == b"an earlier report"
    assert [p.name for p in folder.iterdir()] == ["report.xlsx"]
