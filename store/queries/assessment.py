"""Targets and the assessment (考核): each unit's actuals against its targets, scored.

The actuals are counted as store.figures counts (README, "The figures"): projects signed by
the as-of date and not withdrawn by then; signed in the period by their signing date; funds
in place by the months of the period up to the as-of date; a project's stage then from
history when anything was recorded after the as-of date; 省外 and the size bands as
store.figures places and bands them. Every unit's actuals come from one grouped statement,
whatever the number of units. Targets as of a date are those in force then (the newest
change effective by that day; a target first set later counts with its first amount).
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, not_, or_, select
from sqlmodel import Session

from store.db.models import DispatchRecord, History, Project, Steward, Target, TargetChange
from store.domain.origins import Origin
from store.domain.scheme import Scheme, Score, missed, score
from store.domain.targets import (
    UNIT_KINDS,
    Progress,
    TargetPeriod,
    fraction_text,
    parse_split,
    progress,
    ranks,
)
from store.figures import (
    PROVINCE_KEY,
    SIZE_BANDS,
    counted_where,
    last_recorded,
    origins_placed,
    summed,
)
from store.labels import Refusal
from store.queries.settings import setting
from store.stages import Kind, Stage

# the tables as SQLAlchemy Core sees them: their columns' comparisons typed as expressions
_PROJECTS: Any = Project.__table__  # type: ignore[attr-defined]
_project: Any = _PROJECTS.c
_target: Any = Target.__table__.c  # type: ignore[attr-defined]
_change: Any = TargetChange.__table__.c  # type: ignore[attr-defined]
_steward: Any = Steward.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TargetRow:
    year: int
    unit_kind: str
    unit: str
    figure: str
    amount: int
    split: tuple[int, ...]


def unit_names(session: Session, kind: str) -> set[str]:
    """The names a unit of the kind may have: the values of its project field (stewards: the
    stewards on record)."""
    if kind == "steward":
        return set(session.scalars(select(_steward.name)))
    column = _project[UNIT_KINDS[kind]]
    return set(session.scalars(select(column).where(column != "").distinct()))


def targets(session: Session, year: int | None = None, kind: str | None = None) -> list[TargetRow]:
    """The targets as they stand, by year, kind, unit and figure."""
    query = select(Target).order_by(_target.year, _target.unit_kind, _target.unit, _target.figure)
    if year is not None:
        query = query.where(_target.year == year)
    if kind is not None:
        query = query.where(_target.unit_kind == kind)
    return [
        TargetRow(t.year, t.unit_kind, t.unit, t.figure, t.amount, parse_split(t.split))
        for t in session.scalars(query)
    ]


def targets_as_of(session: Session, year: int, kind: str, as_of: date) -> list[TargetRow]:
    """The year's targets of the kind in force on the date, from their changes."""
    changes = session.execute(
        select(
            _change.unit,
            _change.figure,
            _change.effective_on,
            _change.new_amount,
            _change.new_split,
        )
        .where(_change.year == year, _change.unit_kind == kind)
        .order_by(_change.id)
    )
    chosen: dict[tuple[str, str], tuple[int, str]] = {}
    for unit, figure, effective_on, amount, split in changes:
        if (unit, figure) not in chosen or effective_on <= as_of:
            chosen[unit, figure] = (amount, split)
    return [
        TargetRow(year, kind, unit, figure, amount, parse_split(split))
        for (unit, figure), (amount, split) in sorted(chosen.items())
    ]


def target_history(session: Session, year: int | None = None) -> list[TargetChange]:
    query = select(TargetChange).order_by(_change.id)
    if year is not None:
        query = query.where(_change.year == year)
    return list(session.scalars(query))


# -- actuals ---------------------------------------------------------------------------------


@dataclass
class Actuals:
    """One unit's figures (TARGET_FIGURES), its projects at or over each bonus size, and the
    counts the scheme deducts for."""

    figures: dict[str, int] = field(default_factory=dict)
    at_least: dict[int, int] = field(default_factory=dict)
    deducted: dict[str, int] = field(default_factory=dict)


