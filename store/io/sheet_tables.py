"""A sheet of the export laid out from its columns: each column a key and a cell kind, the
header row spelled from them, and a title naming the office, the sheet, the date its figures
stand at and the unit of money. The export's extra sheets (assessment, leads) open theirs here
so that their titles and headers read alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from store.exporter import SheetWriter
from store.labels import Lang
from store.money import Unit

# A column's header: its key, its cell kind, the language and the unit of money.
Header = Callable[[str, str, Lang, Unit], str]


def dated_title(office: str, name: str, day: date, unit: Unit, lang: Lang, period: str = "") -> str:
    """The title row: office, sheet, the period when there is one, the date and the unit."""
    date_word = "数据日期" if lang is Lang.ZH else "as of"
    unit_text = unit.label_zh if lang is Lang.ZH else unit.value
    span = f"{period}  " if period else ""
    return f"{office} {name}  {span}{date_word} {day}  ({unit_text})"


def column_sheet(
    book: Any,
    formats: dict[str, Any],
    name: str,
    title: str,
    columns: list[tuple[str, str]],
    header: Header,
    unit: Unit,
    lang: Lang,
) -> SheetWriter:
    """A sheet whose headers, cell kinds and keys all come from its (key, kind) columns."""
    return SheetWriter(
        book,
        formats,
        name,
        title,
        [header(column, kind, lang, unit) for column, kind in columns],
        [kind for _, kind in columns],
        unit,
        lang,
        [column for column, _ in columns],
    )
