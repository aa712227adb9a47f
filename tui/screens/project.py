"""Project: every field in a validated form, and tabs for procedures, funds, problems, history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from store.codes import code_warning
from store.dates import parse_date, parse_month
from store.db.models import DispatchRecord, Problem, Project
from store.domain.rules import named
from store.errors import StaleEdit, UserError, report_line
from store.labels import WORDS, Lang, change_words, said
from store.money import Unit, format_amount, parse_amount
from store.procedures import PROBLEM_CATEGORIES, PROBLEM_STATUSES
from store.stages import Kind, parse_kind
from tui.modals import ConfirmModal, FormField
from tui.moves import ProjectMoves, ask_and_write
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, warning_cell, yi
from tui.widgets.choice import ChoiceField
from tui.words import joined, labelled, refusal, say


def _whole(text: str) -> int:
    if not text.isdigit():
        raise refusal("not_whole", text=repr(text))
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise refusal("not_number", text=repr(text)) from None
    if value < 0:
        raise refusal("negative")
    return value


@dataclass(frozen=True)
class FieldKind:
    parse: Callable[[str], Any]
    show: Callable[[Any], str]


TEXT = FieldKind(str, lambda v: v or "")
MONEY = FieldKind(
    lambda t: parse_amount(t, Unit.YI), lambda v: "" if v is None else format_amount(v, Unit.YI, 4)
)
DATE = FieldKind(parse_date, lambda v: v.isoformat() if v else "")
WHOLE = FieldKind(_whole, lambda v: "" if v is None else str(v))
DECIMAL = FieldKind(_decimal, lambda v: "" if v is None else str(v))
KIND = FieldKind(lambda t: parse_kind(t).value, lambda v: v or "")
CHOSEN = ("kind", "county", "chain")  # from a list (county and chain: or a new one typed)
# each tab and its name
TABS = (
    ("details", "details"),
    ("procedures", "procedures_tab"),
    ("funds", "funds_tab"),
    ("problems", "problems"),
    ("history", "history"),
)

# The keys of the list tabs, each offered on its own tab only: key, action, description and
# what it does (words of tui.words). The footer, the help panel and the palette all read them.
TAB_KEYS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "procedures": (
        ("n", "add_procedure", "add_procedure", "help_add_procedure"),
        ("t", "finish_procedure", "done", "help_finish_procedure"),
        ("u", "procedure_due", "due", "help_procedure_due"),
        ("delete", "drop_procedure", "drop", "help_drop_procedure"),
    ),
    "funds": (
        ("n", "add_month", "month_funds", "help_month_funds"),
        ("e", "edit_month", "edit", "help_edit_month"),
        ("delete", "drop_month", "drop", "help_drop_month"),
    ),
    "problems": (
        ("n", "raise_problem", "raise_problem", "help_raise_problem"),
        ("e", "edit_problem", "edit", "help_edit_problem"),
        ("t", "problem_status", "status", "help_problem_status"),
    ),
}
TAB_OF_ACTION = {action: tab for tab, keys in TAB_KEYS.items() for _, action, _, _ in keys}
# each tab's table: the keys that act on the row under its cursor are greyed on an empty list
TAB_TABLES = {
    "procedures": "#procedure-table",
    "funds": "#funds-table",
    "problems": "#problem-table",
}
ON_ITEM = frozenset(TAB_OF_ACTION) - {"add_procedure", "add_month", "raise_problem"}

FORM_FIELDS: list[tuple[str, str, FieldKind]] = [  # model field, label key, kind
    ("name", "name", TEXT),
    ("code", "code", TEXT),
    ("investor", "investor", TEXT),
    ("investor_origin", "investor_origin", TEXT),
    ("county", "county", TEXT),
    ("park", "park", TEXT),
    ("chain", "chain", TEXT),
    ("kind", "kind", KIND),
    ("total_investment_yuan", "total_investment", MONEY),
    ("signed_amount_yuan", "signed_amount", MONEY),
    ("annual_plan_yuan", "annual_plan", MONEY),
    ("expected_output_yuan", "expected_output", MONEY),
    ("land_mu", "land_mu", DECIMAL),
    ("jobs", "jobs", WHOLE),
    ("won_by", "won_by", TEXT),
    ("responsible_unit", "responsible_unit", TEXT),
    ("county_leader", "county_leader", TEXT),
    ("signed_on", "signed_on", DATE),
    ("procedures_due", "procedures_due", DATE),
    ("procedures_on", "procedures_on", DATE),
    ("start_due", "start_due", DATE),
    ("started_on", "started_on", DATE),
    ("production_due", "production_due", DATE),
    ("producing_on", "producing_on", DATE),
    ("build_content", "build_content", TEXT),
    ("progress_note", "progress_note", TEXT),
]
REQUIRED = {"name"}
EMPTY_AS_NONE = {
    "code",
    "expected_output_yuan",
    "land_mu",
    "jobs",
    "signed_on",
    "procedures_due",
    "procedures_on",
    "start_due",
    "started_on",
    "production_due",
    "producing_on",
}


def field_label(label_key: str, kind: FieldKind, lang: Lang) -> str:
    """A form field's label: its name, and for an amount the unit it is typed in."""
    label = say(label_key, lang)
    return (
        say("with_unit", lang, label=label, unit=say("unit_yi", lang)) if kind is MONEY else label
    )


