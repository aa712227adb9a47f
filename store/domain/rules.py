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
- a project is new or continuing (store.stages.Kind), and only a continuing one resumes (复工).
- a problem's status is one of store.procedures.PROBLEM_STATUSES, and it has a resolved date
  exactly when it is resolved (a status moved on from resolved leaves the date behind).
- a month's funds are kept on the month's first day, for a month from the signing's on.
- a withdrawn project says why it left, and only a withdrawn one has a reason for leaving.
- amounts, land and jobs are not negative.
- a retired steward answers for no active project: their withdrawn ones keep them, as records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.labels import WORDS, Refusal
from store.procedures import PROBLEM_STATUSES
from store.stages import STAGES, Kind, Stage

# The kinds a project is stored as (store.stages.parse_kind reads the words for them).
KINDS = tuple(kind.value for kind in Kind)

# What happened, on the day it happened; the deadlines beside them are plans.
FACT_FIELDS = (*(stage.date_field for stage in STAGES), "resumed_on", "withdrawn_on")

# The dates of the records kept beside a project, as its tabs and sheets name them.
_RECORD_WORDS: dict[str, tuple[str, str]] = {
    "done_on": ("手续办结日期", "procedure done on"),
    "raised_on": ("问题提出日期", "problem raised on"),
    "due_on": ("问题解决时限", "problem due"),
    "resolved_on": ("问题解决日期", "problem resolved on"),
    "month": ("到位资金月份", "month of funds"),
    "status": ("问题状态", "problem status"),
    "investment_completed_yuan": ("完成投资", "investment completed"),
}


def named(key: str) -> str:
    """A field or stage as a user knows it, in both languages: 开工日期 (started on)."""
    chinese, english = (
        _RECORD_WORDS.get(key)
        or WORDS.get(key)
        or WORDS.get(key.removesuffix("_yuan"))
        or (key, key)
    )
    return f"{chinese} ({english.lower()})"


def named_zh(key: str) -> str:
    """A field or stage as a Chinese user knows it: 开工日期."""
    return (
        _RECORD_WORDS.get(key) or WORDS.get(key) or WORDS.get(key.removesuffix("_yuan")) or (key,)
    )[0]


@dataclass(frozen=True)
class Broken:
    """One rule a value breaks: the rule's name (as `check` reports it), the field, its value
    as shown, and why, in English and in Chinese."""

    rule: str
    field: str
    value: str
    reason: str
    reason_zh: str

    def message(self) -> str:
        return f"{named(self.field)} {self.value}: {self.reason}"

    def message_zh(self) -> str:
        return f"{named_zh(self.field)} {self.value}：{self.reason_zh}"


def refuse(broken: Iterable[Broken]) -> None:
    """Raise the first broken rule as a Refusal naming field, value and reason."""
    for first in broken:
        raise Refusal(first.message_zh(), first.message(), field=first.field)


def in_future(field: str, value: date | None, today: date) -> list[Broken]:
    if value is None or value <= today:
        return []
    reason = f"is in the future (today is {today}): only what has happened is recorded"
    chinese = f"晚于今天（{today}）：只登记已经发生的事"
    return [Broken("future date", field, str(value), reason, chinese)]


