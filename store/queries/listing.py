"""Lists of projects: filtered and sorted in SQL, read as plain columns, and turned into
frozen ProjectRow values with each countdown worked out for the day.

ProjectFilter says which projects; Countdown is the day and thresholds a read counts down
with. filtered() keeps a query over projects to those a filter names, for the deadlines list
and the exporter too; warned() keeps a date column to the dates giving a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Select, SQLColumnExpression, case, func, select
from sqlmodel import Session, col

from store import stages
from store.db.models import Project, Steward
from store.db.search import found_by_trigrams, search_condition
from store.deadlines import working_days_left
from store.errors import UserError
from store.queries.projects import find_project
from store.stages import Stage
from store.warnings import Thresholds, WarningLevel

AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
Query = TypeVar("Query", bound=AnySelect)


@dataclass(frozen=True)
class Countdown:
    """The day deadlines count down from and the thresholds that colour them, fixed for one
    read so that every row of it agrees."""

    today: date
    thresholds: Thresholds


@dataclass
class ProjectFilter:
    stage: Stage | None = None
    county: str | None = None
    chain: str | None = None
    steward: str | None = None
    responsible_unit: str | None = None  # 责任单位: the assessment's drill to a unit
    warning: WarningLevel | None = None
    search: str | None = None
    include_withdrawn: bool = False
    withdrawn_only: bool = False

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in vars(self).items()
            if value not in (None, False, "")
        ]
        return ", ".join(parts)


# sort keys with an index of their own: their first rows come without a sort
INDEXED_SORTS = {"deadline", "name", "code"}
SORT_KEYS = {
    "code",
    "name",
    "county",
    "chain",
    "stage",
    "steward",
    "signed_amount",
    "funds_in_place",
    "total_investment",
    "deadline",
    "days_left",
    "working_days_left",
    "warning",
    "signed_on",
}


@dataclass(frozen=True)
class ProjectRow:
    """A project as lists show it, with its countdown worked out for today."""

    id: int
    code: str | None
    name: str
    investor: str
    county: str
    chain: str
    kind: str
    stage: str
    steward: str | None
    signed_on: date | None
    procedures_due: date | None
    start_due: date | None
    started_on: date | None
    production_due: date | None
    producing_on: date | None
    total_investment_yuan: int
    signed_amount_yuan: int
    funds_in_place_yuan: int
    withdrawn_on: date | None
    resumed_on: date | None  # the last 复工: once a year (rules.resumed_already)
    deadline: date | None
    days_left: int | None
    working_days_left: int | None
    working_days_estimated: bool
    warning: WarningLevel | None
    version: int

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            data[key] = value.isoformat() if isinstance(value, date) else value
        data["warning"] = self.warning.value if self.warning else None
        return data


# The columns a row is read from: ProjectRow's, less the countdown worked out for the day.
_ROW_COLUMNS: list[SQLColumnExpression[Any]] = [
    col(Project.id),
    col(Project.code),
    col(Project.name),
    col(Project.investor),
    col(Project.county),
    col(Project.chain),
    col(Project.kind),
    col(Project.stage),
    col(Steward.name),
    col(Project.signed_on),
    col(Project.procedures_due),
    col(Project.start_due),
    col(Project.started_on),
    col(Project.production_due),
    col(Project.producing_on),
    col(Project.total_investment_yuan),
    col(Project.signed_amount_yuan),
    col(Project.funds_in_place_yuan),
    col(Project.withdrawn_on),
    col(Project.deadline),
    col(Project.version),
    col(Project.resumed_on),
]


def _row(values: Sequence[Any], countdown: Countdown) -> ProjectRow:
    deadline, today = values[19], countdown.today
    days = None if deadline is None else (deadline - today).days
    working = None if deadline is None else working_days_left(today, deadline)
    return ProjectRow(
        id=values[0],
        code=values[1],
        name=values[2],
        investor=values[3],
        county=values[4],
        chain=values[5],
        kind=values[6],
        stage=values[7],
        steward=values[8],
        signed_on=values[9],
        procedures_due=values[10],
        start_due=values[11],
        started_on=values[12],
        production_due=values[13],
        producing_on=values[14],
        total_investment_yuan=values[15],
        signed_amount_yuan=values[16],
        funds_in_place_yuan=values[17],
        withdrawn_on=values[18],
        resumed_on=values[21],
        deadline=deadline,
        days_left=days,
        working_days_left=working.days if working else None,
        working_days_estimated=bool(working and working.estimated),
        warning=countdown.thresholds.level(days),
        version=values[20],
    )


def filtered(
    query: Query, filters: ProjectFilter, dialect: str, countdown: Countdown | None = None
) -> Query:
    """The query kept to the projects the filters name. A warning filter colours each
    project's deadline on the countdown's day, so it needs the countdown. dialect: the
    database's, which a search depends on."""
    if filters.withdrawn_only:
        query = query.where(col(Project.withdrawn_on).is_not(None))
    elif not filters.include_withdrawn:
        query = query.where(col(Project.withdrawn_on).is_(None))
    if filters.stage:
        query = query.where(col(Project.stage) == filters.stage.value)
    if filters.county:
        query = query.where(col(Project.county) == filters.county)
    if filters.chain:
        query = query.where(col(Project.chain) == filters.chain)
    if filters.steward:
        query = query.where(col(Steward.name) == filters.steward)
    if filters.responsible_unit:
        query = query.where(col(Project.responsible_unit) == filters.responsible_unit)
    if filters.warning:
        assert countdown is not None, "a warning filter needs the countdown"
        deadline = col(Project.deadline)
        query = warned(query.where(deadline.is_not(None)), deadline, filters.warning, countdown)
    if filters.search and filters.search.strip():
        query = query.where(search_condition(filters.search, dialect))
    return query


