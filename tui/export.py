"""The export key: the rows a list shows written to an .xlsx file in a thread worker, with a
progress bar; Esc cancels and `q` quits at once, and either way no file is left behind (the
exporter writes under a temporary name and stops when asked). And the supervision bulletin,
written from its form. Either file is named by its full path, in the form and the notice."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from store.errors import UserError
from store.labels import Lang, Refusal, said
from tui.host import host_app
from tui.modals import FormField, FormModal
from tui.widgets.footer import KeyFooter, OneLanguageKeys
from tui.words import labelled, say

if TYPE_CHECKING:
    from store.service import ProjectFilter, Store
    from tui.host import HostApp


def free_name(folder: Path, stem: str, suffix: str = ".xlsx") -> str:
    """A file name not yet taken in the folder: stem.xlsx, else stem-2.xlsx, stem-3.xlsx ..."""
    name, number = f"{stem}{suffix}", 1
    while (folder / name).exists():
        number += 1
        name = f"{stem}-{number}{suffix}"
    return name


def absolute(text: str) -> Path:
    """A file named in a form, as the full path the officer is told it was written to."""
    return Path(os.path.abspath(os.path.expanduser(text)))


def file_field(label: str, stem: str) -> FormField:
    """A form's file: by default a name not yet taken in the folder the app was started in,
    shown as a full path, so the officer sees where it will be written before saving."""
    folder = Path.cwd()
    return FormField("path", label, str(folder / free_name(folder, stem)), absolute, True)


def ask_export(app: HostApp, filters: ProjectFilter) -> None:
    lang = app.lang

    def chosen(values: dict[str, object] | None) -> None:
        if values:
            target = values["path"]  # made a full path by the form's field
            assert isinstance(target, Path)
            app.push_screen(ExportModal(target, filters), written)

    def written(path: Path | None) -> None:
        if path is not None:
            notice = labelled(say("exported", app.lang), str(path), app.lang)
            app.notify(notice, timeout=8, markup=False)

    path = file_field(say("file", lang), f"investtrack-{app.store.today:%Y%m%d}")
    app.push_screen(FormModal(say("export_to_excel", lang), [path]), chosen)


def ask_bulletin(app: HostApp) -> None:
    """The month's supervision bulletin written to a file named here (.xlsx or .md). A file
    already there is refused inside the form, and replaced when Ctrl+S is pressed again."""
    from store.dates import parse_month
    from tui.moves import ask_and_write

    lang = app.lang
    month = f"{app.store.today:%Y-%m}"
    fields = [
        FormField("month", say("month", lang), month, parse_month, required=True),
        FormField(
            "by",
            say("bulletin_by", lang),
            "steward",
            required=True,
            choices=((say("steward", lang), "steward"), (say("responsible_unit", lang), "unit")),
        ),
        file_field(say("file", lang), f"bulletin-{month}"),
    ]
    replace_asked: set[Path] = set()  # files the officer was told are there

    def write(store: Store, values: dict[str, Any]) -> object:
        from store.io.bulletin import write_bulletin

        path: Path = values["path"]
        if path not in replace_asked and os.path.lexists(path):
            replace_asked.add(path)
            words = "file_exists_save_again"
            raise Refusal(say(words, Lang.ZH, path=str(path)), say(words, Lang.EN, path=str(path)))
        return write_bulletin(
            store,
            path,
            values["month"],
            by=str(values["by"]),
            lang=lang,
            overwrite=path in replace_asked,
        )

    ask_and_write(
        app,
        say("bulletin", lang),
        fields,
        write,
        lambda values: labelled(say("bulletin_written", lang), str(values["path"]), lang),
    )


class ExportModal(OneLanguageKeys[Path | None], ModalScreen[Path | None]):
    """The export under way: its progress, and the keys that stop it. Dismissed with the path
    written, or None when cancelled or refused (the reason stays on screen until Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "replace", "replace", id="export.replace"),
        Binding("escape", "cancel", "cancel", id="export.cancel"),
        Binding("q", "app.quit", "quit", id="export.quit"),
    ]

    @dataclass
    class ExportWritten(Message):
        path: Path

    @dataclass
    class ExportRefused(Message):
        reason: str

    def __init__(self, target: Path, filters: ProjectFilter) -> None:
        super().__init__()
        self.target = target
        self.filters = filters
        self.running: Worker[None] | None = None
        self.refused = False

    @property
    def investtrack(self) -> HostApp:
        return host_app(self.app)

    def words(self, key: str, **names: str) -> str:
        return say(key, self.lang, **names)

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(
                self.words("export_to", path=str(self.target)), classes="form-title", markup=False
            )
            yield Static(id="export-status", markup=False)
            yield ProgressBar(id="export-progress")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.target.exists():  # replaced only when the officer says so
            self.query_one("#export-progress", ProgressBar).display = False
            self._say(self.words("file_exists", name=str(self.target)))
            self.refresh_bindings()
        else:
            self._start(overwrite=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "replace":
            return self.running is None and not self.refused and self.target.exists()
        return True

    def _say(self, text: str) -> None:
        self.query_one("#export-status", Static).update(text)

    def _start(self, *, overwrite: bool) -> None:
        self.query_one("#export-progress", ProgressBar).display = True
        self._say(self.words("exporting"))
        self.running = self._export(overwrite)
        self.refresh_bindings()

    def action_replace(self) -> None:
        if self.check_action("replace", ()):
            self._start(overwrite=True)

    def action_cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()  # the exporter stops at its next step: ExportRefused follows
            self._say(self.words("cancelling"))
        else:
            self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _export(self, overwrite: bool) -> None:
        from store.exporter import ExportOptions, export

        worker: Worker[None] = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progressed, worker, done, total)

        try:
            path = export(
                self.investtrack.store,
                self.target,
                ExportOptions(filters=self.filters, lang=self.investtrack.lang),
                progress,
                overwrite=overwrite,
                cancelled=lambda: worker.is_cancelled,
            )
        except UserError as error:
            self.post_message(self.ExportRefused(said(error, self.lang)))
            return
        self.post_message(self.ExportWritten(path))

    def _progressed(self, worker: Worker[None], done: int, total: int) -> None:
        if worker is not self.running or worker.is_cancelled:
            return
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)
        if done == total:  # the sheets are written: the file is put together now
            self._say(self.words("saving_file"))

    @on(ExportWritten)
    def export_written(self, message: ExportWritten) -> None:
        self.dismiss(message.path)

    @on(ExportRefused)
    def export_refused(self, message: ExportRefused) -> None:
        cancelled = self.running is not None and self.running.is_cancelled
        self.running = None
        if cancelled:
            self.investtrack.notify(message.reason, timeout=5, markup=False)
            self.dismiss(None)
            return
        self.refused = True
        self.query_one("#export-progress", ProgressBar).display = False
        self.query_one("#export-status", Static).add_class("error")
        self._say(f"{message.reason} · {self.words('esc_goes_back')}")
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure: the app reports it, and there is nothing more to show here."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.running = None
            self.investtrack.worker_failed(event.worker.error)
            self.dismiss(None)
