"""The import screen's reading and writing: each runs in a thread worker that never touches
widgets; what it finds comes back as a message named for what happened (SheetRead,
SheetImported, ImportRefused), its progress through call_from_thread. And what the screen
shows of it: the tables, the status line, the problem under the cursor in full."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.widgets import ProgressBar, Static, TabbedContent
from textual.worker import Worker, WorkerState, get_current_worker

from store.errors import UserError
from store.labels import Lang, Refusal, pick, said
from tui.host import host_app
from tui.screens.import_summary import (
    PROBLEMS_SHOWN,
    ImportDraft,
    fitted,
    problems,
    summary_tables,
)
from tui.table import FastTable
from tui.widgets.footer import OneLanguageKeys
from tui.words import say

if TYPE_CHECKING:
    from store.io.importer import ImportSummary
    from tui.host import HostApp


@dataclass
class SheetRead(Message):
    """A dry run ended: what the import would do; nothing written."""

    worker: Worker[None]
    summary: ImportSummary


@dataclass
class SheetImported(Message):
    """The import ended: written, or refused over its rows' problems."""

    worker: Worker[None]
    summary: ImportSummary


@dataclass
class ImportRefused(Message):
    """The importer refused the whole sheet, or was cancelled: the refusal, shown in the
    app's language (again after `g`)."""

    worker: Worker[None]
    reason: UserError


