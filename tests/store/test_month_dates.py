"""Dates known only to the month: shown as 2023-08 wherever a date is shown, and known to the
day again once a day is written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store.db.models import Project
from store.exporter import ExportOptions, export
from store.service import Store


def month_only_project(store: Store) -> int:
    """Started some day in 2023-08, due to produce by the end of 2024-09 (as an import of
    2023年8月 / 2024年9月 leaves them)."""
    project = store.add_project(
        {"name": "君石中药材二期项目", "signed_on": date(2023, 3, 1)},
        steward="王建国",
        create_steward=True,
    )
    store.advance(project.id or 0, date(2023, 5, 1))
    store.advance(project.id or 0, date(2023, 8, 1))
    with store.writing() as session:
        stored = session.get(Project, project.id)
        assert stored is not None
        stored.production_due = date(2024, 9, 30)
        stored.month_dates = "production_due,started_on"
        stored.other_stewards = "李明"
    return project.id or 0


def test_the_ledger_sheet_writes_the_month_and_the_steward_cell_as_written(
    store: Store, tmp_path: Path
) -> None:
    month_only_project(store)
    book = load_workbook(export(store, tmp_path / "report.xlsx"))
    ledger = book["项目台账"]
    names = [cell.value for cell in ledger[2]]
    row = dict(zip(names, [cell.value for cell in ledger[3]], strict=True))
    assert (row["开工日期"], row["计划投产日期"]) == ("2023-08", "2024-09")
    assert row["签约日期"].date() == date(2023, 3, 1)  # known to the day: a date cell
    assert row["包抓领导"] == "王建国、李明"
    export(store, tmp_path / "ledger.json", ExportOptions(format="json"))
    (plain,) = json.loads((tmp_path / "ledger.json").read_text(encoding="utf-8"))
    assert (plain["started_on"], plain["signed_on"]) == ("2023-08", "2023-03-01")


def test_writing_a_day_over_a_month_forgets_the_month(store: Store) -> None:
    pid = month_only_project(store)
    store.update_project(pid, {"production_due": date(2024, 9, 15)})
    assert store.project(pid).month_dates == "started_on"
    store.back(pid, "开工日期核实有误")  # forgets started_on: nothing left to show as a month
    project = store.project(pid)
    assert (project.started_on, project.month_dates) == (None, "")
    store.advance(pid, date(2023, 9, 1))  # entered to the day now
    assert store.project(pid).date_text("started_on") == "2023-09-01"


@pytest.mark.sqlite_only
async def test_the_project_form_shows_the_month_and_a_day_typed_over_it_replaces_it(
    store: Store,
) -> None:
    from textual.widgets import Input

    from tests.tui.test_app import SIZE, settle
    from tui.app import InvestTrackApp
    from tui.screens.project import ProjectScreen

    pid = month_only_project(store)
    app = InvestTrackApp(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        started = app.screen.query_one("#edit-started_on", Input)
        assert started.value == "2023-08"
        assert app.screen.query_one("#edit-signed_on", Input).value == "2023-03-01"
        app.screen.query_one("#edit-progress_note", Input).value = "主体施工"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.project(pid).month_dates == "production_due,started_on"  # untouched
        started.value = "2023-08-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
    project = store.project(pid)
    assert (project.started_on, project.month_dates) == (date(2023, 8, 20), "production_due")
