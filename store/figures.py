"""The office's figures, computed in SQL aggregates (never by loading projects into Python).

Definitions (README repeats them so an office can check):
- signed: projects whose signing date falls in the period, and their signed amount;
- funds-in-place rate: funds received in the period / signed amount of the period's projects;
- start rate: of the new projects on the period's list (planned start in the period, or
  started in it), the share started by the end of the period;
- resumption rate: of the continuing projects, the share resumed (复工) in the year the period
  ends, by its end;
- investment completion rate: investment completed in the period / total investment;
- procedure completion rate: required procedures done / required procedures;
- problem resolution rate: problems resolved / problems raised (in the period).
Withdrawn projects (as of the as-of date) are left out of every figure. Narrowed to some
projects (an export's filter), the figures are those of the projects the filter finds as of
the as-of date: their stage and warning then, as the ledger shows them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlmodel import col

from store.db.models import NEVER, DispatchRecord, History, Problem, Procedure, Project, Steward
from store.db.search import search_condition
from store.errors import UserError
from store.stages import STAGES, Kind, Stage
from store.warnings import SEVERITY, Thresholds, WarningLevel

if TYPE_CHECKING:
    from store.queries.listing import ProjectFilter


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def year_before(self) -> Period:
        return Period(a_year_before(self.start), a_year_before(self.end), f"{self.label} -1y")


def a_year_before(day: date) -> date:
    """The same day a year earlier; 29 February falls back to the 28th."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))


def same_question_a_year_before(period: Period, as_of: date) -> tuple[Period, date]:
    """同比 compares with the period and the as-of date both a year back, so a year to date
    compares with the same months of the year before."""
    return period.year_before(), a_year_before(as_of)


def parse_period(text: str) -> Period:
    """2024, 2024Q1, 2024-03 (also 2024年, 2024年3月)."""
    value = text.strip().upper().replace("年", "-").replace("月", "").rstrip("-")
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return Period(date(year, 1, 1), date(year, 12, 31), value)
    match = re.fullmatch(r"(\d{4})-?Q([1-4])", value)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        first = 3 * quarter - 2
        return Period(
            date(year, first, 1),
            date(year, first + 2, calendar.monthrange(year, first + 2)[1]),
            f"{year}Q{quarter}",
        )
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if match and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2))
        return Period(
            date(year, month, 1),
            date(year, month, calendar.monthrange(year, month)[1]),
            f"{year}-{month:02d}",
        )
    raise UserError(f"unknown period {text!r}: use 2024, 2024Q1 or 2024-03")


PERIODS = ("year", "quarter", "month")  # to date, as offices report them


def period_to_date(kind: str, today: date) -> Period:
    """The year, quarter or month that today falls in (its figures are to date)."""
    if kind == "quarter":
        return parse_period(f"{today.year}Q{(today.month - 1) // 3 + 1}")
    if kind == "month":
        return parse_period(f"{today.year}-{today.month:02d}")
    if kind == "year":
        return parse_period(str(today.year))
    raise UserError(f"unknown period {kind!r}: use {', '.join(PERIODS)}")


def period_between(start: date, end: date) -> Period:
    if end < start:
        raise UserError(f"the period ends ({end}) before it starts ({start})")
    return Period(start, end, f"{start}..{end}")


