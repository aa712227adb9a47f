"""The app at its edges: a new database says it is opening before its tables are made, then
how to start; files written from the app are named by their full path, before and after,
and an existing one is replaced only when the officer says so; the bulletin is in the
palette on every screen; the deadlines and supervision tables keep their texts readable
at 80 and 100 columns."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import DataTable, Input, Static

from store.labels import Lang
from store.service import Store
from tests.conftest import open_store
from tests.tui.test_app import fill_form, settle, until
from tests.tui.test_export_progress import start_export
from tests.tui.test_supervision_screen import office
from tests.tui.test_undo_funds import palette_titles
from tui.app import InvestTrackApp
from tui.export import ExportModal
from tui.modals import FormModal
from tui.screens.deadlines import NAME_LEAST, NOTE_LEAST

pytestmark = pytest.mark.sqlite_only
SMALL, MIDDLE = (80, 24), (100, 30)


def hint_text(app: InvestTrackApp) -> str:
    return str(app.screen.query_one("#empty-hint", Static).render())


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_a_new_database_says_it_is_opening_then_how_to_start(
    tmp_path: Path, lang: Lang
) -> None:
    let_open = threading.Event()
    target = str(tmp_path / "new.db")

    def opening() -> Store:  # held until the test has looked at the window
        assert let_open.wait(60)
        return open_store(target)

    app = InvestTrackApp(store=opening, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await until(lambda: bool(hint_text(app)))  # the first refresh, the database not open
        assert app.screen.query_one("#empty-hint", Static).display
        assert not app.screen.query_one("#board").display  # no blank columns meanwhile
        assert ("正在打开数据库" in hint_text(app)) is (lang is Lang.ZH)
        assert ("Opening the database" in hint_text(app)) is (lang is Lang.EN)
        assert not Path(target).exists()  # nothing made yet: the window did not wait for it
        assert not app.check_action("bulletin", ())  # its form would wait for the store
        await pilot.press("g")  # the window answers meanwhile, in the language chosen
        other = Lang.EN if lang is Lang.ZH else Lang.ZH
        await until(lambda: ("Opening the database" in hint_text(app)) is (other is Lang.EN))
        let_open.set()
        await until(lambda: "investtrack demo" in hint_text(app))
        await settle(pilot)
        assert ("还没有项目" in hint_text(app)) is (other is Lang.ZH)
        assert not app.screen.query_one("#board").display
    app.store.close()


async def test_the_export_form_names_the_full_path_and_so_does_the_notice(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "investtrack-20240630.xlsx").write_bytes(b"taken")
    app = InvestTrackApp(store=demo_store, lang=Lang.EN)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        default = app.screen.query_one("#field-path", Input).value
        assert default == str(tmp_path / "investtrack-20240630-2.xlsx")  # not the one taken
        await fill_form(pilot, {"path": "out.xlsx"})  # typed relative: written where shown
        await until(lambda: not isinstance(app.screen, ExportModal | FormModal))
        await settle(pilot)
        written = tmp_path / "out.xlsx"
        assert load_workbook(written, read_only=True).sheetnames
        assert f"Written: {written}" in [notice.message for notice in app.notices]

        modal = await start_export(pilot, written)  # there now: asked, nothing done yet
        await settle(pilot)
        status = str(modal.query_one("#export-status", Static).render())
        assert f"{written} exists" in status
        before = written.stat().st_mtime_ns
        await pilot.press("escape")
        await settle(pilot)
        assert written.stat().st_mtime_ns == before


async def test_the_bulletin_is_in_the_palette_everywhere_and_replaces_only_when_asked(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office(store)
    monkeypatch.chdir(tmp_path)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "Bulletin" in await palette_titles(pilot, "bulletin")  # on the board, no key
        await pilot.press("ctrl+p", *"bulletin")
        await settle(pilot)  # the palette has found it
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        default = app.screen.query_one("#field-path", Input).value
        assert default == str(tmp_path / "bulletin-2024-06.xlsx")
        await fill_form(pilot, {"by": "unit", "path": "bulletin.md"})
        written = tmp_path / "bulletin.md"
        assert "华亭县发改局" in written.read_text("utf-8")
        assert f"Bulletin written: {written}" in [notice.message for notice in app.notices]

        written.write_text("an earlier bulletin", "utf-8")
        await pilot.press("y")
        await settle(pilot)
        titles = await palette_titles(pilot, "bulletin")
        assert titles.count("Bulletin (w)") == 1 and "Bulletin" not in titles  # named once
        await pilot.press("w")
        await settle(pilot)
        await fill_form(pilot, {"by": "unit", "path": str(written)})
        refusal = str(app.screen.query_one("#form-error", Static).render())
        assert f"{written}: the file exists · Ctrl+S again replaces it" in refusal
        assert written.read_text("utf-8") == "an earlier bulletin"
        await pilot.press("ctrl+s")  # the officer says so: replaced
        await settle(pilot)
        assert not isinstance(app.screen, FormModal)
        assert "华亭县发改局" in written.read_text("utf-8")


def column_widths(app: InvestTrackApp, table_id: str) -> dict[str, int]:
    table = app.screen.query_one(table_id, DataTable)
    return {str(column.label): column.get_render_width(table) for column in table.ordered_columns}


@pytest.mark.parametrize("size", [SMALL, MIDDLE], ids=["80x24", "100x30"])
@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_the_deadlines_note_and_name_are_read_in_full_width(
    demo_store: Store, size: tuple[int, int], lang: Lang
) -> None:
    app = InvestTrackApp(store=demo_store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("d")
        await settle(pilot)
        widths = column_widths(app, "#deadlines")
        name, note = ("项目名称", "说明") if lang is Lang.ZH else ("Name", "Note")
        assert widths[note] - 2 >= NOTE_LEAST and widths[name] - 2 >= NAME_LEAST
        headings = list(widths)
        # the note ends inside the screen, beside the scrollbar
        shown = sum(widths[heading] for heading in headings[: headings.index(note) + 1])
        assert shown <= size[0] - 2
        if size == MIDDLE:  # and at 100 columns the steward too
            assert shown + widths[headings[headings.index(note) + 1]] <= size[0] - 2


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_the_supervision_names_end_inside_80_columns(store: Store, lang: Lang) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("y")
        await settle(pilot)
        widths = column_widths(app, "#notices")
        headings = list(widths)
        name = headings.index("项目名称" if lang is Lang.ZH else "Name")
        assert sum(widths[heading] for heading in headings[: name + 1]) <= SMALL[0] - 2
        assert widths[headings[name]] - 2 >= 16
