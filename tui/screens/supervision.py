"""Supervision (督办): the notices not closed, a summons first, then red, yellow, blue, each
level by its reply deadline; keys to issue a notice, record a reply, escalate, close, and
run the day's supervision; enter opens the project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from store.dates import parse_date
from store.domain.supervision import LEVELS, NoticeLevel, NoticeStatus, parse_level
from tui.moves import ask_and_write
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import WARNING_MARK, WARNING_STYLE, cut, days
from tui.widgets.footer import KeyFooter
from tui.words import labelled

if TYPE_CHECKING:
    from collections.abc import Callable

    from store.queries.supervision import NoticeRow
    from store.service import Store
    from tui.modals import FormField

PAGE = 500
# the columns before the name; the days are working days, as the reply's deadline counts them
LEADING = ("notice", "notice_level", "reply_due", "working_days_short", "notice_status")
NAME_MOST, NAME_LEAST = 28, 16  # in cells: a CJK character is two
PADDING = 2  # a DataTable cell's padding, both sides
SCROLLBAR = 2
SUMMONS_STYLE = "bold white on magenta"


def level_cell(level: NoticeLevel, word: str) -> Text:
    """A level as the warnings show theirs: a marker and a colour, a summons above red."""
    if level is NoticeLevel.SUMMONS:
        return Text(f"!!!! {word}", style=SUMMONS_STYLE)
    return Text(f"{WARNING_MARK[level.value]} {word}", style=WARNING_STYLE[level.value])


class SupervisionScreen(StoreScreen):
    AUTO_FOCUS = "#notices"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "open_row", tooltip="help_open", id="supervision.open"),
        Binding(
            "n", "issue", "notice_issue_key", tooltip="help_notice_issue", id="supervision.issue"
        ),
        Binding(
            "r", "reply", "notice_reply_key", tooltip="help_notice_reply", id="supervision.reply"
        ),
        Binding(
            "e",
            "escalate",
            "notice_escalate_key",
            tooltip="help_notice_escalate",
            id="supervision.escalate",
        ),
        Binding(
            "c",
            "close_notice",
            "notice_close_key",
            tooltip="help_notice_close",
            id="supervision.close",
        ),
        Binding(
            "u", "supervise", "supervise_key", tooltip="help_supervise", id="supervision.supervise"
        ),
        Binding(
            "w", "app.bulletin", "bulletin_key", tooltip="help_bulletin", id="supervision.bulletin"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[NoticeRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="supervision-title", classes="title")
        yield DataTable(id="notices", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def fetch(self) -> Any:
        return self.store.notices(limit=PAGE), self.store.notice_counts()

    def show(self, data: Any) -> None:
        self.rows, counts = data
        parts = [f"{self.word(level.value)} {counts[level.value]}" for level in reversed(LEVELS)]
        parts.append(f"{self.word('notice_overdue')} {counts['overdue']}")
        title = labelled(self.word("open_notices"), " · ".join(parts), self.lang)
        self.query_one("#supervision-title", Static).update(Text(title))
        self._fill_table()
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.rows:  # the name has what the screen's width leaves it
            self._fill_table()

    def _fill_table(self) -> None:
        leading = [
            (
                Text(f"#{row.id}", justify="right"),
                level_cell(row.level, self.word(row.level.value)),
                Text(str(row.reply_due or "")),
                days(row.working_days_to_reply),
                Text(
                    self.word("notice_overdue")
                    if row.overdue
                    else self.word(f"notice_{row.status}")
                ),
            )
            for row in self.rows
        ]
        headings = [self.word(key) for key in LEADING]
        widths = [
            max(cell_len(heading), *(cells[index].cell_len for cells in leading))
            for index, heading in enumerate(headings)
        ]
        # the name has what the columns before it leave, so that at 80 columns it is read
        room = self.size.width - sum(width + PADDING for width in widths) - SCROLLBAR - PADDING
        name_width = max(NAME_LEAST, min(NAME_MOST, room))
        columns = [
            *zip(headings, widths, strict=True),
            (self.word("name"), name_width),
            (self.word("steward"), 8),
            (self.word("unit"), 14),
        ]
        rows = [
            (*cells, cut(row.name, name_width), cut(row.steward, 8), cut(row.unit, 14))
            for row, cells in zip(self.rows, leading, strict=True)
        ]
        fill_data_table(self.query_one("#notices", DataTable), columns, rows)

    def chosen(self) -> NoticeRow | None:
        if not self.rows:
            return None
        table = self.query_one("#notices", DataTable)
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key for a notice only on one it applies to: a reply to one waiting for it, no
        escalation above a summons."""
        row = self.chosen()
        if action in ("open", "close_notice"):
            return row is not None
        if action == "reply":
            return row is not None and row.status is NoticeStatus.OPEN
        if action == "escalate":
            return row is not None and row.level is not NoticeLevel.SUMMONS
        return True

    def action_open(self) -> None:
        row = self.chosen()
        if row is not None:
            self.open_project(row.project_id)

    @on(DataTable.RowSelected, "#notices")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_project(self.rows[event.cursor_row].project_id)

    @on(DataTable.RowHighlighted, "#notices")
    def row_highlighted(self) -> None:
        self.refresh_bindings()  # the keys follow the notice under the cursor

    def action_issue(self) -> None:
        from tui.modals import FormField

        fields = [
            FormField(
                "project",
                self.word("notice_project"),
                required=True,
                placeholder=self.word("notice_project_hint"),
            ),
            FormField(
                "level",
                self.word("notice_level"),
                NoticeLevel.BLUE.value,
                parse_level,
                required=True,
                choices=tuple((self.word(level.value), level.value) for level in LEVELS[:-1]),
            ),
            FormField("reason", self.word("notice_reason")),
        ]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.issue_notice(
                str(values["project"]), level=values["level"], reason=values["reason"] or ""
            )

        ask_and_write(
            self.investtrack,
            self.word("notice_issue_key"),
            fields,
            write,
            self.word("notice_issued"),
        )

    def action_reply(self) -> None:
        from tui.modals import FormField

        row = self.chosen()
        if row is None:
            return
        fields = [
            FormField("plan", self.word("remedy_plan"), required=True),
            FormField(
                "due",
                self.word("remedy_due"),
                parse=parse_date,
                required=True,
                placeholder="2024-07-31",
            ),
        ]
        self._ask_on_notice(
            row,
            "notice_reply_key",
            fields,
            lambda store, notice_id, version, values: store.reply_notice(
                notice_id, str(values["plan"]), values["due"], expected_version=version
            ),
            "notice_replied_done",
        )

    def action_close_notice(self) -> None:
        from tui.modals import FormField

        row = self.chosen()
        if row is None:
            return
        self._ask_on_notice(
            row,
            "notice_close_key",
            [FormField("reason", self.word("notice_close_reason"))],
            lambda store, notice_id, version, values: store.close_notice(
                notice_id, values["reason"] or "", expected_version=version
            ),
            "notice_closed_done",
        )

    def action_escalate(self) -> None:
        from tui.modals import FormField

        row = self.chosen()
        if row is None:
            return
        self._ask_on_notice(
            row,
            "notice_escalate_key",
            [FormField("note", self.word("note"))],
            lambda store, notice_id, version, values: store.escalate_notice(
                notice_id, values["note"] or "", expected_version=version
            ),
            "notice_escalated_done",
        )

    def _ask_on_notice(
        self,
        row: NoticeRow,
        verb: str,
        fields: list[FormField],
        write: Callable[[Store, int, int | None, dict[str, Any]], object],
        done: str,
    ) -> None:
        """A form on the chosen notice, written against the version shown so that a notice
        changed meanwhile is refused rather than overwritten."""
        notice_id, version = row.id, row.version
        ask_and_write(
            self.investtrack,
            labelled(self.word(verb), f"#{notice_id} {row.name}", self.lang),
            fields,
            lambda store, values: write(store, notice_id, version, values),
            self.word(done),
        )

    def action_supervise(self) -> None:
        self.run_worker(
            self._supervise, thread=True, exclusive=True, group="write", exit_on_error=False
        )

    def _supervise(self) -> None:
        run = self.store.supervise()
        self.store.changes.changed()  # our own commit: the reload below covers it
        line = self.word("supervised", rises=str(len(run.escalated)), closed=str(len(run.closed)))
        self.app.call_from_thread(self.app.notify, line, timeout=3, markup=False)
        self.app.call_from_thread(self.investtrack.post_data_changed, line)