def _complete_months(period: TargetPeriod, as_of: date) -> list[tuple[date, date]]:
    """The months of the period over by the as-of date: each owes a monthly report."""
    months = []
    for month in range(period.first, period.last + 1):
        last = date(period.year, month, calendar.monthrange(period.year, month)[1])
        if last <= as_of:
            months.append((date(period.year, month, 1), last))
    return months


def _outside(session: Session) -> Any:
    """省外: the investor's origin placed outside the office's province, as store.figures
    places it (store.domain.origins); None while the office's province is not set."""
    if not setting(session, PROVINCE_KEY):
        return None
    return _project.investor_origin.in_(origins_placed(session)[Origin.OUTSIDE_PROVINCE])


def _stage_then(session: Session, as_of: date) -> tuple[Any, Any]:
    """The stage each project stood at on the date: the stored one, unless history was
    recorded after the date; then the stages as recorded until it, a subquery to join."""
    latest = session.execute(select(func.max(History.effective_on))).scalar()
    then = None if latest is None or latest <= as_of else last_recorded("stage", until=as_of)
    return then, _project.stage if then is None else then.c.value


def _counted(as_of: date, scheme: Scheme) -> Any:
    """The projects counted: signed by the date, not withdrawn by it, not excluded."""
    return and_(
        _project.signed_on.is_not(None),
        _project.signed_on <= as_of,
        or_(_project.withdrawn_on.is_(None), _project.withdrawn_on > as_of),
        *_excluded_not(scheme),
    )


def actuals(
    session: Session,
    period: TargetPeriod,
    as_of: date,
    kind: str,
    scheme: Scheme,
    outside_wanted: bool = True,
) -> dict[str, Actuals]:
    """Each unit's actuals for the period as of the date (units named as the projects name
    them; stewards by name), of the projects the scheme does not exclude: one pass over the
    projects, each joined to its records of the period summed beforehand (a dozen records a
    project: one lookup a project instead of one a record). 省外 funds when wanted: placing
    the origins reads every project's."""
    end = min(period.end, as_of)
    then, stage = _stage_then(session, as_of)
    started = stage.in_([Stage.STARTED.value, Stage.PRODUCING.value])
    group = _project.steward_id if kind == "steward" else _project[UNIT_KINDS[kind]]
    in_period = and_(_project.signed_on >= period.start, _project.signed_on <= end)
    sizes = sorted({*SIZE_BANDS.values(), *scheme.bonuses})
    months = _complete_months(period, as_of) if "missing_report" in scheme.deductions else []
    records = _records_per_project(period.start, end, months)
    outside = _outside(session) if outside_wanted else None
    columns = [
        counted_where(in_period),
        summed(_project.signed_amount_yuan, where=in_period),
        counted_where(
            and_(
                _project.kind == Kind.NEW.value,
                started,
                _project.started_on >= period.start,
                _project.started_on <= end,
            )
        ),
        counted_where(and_(_project.start_due < as_of, not_(started))),
        summed(records.c.funds),
        summed(records.c.funds, where=outside) if outside is not None else literal(0),
        *(counted_where(and_(in_period, _project.signed_amount_yuan >= size)) for size in sizes),
        _missing_reports(months, records, stage),
    ]
    query = (
        select(group, *columns)
        .select_from(_PROJECTS)
        .outerjoin(records, records.c.project_id == _project.id)
    )
    if then is not None:
        query = query.join(then, then.c.project_id == _project.id)
    names = _unit_names(session, kind)
    result: dict[str, Actuals] = {}
    for row in session.execute(query.where(_counted(as_of, scheme)).group_by(group)):
        unit = names(row[0])
        if unit:
            result[unit] = _unit_actuals(row[1:], sizes, outside is not None)
    return result


