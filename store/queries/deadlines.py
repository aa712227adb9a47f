"""The deadlines list: stage deadlines and open procedures' due dates, nearest to the day
first, each a frozen DueItem with its countdown; a DueList is one page of them with the
count of all. store.deadlines counts the days; this module finds the dates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import SQLColumnExpression, func, select
from sqlmodel import Session, col

from store.db.models import Procedure, Project, Steward
from store.deadlines import working_days_left
from store.queries.listing import AnySelect, Countdown, ProjectFilter, filtered, warned
from store.stages import Stage
from store.warnings import WarningLevel


@dataclass(frozen=True)
class DueItem:
    """A stage deadline or a procedure due date, for the deadlines list."""

    project_id: int
    code: str | None
    name: str
    steward: str | None
    what: str  # the deadline field (start_due ...) or the procedure's name
    is_procedure: bool
    due: date
    days_left: int
    working_days_left: int
    warning: WarningLevel | None


@dataclass(frozen=True)
class DueList:
    """A page of the due items, nearest first, and how many are due in all: one read, so the
    two agree."""

    items: list[DueItem]
    total: int
    offset: int = 0  # how many nearer ones come before the page

    @property
    def shown(self) -> str:
        """Which of them the page holds: "1-500 of 1,234" ("none of 0" when none are due)."""
        if not self.items:
            return f"none of {self.total:,}"
        return f"{self.offset + 1:,}-{self.offset + len(self.items):,} of {self.total:,}"


# A kind of date due: whether it is a procedure's, its query, and the date column in it.
Dated = tuple[bool, AnySelect, SQLColumnExpression[date | None]]


def due_items(
    session: Session,
    countdown: Countdown,
    within_days: int = 30,
    *,
    filters: ProjectFilter | None = None,
    offset: int = 0,
    limit: int = 500,
) -> DueList:
    """Stage deadlines and procedure due dates, overdue or due within within_days: the
    nearest to today first, just passed or soon to come alike (at equal distance the
    overdue first), one page of them (offset, limit), and how many there are in all.

    filters: the projects' stage, county, chain, steward and search, as lists take them;
    its warning is the colour of each date itself. Each kind of date is read twice, the
    passed ones backwards from today and the coming ones forwards, offset + limit of each
    at most: the page lies among them, whatever the office's size."""
    today, wanted = countdown.today, offset + limit
    dialect = session.get_bind().dialect.name
    items: list[DueItem] = []
    total = 0
    for is_procedure, query, due in _due(countdown, dialect, within_days, filters):
        total += session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        tie = (col(Project.name), col(Project.id), query.selected_columns[4])
        passed = query.where(due < today).order_by(due.desc(), *tie)
        coming = query.where(due >= today).order_by(due, *tie)
        for side in (passed, coming):
            for values in session.execute(side.limit(wanted)):
                items.append(_item(values, is_procedure, countdown))
    items.sort(
        key=lambda item: (
            abs(item.days_left),
            item.days_left >= 0,
            item.name,
            item.project_id,
            item.what,
        )
    )
    return DueList(items[offset:wanted], total, offset)


def _item(values: Any, is_procedure: bool, countdown: Countdown) -> DueItem:
    project_id, code, name, steward, what, day = values
    if not is_procedure:
        what = Stage(what).deadline_field  # the stage's: a project with a deadline has one
        assert what is not None
    days = (day - countdown.today).days
    return DueItem(
        project_id=project_id,
        code=code,
        name=name,
        steward=steward,
        what=what,
        is_procedure=is_procedure,
        due=day,
        days_left=days,
        working_days_left=working_days_left(countdown.today, day).days,
        warning=countdown.thresholds.level(days),
    )


def _due(
    countdown: Countdown, dialect: str, within_days: int, filters: ProjectFilter | None
) -> list[Dated]:
    """Stage deadlines and open procedures' due dates up to within_days from today, of
    active projects, filtered, unsorted."""
    filters = filters or ProjectFilter()
    horizon = date.fromordinal(countdown.today.toordinal() + within_days)
    active = col(Project.withdrawn_on).is_(None)
    stage_query = (
        select(
            col(Project.id),
            col(Project.code),
            col(Project.name),
            col(Steward.name),
            col(Project.stage),
            col(Project.deadline),
        )
        .outerjoin(Steward, col(Project.steward_id) == col(Steward.id))
        .where(active, col(Project.deadline).is_not(None), col(Project.deadline) <= horizon)
    )
    procedure_query = (
        select(
            col(Project.id),
            col(Project.code),
            col(Project.name),
            col(Steward.name),
            col(Procedure.name),
            col(Procedure.due_on),
        )
        .join(Project, col(Procedure.project_id) == col(Project.id))
        .outerjoin(Steward, col(Project.steward_id) == col(Steward.id))
        .where(
            active,
            col(Procedure.required),
            col(Procedure.done_on).is_(None),
            col(Procedure.due_on).is_not(None),
            col(Procedure.due_on) <= horizon,
            col(Project.stage).in_([Stage.SIGNED.value, Stage.PROCEDURES.value]),
        )
    )
    # the projects' filters; a warning is the colour of the date itself, not the project's
    projects = replace(filters, warning=None)
    found: list[Dated] = []
    for is_procedure, query, due in (
        (False, stage_query, col(Project.deadline)),
        (True, procedure_query, col(Procedure.due_on)),
    ):
        query = filtered(query, projects, dialect)
        if filters.warning:
            query = warned(query, due, filters.warning, countdown)
        found.append((is_procedure, query, due))
    return found