def before(
    field: str, value: date | None, earlier_field: str, earlier: date | None
) -> list[Broken]:
    """value must not come before the date it follows (nothing to say when either is unknown)."""
    if value is None or earlier is None or value >= earlier:
        return []
    reason = f"is before {named(earlier_field)} {earlier}"
    chinese = f"早于{named_zh(earlier_field)} {earlier}"
    return [Broken("dates in order", field, str(value), reason, chinese)]


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
    chinese = f"项目处于{named_zh(current.value)}阶段：后面阶段的日期在推进到该阶段时填写"
    return [
        Broken("stage and dates", later.date_field, str(dates[later.date_field]), reason, chinese)
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
    """A month's funds are kept on its first day, for a month that has begun: this month's
    come in as they arrive."""
    if month is None:
        return []
    broken = []
    if month.day != 1:
        reason = "is not the first of its month: a month's funds are kept on its first day"
        chinese = "不是当月1日：月度资金记在当月1日"
        broken.append(Broken("first of the month", "month", str(month), reason, chinese))
    if month.replace(day=1) > today:
        reason = f"has not come yet (today is {today}): funds are recorded once they arrive"
        chinese = f"尚未到来（今天是 {today}）：资金到位后再登记"
        broken.append(Broken("future date", "month", f"{month:%Y-%m}", reason, chinese))
    return broken


def month_after_signing(month: date | None, signed_on: date | None) -> list[Broken]:
    """A month's funds come to a signed project: the month is the signing's or later."""
    if month is None or signed_on is None or month.replace(day=1) >= signed_on.replace(day=1):
        return []
    return [
        Broken(
            "dates in order",
            "month",
            f"{month:%Y-%m}",
            f"is before the month of {named('signed_on')} {signed_on}",
            f"早于{named_zh('signed_on')} {signed_on} 所在月份",
        )
    ]


def withdrawal(withdrawn_on: date | None, reason: str | None) -> list[Broken]:
    """A withdrawn project says why it left (退出原因); one not withdrawn has no such reason."""
    given = (reason or "").strip()
    if withdrawn_on is not None and not given:
        return [
            Broken(
                "withdrawal",
                "withdraw_reason",
                "“”",
                f"is empty, yet the project was withdrawn on {withdrawn_on}: a withdrawal says why",
                f"为空，而项目已于 {withdrawn_on} 退出：退出须写明原因",
            )
        ]
    if withdrawn_on is None and given:
        return [
            Broken(
                "withdrawal",
                "withdraw_reason",
                f"“{given[:30]}”",
                "is kept, yet the project is not withdrawn: only a withdrawn project has one",
                "仍在，而项目未退出：只有已退出的项目有退出原因",
            )
        ]
    return []


def one_of(field: str, value: str, allowed: Collection[str]) -> list[Broken]:
    """A word stored from a fixed list (a kind, a problem's status) is one of that list."""
    if value in allowed:
        return []
    words = ", ".join(f"{word} ({WORDS[word][0]})" if word in WORDS else word for word in allowed)
    chinese = "、".join(f"{WORDS[word][0]} ({word})" if word in WORDS else word for word in allowed)
    return [
        Broken(
            "unknown value", field, repr(value), f"is unknown: use {words}", f"未知：可用 {chinese}"
        )
    ]


def resumption(kind: str, resumed_on: date | None) -> list[Broken]:
    """Only a continuing (续建) project resumes (复工) each spring: a new one was not carried
    over from last year."""
    if resumed_on is None or kind == Kind.CONTINUING:
        return []
    reason = f"the project is {named(kind)}: only continuing (续建) projects resume"
    chinese = f"项目为{named_zh(kind)}项目：只有续建项目复工"
    return [Broken("kind and dates", "resumed_on", str(resumed_on), reason, chinese)]


def resumed_already(resumed_on: date | None, on: date) -> bool:
    """Whether the project has resumed (复工) in the year of `on`: it resumes once a year, so
    a second one that year is refused and not offered."""
    return resumed_on is not None and resumed_on.year == on.year


def project_kind(kind: str, resumed_on: date | None) -> list[Broken]:
    """The project's kind is new or continuing, and a resumption date is a continuing one's."""
    return one_of("kind", kind, KINDS) or resumption(kind, resumed_on)


def problem_status(status: str, resolved_on: date | None) -> list[Broken]:
    """A problem's status is known, and it has a resolved date exactly when it is resolved."""
    unknown = one_of("status", status, PROBLEM_STATUSES)
    if unknown:
        return unknown
    if status == "resolved" and resolved_on is None:
        reason = f"has no {named('resolved_on')}: a resolved problem was resolved on a day"
        chinese = f"没有{named_zh('resolved_on')}：已解决的问题须有解决日期"
        return [Broken("status and dates", "status", named(status), reason, chinese)]
    if status != "resolved" and resolved_on is not None:
        reason = f"the problem is {named(status)}: only a resolved problem has this date"
        chinese = f"问题{named_zh(status)}：只有已解决的问题有解决日期"
        return [Broken("status and dates", "resolved_on", str(resolved_on), reason, chinese)]
    return []


def not_negative(values: Mapping[str, Any]) -> list[Broken]:
    """Amounts (yuan), land (mu) and jobs count up from nothing: none is negative."""
    return [
        Broken("negative amount", field, str(value), "must not be negative", "不能为负数")
        for field, value in values.items()
        if value is not None and value < 0
    ]


def steward_serving(
    steward: str | None, retired_on: date | None, withdrawn_on: date | None
) -> list[Broken]:
    """A retired steward answers for no active project; a withdrawn one keeps them, as a
    record of who answered for it."""
    if steward is None or retired_on is None or withdrawn_on is not None:
        return []
    reason = f"retired on {retired_on} but answers for this active project: assign another steward"
    chinese = f"已于 {retired_on} 离任，却仍包抓这个未退出的项目：请改派其他包抓领导"
    return [Broken("retired steward", "steward", steward, reason, chinese)]