def _unit_actuals(row: Any, sizes: list[int], outside: bool) -> Actuals:
    """A unit's actuals from its row of the grouped statement (in its columns' order)."""
    found = Actuals()
    figures = found.figures
    figures["signed_count"], figures["signed_amount_yuan"], figures["started_count"] = row[0:3]
    found.deducted["late_start"] = row[3]
    figures["funds_in_place_yuan"] = row[4]
    if outside:
        figures["funds_outside_province_yuan"] = row[5]
    found.at_least = dict(zip(sizes, row[6 : 6 + len(sizes)], strict=True))
    for band, size in SIZE_BANDS.items():
        figures[band] = found.at_least[size]
    found.deducted["missing_report"] = row[6 + len(sizes)]
    return found


def _records_per_project(first: date, end: date, months: list[tuple[date, date]]) -> Any:
    """Each project's funds in place over the period's months up to the end, and the months
    over (those that owe a report) it reported in: a range of the records' month index."""
    records = DispatchRecord.__table__  # type: ignore[attr-defined]
    over = (
        and_(records.c.month >= months[0][0], records.c.month <= months[-1][0])
        if months
        else literal(False)
    )
    return (
        select(
            records.c.project_id,
            summed(records.c.funds_in_place_yuan).label("funds"),
            counted_where(over).label("reported"),
        )
        .where(records.c.month >= first.replace(day=1), records.c.month <= end)
        .group_by(records.c.project_id)
        .subquery("records")
    )


def _missing_reports(months: list[tuple[date, date]], records: Any, stage: Any) -> Any:
    """The monthly reports owed and not made: a project not producing as of the date owes
    one for each month of the period over by the date, from the month it was signed (its
    records start then: rules.month_after_signing), less those it made. The months owed
    come from comparing dates, one CASE a row."""
    if not months:
        return literal(0)
    owed = case(
        *(
            (_project.signed_on <= last, len(months) - number)
            for number, (_, last) in enumerate(months)
        ),
        else_=0,
    )
    return summed(owed - func.coalesce(records.c.reported, 0), where=stage != Stage.PRODUCING.value)


def _excluded_not(scheme: Scheme) -> list[Any]:
    """The conditions a project meets when the scheme counts it (不予认定 leaves it out)."""
    conditions: list[Any] = []
    if scheme.exclude_below_yuan:
        conditions.append(_project.signed_amount_yuan >= scheme.exclude_below_yuan)
    for word in scheme.exclude_origins:
        conditions.append(not_((_project.investor_origin).contains(word)))
    for word in scheme.exclude_investors:
        conditions.append(not_((_project.investor).contains(word)))
    return conditions


def _unit_names(session: Session, kind: str) -> Any:
    if kind != "steward":
        return lambda value: value or ""
    stewards = {id_: name for id_, name in session.execute(select(_steward.id, _steward.name))}
    return lambda value: stewards.get(value, "")


# -- the assessment --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitAssessment:
    unit: str
    progress: dict[str, Progress]  # the figures the unit has a target for
    score: Score
    rank: int
    missed: bool
    red: bool
    black: bool
    deducted: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "rank": self.rank,
            "score": fraction_text(self.score.total),
            "score_parts": {
                "figures": {k: fraction_text(v) for k, v in self.score.figures.items()},
                "bonus": fraction_text(self.score.bonus),
                "deduction": fraction_text(self.score.deduction),
            },
            "deducted_for": self.deducted,
            "behind_schedule": self.missed,
            "red_list": self.red,
            "black_list": self.black,
            "figures": {
                figure: {
                    "target": fraction_text(p.target),
                    "actual": p.actual,
                    "completion": fraction_text(p.completion),
                    "schedule": fraction_text(p.schedule),
                    "points_ahead": fraction_text(p.points_ahead),
                }
                for figure, p in self.progress.items()
            },
        }


@dataclass(frozen=True)
class Assessment:
    period: TargetPeriod
    as_of: date
    kind: str
    units: list[UnitAssessment]  # ranked, best first

    @property
    def red_list(self) -> list[str]:
        return [u.unit for u in self.units if u.red]

    @property
    def black_list(self) -> list[str]:
        return [u.unit for u in self.units if u.black]

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "by": self.kind,
            "fractions": "exact, as the string 'numerator/denominator' (or a whole number)",
            "units": [unit.to_json() for unit in self.units],
            "red_list": self.red_list,
            "black_list": self.black_list,
        }


