"""The office's figures, computed in SQL aggregates (never by loading projects into Python).

Definitions (README repeats them so an office can check):
- signed: projects whose signing date falls in the period, and their signed amount;
- funds-in-place rate: funds received in the period / signed amount of the period's projects;
- start rate: of the new projects on the period's list (planned start in the period, or
  started in it), the share started by the end of the period;
- 签约项目开工率 (signed_start_rate): of the projects signed in the period, those started by
  the as-of date (no planned start date needed);
- 计划开工率 (planned_start_rate): of the new projects on the year's list (planned to start in
  the year the period ends, or started in it), those started by the as-of date;
- resumption rate: of the continuing projects, the share resumed (复工) in the year the period
  ends, by its end;
- investment completion rate: investment completed in the period / total investment;
- procedure completion rate: required procedures done / required procedures;
- problem resolution rate: problems resolved / problems raised (in the period);
- funds in the period by the investor's origin (省外, 市外省内, 本市, unknown) and the projects
  whose origin cannot be placed (store.domain.origins); size bands of the period's signed
  projects; new and continuing projects apart;
- cohorts by signing event (`cohorts`): each event's projects followed for 到位率, 开工率 and
  建成率; a project signed again at a later event counts once, in its first event's cohort.
Withdrawn projects (as of the as-of date) are left out of every figure. Narrowed to some
projects (an export's filter), the figures are those of the projects the filter finds as of
the as-of date: their stage and warning then, as the ledger shows them.

A figure set is read in passes (FIGURE_PASSES): one over the counted projects, whose figures
are the registry PROJECT_FIGURES (a figure: its aggregates, and its value made from them),
then one a table (monthly records, problems, the records by origin), then the corrections
from history and the rates of sums. A new figure of the projects is one entry there and its
field on FigureSet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlmodel import col

from store.db.models import DispatchRecord, History, Problem, Procedure, Project
from store.domain.origins import Origin, place_origin
from store.domain.periods import (
    PERIODS,
    Period,
    a_year_before,
    parse_period,
    period_between,
    period_to_date,
    same_question_a_year_before,
    year_of,
)
from store.errors import UserError
from store.labels import WORDS, Lang, in_language
from store.queries.figures_sql import (
    Scope,
    counted_where,
    last_recorded,
    not_counted,
    scope_of,
    summed,
)
from store.queries.settings import setting
from store.stages import STAGES, Kind, Stage
from store.warnings import SEVERITY, WarningLevel

if TYPE_CHECKING:
    from store.queries.listing import ProjectFilter

__all__ = [
    "COMPARED",
    "COUNTED",
    "FIGURE_PASSES",
    "GROUPS",
    "ORIGIN_FUNDS",
    "PERIODS",
    "PROJECT_FIGURES",
    "RANKABLE",
    "RATES",
    "SIZE_BANDS",
    "Cohort",
    "FigureSet",
    "Figures",
    "Period",
    "ProjectFigure",
    "Ratio",
    "a_year_before",
    "added_up",
    "change_text",
    "cohorts",
    "compute",
    "counted_where",
    "first_event",
    "last_recorded",
    "not_counted",
    "parse_period",
    "period_between",
    "period_to_date",
    "relative_change",
    "same_question_a_year_before",
    "summed",
]

# The office's own place (settings): funds are split by the investor's origin against it.
PROVINCE_KEY, CITY_KEY = "office.province", "office.city"


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

    def percent(self, places: int = 1, lang: Lang = Lang.EN) -> str:
        """The rate as a percentage; with nothing to divide by, 无 or n/a."""
        value = self.value
        if value is None:
            return in_language(WORDS, "no_rate", lang)
        quantum = Decimal(1).scaleb(-places)
        return f"{(value * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if value is None else str(value.quantize(Decimal("1e-12"))),
        }


def no_ratio() -> Ratio:
    return Ratio(0, 0)


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
    # the funds in the period by the investor's origin: they add up to funds_in_period_yuan
    funds_outside_province_yuan: int = 0  # 省外
    funds_outside_city_yuan: int = 0  # 市外省内
    funds_local_yuan: int = 0  # 本市
    funds_origin_unknown_yuan: int = 0  # origin not placed (or the office's place not set)
    origin_unknown_projects: int = 0  # counted projects whose origin cannot be placed
    # the period's signed projects by signed amount, each band from its floor up (以上)
    signed_over_1yi: int = 0
    signed_over_10yi: int = 0
    signed_over_50yi: int = 0
    new_projects: int = 0  # 新建
    continuing_projects: int = 0  # 续建
    start_rate: Ratio = field(default_factory=no_ratio)
    signed_start_rate: Ratio = field(default_factory=no_ratio)  # 签约项目开工率
    planned_start_rate: Ratio = field(default_factory=no_ratio)  # 计划开工率
    resumption_rate: Ratio = field(default_factory=no_ratio)
    funds_rate: Ratio = field(default_factory=no_ratio)
    completion_rate: Ratio = field(default_factory=no_ratio)
    procedure_rate: Ratio = field(default_factory=no_ratio)
    problem_rate: Ratio = field(default_factory=no_ratio)
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

    def count(self, figure: str) -> int:
        """A count or an amount by its key (COMPARED, COUNTED); a rate is refused."""
        value = self.value_of(figure)
        if isinstance(value, Ratio):
            raise UserError(f"{figure} is a rate, not a count or an amount")
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            data[key] = value.to_json() if isinstance(value, Ratio) else value
        return data


GROUPS = ("county", "chain", "steward", "stage")
# the funds by origin, each with the origin it is of
ORIGIN_FUNDS: dict[Origin, str] = {
    Origin.OUTSIDE_PROVINCE: "funds_outside_province_yuan",
    Origin.OUTSIDE_CITY: "funds_outside_city_yuan",
    Origin.LOCAL: "funds_local_yuan",
    Origin.UNKNOWN: "funds_origin_unknown_yuan",
}
# the size bands (亿元以上, 10亿元以上, 50亿元以上): a band's figure and its floor in yuan
SIZE_BANDS: dict[str, int] = {
    "signed_over_1yi": 100_000_000,
    "signed_over_10yi": 1_000_000_000,
    "signed_over_50yi": 5_000_000_000,
}
COMPARED = [
    "projects",
    "signed_count",
    "signed_amount_yuan",
    "total_investment_yuan",
    "funds_in_period_yuan",
    "funds_cumulative_yuan",
    "completed_in_period_yuan",
    *ORIGIN_FUNDS.values(),
    "origin_unknown_projects",
    *SIZE_BANDS,
    "new_projects",
    "continuing_projects",
]
RATES = [
    "start_rate",
    "signed_start_rate",
    "planned_start_rate",
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


def change_text(change: Decimal | None, rate: bool, lang: Lang = Lang.EN, places: int = 1) -> str:
    """同比 as offices write it: a rate's change in points (个百分点), a count's or amount's
    in percent; "n/a" (无可比) when there was nothing to compare with."""
    if change is None:
        return in_language(WORDS, "no_comparison", lang)
    shown = (change * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rate:
        return in_language(WORDS, "change_in_points", lang).format(points=f"{shown:+}")
    return f"{shown:+}%"


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
        for key in [*COMPARED, *COUNTED]:
            current, prior = self.total.count(key), self.prior.count(key)
            change = relative_change(current, prior)
            compared[key] = {"current": current, "prior": prior, "change": change}
        for key in RATES:
            now, before = getattr(self.total, key).value, getattr(self.prior, key).value
            change = None if now is None or before is None else now - before
            compared[key] = {"current": now, "prior": before, "change": change}
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
    thresholds = store.thresholds()

    def year_before() -> FigureSet:
        before, seen_on = same_question_a_year_before(period, as_of)
        with store.reading() as session:
            end = min(before.end, seen_on)
            scope = scope_of(session, before, end, seen_on, None, thresholds, False, projects)
            return _figure_sets(scope)[None]

    with ThreadPoolExecutor(max_workers=1) as other_core:
        # The year before is a figure set of its own, read meanwhile on a second connection
        # (SQLite lets go of the GIL while it steps): two cores, half the wait. Each set is
        # one read transaction; a write between the two shows as if asked a moment apart.
        prior = other_core.submit(year_before) if with_prior else None
        with store.reading() as session:
            latest_effective = session.execute(select(func.max(col(History.effective_on)))).scalar()
            current = latest_effective is None or latest_effective <= as_of
            end = min(period.end, as_of)
            scope = scope_of(session, period, end, as_of, by, thresholds, current, projects)
            rows = _figure_sets(scope)
    total = rows.pop(None) if by is None else added_up(rows.values())
    return Figures(
        period=period,
        as_of=as_of,
        by=by,
        total=total,
        groups=sorted(rows.values(), key=lambda g: g.group),
        prior=prior.result() if prior else None,
    )


class Sets(dict[str | None, FigureSet]):
    """A figure set a group (None: the whole office), filled pass by pass."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def each(self, rows: Iterable[Any]) -> Iterator[tuple[FigureSet, Any]]:
        """Each row with its group's set (the group is a grouped row's last column)."""
        for row in rows:
            key = None if self.scope.group is None else self.scope.names(row[-1])
            yield self.setdefault(key, FigureSet(group=key or "total")), row


