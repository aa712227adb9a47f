"""The office's own 合计 (and a section's 小计) checked against the amounts read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from store.domain.headers import MONEY_FIELDS
from store.domain.vocabulary import is_placeholder
from store.errors import UserError
from store.io.import_state import ImportState, SheetReading
from store.io.rows import (
    Issue,
    Totals,
    UnitUnknown,
    amount_text,
    is_blank,
    read_amount,
    stated_unit,
    written_places,
)
from store.money import Unit


class TotalsCheck(ImportState):
    """Checks a sheet's totals once its rows are read."""

    def _check_totals(
        self, sheet: SheetReading, totals: Totals, sections: bool, unit_unknown: dict[int, Any]
    ) -> None:
        """The office's 合计 must equal the amounts read; a 小计 its section's (where the sheet
        has sections). An amount is equal when it rounds to the total as the total is written."""
        for number, cells, section in totals.rows:
            first = next((str(cell) for cell in cells if not is_blank(cell)), "")
            subtotal = "小计" in first or first.lower().startswith("sub")
            if subtotal and not sections:
                continue
            counted = totals.sections.get(section, {}) if subtotal else totals.sheet
            for column in sheet.columns:
                if column.field not in MONEY_FIELDS or column.index >= len(cells):
                    continue
                raw = cells[column.index]
                if is_blank(raw) or is_placeholder(raw):
                    continue
                if column.index in totals.unreadable or column.index in unit_unknown:
                    continue  # refused rows are named already; their sum would mislead
                unit = sheet.units.get(column.index)
                try:
                    stated = read_amount(raw, unit)
                except (UserError, UnitUnknown):
                    self.summary.errors.append(
                        Issue(
                            sheet.label,
                            number,
                            column.header,
                            str(raw),
                            "not an amount",
                            "不是金额",
                        )
                    )
                    continue
                shown_unit = stated_unit(raw, unit or Unit.YUAN)
                tolerance = shown_unit.factor * Decimal(10) ** -written_places(raw) / 2
                read = counted.get(column.index, 0)
                if abs(stated - read) > tolerance:
                    read_text = amount_text(read, shown_unit)
                    stated_text = amount_text(stated, shown_unit)
                    self.summary.errors.append(
                        Issue(
                            sheet.label,
                            number,
                            column.header,
                            str(raw),
                            f"the rows read add up to {read_text}; "
                            f"the sheet's {first.strip()} says {stated_text}",
                            f"读到的各行合计为 {read_text}，表中{first.strip()}为 {stated_text}",
                        )
                    )