def warned(
    query: Query, due: SQLColumnExpression[date | None], level: WarningLevel, countdown: Countdown
) -> Query:
    """The query kept to the dates in due that give this warning on the countdown's day."""
    low, high = countdown.thresholds.deadline_range(level, countdown.today)
    if low:
        query = query.where(due >= low)
    if high:
        query = query.where(due <= high)
    return query


def _order(sort: str, descending: bool, pinyin: bool = False) -> list[Any]:
    """pinyin: names, counties, chains and stewards by their stored pinyin keys (the order
    of Chinese mode), the text breaking ties between homophones; else by the text."""
    if sort not in SORT_KEYS:
        raise UserError(f"cannot sort by {sort!r}: use one of {', '.join(sorted(SORT_KEYS))}")
    by_sound: dict[str, Any] = {
        "name": Project.name_key,
        "county": Project.county_key,
        "chain": Project.chain_key,
        "steward": Steward.name_key,
    }
    stage_order = case({s.value: s.index for s in stages.STAGES}, value=col(Project.stage))
    column: Any = {
        "code": Project.code,
        "name": Project.name,
        "county": Project.county,
        "chain": Project.chain,
        "stage": stage_order,
        "steward": Steward.name,
        "signed_amount": Project.signed_amount_yuan,
        "funds_in_place": Project.funds_in_place_yuan,
        "total_investment": Project.total_investment_yuan,
        "signed_on": Project.signed_on,
    }.get(sort, Project.deadline)  # every countdown and the warning follow the deadline
    columns = [by_sound[sort], column] if pinyin and sort in by_sound else [column]
    ordered = [(c.desc() if descending else c.asc()).nulls_last() for c in columns]
    return [*ordered, col(Project.id).asc()]


def _listing(
    countdown: Countdown,
    dialect: str,
    filters: ProjectFilter,
    sort: str,
    descending: bool,
    among: Sequence[int] | AnySelect | None = None,
    *extra: Any,
    pinyin: bool = False,
) -> AnySelect:
    """The rows shown for projects, filtered and sorted (among: only these ids)."""
    query: AnySelect = select(*_ROW_COLUMNS, *extra).outerjoin(
        Steward, col(Project.steward_id) == col(Steward.id)
    )
    if among is not None:
        query = query.where(col(Project.id).in_(among))
    order = _order(sort, descending, pinyin)
    return filtered(query, filters, dialect, countdown).order_by(*order)


def _over_projects(
    query: Query, filters: ProjectFilter, countdown: Countdown, dialect: str
) -> Query:
    """A query over projects, filtered: joined to stewards only where a filter needs it,
    since the join would defeat the covering indexes."""
    if filters.steward:
        query = query.outerjoin(Steward, col(Project.steward_id) == col(Steward.id))
    return filtered(query, filters, dialect, countdown)


def _ids(filters: ProjectFilter, countdown: Countdown, dialect: str) -> Select[int | None]:
    """The filtered projects' ids."""
    return _over_projects(select(col(Project.id)), filters, countdown, dialect)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def iter_projects(
    session: Session,
    countdown: Countdown,
    filters: ProjectFilter | None = None,
    *,
    sort: str = "deadline",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    among: Sequence[int] | AnySelect | None = None,
    pinyin: bool = False,
) -> Iterator[ProjectRow]:
    """Projects streamed from the database: memory stays flat for any number of rows.
    among: only these projects (ids found already, or a query giving them)."""
    filters = filters or ProjectFilter()
    listing = _listing(
        countdown, _dialect(session), filters, sort, descending, among, pinyin=pinyin
    )
    query = listing.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    streamed = {"stream_results": True, "yield_per": 2000}
    for values in session.connection().execute(query, execution_options=streamed):
        yield _row(values, countdown)


