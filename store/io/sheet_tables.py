"""The title row of the export's extra sheets (assessment, leads): the office, the sheet, the
date its figures stand at and the unit of money, so that their titles read alike. Their
columns are laid out by store.io.sheet_writer's column_sheet, as every sheet of the export is."""

from __future__ import annotations

from datetime import date

from store.labels import Lang
from store.money import Unit


def dated_title(office: str, name: str, day: date, unit: Unit, lang: Lang, period: str = "") -> str:
    """The title row: office, sheet, the period when there is one, the date and the unit."""
    date_word = "数据日期" if lang is Lang.ZH else "as of"
    unit_text = unit.label_zh if lang is Lang.ZH else unit.value
    span = f"{period}  " if period else ""
    return f"{office} {name}  {span}{date_word} {day}  ({unit_text})"
