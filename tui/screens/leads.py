"""The leads board: 线索 | 研判 | 在谈 side by side, the most urgent lead of each on top, with
the project board's keys to move them (a on a lead under negotiation signs it, making its
project; t reports on it, starting its clock again), and a form for a new lead or one opened.
`v` shows the reserve (储备/推介) instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static

from store.dates import parse_date
from store.domain.leads import KNOWN_SOURCES, OPEN_STAGES, LeadStage
from store.money import parse_amount
from tui.modals import FormField
from tui.moves import ask_and_write
from tui.screens.base import StoreScreen
from tui.text import yi
from tui.widgets.cards import (
    CardColumns,
    countdown_card,
    fill_column,
    follow_card,
    highlighted_card,
)
from tui.widgets.footer import KeyFooter
from tui.words import labelled, say

if TYPE_CHECKING:
    from store.labels import Lang
    from store.queries.leads import LeadFigures, LeadRow
    from store.service import Store

MOVES = frozenset({"advance", "back", "drop", "report"})
# The form's fields: a lead's field, the word naming it, required.
LEAD_FORM = (
    ("name", "lead_name", True),
    ("source", "lead_source", True),
    ("owner", "lead_owner", True),
    ("amount_yuan", "lead_amount", False),
    ("investor", "investor", False),
    ("investor_origin", "investor_origin", False),
    ("chain", "chain", False),
    ("notes", "lead_notes", False),
)


def lead_card(row: LeadRow, lang_days: str) -> Text:
    """Name; source and owner; amount and the countdown to the stage's limit, the warning
    as a coloured bar and a marker."""
    return countdown_card(
        row.name,
        f"{row.source} · {row.owner}",
        row.warning,
        row.days_left,
        lang_days,
        ahead=f"{yi(row.amount_yuan)} · ",
    )


class LeadsScreen(CardColumns, StoreScreen):
    AUTO_FOCUS = "#leads-lead"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "advance", "advance", tooltip="help_lead_advance", id="leads.advance"),
        Binding("z", "back", "back", tooltip="help_lead_back", id="leads.back"),
        Binding("x", "drop", "drop_lead", tooltip="help_lead_drop", id="leads.drop"),
        Binding("t", "report", "report_lead", tooltip="help_lead_report", id="leads.report"),
        Binding("n", "new_lead", "add", tooltip="help_new_lead", id="leads.new_lead"),
        Binding(
            "v", "toggle_reserve", "reserve_toggle", tooltip="help_reserve", id="leads.reserve"
        ),
        Binding("enter", "open", "open_row", id="leads.open", show=False),
        Binding("left", "column(-1)", "←", show=False),
        Binding("right", "column(1)", "→", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, LeadRow] = {}
        self.reserve = False
        self.followed: str | None = None  # the lead last acted on: the cursor follows it
        self.keys_state: tuple[bool, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="empty-hint", markup=False)
        with Horizontal(id="board"):
            for stage in OPEN_STAGES:
                with Vertical(classes="stage-column"):
                    yield Static("", id=f"leads-head-{stage.value}", classes="stage-head")
                    yield OptionList(id=f"leads-{stage.value}", classes="cards")
        yield KeyFooter()

    def fetch(self) -> Any:
        return self.store.leads(reserve=self.reserve)

    def show(self, data: Any) -> None:
        rows: list[LeadRow] = data
        days_word = self.word("days_suffix")
        self.rows = {str(row.id): row for row in rows}
        for stage in OPEN_STAGES:
            cards = [row for row in rows if row.stage == stage.value]
            amount = sum(row.amount_yuan for row in cards)
            self.query_one(f"#leads-head-{stage.value}", Static).update(
                f"{self.word(stage.value)} {len(cards)}\n{yi(amount)} {self.word('unit_yi')}"
            )
            fill_column(
                self.query_one(f"#leads-{stage.value}", OptionList),
                [(str(row.id), lead_card(row, days_word)) for row in cards],
            )
        self.sub_title = self.word("reserve" if self.reserve else "leads")
        self.show_empty(not rows, self.word("leads_empty"))
        self._follow()
        self.follow_keys()

    def _follow(self) -> None:
        if self.followed is not None:
            follow_card(self.query(OptionList), self.followed)
        self.followed = None

    def keys_now(self) -> tuple[bool, ...]:
        return tuple(self.check_action(action, ()) is True for action in sorted(MOVES))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moves only on a card; back past 线索 only."""
        if action in MOVES:
            row = self.selected()
            if row is None:
                return False
            if action == "report":  # a report is what a lead under negotiation owes
                return row.stage == LeadStage.NEGOTIATING
            return action != "back" or row.stage != LeadStage.LEAD
        return True

    def focused_column(self) -> OptionList:
        focused = self.focused
        if isinstance(focused, OptionList):
            return focused
        return self.query_one(f"#leads-{OPEN_STAGES[0].value}", OptionList)

    def selected(self) -> LeadRow | None:
        if not self.is_mounted or not self.rows:
            return None
        return self.rows.get(highlighted_card(self.focused_column()) or "")

    def action_toggle_reserve(self) -> None:
        self.reserve = not self.reserve
        self.reload()

    # -- the moves, each asked in a form and written in a worker -----------------------------

    def _today_field(self, key: str = "on") -> FormField:
        return FormField(key, self.word("date"), self.store.today.isoformat(), parse_date, True)

    def _ask(self, verb: str, row: LeadRow, fields: list[FormField], write: Any, done: str) -> None:
        self.followed = str(row.id)
        lang = self.lang
        ask_and_write(
            self.investtrack,
            labelled(self.word(verb), row.name, lang),
            fields,
            write,
            labelled(row.name, self.word(done), lang),
        )

    def action_advance(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.stage == LeadStage.NEGOTIATING:
            self._ask_sign(row)
            return
        fields = [self._today_field(), FormField("note", self.word("note"))]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.advance_lead(
                row.id, values["on"], values["note"] or "", expected_version=row.version
            )

        self._ask("advance", row, fields, write, "advanced")

    def _ask_sign(self, row: LeadRow) -> None:
        """Signing: the day, and what the new project needs beyond the lead."""
        fields = [
            self._today_field(),
            FormField("code", self.word("code")),
            FormField("county", self.word("county")),
            FormField("steward", self.word("steward"), row.owner),
        ]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.sign_lead(
                row.id,
                values["on"],
                code=values["code"],
                county=values["county"] or "",
                steward=values["steward"],
                expected_version=row.version,
            )

        self._ask("sign_lead", row, fields, write, "lead_signed")

    def action_back(self) -> None:
        row = self.selected()
        if row is None:
            return
        fields = [FormField("reason", self.word("reason_correction"), required=True)]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.back_lead(row.id, str(values["reason"]), expected_version=row.version)

        self._ask("back", row, fields, write, "moved_back")

    def action_drop(self) -> None:
        row = self.selected()
        if row is None:
            return
        fields = [FormField("reason", self.word("reason"), required=True), self._today_field()]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.drop_lead(
                row.id, str(values["reason"]), values["on"], expected_version=row.version
            )

        self._ask("drop_lead", row, fields, write, "dropped")

    def action_report(self) -> None:
        row = self.selected()
        if row is None or row.stage != LeadStage.NEGOTIATING:
            return
        fields = [FormField("note", self.word("note"), required=True), self._today_field()]

        def write(store: Store, values: dict[str, Any]) -> object:
            return store.report_lead(row.id, str(values["note"]), values["on"])

        self._ask("report_lead", row, fields, write, "lead_reported")

    def _form_fields(self, row: LeadRow | None) -> list[FormField]:
        fields = []
        for key, label, required in LEAD_FORM:
            if key == "amount_yuan":
                amount = yi(row.amount_yuan) if row else ""
                fields.append(FormField(key, self.word(label), amount, parse_amount))
            elif key == "source":  # the usual sources to choose, or the office's own typed
                source = "" if row is None else row.source
                known = dict.fromkeys((*KNOWN_SOURCES, *([source] if source else [])))
                choices = tuple((word, word) for word in known)
                fields.append(
                    FormField(
                        key,
                        self.word(label),
                        source or KNOWN_SOURCES[0],
                        required=True,
                        choices=choices,
                        new_label=self.word("other_source"),
                    )
                )
            else:
                value = "" if row is None else str(getattr(row, key))
                fields.append(FormField(key, self.word(label), value, required=required))
        return fields

    def action_new_lead(self) -> None:
        fields = self._form_fields(None)
        fields.insert(
            3,
            FormField(
                "registered_on",
                self.word("registered_on"),
                self.store.today.isoformat(),
                parse_date,
                True,
            ),
        )
        reserve = self.reserve

        def write(store: Store, values: dict[str, Any]) -> object:
            given = {key: value for key, value in values.items() if value is not None}
            given["kind"] = "reserve" if reserve else "lead"
            lead = store.add_lead(given)
            self.followed = str(lead.id)
            return lead

        lang = self.lang
        ask_and_write(
            self.investtrack,
            self.word("new_lead"),
            fields,
            write,
            lambda values: labelled(str(values["name"]), self.word("lead_added"), lang),
        )

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_lead(row)

    @on(OptionList.OptionSelected)
    def card_selected(self, event: OptionList.OptionSelected) -> None:
        row = self.rows.get(event.option.id or "")
        if row is not None:
            self.open_lead(row)

    def open_lead(self, row: LeadRow) -> None:
        """The lead's form: its fields corrected, each change in its history."""
        fields = self._form_fields(row)

        def write(store: Store, values: dict[str, Any]) -> object:
            typed = {
                key: "" if value is None and key != "amount_yuan" else value
                for key, value in values.items()
            }
            changed = {
                key: value
                for key, value in typed.items()
                if value is not None and value != getattr(row, key)
            }
            return store.edit_lead(row.id, changed, expected_version=row.version)

        self._ask("lead_form", row, fields, write, "saved")


def funnel_panel(figures: LeadFigures, lang: Lang) -> Table:
    """The figures screen's funnel: how many of the period's leads reached each stage, the
    drop-off from the stage before, and the conversion rate."""
    from store.queries.leads import conversion_rate

    total = figures.total
    table = Table(
        title=f"{say('lead_funnel', lang)} ({figures.as_of})",
        caption=f"{say('conversion_rate', lang)} {conversion_rate(total).percent(lang=lang)}"
        f" ({total.signed}/{total.registered}) · {say('dropped', lang)} {total.dropped}",
        title_justify="left",
        caption_justify="left",
    )
    for header in ("", "#", say("unit_yi", lang), say("drop_off", lang), ""):
        table.add_column(header, justify="left" if header in ("",) else "right")
    largest = max((step.count for step in total.steps), default=0)
    for step in total.steps:
        name = say("registered" if step.stage is LeadStage.LEAD else step.stage.value, lang)
        off = "" if step.stage is LeadStage.LEAD else f"{step.drop_off}/{step.before}"
        table.add_row(name, f"{step.count:,}", yi(step.amount_yuan), off, bar(step.count, largest))
    return table


def bar(value: int, largest: int, width: int = 30) -> Text:
    filled = 0 if largest <= 0 else round(width * value / largest)
    return Text("█" * filled, style="magenta") + Text("·" * (width - filled), style="dim")
