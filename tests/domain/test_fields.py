"""The registry of project fields: every column accounted for, every field worded in both
languages, and no header word naming two fields."""

from __future__ import annotations

from collections import Counter

from store.commands.projects import EDITABLE_FIELDS
from store.db.models import Project
from store.domain.fields import (
    BY_NAME,
    FIELDS,
    FORM_ORDER,
    INTERNAL_COLUMNS,
    LEDGER,
    NEW_PROJECT_ORDER,
    Edit,
    FieldType,
)
from store.domain.headers import FIELDS as HEADER_FIELDS
from store.domain.headers import normalise_header, read_header
from store.exporter import LEDGER_COLUMNS
from store.labels import Lang, word


def test_every_project_column_is_a_field_or_internal() -> None:
    columns = set(Project.__table__.columns.keys())  # type: ignore[attr-defined]
    registered = {field.name for field in FIELDS if field.column}
    assert columns - INTERNAL_COLUMNS == registered
    assert not INTERNAL_COLUMNS & registered
    assert columns >= INTERNAL_COLUMNS


def test_every_field_has_a_chinese_and_an_english_label() -> None:
    for field in FIELDS:
        assert field.zh and field.en and field.zh != field.en, field.name
        assert word(field.label_key, Lang.ZH) == field.zh
        assert word(field.label_key, Lang.EN) == field.en
    assert len(BY_NAME) == len(FIELDS)


def test_header_words_are_unique_across_fields() -> None:
    said = [
        (normalise_header(text), field.name)
        for field in FIELDS
        if field.imported
        for text in {field.zh, field.en, *field.headers}
    ]
    twice = [text for text, count in Counter(text for text, _ in set(said)).items() if count > 1]
    assert not twice


def test_a_field_is_read_back_from_its_labels_and_its_header_words() -> None:
    for field in FIELDS:
        if field.imported:
            for text in (field.zh, field.en, *field.headers):
                assert read_header(text).field == field.name, text
    assert {field.name for field in FIELDS if field.imported} | {"skip"} == HEADER_FIELDS


def test_the_forms_show_fields_typed_freely_and_the_edit_command_takes_them() -> None:
    assert set(FORM_ORDER) <= EDITABLE_FIELDS
    assert set(NEW_PROJECT_ORDER) <= set(FORM_ORDER)
    assert len(set(FORM_ORDER)) == len(FORM_ORDER)
    moved = {field.name for field in FIELDS if field.edit is not Edit.FREE}
    assert {"stage", "withdrawn_on", "funds_in_place_yuan", "deadline"} <= moved
    assert not moved & EDITABLE_FIELDS


def test_the_ledger_shows_each_field_as_its_type() -> None:
    cells = dict(LEDGER_COLUMNS)
    assert list(cells)[:2] == ["code", "name"]
    for field in LEDGER:
        if field.type is FieldType.MONEY:
            assert cells[field.name] == "money"
        if field.type is FieldType.DATE:
            assert cells[field.name] == "date"
