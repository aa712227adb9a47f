"""Cell-width aware text for tables and cards: CJK characters take two terminal cells."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from store.labels import Lang, word
from store.money import Unit, format_amount

WARNING_STYLE = {
    "red": "bold white on red",
    "yellow": "bold black on yellow",
    "blue": "bold white on blue",
}
WARNING_MARK = {"red": "!!!", "yellow": "!!", "blue": "!"}  # readable without colour


def cut(text: str | None, width: int) -> str:
    """Cut to a width in cells, ending with … when cut; never wraps mid-cell."""
    text = text or ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def warning_cell(level: str | None, lang: Lang) -> Text:
    if not level:
        return Text("")
    return Text(f"{WARNING_MARK[level]} {word(level, lang)}", style=WARNING_STYLE[level])


def yi(yuan: int | None) -> str:
    return format_amount(yuan, Unit.YI)


def days(value: int | None) -> Text:
    """A countdown, on the right like every number; overdue in red."""
    if value is None:
        return Text("")
    return Text(str(value), style="bold red" if value < 0 else "", justify="right")


def count(value: int) -> Text:
    return Text(f"{value:,}", justify="right")