def list_projects(
    session: Session,
    countdown: Countdown,
    filters: ProjectFilter | None = None,
    *,
    sort: str = "deadline",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    among: Sequence[int] | AnySelect | None = None,
    pinyin: bool = False,
) -> list[ProjectRow]:
    """One page of projects, filtered and sorted in SQL (pinyin: Chinese text by sound)."""
    return list(
        iter_projects(
            session,
            countdown,
            filters,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            among=among,
            pinyin=pinyin,
        )
    )


def page_projects(
    session: Session,
    countdown: Countdown,
    filters: ProjectFilter,
    *,
    sort: str = "deadline",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    pinyin: bool = False,
) -> tuple[int | None, list[ProjectRow]]:
    """The total and one page; the total is None when counting would slow the page, and
    the caller counts after showing it (count_projects).

    A search finds its matches through the trigram index, or, for a single character, by
    scanning every project's search text (store.db.search). A term of one or two characters
    is often broad ("j" matches most projects): with an indexed sort its page is first
    looked for in a short walk of that column's index, and with another sort the page is
    one scan and sort. Otherwise the matches are collected once and both counted and
    sorted for the page in one query."""
    dialect = _dialect(session)
    listed = partial(
        list_projects,
        session,
        countdown,
        filters,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
        pinyin=pinyin,
    )
    if not (filters.search and filters.search.strip()):
        return count_projects(session, countdown, filters), listed()
    if not found_by_trigrams(filters.search, dialect):
        if sort not in INDEXED_SORTS:
            return None, listed()
        # A page of a term matching one row in 10 or more lies within 10 pages' rows.
        unsearched = replace(filters, search=None)
        first = _ids(unsearched, countdown, dialect).order_by(*_order(sort, descending, pinyin))
        rows = listed(among=first.limit(10 * (offset + limit)))
        if len(rows) == limit:
            return None, rows
    # read once, used twice: for the count and for the page
    matches = _ids(filters, countdown, dialect).cte("matches")
    found = select(func.count()).select_from(matches).scalar_subquery()
    among = select(matches.c.id)
    query = _listing(countdown, dialect, filters, sort, descending, among, found, pinyin=pinyin)
    page = session.connection().execute(query.offset(offset).limit(limit)).all()
    total = (
        page[0][-1] if page else 0 if not offset else count_projects(session, countdown, filters)
    )
    return total, [_row(values, countdown) for values in page]


def count_projects(
    session: Session, countdown: Countdown, filters: ProjectFilter | None = None
) -> int:
    filters = filters or ProjectFilter()
    counted = select(func.count()).select_from(Project)
    query = _over_projects(counted, filters, countdown, _dialect(session))
    return int(session.execute(query).scalar_one())


def project_row(session: Session, countdown: Countdown, ref: str | int) -> ProjectRow:
    """One project's row as a listing shows it, withdrawn or not."""
    any_project = ProjectFilter(include_withdrawn=True)
    project_id = find_project(session, ref).id or 0
    query = _listing(countdown, _dialect(session), any_project, "deadline", False, [project_id])
    return _row(session.execute(query).one(), countdown)


def stage_totals(session: Session) -> dict[str, tuple[int, int]]:
    """Count and signed amount of the active projects in each stage."""
    query = (
        select(
            col(Project.stage),
            func.count(),
            func.coalesce(func.sum(col(Project.signed_amount_yuan)), 0),
        )
        .where(col(Project.withdrawn_on).is_(None))
        .group_by(col(Project.stage))
    )
    found = {stage: (count, amount) for stage, count, amount in session.execute(query)}
    return {stage.value: found.get(stage.value, (0, 0)) for stage in stages.STAGES}


def distinct_values(session: Session, column: str, *, pinyin: bool = True) -> list[str]:
    """The counties, chains ... in use, for filter choices, in pinyin order (or by the
    text: English mode)."""
    attribute, key = {
        "county": (col(Project.county), col(Project.county_key)),
        "chain": (col(Project.chain), col(Project.chain_key)),
    }[column]
    order = [key, attribute] if pinyin else [attribute]
    query = select(attribute, key).where(attribute != "").distinct().order_by(*order)
    return list(session.scalars(query))
