"""Stewards read: the leaders' responsibility list (a StewardSummary each: their active
projects, how many are late and how many warned), names in pinyin order, one steward by
exact name, and the names most like a mistyped one.

In a write transaction a steward found by name is locked until commit, as projects are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlmodel import Session, col

from store.db.models import History, Project, Steward
from store.domain.names import similar_names
from store.domain.stewards import Successor
from store.errors import UnknownSteward
from store.queries.listing import Countdown
from store.warnings import WarningLevel


@dataclass(frozen=True)
class StewardSummary:
    id: int
    name: str
    title: str
    unit: str
    level: str
    phone: str
    projects: int
    late: int
    warnings: dict[WarningLevel, int] = field(default_factory=dict)
    retired_on: date | None = None  # retired: offered for no new assignment, listed apart


# The warnings each summary counts, in the order of their columns.
_WARNINGS = (WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE)


def _warned(level: WarningLevel, countdown: Countdown) -> ColumnElement[int]:
    """How many of a steward's projects have a deadline giving this warning."""
    low, high = countdown.thresholds.deadline_range(level, countdown.today)
    deadline = col(Project.deadline)
    condition: list[ColumnElement[bool]] = [deadline.is_not(None)]
    if low:
        condition.append(deadline >= low)
    if high:
        condition.append(deadline <= high)
    return func.count(case((and_(*condition), 1)))


def stewards(
    session: Session, countdown: Countdown, *, pinyin: bool = True
) -> list[StewardSummary]:
    """The leaders' responsibility list: each steward, their active projects, late and
    warned; the retired after the others; by pinyin, or by the text (English mode)."""
    names = [col(Steward.name_key), col(Steward.name)] if pinyin else [col(Steward.name)]
    active = col(Project.withdrawn_on).is_(None)
    columns: list[Any] = [
        col(Steward.id),
        col(Steward.name),
        col(Steward.title),
        col(Steward.unit),
        col(Steward.level),
        col(Steward.phone),
        func.count(col(Project.id)),
        func.count(case((col(Project.deadline) < countdown.today, 1))),
        col(Steward.retired_on),
        *(_warned(level, countdown) for level in _WARNINGS),
    ]
    query = (
        select(*columns)
        .outerjoin(Project, (col(Project.steward_id) == col(Steward.id)) & active)
        .group_by(col(Steward.id))
        .order_by(col(Steward.retired_on).is_not(None), *names)
    )
    return [
        StewardSummary(
            id=r[0],
            name=r[1],
            title=r[2],
            unit=r[3],
            level=r[4],
            phone=r[5],
            projects=r[6],
            late=r[7],
            retired_on=r[8],
            warnings=dict(zip(_WARNINGS, r[9:], strict=True)),
        )
        for r in session.execute(query).all()
    ]


def steward_named(session: Session, name: str) -> Steward | None:
    """The steward of that exact name (locked until commit in a write, as projects are)."""
    query = select(Steward).where(col(Steward.name) == name.strip())
    if session.info.get("writing"):
        query = query.with_for_update()
    return session.scalars(query).first()


def known_steward(session: Session, name: str) -> Steward:
    """The named steward, retired or not; UnknownSteward, with the names it is like, when
    there is none."""
    steward = steward_named(session, name)
    if steward is not None:
        return steward
    every = session.scalars(select(col(Steward.name)))
    raise UnknownSteward(name.strip(), similar_names(name, every))


def known_steward_name(session: Session, name: str) -> str:
    """The name of the steward so named, retired or not; UnknownSteward, with the names
    it is like, when nobody is (a filter by a mistyped name would silently find nothing)."""
    return known_steward(session, name).name


def offered_names(session: Session) -> list[str]:
    """The stewards a project may be given: every one not retired."""
    query = select(col(Steward.name)).where(col(Steward.retired_on).is_(None))
    return list(session.scalars(query))


def steward_names(
    session: Session, *, include_retired: bool = False, pinyin: bool = True
) -> list[str]:
    """Stewards' names in pinyin order (or by the text): those a project may be given, or
    every one."""
    order = [col(Steward.name_key), col(Steward.name)] if pinyin else [col(Steward.name)]
    query = select(col(Steward.name)).order_by(*order)
    if not include_retired:
        query = query.where(col(Steward.retired_on).is_(None))
    return list(session.scalars(query))


def similar_stewards(session: Session, name: str) -> list[str]:
    """The stewards a project may be given whose names are most like this one."""
    return similar_names(name, steward_names(session))


def successors(session: Session, names: set[str]) -> dict[str, Successor]:
    """Of names that are no steward's now, those merged into another or renamed, with the name
    each became; from the projects' history, the latest change of each."""
    if not names:
        return {}
    rows = session.execute(
        select(
            col(History.old_value),
            col(History.new_value),
            col(History.action),
            col(History.effective_on),
        )
        .where(
            col(History.field) == "steward",
            col(History.action).in_(("steward merge", "steward rename")),
            col(History.old_value).in_(names),
        )
        .order_by(col(History.at))  # the latest change of a name last
    )
    found: dict[str, Successor] = {}
    for old, new, action, on in rows:
        found[old] = Successor(new, action == "steward merge", on)
    return found