def _figure_sets(scope: Scope) -> dict[str | None, FigureSet]:
    """One figure set a group: every pass of FIGURE_PASSES in turn."""
    sets = Sets(scope)
    if scope.group is None:  # the whole office has a set even with no project counted
        sets[None] = FigureSet(group="total")
    for figure_pass in FIGURE_PASSES:
        figure_pass(scope, sets)
    return dict(sets)


# -- the pass over the counted projects: the registry of its figures ------------------------


class Split(Enum):
    """What of the stage (as of the date) a figure's values must be read apart by."""

    NONE = "none"
    STARTED = "started"  # started (or producing), or not: a start rate's numerator
    STARTED_ONLY = "started_only"  # the started alone: the rest is another figure's count
    STAGE = "stage"  # each stage: the counts and amounts per stage


@dataclass(frozen=True)
class ProjectFigure:
    """A figure of the pass over the counted projects: its aggregates (each also held to
    `only`, a further condition, when given), and how a row of them, read for a stage, is
    added into the set. Its name is its FigureSet field; `split` says what of the stage its
    values must be read apart by."""

    name: str
    aggregates: Callable[[Scope, Any], Sequence[Any]]
    add: Callable[[FigureSet, str, Sequence[Any]], None]
    split: Split = Split.NONE


STARTED = frozenset({Stage.STARTED.value, Stage.PRODUCING.value})


