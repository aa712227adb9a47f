"""Stewards: the leaders' responsibility list (领导包抓责任清单), each one's projects, and the
stewards themselves kept in order: added, their details corrected, renamed, merged, retired
(the retired listed apart)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from store.commands.stewards import STEWARD_DETAILS  # a steward's title, unit, level, phone
from store.labels import Lang
from store.queries.stewards import StewardSummary
from store.service import ProjectFilter, ProjectRow, Store
from store.warnings import WarningLevel
from tui.modals import ConfirmModal, FormField, FormModal
from tui.moves import ProjectMoves, ask_and_write
from tui.screens.base import StoreScreen
from tui.steward_picker import Reassignment, StewardPicker
from tui.table import fill_data_table
from tui.text import count, cut, days, warning_cell
from tui.widgets.footer import KeyFooter
from tui.words import labelled, say

LEVELS = (WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE)


MOVE_ACTIONS = frozenset(
    [move[1] for move in ProjectMoves.MOVE_BINDINGS] + [ProjectMoves.REINSTATE_BINDING[1]]
)


# Each table's columns: a word of tui.words and a width (None: as wide as the heading or the
# widest value); the texts are cut to their width.
STEWARD_HEADINGS: list[tuple[str, int | None]] = [
    ("steward", 8),
    ("title", 8),
    ("unit", 10),  # 80 columns hold the warnings' counts too
    ("level", None),  # the day they left, in the list of the retired
    ("phone", None),
    ("projects", None),
    ("late", None),
    *[(level.value, None) for level in LEVELS],
]
PROJECT_HEADINGS: list[tuple[str, int | None]] = [
    ("name", 24),
    ("county", 8),
    ("stage", 10),
    ("deadline", None),
    ("days_left", None),
    ("warning", None),
]


def whole_in_cell(text: str) -> Text:
    """The whole text in the cell, drawn ending in … where its column is narrower."""
    return Text(text, no_wrap=True, overflow="ellipsis")


def steward_cells(steward: StewardSummary, *, retired: bool) -> tuple[str | Text, ...]:
    return (
        cut(steward.name, 8),
        whole_in_cell(steward.title),
        whole_in_cell(steward.unit),
        str(steward.retired_on) if retired else steward.level,
        steward.phone,
        count(steward.projects),
        count(steward.late),
        *[count(steward.warnings[level]) for level in LEVELS],
    )


def project_cells(row: ProjectRow, lang: Lang) -> tuple[str | Text, ...]:
    return (
        cut(row.name, 24),
        cut(row.county, 8),
        say("withdrawn" if row.withdrawn_on else row.stage, lang),
        str(row.deadline or ""),
        days(row.days_left),
        warning_cell(row.warning, lang),
    )


def detail_fields(steward: StewardSummary | None, lang: Lang) -> list[FormField]:
    """A steward's title, unit, level and phone: empty for a new one, else their own."""
    return [
        FormField(key, say(key, lang), getattr(steward, key) if steward else "")
        for key in STEWARD_DETAILS
    ]


