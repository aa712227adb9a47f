"""How the import names a column's reading in the app's language, on the import screen and
in `investtrack import`'s summary alike: the field it fills, its unit, what decided it."""

from __future__ import annotations

from store.labels import Lang, in_language
from tui.words import APP_WORDS, say

# what decided the field a column fills: its header, a --map, a mapping the office saved
SOURCE_WORDS = {"header": "source_header", "map": "source_map", "saved": "saved"}

# A column the importer knows to carry nothing (序号): no project field, so no label of its own.
FIELD_WORDS: dict[str, tuple[str, str]] = {"skip": ("序号，不导入", "numbering, not read")}


def field_label(field: str | None, lang: Lang) -> str:
    """The field a column fills, named as the app names it in the language."""
    if field is None:
        return say("unused", lang)
    if field in FIELD_WORDS:
        return in_language(FIELD_WORDS, field, lang)
    return say(field.removesuffix("_yuan"), lang)


def unit_label(unit: str | None, lang: Lang) -> str:
    """A money unit in the language; any other unit (亩, 人) as the sheet wrote it."""
    if not unit:
        return ""
    return say(f"unit_{unit}", lang) if f"unit_{unit}" in APP_WORDS else str(unit)


def source_label(source: str, lang: Lang) -> str:
    """What decided a column's field, in the language."""
    return say(SOURCE_WORDS.get(source, source), lang)