def _empty(key: str, kind: FieldKind) -> Any:
    """What a cleared field stores: nothing for optional ones, zero or "" for the rest."""
    if key in EMPTY_AS_NONE:
        return None
    return 0 if kind is MONEY else ""


@dataclass
class ProjectData:
    project: Project
    steward: str | None
    row: Any
    procedures: list[Any]
    records: list[Any]
    problems: list[Any]
    history: list[Any]
    counties: list[str]
    chains: list[str]
    categories: list[str]


def problem_changes(problem: Problem, values: dict[str, Any]) -> dict[str, Any]:
    """What the problem form changed: its text, category, owner and due date as stored."""
    typed = {
        "text": values["text"],
        "category": values["category"] or "",
        "owner": values["owner"] or "",
        "due_on": values["due"],
    }
    return {key: value for key, value in typed.items() if getattr(problem, key) != value}


def field_named(message: str, keys: list[str]) -> str | None:
    """The form field a store refusal speaks of (by its internal key or its label in either
    language), so its reason can stand beside it."""
    for key in keys:
        label_key = FIELD_LABELS.get(key, key)
        words = WORDS.get(label_key, (label_key, label_key))
        if any(term in message for term in (key, named(key), *words)):
            return key
    return None


FIELD_LABELS = {key: label_key for key, label_key, _ in FORM_FIELDS}


def refused_field(error: UserError, changed: list[str]) -> str | None:
    """The form field a refusal stands beside: the one the store names when the officer
    changed it, else a changed field the message speaks of (dates out of order name two),
    else the named one."""
    if error.field in changed:
        return error.field
    spoken_of = field_named(str(error), changed)
    if spoken_of is not None:
        return spoken_of
    return error.field if error.field in FIELD_LABELS else None