def _held(condition: Any, only: Any) -> Any:
    """The condition, held to the further one when given."""
    if only is None:
        return condition
    return only if condition is None else and_(condition, only)


def _adding(name: str) -> Callable[[FigureSet, str, Sequence[Any]], None]:
    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        setattr(figures, name, getattr(figures, name) + values[0])

    return add


def count_of(name: str, condition: Callable[[Scope], Any] | None = None) -> ProjectFigure:
    """A count of projects (where the condition holds)."""

    def aggregates(s: Scope, only: Any) -> Sequence[Any]:
        held = _held(None if condition is None else condition(s), only)
        return [func.count() if held is None else counted_where(held)]

    return ProjectFigure(name, aggregates, _adding(name))


def sum_of(name: str, column: Any, where: Callable[[Scope], Any] | None = None) -> ProjectFigure:
    """A sum over the projects (where the condition holds)."""

    def aggregates(s: Scope, only: Any) -> Sequence[Any]:
        return [summed(column, where=_held(None if where is None else where(s), only))]

    return ProjectFigure(name, aggregates, _adding(name))


def started_share(
    name: str, listed: Callable[[Scope], Any], counted_as: str | None = None
) -> ProjectFigure:
    """A start rate: of the projects listed, those started (or producing) as of the date.
    counted_as: the figure that already counts the listed (read before this one), so only
    the started need reading apart."""

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        rate: Ratio = getattr(figures, name)
        done = rate.numerator + (values[0] if stage in STARTED else 0)
        if counted_as is None:
            setattr(figures, name, Ratio(done, rate.denominator + values[0]))
        else:
            setattr(figures, name, Ratio(done, getattr(figures, counted_as)))

    split = Split.STARTED if counted_as is None else Split.STARTED_ONLY
    return ProjectFigure(name, lambda s, only: [counted_where(_held(listed(s), only))], add, split)


def ratio_of(name: str, numerator: Any, denominator: Any) -> ProjectFigure:
    """A rate of two aggregates (each given the further condition, or None)."""

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        rate: Ratio = getattr(figures, name)
        setattr(figures, name, Ratio(rate.numerator + values[0], rate.denominator + values[1]))

    return ProjectFigure(name, lambda s, only: [numerator(s, only), denominator(s, only)], add)


def per_stage(name: str, aggregate: Callable[[Any], Any]) -> ProjectFigure:
    """A count or sum a stage (FigureSet.stages, stage_amounts_yuan)."""

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        getattr(figures, name)[stage] += values[0]

    return ProjectFigure(name, lambda s, only: [aggregate(only)], add, Split.STAGE)