@dataclass(frozen=True)
class Ratio:
    """An exact rate; no denominator means "n/a", never a division by zero."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    def percent(self, places: int = 1) -> str:
        value = self.value
        if value is None:
            return "n/a"
        quantum = Decimal(1).scaleb(-places)
        return f"{(value * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if value is None else str(value.quantize(Decimal("1e-12"))),
        }


@dataclass
class FigureSet:
    """One group's figures (the whole office, a county, a chain ...)."""

    group: str
    projects: int = 0
    signed_count: int = 0
    signed_amount_yuan: int = 0
    total_investment_yuan: int = 0
    funds_in_period_yuan: int = 0
    funds_cumulative_yuan: int = 0
    completed_in_period_yuan: int = 0
    start_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    resumption_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    funds_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    completion_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    procedure_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    problem_rate: Ratio = field(default_factory=lambda: Ratio(0, 0))
    stages: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in STAGES})
    stage_amounts_yuan: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in STAGES})
    warnings: dict[str, int] = field(default_factory=lambda: {w.value: 0 for w in WarningLevel})

    def value_of(self, figure: str) -> int | Ratio:
        """A figure by its key: a field, or a stage's or warning colour's count (COUNTED)."""
        if figure in COUNTED:
            table, name = COUNTED[figure]
            return int(getattr(self, table)[name])
        value: int | Ratio = getattr(self, figure)
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            data[key] = value.to_json() if isinstance(value, Ratio) else value
        return data


GROUPS = ("county", "chain", "steward", "stage")
COMPARED = [
    "projects",
    "signed_count",
    "signed_amount_yuan",
    "total_investment_yuan",
    "funds_in_period_yuan",
    "funds_cumulative_yuan",
    "completed_in_period_yuan",
]
RATES = [
    "start_rate",
    "resumption_rate",
    "funds_rate",
    "completion_rate",
    "procedure_rate",
    "problem_rate",
]
# the counts per stage and per warning colour, compared year on year as the counts above
COUNTED = {f"warning_{level.value}": ("warnings", level.value) for level in SEVERITY} | {
    f"stage_{value.value}": ("stages", value.value) for value in STAGES
}
RANKABLE = [*COMPARED, *RATES, *COUNTED]


def change_text(change: Decimal | None, rate: bool, places: int = 1) -> str:
    """同比 as offices write it: a rate's change in points, a count's or amount's in percent;
    "n/a" when there was nothing to compare with."""
    if change is None:
        return "n/a"
    shown = (change * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown:+} pt" if rate else f"{shown:+}%"


def relative_change(current: int, prior: int) -> Decimal | None:
    """(current - prior) / prior; None ("n/a") when the year before has none."""
    return None if not prior else (Decimal(current) - Decimal(prior)) / Decimal(prior)


@dataclass
class Figures:
    period: Period
    as_of: date
    by: str | None
    total: FigureSet
    groups: list[FigureSet]
    prior: FigureSet | None = None  # the same period one year earlier

    def year_on_year(self) -> dict[str, dict[str, Any]]:
        """同比: amounts and counts as a relative change, rates as a difference; None ("n/a")
        where the year before has nothing to compare with."""
        if self.prior is None:
            return {}
        compared: dict[str, dict[str, Any]] = {}

        def counts(current: int, prior: int) -> dict[str, Any]:
            return {"current": current, "prior": prior, "change": relative_change(current, prior)}

        for key in COMPARED:
            compared[key] = counts(getattr(self.total, key), getattr(self.prior, key))
        for key, (table, name) in COUNTED.items():
            compared[key] = counts(
                getattr(self.total, table)[name], getattr(self.prior, table)[name]
            )
        for key in RATES:
            current_rate, prior_rate = (
                getattr(self.total, key).value,
                getattr(self.prior, key).value,
            )
            change = (
                None if current_rate is None or prior_rate is None else current_rate - prior_rate
            )
            compared[key] = {"current": current_rate, "prior": prior_rate, "change": change}
        return compared

    def ranked(self, figure: str) -> list[FigureSet]:
        """The groups, highest first by the figure (any of RANKABLE: a count, an amount, a
        rate, a stage's or a warning colour's count); groups where it is n/a come last."""
        if figure not in RANKABLE:
            raise UserError(f"cannot rank by {figure!r}: use one of {', '.join(RANKABLE)}")

        def key(group: FigureSet) -> tuple[bool, Decimal]:
            figured = group.value_of(figure)
            value = figured.value if isinstance(figured, Ratio) else Decimal(figured)
            return (value is None, -(value or Decimal(0)))

        return sorted(self.groups, key=key)

    def to_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return str(value.quantize(Decimal("1e-12"))) if isinstance(value, Decimal) else value

        return {
            "year_on_year": {
                key: {k: plain(v) for k, v in entry.items()}
                for key, entry in self.year_on_year().items()
            },
            "period": self.period.label,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "total": self.total.to_json(),
            "groups": [g.to_json() for g in self.groups],
            "prior_year": self.prior.to_json() if self.prior else None,
            "prior_year_period": self.prior_period_json(),
        }

    def prior_period_json(self) -> dict[str, str] | None:
        """What the year before was computed for: its dates and its as-of date."""
        if self.prior is None:
            return None
        before, seen_on = same_question_a_year_before(self.period, self.as_of)
        return {
            "from": before.start.isoformat(),
            "to": min(before.end, seen_on).isoformat(),
            "as_of": seen_on.isoformat(),
        }


