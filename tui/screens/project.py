"""Project: every field in a validated form, and tabs for procedures, funds, problems, history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static, TabbedContent, TabPane

from store.codes import code_warning
from store.dates import parse_date, parse_month
from store.errors import UserError
from store.labels import change_words
from store.models import Project
from store.money import Unit, format_amount, parse_amount
from store.procedures import PROBLEM_STATUSES
from store.stages import parse_kind
from tui.modals import FormField, FormModal
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, warning_cell, yi


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


class ProjectScreen(ProjectMoves, StoreScreen):
    AUTO_FOCUS = "Tabs"  # keys act at once; Tab moves into the form
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save 保存", id="project.save"),
        *[
            Binding(key, action, label, id=f"project.{action}")
            for key, action, label in ProjectMoves.MOVE_BINDINGS
        ],
        Binding("n", "new_item", "New 新增", id="project.new"),
        Binding("t", "toggle_item", "Done/Resolve 办结", id="project.toggle"),
        Binding("u", "due_date", "Due 时限", id="project.due"),
        Binding("delete", "drop_item", "Drop 删除", id="project.drop"),
        Binding("escape", "close", "Close 关闭", id="project.close"),
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
                        yield Input(id=f"edit-{key}", compact=True)
                yield Static("", id="form-error", classes="error")
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
        """Keys for list items show only on the tabs they act on."""
        tab = self.query_one(TabbedContent).active if self.is_mounted else ""
        if action in ("toggle_item",):
            return tab in ("procedures", "problems")
        if action in ("due_date", "drop_item"):
            return tab == "procedures"
        if action == "new_item":
            return tab in ("procedures", "funds", "problems")
        if action == "save":
            return tab == "details"
        return True

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()

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
        )

    def show(self, data: Any) -> None:
        self.data = data
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
        if not self._edited_fields():
            for key, _, kind in FORM_FIELDS:
                self.query_one(f"#edit-{key}", Input).value = self._shown(key, kind, project)
            self.form_project = project
        elif self.form_project and self.form_project.version != project.version:
            # Keep the officer's typing and the version it was based on: saving is then
            # refused as stale (and reloads) instead of overwriting the other change.
            self.notify(
                "Changed elsewhere while you edit; saving will check 已被他人修改，保存时将核对",
                severity="warning",
                timeout=6,
            )
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
        return self.word(value) if kind is KIND else kind.show(value)

    def reload_after(self, what: str) -> None:
        if what != "elsewhere":  # saved, or refused as stale: the form shows what is stored
            self.form_project = None
        self.reload()

    def _edited_fields(self) -> list[str]:
        if self.form_project is None:
            return []
        return [
            key
            for key, _, kind in FORM_FIELDS
            if self.query_one(f"#edit-{key}", Input).value.strip()
            != self._shown(key, kind, self.form_project)
        ]

    def action_save(self) -> None:
        project = self.form_project
        if project is None:
            return
        changes: dict[str, Any] = {}
        error = self.query_one("#form-error", Static)
        for key, label_key, kind in FORM_FIELDS:
            text = self.query_one(f"#edit-{key}", Input).value.strip()
            if text == self._shown(key, kind, project):
                continue
            try:
                if not text and key in REQUIRED:
                    raise UserError("required 必填")
                value = kind.parse(text) if text else _empty(key, kind)
            except UserError as problem:
                error.update(f"{self.word(label_key)}: {problem} — nothing saved 未保存")
                return
            changes[key] = value
        error.update("")
        if not changes:
            self.notify("No changes 无修改", timeout=2)
            return
        self.investtrack.write(
            lambda store: store.update_project(
                self.project_id, changes, expected_version=project.version
            ),
            done=f"Saved 已保存: {', '.join(changes)}",
        )

    # -- moves, and the item keys of the tabs -------------------------------------------------

    def selected_project(self) -> tuple[int, str, int | None] | None:
        if self.data is None:
            return None
        return self.project_id, self.data.project.name, self.data.project.version

    def _cursor_item(self, table_id: str, items: list[Any]) -> Any | None:
        table = self.query_one(table_id, DataTable)
        return items[table.cursor_row] if items and table.cursor_row < len(items) else None

    def action_new_item(self) -> None:
        tab = self.query_one(TabbedContent).active
        today = self.store.today.isoformat()
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
            fields = [
                FormField("month", "Month 月份", today[:7], parse_month, required=True),
                FormField(
                    "funds",
                    "Funds in place 到位资金 (亿元; 3000万 also)",
                    parse=parse_amount,
                    required=True,
                ),
                FormField("completed", "Investment completed 完成投资 (亿元)", "0", parse_amount),
                FormField("note", "Progress 进展"),
            ]
            self._form(
                "Add funds 登记到位资金",
                fields,
                lambda s, v: s.add_funds(
                    pid, v["month"], v["funds"], v["completed"] or 0, v["note"] or ""
                ),
                "Funds added 已登记",
            )
        elif tab == "problems":
            fields = [
                FormField("text", "Problem 问题", required=True),
                FormField("category", "Category 类别 (用地/用电/融资/用工...)"),
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
        def save(values: dict[str, Any] | None) -> None:
            if values:
                self.investtrack.write(lambda store: write(store, values), done=done)

        self.app.push_screen(FormModal(title, fields), save)

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
            statuses = "/".join(PROBLEM_STATUSES)
            self._form(
                f"Status 状态: {cut(problem.text, 30)}",
                [FormField("status", f"Status 状态 ({statuses})", "resolved", required=True)],
                lambda s, v: s.set_problem_status(problem.id, v["status"]),
                "Problem updated 已更新",
            )

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

    def action_drop_item(self) -> None:
        procedure = (
            self._cursor_item("#procedure-table", self.data.procedures) if self.data else None
        )
        if procedure is not None:
            self.investtrack.write(
                lambda s: s.drop_procedure(procedure.id), done=f"{procedure.name}: dropped 已删除"
            )

    def action_close(self) -> None:
        self.app.pop_screen()