def warnings() -> ProjectFigure:
    """The projects a warning colour: their deadline then in its range."""
    levels = list(WarningLevel)

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        for level, count in zip(levels, values, strict=True):
            figures.warnings[level.value] += count

    def aggregates(s: Scope, only: Any) -> Sequence[Any]:
        return [counted_where(_held(s.warned(level), only)) for level in levels]

    return ProjectFigure("warnings", aggregates, add)


def new_and_continuing() -> ProjectFigure:
    """New and continuing apart: every project is one or the other (stages.parse_kind), and
    the continuing are the resumption rate's denominator: no aggregate of its own."""

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        figures.continuing_projects = figures.resumption_rate.denominator
        figures.new_projects = figures.projects - figures.continuing_projects

    return ProjectFigure("new_projects", lambda s, only: [], add)


def signed_in_period(s: Scope) -> Any:
    return col(Project.signed_on).between(s.period.start, s.end)


def is_new(s: Scope) -> Any:
    return Project.kind == Kind.NEW.value


def continuing(s: Scope) -> Any:
    return Project.kind == Kind.CONTINUING.value


def on_periods_list(s: Scope) -> Any:
    """The period's list: new, planned to start in the period or started in it."""
    return and_(
        is_new(s),
        or_(
            s.between(Project.start_due, s.period.start),
            and_(s.started, s.between(Project.started_on, s.period.start)),
        ),
    )


def on_years_list(s: Scope) -> Any:
    """The year's list (计划开工): new, planned to start in the year the period ends, or
    started in it by the as-of date."""
    year = year_of(s.end)
    return and_(
        is_new(s),
        or_(
            s.between(Project.start_due, year.start, year.end),
            and_(s.started, s.between(Project.started_on, year.start, s.as_of)),
        ),
    )


def resumed(s: Scope) -> Any:
    return and_(continuing(s), s.between(Project.resumed_on, date(s.end.year, 1, 1)))


BAND_BITS = 20  # a band's count in one sum: up to a million projects a band


def size_bands() -> ProjectFigure:
    """The period's signed projects at or over each floor (SIZE_BANDS), read in one sum: a
    project adds 1 << (20 * i) for each band i it reaches, so each band's count is a 20-bit
    field of the sum (one aggregate where three would each cost a step a project)."""
    floors = list(SIZE_BANDS.values())
    mask = (1 << BAND_BITS) - 1

    def weight(reached: int) -> int:
        return sum(1 << (BAND_BITS * band) for band in range(reached))

    def aggregates(s: Scope, only: Any) -> Sequence[Any]:
        amount = col(Project.signed_amount_yuan)
        weighted = case(
            *((amount >= floor, weight(len(floors) - i)) for i, floor in enumerate(floors[::-1])),
            else_=0,
        )
        return [summed(weighted, where=_held(signed_in_period(s), only))]

    def add(figures: FigureSet, stage: str, values: Sequence[Any]) -> None:
        for band, name in enumerate(SIZE_BANDS):
            count = (values[0] >> (BAND_BITS * band)) & mask
            setattr(figures, name, getattr(figures, name) + count)

    return ProjectFigure("signed_over_1yi", aggregates, add)


PROJECT_FIGURES: tuple[ProjectFigure, ...] = (
    count_of("projects"),
    count_of("signed_count", signed_in_period),
    sum_of("signed_amount_yuan", Project.signed_amount_yuan, signed_in_period),
    sum_of("total_investment_yuan", Project.total_investment_yuan),
    started_share("start_rate", on_periods_list),
    started_share("signed_start_rate", signed_in_period, counted_as="signed_count"),
    started_share("planned_start_rate", on_years_list),
    ratio_of(
        "resumption_rate",
        lambda s, only: counted_where(_held(resumed(s), only)),
        lambda s, only: counted_where(_held(continuing(s), only)),
    ),
    new_and_continuing(),
    ratio_of(
        "procedure_rate",
        lambda s, only: summed(Project.procedures_done, where=only),
        lambda s, only: summed(Project.procedures_required, where=only),
    ),
    sum_of("funds_cumulative_yuan", Project.funds_in_place_yuan),
    size_bands(),
    per_stage("stages", lambda only: func.count() if only is None else counted_where(only)),
    per_stage("stage_amounts_yuan", lambda only: summed(Project.signed_amount_yuan, where=only)),
    warnings(),
)


