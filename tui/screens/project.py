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
from store.domain.rules import named
from store.errors import StaleEdit, UserError, report_line
from store.labels import WORDS, change_words
from store.models import DispatchRecord, Project
from store.money import Unit, format_amount, parse_amount
from store.procedures import PROBLEM_CATEGORIES, PROBLEM_STATUSES
from store.stages import Kind, parse_kind
from tui.modals import ConfirmModal, FormField
from tui.moves import ProjectMoves, ask_and_write
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, warning_cell, yi
from tui.widgets.choice import ChoiceField
from tui.words import say


def _whole(text: str) -> int:
    if not text.isdigit():
        raise UserError(f"not a whole number: {text!r}")
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UserError(f"not a number: {text!r}") from None
    if value < 0:
        raise UserError("must not be negative")
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
        Binding("ctrl+s", "save", "Save 保存", id="project.save"),
        Binding("ctrl+d", "discard", "Discard 放弃修改", id="project.discard"),
        *[
            Binding(key, action, label, id=f"project.{action}")
            for key, action, label in ProjectMoves.MOVE_BINDINGS
        ],
        Binding(*ProjectMoves.REINSTATE_BINDING, id="project.reinstate"),
        Binding("n", "new_item", "New 新增", id="project.new"),
        Binding("t", "toggle_item", "Done/Resolve 办结", id="project.toggle"),
        Binding("u", "due_date", "Due 时限", id="project.due"),
        Binding("e", "edit_item", "Edit 修改", id="project.edit"),
        Binding("delete", "drop_item", "Drop 删除", id="project.drop"),
        Binding("escape", "close", "Close 关闭", id="project.close"),
        Binding("l", "ledger", "Ledger 台账", id="project.ledger"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.data: ProjectData | None = None
        self.form_project: Project | None = None  # what the form was filled from

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="project-title", classes="title")
        with TabbedContent(id="tabs"):
            with TabPane("Details 详情", id="details"), VerticalScroll():
                with Grid(id="project-form"):
                    for key, label_key, kind in FORM_FIELDS:
                        unit = " 亿元" if kind is MONEY else ""  # 3000万 is taken too
                        required = " *" if key in REQUIRED else ""
                        yield Label(self.word(label_key) + unit + required)
                        with Vertical(classes="form-cell"):
                            if key in CHOSEN:
                                yield ChoiceField(
                                    self._choices(key, [], []),
                                    "new" if key == "kind" else "",
                                    new_label=None
                                    if key == "kind"
                                    else say("new_value", self.lang),
                                    blank=key != "kind",
                                    id=f"edit-{key}",
                                )
                            else:
                                yield Input(id=f"edit-{key}", compact=True)
                            yield Static("", id=f"note-{key}", classes="field-note", markup=False)
                yield Static("", id="form-error", classes="error", markup=False)
            with TabPane("Procedures 手续", id="procedures"):
                yield DataTable(id="procedure-table", cursor_type="row")
            with TabPane("Funds 资金", id="funds"):
                yield DataTable(id="funds-table", cursor_type="row")
            with TabPane("Problems 问题", id="problems"):
                yield DataTable(id="problem-table", cursor_type="row")
            with TabPane("History 历史", id="history"):
                yield DataTable(id="history-table", cursor_type="row")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for list items show only on the tabs they act on; moves only where they
        apply (reinstate on a withdrawn project, the others on one in the pipeline)."""
        tab = self.query_one(TabbedContent).active if self.is_mounted else ""
        if action in ("toggle_item",):
            return tab in ("procedures", "problems")
        if action == "due_date":
            return tab == "procedures"
        if action == "drop_item":
            return tab in ("procedures", "funds")
        if action == "edit_item":
            return tab == "funds"
        if action == "new_item":
            return tab in ("procedures", "funds", "problems")
        if action == "save":
            return tab == "details"
        if action == "discard":
            return tab == "details" and self.has_unsaved_typing()
        return self.move_applies(action)

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
                self._choices(key, data.counties, data.chains), say("new_value", self.lang)
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
            ["#", "Procedure 手续", "Required 必需", "Due 时限", "Done 办结", "Days 天"],
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
                "Month 月份",
                f"{self.word('funds_in_place')} 亿元",
                "Completed 完成投资 亿元",
                "Note 说明",
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
                "Raised 提出",
                "Category 类别",
                "Problem 问题",
                "Owner 责任",
                "Due 时限",
                "Status 状态",
                "Resolved 解决",
            ],
            [
                (
                    str(p.raised_on),
                    p.category,
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
                self._refused(key, str(problem))
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
            self.app.call_from_thread(self._refused, field, str(error))
            return
        except Exception as error:  # a busy or full database: said here, the typing kept
            self.app.call_from_thread(self._refused, None, report_line(error))
            return
        store.changes.changed()  # our own commit: the reload below covers it
        self.app.call_from_thread(self._saved, list(changes))

    def _saved(self, keys: list[str]) -> None:
        self.form_project = None  # the form is filled again from what is stored
        names = "、".join(self.word(FIELD_LABELS[key]) for key in keys)
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
        users = "、".join(sorted(changed_by)) or someone
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

    def action_new_item(self) -> None:
        tab = self.query_one(TabbedContent).active
        pid = self.project_id
        if tab == "procedures":
            fields = [
                FormField("name", "Procedure 手续", required=True),
                FormField("due", "Due 时限", parse=parse_date),
            ]
            self._form(
                "Add procedure 新增手续",
                fields,
                lambda s, v: s.add_procedure(pid, v["name"], v["due"]),
                "Procedure added 已新增",
            )
        elif tab == "funds":
            self._ask_month(None)
        elif tab == "problems":
            categories = self.data.categories if self.data else list(PROBLEM_CATEGORIES)
            fields = [
                FormField("text", "Problem 问题", required=True),
                FormField(
                    "category",
                    "Category 类别",
                    choices=tuple((self._category_words(c), c) for c in categories),
                    new_label=say("new_value", self.lang),
                ),
                FormField("owner", "Owner 责任单位"),
                FormField("due", "Due 解决时限", parse=parse_date),
            ]
            self._form(
                "Raise problem 登记问题",
                fields,
                lambda s, v: s.raise_problem(
                    pid,
                    v["text"],
                    category=v["category"] or "",
                    owner=v["owner"] or "",
                    due_on=v["due"],
                ),
                "Problem raised 已登记",
            )

    def _form(
        self,
        title: str,
        fields: list[FormField],
        write: Callable[[Any, dict[str, Any]], Any],
        done: str,
    ) -> None:
        """A tab's form, written before it closes: a refusal keeps it open with the typing."""
        ask_and_write(self.investtrack, title, fields, write, done)

    def action_toggle_item(self) -> None:
        if self.data is None:
            return
        tab = self.query_one(TabbedContent).active
        if tab == "procedures":
            procedure = self._cursor_item("#procedure-table", self.data.procedures)
            if procedure is None:
                return
            if procedure.done_on:
                self.investtrack.write(
                    lambda s: s.set_procedure(procedure.id, done_on=None),
                    done=f"{procedure.name}: not done 取消办结",
                )
                return
            self._form(
                f"Done 办结: {procedure.name}",
                [
                    FormField(
                        "on", "Done on 办结日期", self.store.today.isoformat(), parse_date, True
                    )
                ],
                lambda s, v: s.set_procedure(procedure.id, done_on=v["on"]),
                f"{procedure.name}: done 已办结",
            )
        elif tab == "problems":
            problem = self._cursor_item("#problem-table", self.data.problems)
            if problem is None:
                return
            statuses = tuple((self.word(status), status) for status in PROBLEM_STATUSES)
            self._form(
                f"Status 状态: {cut(problem.text, 30)}",
                [FormField("status", "Status 状态", "resolved", required=True, choices=statuses)],
                lambda s, v: s.set_problem_status(problem.id, v["status"]),
                "Problem updated 已更新",
            )

    def _category_words(self, category: str) -> str:
        """A kind of problem as the language names it (one the office made up, as written)."""
        english = PROBLEM_CATEGORIES.get(category)
        return english if english and self.lang == "en" else category

    def action_due_date(self) -> None:
        procedure = (
            self._cursor_item("#procedure-table", self.data.procedures) if self.data else None
        )
        if procedure is not None:
            self._form(
                f"Due 时限: {procedure.name}",
                [FormField("due", "Due 时限", str(procedure.due_on or ""), parse_date)],
                lambda s, v: s.set_procedure(procedure.id, due_on=v["due"]),
                "Due date set 已设定",
            )

    # -- the funds tab: a month's figures set, corrected or removed -----------------------------

    def _ask_month(self, record: DispatchRecord | None) -> None:
        """A month's figures in a form: a new month (n), or the one under the cursor (e). A
        new month already recorded is replaced only when the officer says so: never summed."""
        fields = [
            FormField(
                "funds",
                "Funds in place 到位资金 (亿元; 3000万 also)",
                MONEY.show(record.funds_in_place_yuan) if record else "",
                parse_amount,
                required=True,
            ),
            FormField(
                "completed",
                "Investment completed 完成投资 (亿元)",
                MONEY.show(record.investment_completed_yuan) if record else "0",
                parse_amount,
            ),
            FormField("note", "Progress 进展", record.note if record else ""),
        ]
        if record is None:
            this_month = self.store.today.isoformat()[:7]
            fields.insert(0, FormField("month", "Month 月份", this_month, parse_month, True))
        title = f"Funds 到位资金: {record.month:%Y-%m}" if record else "Month's funds 登记当月资金"
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
            return (
                f"{month:%Y-%m} has {yi(old.funds_in_place_yuan)} 亿元 in place and "
                f"{yi(old.investment_completed_yuan)} 亿元 completed. Replace them with "
                f"{yi(values['funds'])} and {yi(values['completed'] or 0)}? They are not added "
                f"up.\n{month:%Y-%m} 已有记录：替换为新填的数（不累加）？"
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
            lambda values: f"{month_of(values):%Y-%m}: saved 已保存",
            confirm=replacing,
        )

    def action_edit_item(self) -> None:
        record = self._cursor_item("#funds-table", self.data.records) if self.data else None
        if record is not None:
            self._ask_month(record)

    def _drop_month(self, record: DispatchRecord) -> None:
        pid, month = self.project_id, record.month

        def answered(yes: bool | None) -> None:
            if yes:
                self.investtrack.write(
                    lambda s: s.delete_month(pid, month), done=f"{month:%Y-%m}: deleted 已删除"
                )

        question = (
            f"Delete {month:%Y-%m}: {yi(record.funds_in_place_yuan)} 亿元 in place, "
            f"{yi(record.investment_completed_yuan)} 亿元 completed?\n删除该月记录？"
        )
        self.app.push_screen(ConfirmModal(question), answered)

    def action_drop_item(self) -> None:
        if self.query_one(TabbedContent).active == "funds":
            record = self._cursor_item("#funds-table", self.data.records) if self.data else None
            if record is not None:
                self._drop_month(record)
            return
        procedure = (
            self._cursor_item("#procedure-table", self.data.procedures) if self.data else None
        )
        if procedure is not None:
            self.app.push_screen(
                ConfirmModal(say("drop_procedure", self.lang, name=procedure.name)),
                lambda yes: (
                    self.investtrack.write(
                        lambda s: s.drop_procedure(procedure.id),
                        done=f"{procedure.name}: dropped 已删除",
                    )
                    if yes
                    else None
                ),
            )

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