def assess(
    session: Session, period: TargetPeriod, as_of: date, kind: str, scheme: Scheme
) -> Assessment:
    """Every unit of the kind with a target for the period's year, scored, ranked (equal
    scores ranked equal) and listed red or black as the scheme says."""
    if period.start > as_of:
        raise Refusal(
            f"考核期 {period.label} 在截至日期 {as_of} 之后才开始",
            f"the period {period.label} starts after the as-of date {as_of}",
        )
    in_force = targets_as_of(session, period.year, kind, as_of)
    outside = "funds_outside_province_yuan" in {row.figure for row in in_force}
    if outside and not setting(session, PROVINCE_KEY):
        raise Refusal(
            f"省外到位资金需要知道本地所在省份：investtrack config set {PROVINCE_KEY} 甘肃",
            "funds from outside the province need the office's province: "
            f"investtrack config set {PROVINCE_KEY} 甘肃",
        )
    found = actuals(session, period, as_of, kind, scheme, outside) if in_force else {}
    per_unit: dict[str, dict[str, Progress]] = {}
    for row in in_force:
        actual = found.get(row.unit, Actuals()).figures.get(row.figure, 0)
        per_unit.setdefault(row.unit, {})[row.figure] = progress(
            row.amount, row.split, period, actual, as_of
        )
    return ranked(period, as_of, kind, scheme, per_unit, found)


def ranked(
    period: TargetPeriod,
    as_of: date,
    kind: str,
    scheme: Scheme,
    per_unit: dict[str, dict[str, Progress]],
    found: dict[str, Actuals],
) -> Assessment:
    units = sorted(per_unit)
    scores = [
        score(
            scheme,
            per_unit[unit],
            found.get(unit, Actuals()).at_least,
            found.get(unit, Actuals()).deducted,
        )
        for unit in units
    ]
    places = ranks(s.total for s in scores)
    behind = [missed(scheme, per_unit[unit]) for unit in units]
    above = _counted_beyond(places, lower=False)
    below = _counted_beyond(places, lower=True)
    assessed = []
    for index, unit in enumerate(units):
        red = _listed(scheme.red, above[index], behind[index])
        black = _listed(scheme.black, below[index], behind[index])
        assessed.append(
            UnitAssessment(
                unit,
                per_unit[unit],
                scores[index],
                places[index],
                behind[index],
                red,
                black,
                {
                    name: found.get(unit, Actuals()).deducted.get(name, 0)
                    for name in scheme.deductions
                },
            )
        )
    assessed.sort(key=lambda u: (u.rank, u.unit))
    return Assessment(period, as_of, kind, assessed)


def _counted_beyond(places: list[int], lower: bool) -> list[int]:
    """For each unit, how many units rank strictly above it (or below it, when lower)."""
    ordered = sorted(places)
    if lower:
        return [len(ordered) - bisect_right(ordered, mine) for mine in places]
    return [bisect_left(ordered, mine) for mine in places]


def _listed(rule: Any, beyond: int, behind: bool) -> bool:
    """On the list: fewer than N units beyond it (above for red, below for black), and the
    rule's condition (met: behind on nothing; missed: behind on something) holds."""
    if rule is None or beyond >= rule.count:
        return False
    if rule.condition == "met":
        return not behind
    if rule.condition == "missed":
        return behind
    return True


def assess_on(
    session: Session,
    today: date,
    period: TargetPeriod,
    as_of: date | None,
    kind: str,
    scheme: Scheme,
) -> Assessment:
    """The assessment as of the date; by default today, or the period's end for a past
    period (so 2024Q2 assessed today equals what was seen on 2024-06-30)."""
    day = as_of or min(today, period.end)
    if day > today:
        raise Refusal(
            f"截至 {day} 的考核：晚于今天（{today}）",
            f"assessment as of {day}: that is after today ({today})",
        )
    return assess(session, period, day, kind, scheme)