def _projects_pass(scope: Scope, sets: Sets) -> None:
    """Every figure of PROJECT_FIGURES in one pass over the projects' covering index. As of
    today a row a stage (the index's first column: no sort); as of a past date, the stage
    then comes from history, and sorting every row by it would cost more than reading the
    figures that need it a stage apart (Split) in one row."""
    history = scope.then is not None
    if history:
        parts = [part for figure in PROJECT_FIGURES for part in _split(scope, figure)]
    else:
        parts = [(figure, "", list(figure.aggregates(scope, None))) for figure in PROJECT_FIGURES]
    columns = [column for *_, aggregates in parts for column in aggregates]
    rows = scope.over(*columns) if history else scope.over(*columns, also_by=scope.stage)
    for figures, row in sets.each(rows):
        offset = 0
        for figure, stage, aggregates in parts:
            values = row[offset : offset + len(aggregates)]
            figure.add(figures, stage if history else row[len(columns)], values)
            offset += len(aggregates)


# a figure, the stage its values are read for (as of a past date), its aggregates
Part = tuple[ProjectFigure, str, list[Any]]


def _split(scope: Scope, figure: ProjectFigure) -> list[Part]:
    """A figure's aggregates as of a past date: once, or a stage apart (started or not)."""
    if figure.split is Split.STAGE:
        buckets = [(stage.value, scope.stage == stage.value) for stage in STAGES]
    elif figure.split is Split.STARTED:
        # a stage for each side: add() asks only whether it is started
        buckets = [(Stage.STARTED.value, scope.started), (Stage.SIGNED.value, not_(scope.started))]
    elif figure.split is Split.STARTED_ONLY:
        buckets = [(Stage.STARTED.value, scope.started)]
    else:
        buckets = [("", None)]
    return [(figure, stage, list(figure.aggregates(scope, only))) for stage, only in buckets]


# -- the passes over the other tables ---------------------------------------------------------

RECORDS = DispatchRecord.__table__  # type: ignore[attr-defined]
PROBLEMS = Problem.__table__  # type: ignore[attr-defined]
PROCEDURES = Procedure.__table__  # type: ignore[attr-defined]


def _month_in_period(scope: Scope) -> Any:
    return and_(RECORDS.c.month >= scope.period.start.replace(day=1), RECORDS.c.month <= scope.end)


def _records_pass(scope: Scope, sets: Sets) -> None:
    """The funds in place and the investment completed in the period's months."""
    for figures, row in sets.each(
        scope.over(
            summed(RECORDS.c.funds_in_place_yuan),
            summed(RECORDS.c.investment_completed_yuan),
            table=RECORDS,
            per_project=True,
            where=_month_in_period(scope),
        )
    ):
        figures.funds_in_period_yuan, figures.completed_in_period_yuan = row[0], row[1]


def _problems_pass(scope: Scope, sets: Sets) -> None:
    """Of the problems raised in the period, those resolved by the as-of date."""
    resolved = and_(
        PROBLEMS.c.status == "resolved",
        col(PROBLEMS.c.resolved_on).is_not(None),
        PROBLEMS.c.resolved_on <= scope.as_of,
    )
    raised = and_(PROBLEMS.c.raised_on >= scope.period.start, PROBLEMS.c.raised_on <= scope.end)
    for figures, row in sets.each(
        scope.over(counted_where(resolved), func.count(), table=PROBLEMS, where=raised)
    ):
        figures.problem_rate = Ratio(row[0], row[1])


def origins_placed(session: Any) -> dict[Origin, list[str]]:
    """The investors' origins as written, each placed against the office's province and city
    (store.domain.origins), by where they were placed; none while the office's province is
    not set."""
    province = setting(session, PROVINCE_KEY) or ""
    city = setting(session, CITY_KEY) or ""
    placed: dict[Origin, list[str]] = {kind: [] for kind in Origin}
    if not province:  # the office's place not set: no origin can be placed, none is read
        return placed
    for (text,) in session.execute(select(col(Project.investor_origin)).distinct()):
        placed[place_origin(text or "", province, city)].append(text)
    return placed


