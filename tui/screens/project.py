"""Project: every field in a validated form, and tabs for procedures, funds, problems, history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from store.codes import code_warning
from store.db.models import Project
from store.labels import Lang, pick
from tui.modals import ConfirmModal
from tui.moves import ProjectMoves
from tui.project_fields import CHOSEN, FORM_FIELDS, REQUIRED, field_label
from tui.screens.project_details import ProjectDetails
from tui.screens.project_tabs import (
    ON_ITEM,
    TAB_KEYS,
    TAB_OF_ACTION,
    TAB_TABLES,
    ProjectData,
    ProjectTabs,
)
from tui.text import cut, warning_cell
from tui.widgets.choice import ChoiceField
from tui.widgets.footer import KeyFooter
from tui.words import labelled, say

# each tab and its name
TABS = (
    ("details", "details"),
    ("procedures", "procedures_tab"),
    ("funds", "funds_tab"),
    ("problems", "problems"),
    ("history", "history"),
)


@dataclass(frozen=True)
class TitleLine:
    """A project's title: its name cut, at whatever width the line is drawn, to leave the
    facts after it whole on one line; a line below it when there is something to warn of."""

    name: str
    facts: Text
    below: Text | None

    NAME_AT_LEAST: ClassVar[int] = 8  # cells of the name, however little room the facts leave
    NAME_AT_MOST: ClassVar[int] = 40

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(
            self.NAME_AT_LEAST, min(self.NAME_AT_MOST, options.max_width - self.facts.cell_len)
        )
        yield Text.assemble((cut(self.name, room), "bold"), self.facts)
        if self.below is not None:
            yield self.below


class ProjectScreen(ProjectMoves, ProjectDetails, ProjectTabs):
    AUTO_FOCUS = "Tabs"  # keys act at once; Tab moves into the form
    DEFAULT_CSS = """
    ProjectScreen #project-form { grid-rows: auto; }
    ProjectScreen .form-cell { height: auto; }
    ProjectScreen .field-note { display: none; height: auto; color: $error; }
    ProjectScreen .field-note.theirs { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", tooltip="help_save", id="project.save"),
        Binding("ctrl+d", "discard", "discard", tooltip="help_discard", id="project.discard"),
        *ProjectMoves.move_bindings("project", reinstate=True),
        *[
            Binding(key, action, label, tooltip=does, id=f"project.{action}")
            for keys in TAB_KEYS.values()
            for key, action, label, does in keys
        ],
        Binding("escape", "close", "close", tooltip="help_close", id="project.close"),
        Binding("down", "into_tab", "into_tab", show=False, id="project.into_tab"),
        Binding("l", "ledger", "ledger", tooltip="help_project_ledger", id="project.ledger"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.data: ProjectData | None = None
        self.form_project: Project | None = None  # what the form was filled from
        self.words_lang: Lang | None = None  # the language of the tabs and the labels

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="project-title", classes="title")
        notice = Static("", id="project-notice", classes="title")  # its open 督办单, if any
        notice.display = False  # shown once read, only when there is one
        yield notice
        with TabbedContent(id="tabs"):
            with TabPane(self.word("details"), id="details"), VerticalScroll():
                with Grid(id="project-form"):
                    for key, _, _ in FORM_FIELDS:
                        yield Label(id=f"label-{key}")
                        with Vertical(classes="form-cell"):
                            if key in CHOSEN:
                                yield ChoiceField(
                                    self._choices(key, [], []),
                                    "new" if key == "kind" else "",
                                    new_label=None
                                    if key == "kind"
                                    else say("new_entry", self.lang),
                                    blank=key != "kind",
                                    id=f"edit-{key}",
                                )
                            else:
                                yield Input(id=f"edit-{key}", compact=True)
                            yield Static("", id=f"note-{key}", classes="field-note", markup=False)
                yield Static("", id="form-error", classes="error", markup=False)
            with TabPane(self.word("procedures_tab"), id="procedures"):
                yield DataTable(id="procedure-table", cursor_type="row")
            with TabPane(self.word("funds_tab"), id="funds"):
                yield DataTable(id="funds-table", cursor_type="row")
            with TabPane(self.word("problems"), id="problems"):
                yield DataTable(id="problem-table", cursor_type="row")
            with TabPane(self.word("history"), id="history"):
                yield DataTable(id="history-table", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_words()
        super().on_mount()

    def show_words(self) -> None:
        """The tabs and the form's labels in the app's language, again after `g`."""
        self.words_lang = self.lang
        tabs = self.query_one(TabbedContent)
        for tab, word_key in TABS:
            tabs.get_tab(tab).label = self.word(word_key)
        for key, label_key, kind in FORM_FIELDS:
            required = " *" if key in REQUIRED else ""
            label = field_label(label_key, kind, self.lang) + required
            self.query_one(f"#label-{key}", Label).update(label)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A tab's keys show on that tab only, greyed where they need a row and the list has
        none; save and discard on the details (discard once something is typed); moves only
        where they apply (reinstate on a withdrawn project, the others on one in the
        pipeline)."""
        tab = self.query_one(TabbedContent).active if self.is_mounted else ""
        if action == "into_tab":
            return isinstance(self.focused, Tabs)
        if action in TAB_OF_ACTION:
            if TAB_OF_ACTION[action] != tab:
                return False
            return True if action not in ON_ITEM or self._tab_item(tab) is not None else None
        if action == "save":
            return tab == "details"
        if action == "discard":
            return tab == "details" and self.has_unsaved_typing()
        return self.move_applies(action)

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()

    def action_into_tab(self) -> None:
        """Down from the tab strip goes into the tab shown: its list, or the form's first
        field (the tab strip takes left and right; the list keys act on its cursor row)."""
        tab = self.query_one(TabbedContent).active
        table = TAB_TABLES.get(tab) or ("#history-table" if tab == "history" else None)
        target = self.query_one(table, DataTable) if table else self.query_one("#edit-name")
        target.focus()

    @on(Input.Changed, "#project-form Input")
    @on(Select.Changed, "#project-form Select")
    def typed_in_form(self) -> None:
        self.refresh_bindings()  # discard is offered once something is typed

    def fetch(self) -> Any:
        store = self.store
        project = store.project(self.project_id)
        steward = store.steward_of(project)
        return ProjectData(
            project,
            steward.name if steward else None,
            store.project_row(self.project_id),
            store.procedures(self.project_id),
            store.dispatch_records(self.project_id),
            store.problems(self.project_id),
            store.history(self.project_id),
            store.distinct_values("county"),
            store.distinct_values("chain"),
            store.problem_categories(),
        )

    def show(self, data: Any) -> None:
        self.data = data
        self.refresh_bindings()  # withdrawn or reinstated: the move keys follow
        if self.words_lang is not self.lang:
            self.show_words()
        self._show_title(data)
        self._show_notice()
        self._show_form(data)
        self._show_procedures(data.procedures)
        self._show_funds(data.records)
        self._show_problems(data.problems)
        self._show_history(data.history)

    def _show_notice(self) -> None:
        """The project's supervision notice not closed, under the title (read in a worker)."""
        self.run_worker(
            self._load_notice, thread=True, exclusive=True, group="notice", exit_on_error=False
        )

    def _load_notice(self) -> None:
        notice = self.store.open_notice_of(self.project_id)
        self.app.call_from_thread(self._notice_line, notice)

    def _notice_line(self, notice: Any) -> None:
        from tui.screens.supervision import level_cell

        line = self.query_one("#project-notice", Static)
        line.display = notice is not None
        if notice is None:
            return
        state = "notice_overdue" if notice.overdue else f"notice_{notice.status}"
        line.update(
            Text.assemble(
                f"{self.word('project_notice')} #{notice.id} ",
                level_cell(notice.level, self.word(notice.level.value)),
                f"  {labelled(self.word('reply_due'), str(notice.reply_due or '-'), self.lang)}",
                f"  {self.word(state)}",
            )
        )

    def _show_title(self, data: ProjectData) -> None:
        """The name, code, stage, steward, deadline and warning above the tabs."""
        project, row = data.project, data.row
        days_left = row.days_left if row.days_left is not None else "-"
        facts = Text.assemble(
            f"  {project.code or '#' + str(project.id)}  ",
            f"{self.word(project.stage)}",
            f"  {labelled(self.word('steward'), data.steward or '-', self.lang)}  ",
            f"{labelled(self.word('deadline'), str(row.deadline or '-'), self.lang)} ({days_left}) ",
            warning_cell(row.warning, self.lang),
            f"  {self.word('withdrawn')} {project.withdrawn_on}" if project.withdrawn_on else "",
        )
        warning = code_warning(project.code)
        below = Text(f"⚠ {pick(warning, self.lang)}", style="yellow") if warning else None
        self.query_one("#project-title", Static).update(TitleLine(project.name, facts, below))

    # -- moves ------------------------------------------------------------------------------

    def selected_project(self) -> tuple[int, str, int | None] | None:
        if self.data is None:
            return None
        return self.project_id, self.data.project.name, self.data.project.version

    def selected_withdrawn(self) -> bool:
        return self.data is not None and self.data.project.withdrawn_on is not None

    def selected_stage_kind(self) -> tuple[str, str] | None:
        return None if self.data is None else (self.data.project.stage, self.data.project.kind)

    def selected_resumed_on(self) -> date | None:
        return None if self.data is None else self.data.project.resumed_on

    # -- leaving: typing not saved is never dropped unasked ---------------------------------------

    def has_unsaved_typing(self) -> bool:
        return bool(self._edited_fields())

    def _leave(self, then: Callable[[], object]) -> None:
        if not self.has_unsaved_typing():
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmModal(say("discard_typing", self.lang)), answered)

    def action_close(self) -> None:
        self._leave(self.app.pop_screen)

    def action_ledger(self) -> None:
        """To the ledger, with its cursor on this project where the page shows it."""

        def go() -> None:
            self.app.pop_screen()
            self.app.switch_mode("ledger")
            ledger = self.app.screen
            if isinstance(ledger, ProjectMoves):
                ledger.followed_id = self.project_id

        self._leave(go)
