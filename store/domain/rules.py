"""The rules every write keeps, whichever door it comes through: the project form, the CLI, an
import, the funds tab, procedures, problems, the demo.

Each rule is a plain function over plain values returning what is broken (nothing when all is
well), so a write refuses the first (`refuse`) and `check` reports every one it finds in a
database an older version wrote. store.stages keeps a project's own dates in order; these add:

- no fact is dated in the future: a signing, a stage entered, a resumption, a withdrawal, a
  procedure done, a problem raised or resolved, a month's funds. Deadlines may lie ahead.
- a stage's date is set by moving the project there: the date of a stage the project has not
  reached is refused; the dates of the stages it has reached may be corrected, in order.
- a procedure is done on or after the signing; a problem falls due, and is resolved, on or
  after the day it was raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.errors import UserError
from store.labels import WORDS
from store.stages import STAGES, Stage

# What happened, on the day it happened; the deadlines beside them are plans.
FACT_FIELDS = (*(stage.date_field for stage in STAGES), "resumed_on", "withdrawn_on")

# The dates of the records kept beside a project, as its tabs and sheets name them.
_RECORD_WORDS: dict[str, tuple[str, str]] = {
    "done_on": ("手续办结日期", "procedure done on"),
    "raised_on": ("问题提出日期", "problem raised on"),
    "due_on": ("问题解决时限", "problem due"),
    "resolved_on": ("问题解决日期", "problem resolved on"),
    "month": ("到位资金月份", "month of funds"),
}


def named(key: str) -> str:
    """A field or stage as a user knows it, in both languages: 开工日期 (started on)."""
    chinese, english = _RECORD_WORDS.get(key) or WORDS.get(key) or (key, key)
    return f"{chinese} ({english.lower()})"


@dataclass(frozen=True)
class Broken:
    """One rule a value breaks: the rule's name (as `check` reports it), the field, its value
    as shown, and why."""

    rule: str
    field: str
    value: str
    reason: str

    def message(self) -> str:
        return f"{named(self.field)} {self.value}: {self.reason}"


def refuse(broken: Iterable[Broken]) -> None:
    """Raise the first broken rule as a UserError naming field, value and reason."""
    for first in broken:
        raise UserError(first.message(), field=first.field)


def in_future(field: str, value: date | None, today: date) -> list[Broken]:
    if value is None or value <= today:
        return []
    reason = f"is in the future (today is {today}): only what has happened is recorded"
    return [Broken("future date", field, str(value), reason)]


def before(
    field: str, value: date | None, earlier_field: str, earlier: date | None
) -> list[Broken]:
    """value must not come before the date it follows (nothing to say when either is unknown)."""
    if value is None or earlier is None or value >= earlier:
        return []
    reason = f"is before {named(earlier_field)} {earlier}"
    return [Broken("dates in order", field, str(value), reason)]


def future_facts(dates: Mapping[str, Any], today: date) -> list[Broken]:
    """The project's facts (FACT_FIELDS) dated after today."""
    return [broken for field in FACT_FIELDS for broken in in_future(field, dates.get(field), today)]


def unreached_stage_dates(stage: str, dates: Mapping[str, Any]) -> list[Broken]:
    """Dates of the stages after the project's own: a stage's date comes with the move there."""
    current = Stage(stage)
    reason = (
        f"the stage is {named(current.value)}: a later stage's date comes with the move there "
        "(advance)"
    )
    return [
        Broken("stage and dates", later.date_field, str(dates[later.date_field]), reason)
        for later in STAGES[current.index + 1 :]
        if dates.get(later.date_field) is not None
    ]


def project_dates(stage: str, dates: Mapping[str, Any], today: date) -> list[Broken]:
    """A project's dates (all or the ones being written) against its stage and today."""
    return unreached_stage_dates(stage, dates) + future_facts(dates, today)


def procedure_done(done_on: date | None, signed_on: date | None, today: date) -> list[Broken]:
    return in_future("done_on", done_on, today) + before("done_on", done_on, "signed_on", signed_on)


def problem_dates(
    raised_on: date | None, due_on: date | None, resolved_on: date | None, today: date
) -> list[Broken]:
    return [
        *in_future("raised_on", raised_on, today),
        *in_future("resolved_on", resolved_on, today),
        *before("due_on", due_on, "raised_on", raised_on),
        *before("resolved_on", resolved_on, "raised_on", raised_on),
    ]


def funds_month(month: date | None, today: date) -> list[Broken]:
    """Funds are recorded for a month that has begun: this month's come in as they arrive."""
    if month is None or month.replace(day=1) <= today:
        return []
    reason = f"has not come yet (today is {today}): funds are recorded once they arrive"
    return [Broken("future date", "month", f"{month:%Y-%m}", reason)]
