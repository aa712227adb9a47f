"""What the list tabs of a project show: its procedures, its months' funds, its problems and
its history, each a table."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from store.labels import change_words
from store.procedures import PROBLEM_CATEGORIES
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, yi


class ProjectLists(StoreScreen):
    """The tables of the project screen's list tabs; the keys that act on them are
    ProjectTabs'."""

    def _show_procedures(self, procedures: list[Any]) -> None:
        today = self.store.today
        self._fill(
            self.query_one("#procedure-table", DataTable),
            ["#", *(self.word(k) for k in ("procedure", "needed", "due", "done", "days"))],
            [
                (
                    str(number),
                    cut(p.name, 24),
                    "✓" if p.required else "-",
                    str(p.due_on or ""),
                    str(p.done_on or ""),
                    "" if p.done_on or not p.due_on else str((p.due_on - today).days),
                )
                for number, p in enumerate(procedures, start=1)
            ],
        )

    def _show_funds(self, records: list[Any]) -> None:
        in_yi = [
            self.word("with_unit", label=self.word(k), unit=self.word("unit_yi"))
            for k in ("funds_in_place", "completed_in_period")
        ]
        self._fill(
            self.query_one("#funds-table", DataTable),
            [self.word("month"), *in_yi, self.word("note")],
            [
                (
                    f"{r.month:%Y-%m}",
                    yi(r.funds_in_place_yuan),
                    yi(r.investment_completed_yuan),
                    cut(r.note, 30),
                )
                for r in records
            ],
        )

    def _show_problems(self, problems: list[Any]) -> None:
        headings = ("raised", "category", "problem", "owner", "due", "status", "resolved_on")
        self._fill(
            self.query_one("#problem-table", DataTable),
            [self.word(k) for k in headings],
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
                for p in problems
            ],
        )

    def _show_history(self, history: list[Any]) -> None:
        headings = ("when", "effective_on", "user", "action", "field", "old", "new_value", "note")
        self._fill(
            self.query_one("#history-table", DataTable),
            [self.word(k) for k in headings],
            [self._history_row(h) for h in history],
        )

    def _history_row(self, h: Any) -> tuple[str, ...]:
        """One change: when, as of when, who, and what it did to which field, cut to fit."""
        words = change_words(h.action, h.field, h.old_value, h.new_value, self.lang)
        return (
            f"{h.at:%Y-%m-%d %H:%M}",
            str(h.effective_on),
            cut(h.user, 10),
            *(cut(text, width) for text, width in zip(words, (8, 22, 16, 16), strict=True)),
            cut(h.note, 24),
        )

    @staticmethod
    def _fill(table: DataTable[Any], headers: list[str], rows: list[tuple[Any, ...]]) -> None:
        fill_data_table(table, [(heading, None) for heading in headers], rows)

    def _category_words(self, category: str) -> str:
        """A kind of problem as the language names it (one the office made up, as written)."""
        english = PROBLEM_CATEGORIES.get(category)
        return english if english and self.lang == "en" else category
