"""The list tabs of a project: procedures, funds and problems, each with its own keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.widgets import DataTable

from store.dates import parse_date, parse_deadline, parse_month
from store.db.models import DispatchRecord, Problem, Project
from store.labels import Lang
from store.money import parse_amount
from store.procedures import PROBLEM_CATEGORIES, PROBLEM_STATUSES
from tui.modals import ConfirmModal, FormField
from tui.moves import ask_and_write
from tui.project_fields import MONEY
from tui.screens.project_lists import ProjectLists
from tui.text import cut, yi
from tui.words import labelled, say

# The keys of the list tabs, each offered on its own tab only: key, action, description and
# what it does (words of tui.words). The footer, the help panel and the palette all read them.
TAB_KEYS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "procedures": (
        ("n", "add_procedure", "add_procedure", "help_add_procedure"),
        ("t", "finish_procedure", "done", "help_finish_procedure"),
        ("u", "procedure_due", "due", "help_procedure_due"),
        ("e", "rename_procedure", "rename", "help_rename_procedure"),
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
        ("delete", "remove_problem", "drop", "help_remove_problem"),
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


@dataclass(frozen=True)
class MonthForm:
    """A month's figures asked for: a new month when `record` is None, else that month."""

    project_id: int
    record: DispatchRecord | None
    recorded: dict[date, DispatchRecord]  # the months already recorded
    word: Callable[..., str]
    lang: Lang

    def fields(self, today: date) -> list[FormField]:
        record, word = self.record, self.word
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
                word("with_unit", label=word("completed_in_period"), unit=word("unit_yi")),
                MONEY.show(record.investment_completed_yuan) if record else "0",
                parse_amount,
            ),
            FormField("note", word("progress_note"), record.note if record else ""),
        ]
        if record is None:
            fields.insert(
                0, FormField("month", word("month"), today.isoformat()[:7], parse_month, True)
            )
        return fields

    def title(self) -> str:
        if self.record is None:
            return self.word("month_funds")
        return labelled(self.word("funds_in_place"), f"{self.record.month:%Y-%m}", self.lang)

    def month_of(self, values: dict[str, Any]) -> date:
        return values["month"] if self.record is None else self.record.month

    def replacing(self, values: dict[str, Any]) -> str | None:
        """A new month already recorded is replaced only after yes: never summed."""
        month = self.month_of(values)
        old = self.recorded.get(month) if self.record is None else None
        if old is None:
            return None
        return self.word(
            "replace_month",
            month=f"{month:%Y-%m}",
            funds=yi(old.funds_in_place_yuan),
            completed=yi(old.investment_completed_yuan),
            new_funds=yi(values["funds"]),
            new_completed=yi(values["completed"] or 0),
            unit=self.word("unit_yi"),
        )

    def write(self, store: Any, values: dict[str, Any]) -> None:
        month = self.month_of(values)
        store.set_month(
            self.project_id,
            month,
            values["funds"],
            values["completed"] or 0,
            values["note"] or "",
            replace=self.record is not None or month in self.recorded,
        )

    def done(self, values: dict[str, Any]) -> str:
        return labelled(f"{self.month_of(values):%Y-%m}", self.word("saved"), self.lang)


class ProjectTabs(ProjectLists):
    """The keys of the procedures, funds and problems tabs; mixed into the project screen."""

    project_id: int
    data: ProjectData | None

    # -- the rows under the cursor ----------------------------------------------------------

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
            FormField("due", self.word("due"), parse=parse_deadline),
        ]
        self._form(
            self.word("add_procedure"),
            fields,
            lambda s, v: s.add_procedure(pid, v["name"], v["due"]),
            self.word("procedure_added"),
        )

    def action_finish_procedure(self) -> None:
        """Done on a day asked for; one already done is made not done again, after asking
        (the same key: a second press must not undo a day recorded)."""
        procedure = self._tab_item("procedures")
        if procedure is None:
            return
        if procedure.done_on:
            not_done = labelled(procedure.name, self.word("not_done"), self.lang)

            def undo(yes: bool | None) -> None:
                if yes:
                    self.investtrack.write(
                        lambda s: s.set_procedure(procedure.id, done_on=None), done=not_done
                    )

            question = self.word("undo_done", name=procedure.name, on=str(procedure.done_on))
            self.app.push_screen(ConfirmModal(question), undo)
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
                [FormField("due", due, str(procedure.due_on or ""), parse_deadline)],
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

    def action_rename_procedure(self) -> None:
        """Another name for the procedure under the cursor; refused if someone renamed it
        since the list was read."""
        procedure = self._tab_item("procedures")
        if procedure is None:
            return
        procedure_id, name = procedure.id, procedure.name
        self._form(
            labelled(self.word("rename"), name, self.lang),
            [FormField("name", self.word("procedure_name"), name, required=True)],
            lambda s, v: s.rename_procedure(procedure_id, v["name"], expected_name=name),
            self.word("procedure_renamed"),
        )

    # -- the problems tab: raised, corrected, moved on, removed ---------------------------------

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
                parse_deadline,
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
        resolved = str(problem.resolved_on or self.store.today)
        fields = [
            FormField("status", status, problem.status, required=True, choices=statuses),
            FormField("on", self.word("resolved_on_if"), resolved, parse_date),
        ]
        self._form(
            labelled(status, cut(problem.text, 30), self.lang),
            fields,
            lambda s, v: s.set_problem_status(problem.id, v["status"], v["on"]),
            self.word("problem_updated"),
        )

    def action_remove_problem(self) -> None:
        """Remove the problem under the cursor, after asking; refused if it changed since
        the list was read. The history keeps it."""
        problem: Problem | None = self._tab_item("problems")
        if problem is None or problem.id is None:
            return
        problem_id, version = problem.id, problem.version

        def answered(yes: bool | None) -> None:
            if yes:
                self.investtrack.write(
                    lambda s: s.remove_problem(problem_id, expected_version=version),
                    done=self.word("problem_removed"),
                )

        question = self.word("remove_problem", text=cut(problem.text, 30))
        self.app.push_screen(ConfirmModal(question), answered)

    # -- the funds tab: a month's figures set, corrected or removed -----------------------------

    def _ask_month(self, record: DispatchRecord | None) -> None:
        """A month's figures in a form: a new month (n), or the one under the cursor (e). A
        new month already recorded is replaced only when the officer says so: never summed."""
        recorded = {r.month: r for r in self.data.records} if self.data else {}
        month = MonthForm(self.project_id, record, recorded, self.word, self.lang)
        ask_and_write(
            self.investtrack,
            month.title(),
            month.fields(self.store.today),
            month.write,
            month.done,
            confirm=month.replacing,
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