def summed(column: Any, where: Any = None) -> Any:
    """The column's sum (over the rows where given): 0 over no rows, and an integer on every
    backend (PostgreSQL sums BIGINT to NUMERIC)."""
    total = func.sum(column) if where is None else func.sum(column).filter(where)
    return cast(func.coalesce(total, 0), BigInteger)


def counted_where(condition: Any) -> Any:
    """The rows where the condition holds. FILTER, not count(CASE ...): a row that fails it
    skips the aggregate's step (a fifth of a pass over 100,000 projects)."""
    return func.count().filter(condition)


def last_recorded(field: str, until: date | None = None) -> Any:
    """Each project's last recorded new value of a history field (effective by until), as
    columns project_id and value: one grouped pass over the history index, not a lookup
    per project."""
    condition = [History.field == field]
    if until is not None:
        condition.append(History.effective_on <= until)
    last = (
        select(History.project_id, func.max(History.id).label("last_id"))
        .where(*condition)
        .group_by(History.project_id)
        .subquery()
    )
    return (
        select(last.c.project_id, History.new_value.label("value"))
        .join(History, History.id == last.c.last_id)
        .subquery(f"last_{field}")
    )


def not_counted(as_of: date) -> Any:
    """The projects left out of the figures as of a date: not signed by then (or never), and
    withdrawn by then. Two ranges of the indexes migration 0006 made for them."""
    signed_or_never = func.coalesce(Project.signed_on, literal_column(f"'{NEVER}'"))
    return union_all(
        select(Project.id).where(signed_or_never > as_of),
        select(Project.id).where(Project.withdrawn_on <= as_of),
    )


def compute(
    store: Any,
    period: Period | None = None,
    as_of: date | None = None,
    by: str | None = None,
    with_prior: bool = True,
    projects: ProjectFilter | None = None,
) -> Figures:
    """The figures of the period as of the date, grouped by; of the projects the filter
    finds (as of the date) when given, else of the whole office."""
    if period is None:
        as_of = as_of or store.today
        period = Period(date(as_of.year, 1, 1), as_of, str(as_of.year))
    # a past period is seen as it stood at its end, unless asked otherwise
    as_of = as_of or min(store.today, period.end)
    if as_of > store.today:
        raise UserError(f"figures as of {as_of}: that is after today ({store.today})")
    if period.start > as_of:
        raise UserError(f"the period {period.label} starts after the as-of date {as_of}")
    if by is not None and by not in GROUPS:
        raise UserError(f"cannot group by {by!r}: use {', '.join(GROUPS)}")
    end = min(period.end, as_of)
    thresholds = store.thresholds()

    def year_before() -> FigureSet:
        before, seen_on = same_question_a_year_before(period, as_of)
        with store.reading() as session:
            return _aggregate(
                session,
                before,
                min(before.end, seen_on),
                seen_on,
                None,
                thresholds,
                False,
                projects,
            )[None]

    with ThreadPoolExecutor(max_workers=1) as other_core:
        # The year before is a figure set of its own, read meanwhile on a second connection
        # (SQLite lets go of the GIL while it steps): two cores, half the wait. Each set is
        # one read transaction; a write between the two shows as if asked a moment apart.
        prior = other_core.submit(year_before) if with_prior else None
        with store.reading() as session:
            latest_effective = session.execute(select(func.max(History.effective_on))).scalar()
            current = latest_effective is None or latest_effective <= as_of
            rows = _aggregate(session, period, end, as_of, by, thresholds, current, projects)
    total = rows.pop(None) if by is None else added_up(rows.values())
    return Figures(
        period=period,
        as_of=as_of,
        by=by,
        total=total,
        groups=sorted(rows.values(), key=lambda g: g.group),
        prior=prior.result() if prior else None,
    )


