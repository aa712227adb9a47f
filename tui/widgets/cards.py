"""The cards of a board: each column one OptionList whose options are three-line cards, a
coloured bar and a marker carrying the warning, a rule between cards. A few widgets in all,
however many cards, so a board opens at once. The project board and the leads board both
draw and follow their cards here, and share CardColumns: their keys between columns."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.text import WARNING_MARK, WARNING_STYLE
from tui.widgets.footer import OneLanguageKeys


def countdown_card(
    name: str,
    detail: str,
    warning: str | None,
    days_left: int | None,
    days_word: str,
    ahead: str = "",
) -> Text:
    """Name in bold; a line of detail; the countdown (after `ahead`) and the warning's marker."""
    style = WARNING_STYLE.get(warning or "", "dim")
    bar = Text("▌", style=style.replace("bold ", "").split(" on ")[-1] if warning else "dim")
    left = "" if days_left is None else f"{days_left}{days_word}"
    mark = WARNING_MARK.get(warning or "", "")
    lines = [
        Text.assemble(bar, (name, "bold")),
        Text.assemble(bar, detail),
        Text.assemble(bar, f"{ahead}{left} ", (mark, style) if mark else ""),
    ]
    return Text("\n").join(lines)


def fill_column(column: OptionList, cards: list[tuple[str, Text]]) -> None:
    """The column's cards (id, card) in place of its old ones, the cursor kept where it was
    as far as the new cards reach."""
    highlighted = column.highlighted
    column.clear_options()
    options: list[Option | None] = []
    for key, card in cards:
        options += [Option(card, id=key), None]  # None: a rule between cards
    column.add_options(options[:-1])
    if cards:
        column.highlighted = min(highlighted or 0, len(cards) - 1)


def follow_card(columns: Iterable[OptionList], key: str) -> bool:
    """Put the cursor on the card `key` in whichever column holds it, and focus that column;
    False when no column does."""
    for column in columns:
        try:
            index = column.get_option_index(key)
        except OptionDoesNotExist:
            continue
        column.highlighted = index
        column.focus()
        return True
    return False


def highlighted_card(column: OptionList) -> str | None:
    """The id of the card under the column's cursor, None on an empty column."""
    if column.highlighted is None or column.option_count == 0:
        return None
    return column.get_option_at_index(column.highlighted).id


class CardColumns(OneLanguageKeys[None]):
    """What a board of card columns does alike: left and right move between its columns,
    and its keys are shown or hidden again whenever the cursor moves to another card."""

    keys_state: tuple[bool, ...] = ()

    def keys_now(self) -> tuple[bool, ...]:
        """Which of the board's keys apply to where the cursor is, one flag a key."""
        raise NotImplementedError

    def focused_column(self) -> OptionList:
        """The column in focus, or the one taken for it when none is."""
        raise NotImplementedError

    def follow_keys(self) -> None:
        """The footer's keys redrawn, only when those that apply have changed."""
        state = self.keys_now()
        if state != self.keys_state:
            self.keys_state = state
            self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def card_highlighted(self) -> None:
        self.follow_keys()

    def on_descendant_focus(self) -> None:
        self.follow_keys()

    def show_empty(self, empty: bool, hint: str) -> None:
        """With no card at all the board (#board) gives way to a hint (#empty-hint) saying
        how to start, instead of blank columns."""
        shown = self.query_one("#empty-hint", Static)
        shown.display = empty
        self.query_one("#board").display = not empty
        if empty:
            shown.update(hint)

    def action_column(self, step: int) -> None:
        columns = list(self.query(OptionList))
        columns[(columns.index(self.focused_column()) + step) % len(columns)].focus()