class ProjectScreen(ProjectMoves, StoreScreen):
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
        yield Footer()

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
        if action in TAB_OF_ACTION:
            if TAB_OF_ACTION[action] != tab:
                return False
            return True if action not in ON_ITEM or self._tab_item(tab) is not None else None
        if action == "save":
            return tab == "details"
        if action == "discard":
            return tab == "details" and self.has_unsaved_typing()
        return self.move_applies(action)

    def _tab_item(self, tab: str) -> Any | None:
        """The row under the cursor of a list tab: a procedure, a month or a problem."""
        if self.data is None or tab not in TAB_TABLES:
            return None
        items = {
            "procedures": self.data.procedures,
            "funds": self.data.records,
            "problems": self.data.problems,
        }[tab]
        return self._cursor_item(TAB_TABLES[tab], items)

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()

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
        project, row = data.project, data.row
        title = Text.assemble(
            (cut(project.name, 40), "bold"),
            f"  {project.code or '#' + str(project.id)}  ",
            f"{self.word(project.stage)}",
            f"  {self.word('steward')}: {data.steward or '-'}  ",
            f"{self.word('deadline')}: {row.deadline or '-'} ({row.days_left if row.days_left is not None else '-'}) ",
            warning_cell(row.warning, self.lang),
            f"  {self.word('withdrawn')} {project.withdrawn_on}" if project.withdrawn_on else "",
        )
        warning = code_warning(project.code)
        if warning:
            title.append(f"\n⚠ {warning}", style="yellow")
        self.query_one("#project-title", Static).update(title)
        for key in CHOSEN:  # the values in use now, in the language chosen now
            self._field(key).set_options(
                self._choices(key, data.counties, data.chains), say("new_entry", self.lang)
            )
        if not self._edited_fields():
            for key, _, kind in FORM_FIELDS:
                self._put(key, self._shown(key, kind, project))
            self.form_project = project
            self._clear_notes()
        elif self.form_project and self.form_project.version != project.version:
            self._merge(project, data.history)
        self._fill(
            self.query_one("#procedure-table", DataTable),
            ["#", *(self.word(k) for k in ("procedure", "needed", "due", "done", "days"))],
            [
                (
                    str(p.position),
                    cut(p.name, 24),
                    "✓" if p.required else "-",
                    str(p.due_on or ""),
                    str(p.done_on or ""),
                    "" if p.done_on or not p.due_on else str((p.due_on - self.store.today).days),
                )
                for p in data.procedures
            ],
        )
        self._fill(
            self.query_one("#funds-table", DataTable),
            [
                self.word("month"),
                *(
                    self.word("with_unit", label=self.word(k), unit=self.word("unit_yi"))
                    for k in ("funds_in_place", "completed_in_period")
                ),
                self.word("note"),
            ],
            [
                (
                    f"{r.month:%Y-%m}",
                    yi(r.funds_in_place_yuan),
                    yi(r.investment_completed_yuan),
                    cut(r.note, 30),
                )
                for r in data.records
            ],
        )
        self._fill(
            self.query_one("#problem-table", DataTable),
            [
                self.word(k)
                for k in ("raised", "category", "problem", "owner", "due", "status", "resolved_on")
            ],
            [
                (
                    str(p.raised_on),
                    self._category_words(p.category),
                    cut(p.text, 30),
                    cut(p.owner, 12),
                    str(p.due_on or ""),
                    self.word(p.status),
                    str(p.resolved_on or ""),
                )
                for p in data.problems
            ],
        )
        self._fill(
            self.query_one("#history-table", DataTable),
            [
                self.word(k)
                for k in (
                    "when",
                    "effective_on",
                    "user",
                    "action",
                    "field",
                    "old",
                    "new_value",
                    "note",
                )
            ],
            [
                (
                    f"{h.at:%Y-%m-%d %H:%M}",
                    str(h.effective_on),
                    cut(h.user, 10),
                    *(
                        cut(text, width)
                        for text, width in zip(
                            change_words(h.action, h.field, h.old_value, h.new_value, self.lang),
                            (8, 22, 16, 16),
                            strict=True,
                        )
                    ),
                    cut(h.note, 24),
                )
                for h in data.history
            ],
        )

    @staticmethod
    def _fill(table: DataTable[Any], headers: list[str], rows: list[tuple[Any, ...]]) -> None:
        fill_data_table(table, [(heading, None) for heading in headers], rows)

    # -- the details form --------------------------------------------------------------------

    def _shown(self, key: str, kind: FieldKind, project: Project) -> str:
        """A field as the form shows it; the kind in the chosen language (both are accepted)."""
        value = getattr(project, key)
        if kind is DATE and project.month_only(key):
            return project.date_text(key)  # 2023-08: a full date typed over it replaces it
        return kind.show(value)

    def _choices(self, key: str, counties: list[str], chains: list[str]) -> list[tuple[str, str]]:
        if key == "kind":
            return [(self.word(kind.value), kind.value) for kind in Kind]
        return [(name, name) for name in (counties if key == "county" else chains)]

    def _field(self, key: str) -> Any:
        """A field of the details form: an Input, or a ChoiceField for what is chosen."""
        return self.query_one(f"#edit-{key}")

    def _text(self, key: str) -> str:
        """A field's text as typed or chosen."""
        return str(self._field(key).value).strip()

    def _put(self, key: str, text: str) -> None:
        self._field(key).value = text

    def _edited_fields(self) -> list[str]:
        if self.form_project is None:
            return []
        return [
            key
            for key, _, kind in FORM_FIELDS
            if self._text(key) != self._shown(key, kind, self.form_project)
        ]

    def action_save(self) -> None:
        project = self.form_project
        if project is None:
            return
        changes: dict[str, Any] = {}
        self._clear_notes()
        for key, _, kind in FORM_FIELDS:
            text = self._text(key)
            if text == self._shown(key, kind, project):
                continue
            try:
                if not text and key in REQUIRED:
                    raise UserError(say("required", self.lang))
                value = kind.parse(text) if text else _empty(key, kind)
            except UserError as problem:
                self._refused(key, said(problem, self.lang))
                return
            changes[key] = value
        if not changes:
            self.notify(say("no_changes", self.lang), timeout=2)
            return
        self._save_details(changes, project.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save_details(self, changes: dict[str, Any], version: int | None) -> None:
        """Written before the form lets go of the typing: a refusal stands beside its field,
        a stale edit brings the other officer's values in beside the typing kept."""
        store = self.store
        try:
            store.update_project(self.project_id, changes, expected_version=version)
        except StaleEdit:
            self.app.call_from_thread(self.reload)  # show() finds the newer version: _merge
            return
        except UserError as error:
            field = refused_field(error, list(changes))
            self.app.call_from_thread(self._refused, field, said(error, self.lang))
            return
        except Exception as error:  # a busy or full database: said here, the typing kept
            self.app.call_from_thread(self._refused, None, report_line(error))
            return
        store.changes.changed()  # our own commit: the reload below covers it
        self.app.call_from_thread(self._saved, list(changes))

    def _saved(self, keys: list[str]) -> None:
        self.form_project = None  # the form is filled again from what is stored
        names = joined([self.word(FIELD_LABELS[key]) for key in keys], self.lang)
        notice = say("saved_fields", self.lang, fields=names)
        self.notify(notice, timeout=3, markup=False)
        self.investtrack.post_data_changed(notice)

    def _refused(self, key: str | None, reason: str) -> None:
        """The reason beside the field it concerns (under the form when it names none); the
        typing stays."""
        line = f"{reason} — {say('nothing_saved', self.lang)}"
        if key is None:
            self.query_one("#form-error", Static).update(line)
            return
        note = self.query_one(f"#note-{key}", Static)
        note.update(f"↑ {line}")
        note.remove_class("theirs")
        note.display = True
        self.query_one(TabbedContent).active = "details"
        self._field(key).focus()
        note.scroll_visible()

    def _clear_notes(self) -> None:
        for note in self.query(".field-note"):
            note.display = False
        self.query_one("#form-error", Static).update("")

    def _merge(self, stored: Project, history: list[Any]) -> None:
        """Someone saved the project while the officer typed: the typing stays; a field the
        officer left alone takes the stored value; under each field the other changed, what
        they made it. Saving then writes the typing over the stored version."""
        base = self.form_project
        assert base is not None
        self._clear_notes()
        writers = {entry.field: entry.user for entry in history if entry.field}
        someone = history[-1].user if history else say("someone_else", self.lang)
        changed_by: set[str] = set()
        for key, _, kind in FORM_FIELDS:
            before, now = self._shown(key, kind, base), self._shown(key, kind, stored)
            if before == now:
                continue
            user = writers.get(key, someone)
            changed_by.add(user)
            note = self.query_one(f"#note-{key}", Static)
            if self._text(key) == before:  # not typed over: the stored value is taken
                self._put(key, now)
                note.update(say("theirs_taken", self.lang, user=user))
            else:
                note.update(say("theirs", self.lang, user=user, value=now or "-"))
            note.add_class("theirs")
            note.display = True
        self.form_project = stored
        users = joined(sorted(changed_by), self.lang) or someone
        self.query_one("#form-error", Static).update(
            say("changed_elsewhere", self.lang, user=users)
        )
        self.refresh_bindings()

    def action_discard(self) -> None:
        """The typing dropped (after asking), the form filled from what is stored."""

        def discard(yes: bool | None) -> None:
            if yes:
                self.form_project = None
                self._clear_notes()
                self.reload()

        self.app.push_screen(ConfirmModal(say("discard_typing", self.lang)), discard)

    # -- moves, and the item keys of the tabs -------------------------------------------------

    def selected_project(self) -> tuple[int, str, int | None] | None:
        if self.data is None:
            return None
        return self.project_id, self.data.project.name, self.data.project.version

    def selected_withdrawn(self) -> bool:
        return self.data is not None and self.data.project.withdrawn_on is not None

    def selected_stage_kind(self) -> tuple[str, str] | None:
        return None if self.data is None else (self.data.project.stage, self.data.project.kind)

    def _cursor_item(self, table_id: str, items: list[Any]) -> Any | None:
        table = self.query_one(table_id, DataTable)
        return items[table.cursor_row] if items and table.cursor_row < len(items) else None

    def _form(
        self,
        title: str,
        fields: list[FormField],
        write: Callable[[Any, dict[str, Any]], Any],
        done: str | Callable[[dict[str, Any]], str],
    ) -> None:
        """A tab's form, written before it closes: a refusal keeps it open with the typing."""
        ask_and_write(self.investtrack, title, fields, write, done)

    # -- the procedures tab: added, ticked done, given a due date, dropped ----------------------

    def action_add_procedure(self) -> None:
        pid = self.project_id
        fields = [
            FormField("name", self.word("procedure"), required=True),
            FormField("due", self.word("due"), parse=parse_date),
        ]
        self._form(
            self.word("add_procedure"),
            fields,
            lambda s, v: s.add_procedure(pid, v["name"], v["due"]),
            self.word("procedure_added"),
        )

    def action_finish_procedure(self) -> None:
        """Done on a day asked for; one already done is made not done again."""
        procedure = self._tab_item("procedures")
        if procedure is None:
            return
        if procedure.done_on:
            self.investtrack.write(
                lambda s: s.set_procedure(procedure.id, done_on=None),
                done=labelled(procedure.name, self.word("not_done"), self.lang),
            )
            return
        today = self.store.today.isoformat()
        self._form(
            labelled(self.word("done"), procedure.name, self.lang),
            [FormField("on", self.word("done_on"), today, parse_date, True)],
            lambda s, v: s.set_procedure(procedure.id, done_on=v["on"]),
            labelled(procedure.name, self.word("marked_done"), self.lang),
        )

    def action_procedure_due(self) -> None:
        procedure = self._tab_item("procedures")
        if procedure is not None:
            due = self.word("due")
            self._form(
                labelled(due, procedure.name, self.lang),
                [FormField("due", due, str(procedure.due_on or ""), parse_date)],
                lambda s, v: s.set_procedure(procedure.id, due_on=v["due"]),
                self.word("due_set"),
            )

    def action_drop_procedure(self) -> None:
        procedure = self._tab_item("procedures")
        if procedure is None:
            return
        done = labelled(procedure.name, self.word("deleted"), self.lang)

        def answered(yes: bool | None) -> None:
            if yes:
                self.investtrack.write(lambda s: s.drop_procedure(procedure.id), done=done)

        question = say("drop_procedure", self.lang, name=procedure.name)
        self.app.push_screen(ConfirmModal(question), answered)

    # -- the problems tab: raised, corrected, moved on ------------------------------------------

    def _category_words(self, category: str) -> str:
        """A kind of problem as the language names it (one the office made up, as written)."""
        english = PROBLEM_CATEGORIES.get(category)
        return english if english and self.lang == "en" else category

    def _problem_fields(self, problem: Problem | None) -> list[FormField]:
        """A problem's text, category, owner and due date: empty for a new one, else its own."""
        categories = self.data.categories if self.data else list(PROBLEM_CATEGORIES)
        if problem is not None and problem.category and problem.category not in categories:
            categories = [*categories, problem.category]
        return [
            FormField("text", self.word("problem"), problem.text if problem else "", required=True),
            FormField(
                "category",
                self.word("category"),
                problem.category if problem else "",
                choices=tuple((self._category_words(c), c) for c in categories),
                new_label=self.word("new_entry"),
            ),
            FormField("owner", self.word("owner"), problem.owner if problem else ""),
            FormField(
                "due",
                self.word("resolve_by"),
                str(problem.due_on or "") if problem else "",
                parse_date,
            ),
        ]

    def action_raise_problem(self) -> None:
        pid = self.project_id
        self._form(
            self.word("raise_problem"),
            self._problem_fields(None),
            lambda s, v: s.raise_problem(
                pid,
                v["text"],
                category=v["category"] or "",
                owner=v["owner"] or "",
                due_on=v["due"],
            ),
            self.word("problem_raised"),
        )

    def action_edit_problem(self) -> None:
        """The problem under the cursor in the form it was raised with, filled with what is
        stored; only what the officer changed is written (refused if it changed meanwhile)."""
        problem: Problem | None = self._tab_item("problems")
        if problem is None:
            return
        pid, version = problem.id, problem.version

        def write(store: Any, values: dict[str, Any]) -> None:
            changes = problem_changes(problem, values)
            if changes:
                store.update_problem(pid, changes, expected_version=version)

        def done(values: dict[str, Any]) -> str:
            changed = problem_changes(problem, values)
            return self.word("problem_updated" if changed else "no_changes")

        title = labelled(self.word("edit_problem"), cut(problem.text, 30), self.lang)
        self._form(title, self._problem_fields(problem), write, done)

    def action_problem_status(self) -> None:
        problem = self._tab_item("problems")
        if problem is None:
            return
        statuses = tuple((self.word(status), status) for status in PROBLEM_STATUSES)
        status = self.word("status")
        self._form(
            labelled(status, cut(problem.text, 30), self.lang),
            [FormField("status", status, "resolved", required=True, choices=statuses)],
            lambda s, v: s.set_problem_status(problem.id, v["status"]),
            self.word("problem_updated"),
        )

    # -- the funds tab: a month's figures set, corrected or removed -----------------------------

    def _ask_month(self, record: DispatchRecord | None) -> None:
        """A month's figures in a form: a new month (n), or the one under the cursor (e). A
        new month already recorded is replaced only when the officer says so: never summed."""
        word, lang = self.word, self.lang
        unit = word("unit_yi")
        fields = [
            FormField(
                "funds",
                word("with_unit", label=word("funds_in_place"), unit=word("yi_or_wan")),
                MONEY.show(record.funds_in_place_yuan) if record else "",
                parse_amount,
                required=True,
            ),
            FormField(
                "completed",
                word("with_unit", label=word("completed_in_period"), unit=unit),
                MONEY.show(record.investment_completed_yuan) if record else "0",
                parse_amount,
            ),
            FormField("note", word("progress_note"), record.note if record else ""),
        ]
        if record is None:
            this_month = self.store.today.isoformat()[:7]
            fields.insert(0, FormField("month", word("month"), this_month, parse_month, True))
        title = (
            labelled(word("funds_in_place"), f"{record.month:%Y-%m}", lang)
            if record
            else word("month_funds")
        )
        pid = self.project_id
        recorded = {r.month: r for r in self.data.records} if self.data else {}

        def month_of(values: dict[str, Any]) -> date:
            return values["month"] if record is None else record.month

        def replacing(values: dict[str, Any]) -> str | None:
            """A new month already recorded is replaced only after yes: never summed."""
            month = month_of(values)
            old = recorded.get(month) if record is None else None
            if old is None:
                return None
            return word(
                "replace_month",
                month=f"{month:%Y-%m}",
                funds=yi(old.funds_in_place_yuan),
                completed=yi(old.investment_completed_yuan),
                new_funds=yi(values["funds"]),
                new_completed=yi(values["completed"] or 0),
                unit=unit,
            )

        def write(store: Any, values: dict[str, Any]) -> None:
            month = month_of(values)
            store.set_month(
                pid,
                month,
                values["funds"],
                values["completed"] or 0,
                values["note"] or "",
                replace=record is not None or month in recorded,
            )

        ask_and_write(
            self.investtrack,
            title,
            fields,
            write,
            lambda values: labelled(f"{month_of(values):%Y-%m}", word("saved"), lang),
            confirm=replacing,
        )

    def action_add_month(self) -> None:
        self._ask_month(None)

    def action_edit_month(self) -> None:
        record = self._tab_item("funds")
        if record is not None:
            self._ask_month(record)

    def action_drop_month(self) -> None:
        record: DispatchRecord | None = self._tab_item("funds")
        if record is None:
            return
        pid, month = self.project_id, record.month
        done = labelled(f"{month:%Y-%m}", self.word("deleted"), self.lang)

        def answered(yes: bool | None) -> None:
            if yes:
                self.investtrack.write(lambda s: s.delete_month(pid, month), done=done)

        question = self.word(
            "delete_month",
            month=f"{month:%Y-%m}",
            funds=yi(record.funds_in_place_yuan),
            completed=yi(record.investment_completed_yuan),
            unit=self.word("unit_yi"),
        )
        self.app.push_screen(ConfirmModal(question), answered)

    # -- leaving: typing not saved is never dropped unasked ---------------------------------------

    def has_unsaved_typing(self) -> bool:
        return bool(self._edited_fields())

    def _leave(self, then: Callable[[], object]) -> None:
        if not self.has_unsaved_typing():
            then()
            return
        self.app.push_screen(
            ConfirmModal(say("discard_typing", self.lang)), lambda yes: then() if yes else None
        )

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