def _aggregate(
    session: Any,
    period: Period,
    end: date,
    as_of: date,
    by: str | None,
    thresholds: Thresholds,
    current: bool,
    projects: ProjectFilter | None = None,
) -> dict[str | None, FigureSet]:
    """One figure set a group. Every query reads a covering index (migration 0004): the
    projects' own columns in one pass, then the monthly records and problems, and from
    history the funds and procedures done on the shorter side of the as-of date (up_to_as_of),
    each one range of its table's date index. Narrowed by projects, every query joins the
    projects (and their stage then) to test them."""
    then = None if current else last_recorded("stage", until=as_of)  # the stage then
    stage = Project.stage if then is None else then.c.value
    # the deadline then: the one that counted down in the stage then (current_deadline's rule)
    deadline = (
        Project.deadline
        if then is None
        else case(
            *(
                (stage == value.value, getattr(Project, value.deadline_field))
                for value in STAGES
                if value.deadline_field
            ),
            else_=None,
        )
    )

    def warned(level: WarningLevel) -> Any:
        # one comparison a bound, no NULL test (a NULL deadline fails them): from history the
        # deadline is a CASE on the stage then, evaluated at every mention
        low, high = thresholds.deadline_range(level, as_of)
        if low and high:
            return deadline.between(low, high)
        return deadline >= low if low else deadline <= high

    narrowed = None if projects is None else _narrowed(projects, stage, warned, session)
    counted = and_(
        col(Project.signed_on).is_not(None),
        Project.signed_on <= as_of,
        or_(col(Project.withdrawn_on).is_(None), Project.withdrawn_on > as_of),
        *([] if narrowed is None else [narrowed]),
    )
    group = {
        "county": Project.county,
        "chain": Project.chain,
        "steward": Project.steward_id,
        "stage": stage,
        None: None,
    }[by]

    def over_projects(
        *columns: Any, table: Any = None, where: Any = None, per_project: bool = False
    ) -> Iterable[Any]:
        """The rows of the columns over counted projects (their rows of table when given), a
        group each. per_project: the table's rows are first summed per project, then joined:
        one project lookup per project instead of one per row (monthly records: a dozen a
        project). For the whole office no lookup is needed: the table's rows less those of
        the projects not counted (not_counted: found once, from two index ranges)."""
        if table is not None and group is None and narrowed is None:
            if not current:
                return session.execute(
                    select(*columns).where(where, table.c.project_id.not_in(not_counted(as_of)))
                )
            # as of today few projects are left out (not signed yet, withdrawn): summing the
            # whole range and taking theirs off beats testing every row against them
            left_out = not_counted(as_of).subquery()
            theirs = select(left_out.c.id).distinct().subquery()
            office, of_theirs = (
                session.execute(query.where(where)).one()
                for query in (
                    select(*columns),
                    select(*columns).select_from(
                        table.join(theirs, table.c.project_id == theirs.c.id)
                    ),
                )
            )
            return [tuple(all_ - left for all_, left in zip(office, of_theirs, strict=True))]
        if table is not None and per_project:
            partial = (
                select(table.c.project_id, *(c.label(f"c{i}") for i, c in enumerate(columns)))
                .where(where)
                .group_by(table.c.project_id)
                .subquery("per_project")
            )
            columns = tuple(summed(partial.c[f"c{i}"]) for i in range(len(columns)))
            table, where = partial, None
        query = select(*columns, *([group] if group is not None else []))
        query = (
            query.select_from(table).join(Project, table.c.project_id == Project.id)
            if table is not None
            else query.select_from(Project)
        )
        if then is not None and (table is None or by == "stage" or narrowed is not None):
            query = query.join(then, then.c.project_id == Project.id)  # the stage then is needed
        query = query.where(counted) if where is None else query.where(counted, where)
        return session.execute(query.group_by(group) if group is not None else query)

    started = stage.in_([Stage.STARTED.value, Stage.PRODUCING.value])
    in_period = and_(Project.signed_on >= period.start, Project.signed_on <= end)
    is_new = Project.kind == Kind.NEW.value

    def between(column: Any, first: date) -> Any:
        return and_(col(column).is_not(None), column >= first, column <= end)

    # the period's list: planned to start in it, or started in it
    due_to_start = and_(
        is_new,
        or_(
            between(Project.start_due, period.start),
            and_(started, between(Project.started_on, period.start)),
        ),
    )
    continuing = Project.kind == Kind.CONTINUING.value
    resumed = and_(continuing, between(Project.resumed_on, date(end.year, 1, 1)))
    columns: list[Any] = [
        func.count(),
        counted_where(in_period),
        summed(Project.signed_amount_yuan, where=in_period),
        summed(Project.total_investment_yuan),
        counted_where(and_(due_to_start, started)),
        counted_where(due_to_start),
        counted_where(resumed),
        counted_where(continuing),
        summed(Project.procedures_done),
        summed(Project.procedures_required),
        summed(Project.funds_in_place_yuan),
    ]
    for value in STAGES:
        columns.append(counted_where(stage == value.value))
        columns.append(summed(Project.signed_amount_yuan, where=stage == value.value))
    for level in WarningLevel:
        columns.append(counted_where(warned(level)))

    result: dict[str | None, FigureSet] = {}
    names = _group_names(session, by)

    def each(rows: Iterable[Any]) -> Iterator[tuple[FigureSet, Any]]:
        for row in rows:
            key = None if group is None else names(row[-1])
            figure = result.setdefault(key, FigureSet(group=key or "total"))
            yield figure, row

    for figure, row in each(over_projects(*columns)):
        (
            figure.projects,
            figure.signed_count,
            figure.signed_amount_yuan,
            figure.total_investment_yuan,
        ) = row[0:4]
        figure.start_rate = Ratio(row[4], row[5])
        figure.resumption_rate = Ratio(row[6], row[7])
        figure.procedure_rate = Ratio(row[8], row[9])
        figure.funds_cumulative_yuan = row[10]
        offset = 11
        for value in STAGES:
            figure.stages[value.value] = row[offset]
            figure.stage_amounts_yuan[value.value] = row[offset + 1]
            offset += 2
        for level in WarningLevel:
            figure.warnings[level.value] = row[offset]
            offset += 1

    records = DispatchRecord.__table__  # type: ignore[attr-defined]
    month_in_period = and_(records.c.month >= period.start.replace(day=1), records.c.month <= end)
    for figure, row in each(
        over_projects(
            summed(records.c.funds_in_place_yuan),
            summed(records.c.investment_completed_yuan),
            table=records,
            per_project=True,
            where=month_in_period,
        )
    ):
        figure.funds_in_period_yuan, figure.completed_in_period_yuan = row[0], row[1]
    problems = Problem.__table__  # type: ignore[attr-defined]
    resolved = and_(
        problems.c.status == "resolved",
        col(problems.c.resolved_on).is_not(None),
        problems.c.resolved_on <= as_of,
    )
    for figure, row in each(
        over_projects(
            counted_where(resolved),
            func.count(),
            table=problems,
            where=and_(problems.c.raised_on >= period.start, problems.c.raised_on <= end),
        )
    ):
        figure.problem_rate = Ratio(row[0], row[1])
    if not current:

        def up_to_as_of(
            aggregate: Any,
            table: Any,
            dated: Any,
            running: Callable[[FigureSet], int],
            where: Any = True,
            per_project: bool = False,
        ) -> dict[str, int]:
            """Each group's aggregate over its rows of table dated up to the as-of date, given
            its running total over all of them (kept on the project). The shorter range of
            the date's index is read: the rows after the date, taken off the running total,
            or (mostly the year before, in a young office) the rows up to it. The same answer
            either way; the longer range had cost the year before about 90 ms a table."""
            # min and max apart: each is then one step to an end of the index
            first, last = (
                session.execute(select(ends(dated))).scalar() for ends in (func.min, func.max)
            )
            later = first is None or last - as_of <= as_of - first
            totals = {figure.group: running(figure) if later else 0 for figure in result.values()}
            for figure, row in each(
                over_projects(
                    aggregate,
                    table=table,
                    per_project=per_project,
                    where=and_(where, dated > as_of if later else dated <= as_of),
                )
            ):
                totals[figure.group] += -row[0] if later else row[0]
            return totals

        funds = up_to_as_of(
            summed(records.c.funds_in_place_yuan),
            records,
            records.c.month,
            lambda figure: figure.funds_cumulative_yuan,
            per_project=True,
        )
        procedures = Procedure.__table__  # type: ignore[attr-defined]
        done = up_to_as_of(
            func.count(),
            procedures,
            procedures.c.done_on,
            lambda figure: figure.procedure_rate.numerator,
            where=procedures.c.required,
        )
        for figure in result.values():
            figure.funds_cumulative_yuan = funds[figure.group]
            figure.procedure_rate = Ratio(done[figure.group], figure.procedure_rate.denominator)
    for figure in result.values():
        figure.funds_rate = Ratio(figure.funds_in_period_yuan, figure.signed_amount_yuan)
        figure.completion_rate = Ratio(
            figure.completed_in_period_yuan, figure.total_investment_yuan
        )
    return result


