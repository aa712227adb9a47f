"""The project form's fields: how each is parsed from what is typed and shown again, its
label, and which field a store refusal stands beside. The project screen and the new-project
form both read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from store.dates import parse_date, parse_deadline
from store.domain.fields import BY_NAME, FORM_ORDER, FieldType
from store.domain.rules import named
from store.errors import UserError
from store.labels import WORDS, Lang
from store.money import Unit, format_amount, parse_amount
from store.stages import DEADLINE_DATE_FIELDS, parse_kind
from tui.words import refusal, say


def _whole(text: str) -> int:
    if not text.isdigit():
        raise refusal("not_whole", text=repr(text))
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise refusal("not_number", text=repr(text)) from None
    if value < 0:
        raise refusal("negative")
    return value


@dataclass(frozen=True)
class FieldKind:
    parse: Callable[[str], Any]
    show: Callable[[Any], str]


TEXT = FieldKind(str, lambda v: v or "")
MONEY = FieldKind(
    lambda t: parse_amount(t, Unit.YI), lambda v: "" if v is None else format_amount(v, Unit.YI, 4)
)
DATE = FieldKind(parse_date, lambda v: v.isoformat() if v else "")
DEADLINE = FieldKind(parse_deadline, DATE.show)  # a month alone: its last day
WHOLE = FieldKind(_whole, lambda v: "" if v is None else str(v))
DECIMAL = FieldKind(_decimal, lambda v: "" if v is None else str(v))
KIND = FieldKind(lambda t: parse_kind(t).value, lambda v: v or "")
CHOSEN = ("kind", "county", "chain")  # from a list (county and chain: or a new one typed)
# How the form parses and shows each type of field (the one choice on the form: the kind).
KINDS: dict[FieldType, FieldKind] = {
    FieldType.TEXT: TEXT,
    FieldType.MONEY: MONEY,
    FieldType.DATE: DATE,
    FieldType.INT: WHOLE,
    FieldType.DECIMAL: DECIMAL,
    FieldType.CHOICE: KIND,
}
FORM_FIELDS: list[tuple[str, str, FieldKind]] = [  # model field, label key, kind
    (
        name,
        BY_NAME[name].label_key,
        DEADLINE if name in DEADLINE_DATE_FIELDS else KINDS[BY_NAME[name].type],
    )
    for name in FORM_ORDER
]
REQUIRED = {name for name in FORM_ORDER if BY_NAME[name].required}
EMPTY_AS_NONE = {name for name in FORM_ORDER if BY_NAME[name].optional}


def field_label(label_key: str, kind: FieldKind, lang: Lang) -> str:
    """A form field's label: its name, and for an amount the unit it is typed in."""
    label = say(label_key, lang)
    return (
        say("with_unit", lang, label=label, unit=say("unit_yi", lang)) if kind is MONEY else label
    )


def empty_value(key: str, kind: FieldKind) -> Any:
    """What a cleared field stores: nothing for optional ones, zero or "" for the rest."""
    if key in EMPTY_AS_NONE:
        return None
    return 0 if kind is MONEY else ""


def field_named(message: str, keys: list[str]) -> str | None:
    """The form field a store refusal speaks of (by its internal key or its label in either
    language), so its reason can stand beside it."""
    for key in keys:
        label_key = FIELD_LABELS.get(key, key)
        words = WORDS.get(label_key, (label_key, label_key))
        if any(term in message for term in (key, named(key), *words)):
            return key
    return None


FIELD_LABELS = {key: label_key for key, label_key, _ in FORM_FIELDS}


def refused_field(error: UserError, changed: list[str]) -> str | None:
    """The form field a refusal stands beside: the one the store names when the officer
    changed it, else a changed field the message speaks of (dates out of order name two),
    else the named one."""
    if error.field in changed:
        return error.field
    spoken_of = field_named(str(error), changed)
    if spoken_of is not None:
        return spoken_of
    return error.field if error.field in FIELD_LABELS else None
