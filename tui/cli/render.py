"""How commands print: Rich tables on a console that reads no markup, amounts in 亿元,
warnings as coloured text with a marker, JSON as the office's own characters, and every line
in the language chosen: each area module keeps its lines in a table of (Chinese, English)
pairs, filled in by `said`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from store.labels import Refusal
    from tui.cli.context import Cli

Lines = dict[str, tuple[str, str]]

# The lines several areas print.
SAID: Lines = {
    "amounts": ("金额单位：亿元", "amounts in 100M yuan"),
    "parts_joint": ("；", "; "),
    "unchanged": ("未变", "unchanged"),
}

# The width a column keeps for its content (4 where not named); a wider heading widens it.
CONTENT_WIDTH = {"stage": 10, "deadline": 10, "days_left": 5, "warning": 7, "signed_amount_yuan": 7}


def console() -> Console:
    """Rich output where text is never read as markup: a name such as "[/]" or "[bold]" is
    printed as written (styles come from Text objects, never from brackets in strings)."""
    from rich.console import Console

    return Console(markup=False)


def echo_json(data: object) -> None:
    """Indented JSON with Chinese as written, not as escapes."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_json_with(
    record: dict[str, object], key: str, steps: Iterable[object], fields: dict[str, str]
) -> None:
    """A record as JSON with its steps (history, events) under `key`: fields maps each step's
    JSON key to the attribute it is read from, dates in ISO form."""

    def value(step: object, attribute: str) -> object:
        found = getattr(step, attribute)
        return found.isoformat() if isinstance(found, date) else found

    record[key] = [{name: value(step, attr) for name, attr in fields.items()} for step in steps]
    echo_json(record)


def said(cli: Cli, lines: Lines, key: str, /, **values: object) -> str:
    """A command's line from its table, in the language chosen, with its {values} filled in."""
    from store.labels import in_language

    return in_language(lines, key, cli.lang).format(**values)


def refusal(lines: Lines, key: str, /, **values: object) -> Refusal:
    """A mistake a command finds in what it was asked, worded from its lines in both
    languages: shown in the one chosen."""
    from store.labels import Refusal

    chinese, english = lines[key]
    return Refusal(chinese.format(**values), english.format(**values))


def echo_state(cli: Cli, subject: str, state: str, on: object = None) -> None:
    """A write's one line: what it wrote to, the state it is in now (a word), and the day
    that state was entered when there is one."""
    day = "" if on is None else aside(cli, str(on))
    typer.echo(cli.labelled(subject, f"{cli.word(state)}{day}"))


def aside(cli: Cli, text: str) -> str:
    """A remark after what it qualifies, bracketed as the language brackets it: （2024-06-30）."""
    return f"（{text}）" if cli.in_chinese else f" ({text})"


def money_text(yuan: int | None) -> str:
    from store.money import Unit, format_amount

    return format_amount(yuan, Unit.YI)


def warning_text(cli: Cli, level: str | None) -> Text:
    """A warning as coloured text with a marker, readable in monochrome too."""
    from rich.text import Text

    if not level:
        return Text("")
    style = {
        "red": "bold white on red",
        "yellow": "bold black on yellow",
        "blue": "bold white on blue",
    }
    marker = {"red": "!!!", "yellow": "!!", "blue": "!"}
    return Text(f"{marker[level]} {cli.word(level)}", style=style[level])