class StewardsScreen(ProjectMoves, StoreScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "assign", "assign", tooltip="help_assign", id="stewards.assign"),
        Binding("n", "add_steward", "add_steward", tooltip="help_add_steward", id="stewards.add"),
        Binding(
            "u",
            "steward_details",
            "steward_details",
            tooltip="help_steward_details",
            id="stewards.details",
        ),
        Binding(
            "e", "rename_steward", "rename", tooltip="help_rename_steward", id="stewards.rename"
        ),
        Binding("M", "merge_steward", "merge", tooltip="help_merge_steward", id="stewards.merge"),
        Binding(
            "t", "retire_steward", "retire", tooltip="help_retire_steward", id="stewards.retire"
        ),
        Binding("enter", "open", "open_row", id="stewards.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stewards: list[StewardSummary] = []
        self.projects: list[ProjectRow] = []
        self.chosen: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="stewards", cursor_type="row", zebra_stripes=True)
        yield Static("", id="retired-title", classes="title")
        yield DataTable(id="retired-stewards", cursor_type="row", zebra_stripes=True)
        yield Static("", id="steward-projects-title", classes="title")
        yield DataTable(id="steward-projects", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def fetch(self) -> Any:
        asked = self.chosen  # the steward chosen as this read began
        stewards = self.store.stewards()
        names = {steward.name for steward in stewards}
        chosen = asked if asked in names else None
        chosen = chosen or (stewards[0].name if stewards else None)
        projects = (
            self.store.list_projects(ProjectFilter(steward=chosen, include_withdrawn=True))
            if chosen
            else []
        )
        return stewards, chosen, projects, asked

    def show(self, data: Any) -> None:
        # Refilling the lists moves their cursors: only the officer's moves choose a steward.
        with self.prevent(DataTable.RowHighlighted):
            self._show(data)
        self.refresh_bindings()  # the keys that apply follow what is now listed

    def _show(self, data: Any) -> None:
        self.stewards, shown, self.projects, asked = data
        # a steward chosen since this read began (a rename's new name, read before or after
        # the rename) stays chosen: its own reload follows; the one read stands in only for
        # a steward no longer there
        chosen_since = self.chosen != asked
        if not chosen_since and self.chosen not in {steward.name for steward in self.stewards}:
            self.chosen = shown
        active = [steward for steward in self.stewards if steward.retired_on is None]
        retired = [steward for steward in self.stewards if steward.retired_on is not None]
        self._fill_stewards("#stewards", active, retired=False)
        self.query_one("#retired-title", Static).update(
            Text(labelled(self.word("retired"), str(len(retired)), self.lang))
        )
        for widget in ("#retired-title", "#retired-stewards"):
            self.query_one(widget).display = bool(retired)
        self._fill_stewards("#retired-stewards", retired, retired=True)
        self._follow_chosen(active, retired)
        withdrawn = sum(1 for row in self.projects if row.withdrawn_on)
        title = labelled(self.chosen or "", str(len(self.projects) - withdrawn), self.lang)
        if withdrawn:
            title += f" (+{withdrawn} {self.word('withdrawn')})"
        self.query_one("#steward-projects-title", Static).update(Text(title))
        fill_data_table(
            self.query_one("#steward-projects", DataTable),
            [(self.word(key), width) for key, width in PROJECT_HEADINGS],
            [project_cells(row, self.lang) for row in self.projects],
            keys=[str(row.id) for row in self.projects],
        )

    def _fill_stewards(self, table: str, stewards: list[StewardSummary], *, retired: bool) -> None:
        headings = (
            [
                ("retired_on", None) if key == "level" else (key, width)
                for key, width in STEWARD_HEADINGS
            ]
            if retired
            else STEWARD_HEADINGS
        )
        fill_data_table(
            self.query_one(table, DataTable),
            [(self.word(key), width) for key, width in headings],
            [steward_cells(steward, retired=retired) for steward in stewards],
            keys=[steward.name for steward in stewards],
        )

    def _follow_chosen(self, active: list[StewardSummary], retired: list[StewardSummary]) -> None:
        """The cursor on the chosen steward, in whichever list holds them (a rename or merge
        may move them); the focus follows when it was on a list of stewards."""
        lists = (
            (self.query_one("#stewards", DataTable), active),
            (self.query_one("#retired-stewards", DataTable), retired),
        )
        focused = self.focused in [table for table, _ in lists]
        for table, stewards in lists:
            names = [steward.name for steward in stewards]
            if self.chosen in names:
                table.move_cursor(row=names.index(self.chosen))
                if focused:
                    table.focus()

    @on(DataTable.RowHighlighted, "#stewards, #retired-stewards")
    def steward_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value
        if name and name != self.chosen:
            self.chosen = name
            self.reload()

    @on(DataTable.RowSelected, "#steward-projects")
    def project_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_project(int(event.row_key.value))

    @on(DataTable.RowSelected, "#stewards, #retired-stewards")
    def steward_selected(self) -> None:
        self.query_one("#steward-projects", DataTable).focus()

    def selected_project(self) -> tuple[int, str, int | None] | None:
        table = self.query_one("#steward-projects", DataTable)
        if not self.projects:
            return None
        row = self.projects[min(table.cursor_row, len(self.projects) - 1)]
        return row.id, row.name, row.version

    def selected_withdrawn(self) -> bool:
        row = self._selected_row()
        return row is not None and row.withdrawn_on is not None

    def selected_stage_kind(self) -> tuple[str, str] | None:
        row = self._selected_row()
        return None if row is None else (row.stage, row.kind)

    def _selected_row(self) -> ProjectRow | None:
        if not self.projects:
            return None
        table = self.query_one("#steward-projects", DataTable)
        return self.projects[min(table.cursor_row, len(self.projects) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reassign and open need a project of the chosen steward; the steward's keys need
        one chosen (a merge, another steward to merge into); a new steward may be added
        always. The other moves are made from the project, not offered here."""
        if action in ("assign", "open"):
            return self._selected_row() is not None
        if action in ("steward_details", "rename_steward", "retire_steward"):
            return self._chosen_steward() is not None
        if action == "merge_steward":
            return self._chosen_steward() is not None and len(self.stewards) > 1
        return action not in MOVE_ACTIONS

    def action_open(self) -> None:
        chosen = self.selected_project()
        if chosen:
            self.open_project(chosen[0])

    # -- the stewards themselves -----------------------------------------------------------

    def _chosen_steward(self) -> StewardSummary | None:
        return next((s for s in self.stewards if s.name == self.chosen), None)

    def _done(self, notice: str, chosen: str | None) -> None:
        self.chosen = chosen
        self.notify(notice, timeout=4, markup=False)
        self.investtrack.post_data_changed(notice)

    def action_add_steward(self) -> None:
        """A steward on their own, before any project is theirs: their name and details. A
        name already on record is refused: their details are corrected with u instead."""
        lang = self.lang
        fields = [
            FormField("name", self.word("steward"), required=True),
            *detail_fields(None, self.lang),
        ]

        def write(store: Store, values: dict[str, Any]) -> None:
            details = {key: values[key] or "" for key in STEWARD_DETAILS}
            store.add_steward(str(values["name"]), details)

        def done(values: dict[str, Any]) -> str:
            self.chosen = str(values["name"]).strip()  # the cursor on the steward added
            return labelled(self.chosen, say("steward_added", lang), lang)

        ask_and_write(self.investtrack, say("new_steward_title", lang), fields, write, done)

    def action_steward_details(self) -> None:
        steward = self._chosen_steward()
        if steward is None:
            return
        name, lang = steward.name, self.lang

        def write(store: Store, values: dict[str, Any]) -> None:
            typed = {key: values[key] or "" for key in STEWARD_DETAILS}
            changed = {key: value for key, value in typed.items() if getattr(steward, key) != value}
            if changed:
                store.update_steward(name, changed)

        title = labelled(say("steward_details", lang), name, lang)
        done = labelled(name, say("details_saved", lang), lang)
        ask_and_write(self.investtrack, title, detail_fields(steward, self.lang), write, done)

    def action_rename_steward(self) -> None:
        steward = self._chosen_steward()
        if steward is None:
            return
        old, lang = steward.name, self.lang

        def answered(values: dict[str, Any] | None) -> None:
            if values is not None:
                new = str(values["name"]).strip()
                self.investtrack.write(
                    lambda store: store.rename_steward(old, new),
                    done=labelled(f"{old} → {new}", say("renamed", lang), lang),
                    then=lambda _: setattr(self, "chosen", new),
                )

        field = FormField("name", say("new_name", lang), old)
        title = labelled(say("rename_steward", lang), old, lang)
        self.app.push_screen(FormModal(title, [field]), answered)

    def action_merge_steward(self) -> None:
        steward = self._chosen_steward()
        if steward is None:
            return
        merged, lang = steward.name, self.lang

        def closed(choice: Reassignment | None) -> None:
            if choice is not None:
                notice = labelled(f"{merged} → {choice.steward}", say("merged", lang), lang)
                self._done(notice, choice.steward)

        moved = len(self.projects)  # the chosen steward's, withdrawn ones too: all move
        self.app.push_screen(merge_picker(merged, moved, lang), closed)

    def action_retire_steward(self) -> None:
        steward = self._chosen_steward()
        if steward is None:
            return
        name, retired, lang = steward.name, steward.retired_on is not None, self.lang
        active = sum(1 for row in self.projects if row.withdrawn_on is None)
        if not retired and steward.name == self.chosen and active:
            self._hand_over_and_retire(name, active)
            return
        if retired:
            question = say("offer_again", lang, name=name)
            done = labelled(name, say("offered_again", lang), lang)
        else:
            question = say("retire_question", lang, name=name)
            done = labelled(name, say("retired", lang), lang)

        def answered(yes: bool | None) -> None:
            if yes:
                self.investtrack.write(
                    lambda store: store.retire_steward(name, undo=retired), done=done
                )

        self.app.push_screen(ConfirmModal(question), answered)

    def _hand_over_and_retire(self, name: str, active: int) -> None:
        """A steward leaving with projects still in hand: see handover_picker."""
        lang = self.lang

        def closed(choice: Reassignment | None) -> None:
            if choice is not None:
                notice = say(
                    "handed_over", lang, name=name, count=str(active), successor=choice.steward
                )
                self._done(notice, choice.steward)

        self.app.push_screen(handover_picker(name, active, lang), closed)


def merge_picker(merged: str, moved: int, lang: Lang) -> StewardPicker:
    """The steward a merge keeps, chosen, and the merge asked about once more."""

    def merge(store: Any, choice: Reassignment) -> None:
        store.merge_stewards(merged, choice.steward)

    def question(choice: Reassignment) -> str:
        return say("merge_question", lang, name=merged, count=str(moved), into=choice.steward)

    title = say("merge_title", lang, name=merged)
    return StewardPicker(
        title, merge, creating=False, leaving_out={merged}, with_note=False, confirm=question
    )


def handover_picker(name: str, active: int, lang: Lang) -> StewardPicker:
    """The successor of a steward leaving with projects in hand, chosen; their active projects
    reassigned (each logged), then they retire. A refusal midway leaves the picker open with the
    reason; choosing again finishes what is left."""

    def hand_over(store: Any, choice: Reassignment) -> None:
        ids = [row.id for row in store.iter_projects(ProjectFilter(steward=name))]
        for project_id in ids:
            store.assign(project_id, choice.steward, choice.note, create=choice.create)
        store.retire_steward(name)

    def question(choice: Reassignment) -> str:
        return say(
            "handover_question", lang, name=name, count=str(active), successor=choice.steward
        )

    title = say("handover_title", lang, name=name, count=str(active))
    return StewardPicker(title, hand_over, leaving_out={name}, confirm=question)