def _narrowed(
    projects: ProjectFilter, stage: Any, warned: Callable[[WarningLevel], Any], session: Any
) -> Any:
    """The condition the filter's projects meet as of the date (stage and warning then); None
    for a filter that finds every project counted (withdrawn ones never are)."""
    conditions = []
    if projects.stage:
        conditions.append(stage == projects.stage.value)
    if projects.county:
        conditions.append(Project.county == projects.county)
    if projects.chain:
        conditions.append(Project.chain == projects.chain)
    if projects.steward:
        named = select(col(Steward.id)).where(col(Steward.name) == projects.steward)
        conditions.append(col(Project.steward_id).in_(named.scalar_subquery()))
    if projects.warning:
        conditions.append(warned(projects.warning))
    if projects.search and projects.search.strip():
        conditions.append(search_condition(projects.search, session.get_bind().dialect.name))
    return and_(*conditions) if conditions else None


def added_up(groups: Iterable[FigureSet]) -> FigureSet:
    """The whole office from its groups: every figure is a count or a sum, and a rate adds
    up numerator and denominator, so nothing needs a second pass over the projects."""
    total = FigureSet(group="total")
    for group in groups:
        for name, value in vars(group).items():
            mine = getattr(total, name)
            if isinstance(value, Ratio):
                setattr(
                    total,
                    name,
                    Ratio(mine.numerator + value.numerator, mine.denominator + value.denominator),
                )
            elif isinstance(value, dict):
                for key, count in value.items():
                    mine[key] += count
            elif isinstance(value, int):
                setattr(total, name, mine + value)
    return total


def _group_names(session: Any, by: str | None) -> Callable[[Any], str]:
    """A group's key as shown: the steward's name for a steward id, "-" for none."""
    if by != "steward":
        return lambda key: key or "-"
    stewards = dict(session.execute(select(Steward.id, Steward.name)).all())
    return lambda key: stewards.get(key) or "-"