class ImportRun(OneLanguageKeys[ImportDraft]):
    """A sheet read (a dry run) or written, and what the screen shows of it; the import
    screen adds the choices and the keys."""

    def __init__(self, draft: ImportDraft | None = None) -> None:
        super().__init__()
        self.draft = draft or ImportDraft()
        self.read_summary: ImportSummary | None = None  # the dry run of self.draft
        self.summary: ImportSummary | None = None  # what the tables show
        self.refusal: UserError | None = None
        self.running: Worker[None] | None = None
        self.writing = False
        self.written = False
        self.rows_read = 0  # while a reading runs

    @property
    def investtrack(self) -> HostApp:
        return host_app(self.app)

    def show_summary(self) -> None:
        lang, summary = self.lang, self.summary
        tabs = self.query_one(TabbedContent)
        for table in summary_tables(summary, lang):
            words = [say(heading, lang) for heading in table.headings]
            shown = self.query_one(f"#import-{table.name}", FastTable)
            shown.set_data(fitted(words, table.rows, table.right), table.rows)
            count = len(problems(summary)) if table.name == "problems" else len(table.rows)
            tabs.get_tab(f"import-{table.name}-tab").label = (
                f"{say(table.name, lang)} {count}" if summary else say(table.name, lang)
            )
        self.show_status()
        self.show_detail()

    def show_status(self) -> None:
        status = self.query_one("#import-status", Static)
        status.set_class(self.refusal is not None, "error")
        text = self._status_text()
        if self.summary is not None and self.running is None and self.summary.noticed:
            # what reading the file noticed
            text += "\n" + "\n".join(pick(note, self.lang) for note in self.summary.noticed)
        status.update(text)

    def _status_text(self) -> str:
        lang = self.lang
        name = Path(self.draft.path).name
        if self.refusal is not None:
            return say("not_imported", lang, reason=said(self.refusal, lang))
        if self.running is not None:
            if self.writing:
                return say("importing", lang, name=name)
            if not self.rows_read:
                return say("reading", lang, name=name)
            return say("reading_rows", lang, name=name, rows=f"{self.rows_read:,}")
        summary = self.summary
        if summary is None:
            return say("import_how", lang)
        counts = {
            "name": name,
            "rows": str(summary.rows),
            "added": str(summary.added),
            "updated": str(summary.updated),
            "unchanged": str(summary.unchanged),
            "skipped": str(summary.skipped),
        }
        if self.written:
            return say("imported", lang, **counts)
        line = say("would_import", lang, **counts)
        errors = len(summary.errors)
        if errors and not self.draft.skip_invalid:
            return line + say("would_refuse", lang, count=str(errors))
        return line + say("ctrl_s_imports", lang)

    def show_detail(self) -> None:
        """Under the tables: the problem under the cursor in full (the table cuts long
        reasons), or how to name the field of the column under the cursor."""
        detail = self.query_one("#import-detail", Static)
        active = self.query_one(TabbedContent).active
        if active == "import-problems-tab":
            found = problems(self.summary)
            row = self.query_one("#import-problems", FastTable).cursor_row
            shown = row < min(len(found), PROBLEMS_SHOWN)
            detail.update(found[row][1].line(self.lang) if shown else "")
        elif active == "import-columns-tab" and self.summary and self.summary.columns:
            detail.update(say("column_hint", self.lang))
        else:
            detail.update("")

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self.show_detail()

    # -- the work, in threads --------------------------------------------------------------------

    def _start(
        self, run: Callable[[ImportDraft], Worker[None]], *, writing: bool, total: int | None
    ) -> None:
        self.writing = writing
        self.written = False
        self.refusal = None
        self.rows_read = 0
        if not writing:
            self.read_summary = None
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True
        self._lock_choices(writing)
        self.running = run(self.draft)
        self.show_status()
        self.refresh_bindings()

    def _ended(self) -> None:
        self.running = None
        self.writing = False
        self.query_one("#import-progress", ProgressBar).display = False
        self._lock_choices(False)
        self.show_summary()
        self.refresh_bindings()

    def _lock_choices(self, locked: bool) -> None:
        """While the sheet is written its file and options stay as they were read."""
        for selector in ("#import-path", "#on-conflict", "#skip-invalid", "#unit"):
            self.query_one(selector).disabled = locked

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _read(self, draft: ImportDraft) -> None:
        self._run(draft, dry_run=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _write(self, draft: ImportDraft) -> None:
        self._run(draft, dry_run=False)

    def _run(self, draft: ImportDraft, *, dry_run: bool) -> None:
        from store.io.importer import import_file

        worker: Worker[None] = get_current_worker()
        store = self.investtrack.store

        def progress(rows: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progressed, worker, rows)

        try:
            summary = import_file(
                store,
                os.path.expanduser(draft.path),
                draft.options(dry_run=dry_run),
                progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except UserError as error:
            self.post_message(ImportRefused(worker, error))
            return
        if dry_run:
            self.post_message(SheetRead(worker, summary))
            return
        store.changes.changed()  # our own commit: screens reload when shown again
        self.post_message(SheetImported(worker, summary))

    def _progressed(self, worker: Worker[None], rows: int) -> None:
        if worker is self.running and not worker.is_cancelled:
            self.query_one("#import-progress", ProgressBar).update(progress=rows)
            if not self.writing:  # a reading's length is not known: its rows are counted
                self.rows_read = rows
                self.show_status()

    @on(SheetRead)
    def sheet_read(self, message: SheetRead) -> None:
        if message.worker is self.running:
            self.read_summary = self.summary = message.summary
            self._ended()

    @on(SheetImported)
    def sheet_imported(self, message: SheetImported) -> None:
        if message.worker is not self.running:
            return
        summary = self.summary = message.summary
        self.written = summary.written
        if summary.written:
            self.read_summary = None
        else:  # its rows' problems refused it: they are in the problems table
            count = len(summary.errors)
            self.read_summary = summary
            self.refusal = Refusal(
                *(say("import_refused", lang, count=str(count)) for lang in (Lang.ZH, Lang.EN))
            )
        self._ended()
        if summary.written:
            self.notify(self._status_text(), timeout=8, markup=False)

    @on(ImportRefused)
    def import_refused(self, message: ImportRefused) -> None:
        if message.worker is not self.running:
            return
        self.refusal = message.reason
        if not self.writing:  # the sheet could not be read: there is nothing to confirm
            self.read_summary = self.summary = None
        self._ended()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed unexpectedly: the app reports it, and the screen is free again."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.investtrack.worker_failed(event.worker.error)
            if event.worker is self.running:
                self._ended()