def _origins_pass(scope: Scope, sets: Sets) -> None:
    """The period's funds by where the investor comes from, and the projects whose origin
    cannot be placed. Each place's projects are found from the origin index once, so the
    whole office's funds need no project lookup (Scope.over); where no origin is placed
    (the office's place not set) nothing is read: every yuan is of unknown origin."""
    placed = origins_placed(scope.session)
    known = [(kind, texts) for kind, texts in placed.items() if texts and kind != Origin.UNKNOWN]
    for figures in sets.values():
        figures.funds_origin_unknown_yuan = figures.funds_in_period_yuan
        figures.origin_unknown_projects = figures.projects
    if not known:
        return
    records = scope.over(
        *(
            summed(RECORDS.c.funds_in_place_yuan, where=_from(RECORDS.c.project_id, texts))
            for _, texts in known
        ),
        table=RECORDS,
        per_project=True,
        where=_month_in_period(scope),
    )
    for figures, row in sets.each(records):
        for (kind, _), amount in zip(known, row, strict=False):
            setattr(figures, ORIGIN_FUNDS[kind], amount)
            figures.funds_origin_unknown_yuan -= amount
    for figures in sets.values():
        figures.origin_unknown_projects = 0
    if placed[Origin.UNKNOWN]:
        unplaced = _from(col(Project.id), placed[Origin.UNKNOWN])
        for figures, row in sets.each(scope.over(counted_where(unplaced))):
            figures.origin_unknown_projects = row[0]


def _from(project_id: Any, origins: list[str]) -> Any:
    """The rows of the projects whose investor's origin is written as one of these."""
    ids = select(col(Project.id)).where(col(Project.investor_origin).in_(origins))
    return project_id.in_(ids)


def _up_to_as_of(
    scope: Scope,
    sets: Sets,
    aggregate: Any,
    table: Any,
    dated: Any,
    running: Callable[[FigureSet], int],
    where: Any = True,
    per_project: bool = False,
) -> dict[str, int]:
    """Each group's aggregate over its rows of table dated up to the as-of date, given its
    running total over all of them (kept on the project). The shorter range of the date's
    index is read: the rows after the date, taken off the running total, or (mostly the year
    before, in a young office) the rows up to it. The same answer either way; the longer range
    had cost the year before about 90 ms a table."""
    as_of = scope.as_of
    # min and max apart: each is then one step to an end of the index
    first, last = (
        scope.session.execute(select(ends(dated))).scalar() for ends in (func.min, func.max)
    )
    later = first is None or last - as_of <= as_of - first
    totals = {figures.group: running(figures) if later else 0 for figures in sets.values()}
    dated_where = dated > as_of if later else dated <= as_of
    rows = scope.over(
        aggregate, table=table, per_project=per_project, where=and_(where, dated_where)
    )
    for figures, row in sets.each(rows):
        totals[figures.group] += -row[0] if later else row[0]
    return totals


def _history_pass(scope: Scope, sets: Sets) -> None:
    """As of a past date, the funds to date and the procedures done by then (the projects
    keep today's running totals)."""
    if scope.current:
        return
    funds = _up_to_as_of(
        scope,
        sets,
        summed(RECORDS.c.funds_in_place_yuan),
        RECORDS,
        RECORDS.c.month,
        lambda figures: figures.funds_cumulative_yuan,
        per_project=True,
    )
    done = _up_to_as_of(
        scope,
        sets,
        func.count(),
        PROCEDURES,
        PROCEDURES.c.done_on,
        lambda figures: figures.procedure_rate.numerator,
        where=PROCEDURES.c.required,
    )
    for figures in sets.values():
        figures.funds_cumulative_yuan = funds[figures.group]
        figures.procedure_rate = Ratio(done[figures.group], figures.procedure_rate.denominator)


def _rates_of_sums(scope: Scope, sets: Sets) -> None:
    for figures in sets.values():
        figures.funds_rate = Ratio(figures.funds_in_period_yuan, figures.signed_amount_yuan)
        figures.completion_rate = Ratio(
            figures.completed_in_period_yuan, figures.total_investment_yuan
        )


FigurePass = Callable[[Scope, Sets], None]
FIGURE_PASSES: tuple[FigurePass, ...] = (
    _projects_pass,
    _records_pass,
    _problems_pass,
    _origins_pass,
    _history_pass,
    _rates_of_sums,
)


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


# -- cohorts by signing event -------------------------------------------------------------------


