"""The ledger's filters: the search box and the choices of stage, warning, county, chain,
steward and withdrawn projects; each change filters again from the first row. A filter with
no choice of its own (a responsible unit, from the assessment) is said in the pager."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from store.service import ProjectFilter
from store.stages import STAGES, Stage
from store.warnings import WarningLevel
from tui.screens.base import StoreScreen
from tui.table import FastTable

FILTERS = ("stage", "warning", "county", "chain", "steward")


class LedgerFilters(StoreScreen):
    """The filters of the ledger screen; mixed into it."""

    filters: ProjectFilter
    page_start: int  # the first row of the page shown
    choices_loaded: bool

    def _fill_choices(self, counties: list[str], chains: list[str], stewards: list[str]) -> None:
        """The choices, and every word of the filters, in the app's language; the filter in
        force stays (new options clear a Select: it is chosen again, without filtering)."""
        self.choices_loaded = True
        self.query_one("#search", Input).placeholder = self.word("search_box")
        with self.prevent(Select.Changed):
            for key in (*FILTERS, "withdrawn"):
                prompt = self.word("active_only" if key == "withdrawn" else key)
                self.query_one(f"#{key}", Select).prompt = prompt
            self.query_one("#stage", Select).set_options(
                (self.word(s.value), s.value) for s in STAGES
            )
            self.query_one("#warning", Select).set_options(
                (self.word(w.value), w.value) for w in WarningLevel
            )
            self.query_one("#withdrawn", Select).set_options(
                (self.word(key), value)
                for key, value in (("with_withdrawn", "include"), ("withdrawn_only", "only"))
            )
            # names as Text: a Select reads a string prompt as markup, and a name may hold "[/]"
            self.query_one("#county", Select).set_options((Text(c), c) for c in counties)
            self.query_one("#chain", Select).set_options((Text(c), c) for c in chains)
            self.query_one("#steward", Select).set_options((Text(s), s) for s in stewards)
        self._show_filters()

    def show_filtered(self, filters: ProjectFilter) -> None:
        """Only what the filter keeps, from the first row (a drill-down from another screen)."""
        self.filters = filters
        self.page_start = 0
        if self.is_mounted:
            self._show_filters()
            self.query_one(FastTable).cursor_row = 0
            self.reload()

    def _show_filters(self) -> None:
        """The search box and the choices say the filter in force, without filtering again."""
        filters = self.filters
        shown = {
            "stage": filters.stage.value if filters.stage else None,
            "warning": filters.warning.value if filters.warning else None,
            "county": filters.county,
            "chain": filters.chain,
            "steward": filters.steward,
            "withdrawn": "only"
            if filters.withdrawn_only
            else "include"
            if filters.include_withdrawn
            else None,
        }
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#search", Input).value = filters.search or ""
            for key, value in shown.items():
                select = self.query_one(f"#{key}", Select)
                try:
                    select.value = Select.BLANK if value is None else value
                except InvalidSelectValueError:  # not among the choices read: still filtered on
                    select.clear()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self._refilter(search=event.value or None)

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(FastTable).focus()

    @on(Select.Changed)
    def select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.BLANK else str(event.value)
        key = event.select.id or ""
        if key == "stage":
            self._refilter(stage=Stage(value) if value else None)
        elif key == "warning":
            self._refilter(warning=WarningLevel(value) if value else None)
        elif key == "withdrawn":
            self._refilter(include_withdrawn=value == "include", withdrawn_only=value == "only")
        else:
            self._refilter(**{key: value})

    def _refilter(self, **change: Any) -> None:
        self.filters = replace(self.filters, **change)
        self.page_start = 0
        self.reload()

    def focus_search(self) -> None:
        """The search box focused, its text chosen so typing replaces it (`/` on any screen:
        tui.navigation). A ledger shown for the first time is composed first."""
        if not self.is_mounted:
            self.app.call_after_refresh(self.focus_search)
            return
        search = self.query_one("#search", Input)
        search.focus()
        search.select_all()

    def action_clear(self) -> None:
        if self.filters.responsible_unit:  # no choice shows it: lifted here, the rest below
            self._refilter(responsible_unit=None)
        self.query_one("#search", Input).value = ""
        for select in self.query(Select):
            select.clear()
        self.query_one(FastTable).focus()
