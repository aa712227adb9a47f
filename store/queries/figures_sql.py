"""The SQL the figures are read with: what a figure set asks of the database (`Scope`: the
period, the as-of date, the stage and deadline then, the projects counted and the group), the
pass over the counted projects (`Scope.over`), and the small aggregates every figure uses.
Every query reads a covering index (migration 0004); narrowed by projects, every query joins
the projects (and their stage then) to test them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, and_, case, cast, func, literal_column, or_, select, union_all
from sqlmodel import col

from store.db.models import NEVER, History, Project, Steward
from store.db.search import search_condition
from store.domain.periods import Period
from store.stages import STAGES, Stage
from store.warnings import Thresholds, WarningLevel

if TYPE_CHECKING:
    from store.queries.listing import ProjectFilter


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
    condition = [col(History.field) == field]
    if until is not None:
        condition.append(col(History.effective_on) <= until)
    last = (
        select(col(History.project_id), func.max(col(History.id)).label("last_id"))
        .where(*condition)
        .group_by(col(History.project_id))
        .subquery()
    )
    return (
        select(last.c.project_id, col(History.new_value).label("value"))
        .join(History, col(History.id) == last.c.last_id)
        .subquery(f"last_{field}")
    )


def not_counted(as_of: date) -> Any:
    """The projects left out of the figures as of a date: not signed by then (or never), and
    withdrawn by then. Two ranges of the indexes migration 0006 made for them."""
    signed_or_never = func.coalesce(col(Project.signed_on), literal_column(f"'{NEVER}'"))
    return union_all(
        select(col(Project.id)).where(signed_or_never > as_of),
        select(col(Project.id)).where(col(Project.withdrawn_on) <= as_of),
    )


def counted_as_of(as_of: date) -> Any:
    """The projects a figure counts as of a date: signed by then, not withdrawn by then."""
    return and_(
        col(Project.signed_on).is_not(None),
        col(Project.signed_on) <= as_of,
        or_(col(Project.withdrawn_on).is_(None), col(Project.withdrawn_on) > as_of),
    )


GROUP_COLUMNS: dict[str, Any] = {
    "county": Project.county,
    "chain": Project.chain,
    "steward": Project.steward_id,
}


@dataclass
class Scope:
    """What one figure set asks: the period (to end), as of a date, by a group. The stage as
    of the date comes from history unless the date is current; then (the stage-then subquery)
    is None when it is."""

    session: Any
    period: Period
    end: date
    as_of: date
    by: str | None
    thresholds: Thresholds
    current: bool
    then: Any
    stage: Any
    deadline: Any
    group: Any
    narrowed: Any = None
    names: Callable[[Any], str] = str

    @property
    def counted(self) -> Any:
        return and_(counted_as_of(self.as_of), *([] if self.narrowed is None else [self.narrowed]))

    @property
    def started(self) -> Any:
        """Started (or producing) as of the date."""
        return self.stage.in_([Stage.STARTED.value, Stage.PRODUCING.value])

    def between(self, column: Any, first: date, last: date | None = None) -> Any:
        """A date from first to last (default: the period's end as of the date)."""
        return and_(col(column).is_not(None), column >= first, column <= (last or self.end))

    def warned(self, level: WarningLevel) -> Any:
        # one comparison a bound, no NULL test (a NULL deadline fails them): from history the
        # deadline is a CASE on the stage then, evaluated at every mention
        low, high = self.thresholds.deadline_range(level, self.as_of)
        if low and high:
            return self.deadline.between(low, high)
        return self.deadline >= low if low else self.deadline <= high

    def over(
        self,
        *columns: Any,
        table: Any = None,
        where: Any = None,
        per_project: bool = False,
        also_by: Any = None,
    ) -> Iterable[Any]:
        """The rows of the columns over counted projects (their rows of table when given), a
        group each (the group last; also_by, a further key, before it). per_project: the
        table's rows are first summed per project, then joined: one project lookup per project
        instead of one per row (monthly records: a dozen a project)."""
        if table is not None and self.group is None and self.narrowed is None and also_by is None:
            return self._whole_office(columns, table, where)
        if table is not None and per_project:
            partial = (
                select(table.c.project_id, *(c.label(f"c{i}") for i, c in enumerate(columns)))
                .where(where)
                .group_by(table.c.project_id)
                .subquery("per_project")
            )
            columns = tuple(summed(partial.c[f"c{i}"]) for i in range(len(columns)))
            table, where = partial, None
        keys = [key for key in (also_by, self.group) if key is not None]
        query = select(*columns, *keys)
        query = (
            query.select_from(table).join(Project, table.c.project_id == Project.id)
            if table is not None
            else query.select_from(Project)
        )
        if self.then is not None and (
            table is None or self.by == "stage" or self.narrowed is not None
        ):
            query = query.join(self.then, self.then.c.project_id == Project.id)
        query = query.where(self.counted) if where is None else query.where(self.counted, where)
        rows: Iterable[Any] = self.session.execute(query.group_by(*keys) if keys else query)
        return rows

    def _whole_office(self, columns: tuple[Any, ...], table: Any, where: Any) -> Iterable[Any]:
        """For the whole office no project lookup is needed: the table's rows less those of
        the projects not counted (not_counted: found once, from two index ranges)."""
        if not self.current:
            rows: Iterable[Any] = self.session.execute(
                select(*columns).where(where, table.c.project_id.not_in(not_counted(self.as_of)))
            )
            return rows
        # as of today few projects are left out (not signed yet, withdrawn): summing the
        # whole range and taking theirs off beats testing every row against them
        left_out = not_counted(self.as_of).subquery()
        theirs = select(left_out.c.id).distinct().subquery()
        office, of_theirs = (
            self.session.execute(query.where(where)).one()
            for query in (
                select(*columns),
                select(*columns).select_from(table.join(theirs, table.c.project_id == theirs.c.id)),
            )
        )
        return [tuple(all_ - left for all_, left in zip(office, of_theirs, strict=True))]


def scope_of(
    session: Any,
    period: Period,
    end: date,
    as_of: date,
    by: str | None,
    thresholds: Thresholds,
    current: bool,
    projects: ProjectFilter | None = None,
) -> Scope:
    """The scope of a figure set: the stage and deadline as of the date (from history unless
    current: the deadline then is the one that counted down in the stage then, as
    current_deadline's rule), the group's column, and the filter's condition."""
    then = None if current else last_recorded("stage", until=as_of)
    stage: Any = col(Project.stage) if then is None else then.c.value
    deadline: Any = col(Project.deadline)
    if then is not None:
        deadline = case(
            *(
                (stage == value.value, col(getattr(Project, value.deadline_field)))
                for value in STAGES
                if value.deadline_field
            ),
            else_=None,
        )
    group = None if by is None else GROUP_COLUMNS.get(by, stage)
    scope = Scope(
        session, period, end, as_of, by, thresholds, current, then, stage, deadline, group
    )
    scope.names = group_names(session, by)
    if projects is not None:
        scope.narrowed = narrowed(projects, scope)
    return scope


def narrowed(projects: ProjectFilter, scope: Scope) -> Any:
    """The condition the filter's projects meet as of the date (stage and warning then); None
    for a filter that finds every project counted (withdrawn ones never are)."""
    conditions = []
    if projects.stage:
        conditions.append(scope.stage == projects.stage.value)
    if projects.county:
        conditions.append(Project.county == projects.county)
    if projects.chain:
        conditions.append(Project.chain == projects.chain)
    if projects.steward:
        named = select(col(Steward.id)).where(col(Steward.name) == projects.steward)
        conditions.append(col(Project.steward_id).in_(named.scalar_subquery()))
    if projects.warning:
        conditions.append(scope.warned(projects.warning))
    if projects.search and projects.search.strip():
        dialect = scope.session.get_bind().dialect.name
        conditions.append(search_condition(projects.search, dialect))
    return and_(*conditions) if conditions else None


def group_names(session: Any, by: str | None) -> Callable[[Any], str]:
    """A group's key as shown: the steward's name for a steward id, "-" for none."""
    if by != "steward":
        return lambda key: key or "-"
    stewards = dict(session.execute(select(col(Steward.id), col(Steward.name))).all())
    return lambda key: stewards.get(key) or "-"
