"""One sheet of the office's workbooks (the export, the bulletin): a title row, a bold frozen
header, typed cells (amounts in the header's unit, dates, rates, warning colours, words in the
sheet's language) and column widths that fit Chinese; and the formats those sheets share."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from store.errors import UserError
from store.labels import Lang, word
from store.money import Unit

WARNING_FILL = {"red": "#E53935", "yellow": "#FDD835", "blue": "#1E88E5"}


def cell_word(key: str, lang: Lang) -> str:
    """A key's word as a sheet's cell or header shows it: an English one starts with a capital
    (Red, In hand, Signed) as an English heading does, and so never reads as the stored key."""
    shown = word(key, lang)
    return shown[:1].upper() + shown[1:] if lang is Lang.EN else shown


def display_width(text: str) -> int:
    """Cells a text takes: wide and full-width characters count two (Excel's columns too)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


WIDTH_SAMPLE_ROWS = 1000
EXCEL_CELL_CHARACTERS = 32_767  # Excel's limit a cell, in UTF-16 units


def excel_length(text: str) -> int:
    """A text's length as Excel counts it: a character beyond the BMP counts two."""
    return len(text.encode("utf-16-le")) // 2


class SheetWriter:
    """One sheet: title rows, a bold frozen header, typed cells, widths that fit Chinese."""

    def __init__(
        self,
        book: Any,
        formats: dict[str, Any],
        name: str,
        title: str,
        headers: list[str],
        kinds: list[str],
        unit: Unit,
        lang: Lang,
        keys: list[str],
    ) -> None:
        self.sheet = book.add_worksheet(name)
        self.name = name
        self.formats = formats
        self.headers = headers
        self.kinds = kinds
        self.keys = keys
        self.unit = unit
        self.lang = lang
        self.widths = [display_width(h) + 2 for h in headers]
        if excel_length(title) > EXCEL_CELL_CHARACTERS:
            raise UserError(
                f"{name}: the title row (the office's name, office.name) is longer than an "
                f"Excel cell holds ({EXCEL_CELL_CHARACTERS:,} characters); nothing written"
            )
        self.sheet.write_string(0, 0, title, formats["title"])
        self.header_row = 1
        for column, header in enumerate(headers):
            self.sheet.write_string(self.header_row, column, header, formats["header"])
        self.sheet.freeze_panes(self.header_row + 1, 0)
        self.row = self.header_row + 1

    def write(self, values: list[Any], bold: bool = False, kinds: list[str] | None = None) -> None:
        """One row; kinds: the row's own kinds, where they are not the columns' (同比)."""
        # Widths come from the first rows only: enough to fit the columns, and 100,000-row
        # sheets do not pay a per-character measurement for every cell.
        measure = self.row - self.header_row <= WIDTH_SAMPLE_ROWS
        sheet, formats, row = self.sheet, self.formats, self.row
        for column, (value, kind) in enumerate(zip(values, kinds or self.kinds, strict=True)):
            if value is None or value == "":
                continue
            if kind == "money":
                # int / int is the double nearest the exact amount in the unit
                sheet.write_number(row, column, value / self.unit.factor, formats["money"])
                width = 12
            elif kind in ("int", "decimal"):
                sheet.write_number(row, column, value, formats["bold" if bold else "int"])
                width = len(str(value)) if measure else 0
            elif kind in ("rate", "change"):
                sheet.write_number(row, column, value, formats[kind])
                width = 8
            elif kind == "points":  # a rate's change, in percentage points
                sheet.write_number(row, column, value, formats[f"points-{self.lang}"])
                width = 10 if self.lang is Lang.EN else 14
            elif kind == "date":
                sheet.write_datetime(row, column, value, formats["date"])
                width = 10
            elif kind == "month":
                sheet.write_datetime(row, column, value.replace(day=1), formats["month"])
                width = 8
            elif kind == "warning":
                shown = cell_word(value, self.lang)
                sheet.write_string(row, column, shown, formats[f"warn-{value}"])
                width = 6
            else:
                text = cell_word(value, self.lang) if kind == "word" else str(value)
                if len(text) > EXCEL_CELL_CHARACTERS // 2:  # cheap first: few texts are long
                    self._refuse_longer_than_a_cell(values, column, text)
                sheet.write_string(row, column, text, formats["bold"] if bold else None)
                width = min(display_width(text), 60) if measure else 0
            if width + 2 > self.widths[column]:
                self.widths[column] = width + 2
        self.row += 1

    def _refuse_longer_than_a_cell(self, values: list[Any], column: int, text: str) -> None:
        """A text Excel would cut: refused, naming the project and the field, so that no
        workbook (nor a later import of it) ever holds the text cut short."""
        length = excel_length(text)
        if length <= EXCEL_CELL_CHARACTERS:
            return
        named = {key: str(value) for key, value in zip(self.keys, values, strict=True) if value}
        name = named.get("name", "")
        name = name if len(name) <= 40 else f"{name[:40]}…"
        project = " ".join(p for p in (named.get("code"), name) if p) or f"row {self.row + 1}"
        raise UserError(
            f"{self.name}: {project} {self.headers[column]}: {length:,} characters, more than "
            f"an Excel cell holds ({EXCEL_CELL_CHARACTERS:,}); nothing written (shorten it, or "
            "export --format csv or json, which keep any length)"
        )

    def close(self, autofilter: bool = True) -> None:
        for column, width in enumerate(self.widths):
            self.sheet.set_column(column, column, width)
        if autofilter:
            self.sheet.autofilter(
                self.header_row, 0, max(self.row - 1, self.header_row), len(self.widths) - 1
            )


# A column's header: its key, its cell kind, the language and the unit of money.
Header = Callable[[str, str, Lang, Unit], str]


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


def heading_formats(book: Any) -> dict[str, Any]:
    """The formats of a sheet's title line and header row, shared by the office sheets."""
    return {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
    }


def warning_formats(book: Any, fills: dict[str, str]) -> dict[str, Any]:
    """A warning cell's format a level (warn-red ...): bold on the level's colour, black on
    yellow and white on the others; shared by the office sheets."""
    return {
        f"warn-{level}": book.add_format(
            {
                "bg_color": colour,
                "bold": True,
                "font_color": "#000000" if level == "yellow" else "#FFFFFF",
            }
        )
        for level, colour in fills.items()
    }