@dataclass
class Cohort:
    """The projects signed at one event (第三十届兰洽会), followed as of a date: 到位率 (funds to
    date / signed amount), 开工率 (started or producing / projects), 建成率 (producing /
    projects). A project is in the cohort of the event it was first signed at (first_event):
    signed again at a later event, it counts once, in its first."""

    event: str
    group: str  # "total" when not grouped
    first_signed_on: date | None
    projects: int = 0
    signed_amount_yuan: int = 0
    funds_to_date_yuan: int = 0
    funds_rate: Ratio = field(default_factory=no_ratio)
    start_rate: Ratio = field(default_factory=no_ratio)
    built_rate: Ratio = field(default_factory=no_ratio)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            if isinstance(value, Ratio):
                value = value.to_json()
            elif isinstance(value, date):
                value = value.isoformat()
            data[key] = value
        return data


def cohorts(store: Any, as_of: date | None = None, by: str | None = None) -> list[Cohort]:
    """Each signing event's projects as of the date (default today), by group when asked,
    the earliest signed event first. Projects withdrawn by then are left out, as from every
    figure; a project without an event is in no cohort."""
    as_of = as_of or store.today
    if as_of > store.today:
        raise UserError(f"figures as of {as_of}: that is after today ({store.today})")
    if by is not None and by not in GROUPS:
        raise UserError(f"cannot group by {by!r}: use {', '.join(GROUPS)}")
    with store.reading() as session:
        latest = session.execute(select(func.max(col(History.effective_on)))).scalar()
        current = latest is None or latest <= as_of
        year = year_of(as_of)
        scope = scope_of(session, year, as_of, as_of, by, store.thresholds(), current)
        event = first_event(session)
        scope.narrowed = and_(event.is_not(None), event != "")
        found: dict[tuple[str, str], Cohort] = {}
        for row in scope.over(
            func.count(),
            summed(Project.signed_amount_yuan),
            func.min(Project.signed_on),
            counted_where(scope.started),
            counted_where(scope.stage == Stage.PRODUCING.value),
            also_by=event,
        ):
            key = _cohort_key(scope, row, 5)
            found[key] = Cohort(key[0], key[1], row[2], row[0], row[1])
            found[key].start_rate = Ratio(row[3], row[0])
            found[key].built_rate = Ratio(row[4], row[0])
        funds = scope.over(
            summed(RECORDS.c.funds_in_place_yuan),
            table=RECORDS,
            per_project=True,
            where=RECORDS.c.month <= as_of,
            also_by=event,
        )
        for row in funds:
            cohort = found[_cohort_key(scope, row, 1)]
            cohort.funds_to_date_yuan = row[0]
    for cohort in found.values():
        cohort.funds_rate = Ratio(cohort.funds_to_date_yuan, cohort.signed_amount_yuan)
    first: dict[str, date] = {}  # each event's earliest signing, over its groups
    for cohort in found.values():
        signed = cohort.first_signed_on or as_of
        first[cohort.event] = min(first.get(cohort.event, signed), signed)
    return sorted(found.values(), key=lambda c: (first[c.event], c.event, c.group))


def first_event(session: Any) -> Any:
    """Each project's cohort: the event it was first signed at. A sheet read later that names
    another event for a project already signed at one (signed again: history's action
    import) leaves it in its first event's cohort, so it counts once; an officer's edit of
    the event is a correction and moves it. Few projects are signed again: they are named
    in the expression, every other project's event is its column."""
    changes = session.execute(
        select(
            col(History.project_id),
            col(History.action),
            col(History.old_value),
            col(History.new_value),
        )
        .where(col(History.field) == "signing_event")
        .order_by(col(History.id))
    )
    first: dict[int, str] = {}
    latest: dict[int, str] = {}
    for project_id, action, old, new in changes:
        kept = first.get(project_id, old or "")
        first[project_id] = kept if action == "import" and kept else new or ""
        latest[project_id] = new or ""
    moved: dict[str, list[int]] = {}
    for project_id, event in first.items():
        if event != latest[project_id]:
            moved.setdefault(event, []).append(project_id)
    column = col(Project.signing_event)
    if not moved:
        return column
    return case(
        *((col(Project.id).in_(ids), literal(event)) for event, ids in moved.items()),
        else_=column,
    )


def _cohort_key(scope: Scope, row: Any, at: int) -> tuple[str, str]:
    """A cohort row's event (at its index) and group (after it)."""
    group = "total" if scope.group is None else scope.names(row[at + 1])
    return str(row[at]), group
