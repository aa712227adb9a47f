"""Stewards written: a project given to a steward, and a steward renamed, merged into
another, retired (or back from retirement) or their details corrected.

A change that touches projects is logged in each project's history, so a project's history
always ends in the steward it has; the targets set on a steward follow a rename or a merge
(store.commands.targets), in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.commands.projects import bump, steward_for
from store.commands.targets import follow_steward
from store.db.models import Project, Steward
from store.labels import Missing, Refusal
from store.limits import check_text
from store.queries.projects import find_project
from store.queries.stewards import known_steward, steward_named
from store.stages import Change

STEWARD_DETAILS = ("title", "unit", "level", "phone")


def assign(
    session: Session,
    actor: Actor,
    ref: str | int,
    steward_name: str,
    note: str = "",
    expected_version: int | None = None,
    *,
    create: bool = False,
) -> Project:
    """Make the named steward answer for the project. A name nobody has is refused with
    the names it is like (UnknownSteward), unless create says to make that steward."""
    project = find_project(session, ref)
    steward = steward_for(session, steward_name, create=create)
    old = session.get(Steward, project.steward_id) if project.steward_id else None
    if old is not None and old.id == steward.id:
        raise Refusal(
            f"{steward.name} 已是该项目的包抓领导", f"{steward.name} already stewards this project"
        )
    bump(project, expected_version)
    project.steward_id = steward.id
    change = Change("steward", old.name if old else None, steward.name)
    log_changes(session, actor, project, "assign", [change], note=note)
    return project


def _stewards_projects(session: Session, steward: Steward) -> list[Project]:
    """Every project the steward answers for, withdrawn ones too, locked in a write."""
    query = select(Project).where(col(Project.steward_id) == steward.id).order_by(col(Project.id))
    return list(session.scalars(query.with_for_update()))


def rename_steward(session: Session, actor: Actor, old: str, new: str) -> int:
    """Correct a steward's name; each of their projects records the change in its
    history (so history still ends in the steward it has), and their targets take the new
    name. Returns how many projects."""
    new = new.strip()
    if not new:
        raise Refusal("新姓名为空", "the new name is empty")
    check_text(Steward.__table__, {"name": new})  # type: ignore[attr-defined]
    steward = known_steward(session, old)
    if new == steward.name:
        raise Refusal(f"该包抓领导已叫 {new}", f"the steward is already named {new}")
    if steward_named(session, new) is not None:
        raise Refusal(
            f"已有包抓领导 {new}：`investtrack steward merge {steward.name} {new}` "
            f"把 {steward.name} 的全部项目移给 {new}",
            f"a steward named {new} exists: `investtrack steward merge "
            f"{steward.name} {new}` moves every project of {steward.name} to them",
        )
    projects = _stewards_projects(session, steward)
    follow_steward(session, actor, steward.name, new, "steward rename")
    renamed = [Change("steward", steward.name, new)]
    for project in projects:
        note = f"{steward.name} renamed {new}"
        log_changes(session, actor, project, "steward rename", renamed, note=note)
    steward.name = new
    steward.version += 1
    return len(projects)


def merge_stewards(session: Session, actor: Actor, source: str, target: str) -> int:
    """Two records of one leader become one: every project of source (withdrawn ones too)
    moves to target, each move in the project's history, and so do source's targets; what
    target lacks of source's title, unit, level and phone is kept; source is removed.
    Returns how many projects moved."""
    merged = known_steward(session, source)
    kept = known_steward(session, target)
    if merged.id == kept.id:
        raise Refusal(
            f"{merged.name} 与 {kept.name} 是同一位包抓领导",
            f"{merged.name} and {kept.name} are the same steward",
        )
    if kept.retired_on is not None:
        raise Refusal(
            f"包抓领导 {kept.name} 已于 {kept.retired_on} 离任：请并入其他领导",
            f"steward {kept.name} retired on {kept.retired_on}: merge into another",
        )
    projects = _stewards_projects(session, merged)
    follow_steward(session, actor, merged.name, kept.name, "steward merge")
    moved = [Change("steward", merged.name, kept.name)]
    for project in projects:
        bump(project, None)
        project.steward_id = kept.id
        note = f"{merged.name} merged into {kept.name}"
        log_changes(session, actor, project, "steward merge", moved, note=note)
    for key in STEWARD_DETAILS:
        if not getattr(kept, key):
            setattr(kept, key, getattr(merged, key))
    kept.version += 1
    session.flush()  # the projects point elsewhere before the row goes
    session.delete(merged)
    return len(projects)


def retire_steward(session: Session, actor: Actor, name: str, *, undo: bool = False) -> Steward:
    """Retire a steward who answers for no active project (their withdrawn projects keep
    them, as records); undo: offer them for assignments again."""
    steward = known_steward(session, name)
    if undo:
        if steward.retired_on is None:
            raise Refusal(
                f"包抓领导 {steward.name} 未离任", f"steward {steward.name} is not retired"
            )
        steward.retired_on = None
    else:
        if steward.retired_on is not None:
            raise Refusal(
                f"包抓领导 {steward.name} 已于 {steward.retired_on} 离任",
                f"steward {steward.name} already retired on {steward.retired_on}",
            )
        active = session.execute(
            select(func.count()).where(
                col(Project.steward_id) == steward.id, col(Project.withdrawn_on).is_(None)
            )
        ).scalar_one()
        if active:
            raise Refusal(
                f"包抓领导 {steward.name} 仍包抓 {active} 个未退出的项目："
                "请先改派（`investtrack steward merge` 可全部移给另一位领导）",
                f"steward {steward.name} still answers for {active} active "
                f"project{'s' * (active != 1)}: "
                "reassign them first (`investtrack steward merge` moves them all "
                "to another steward)",
            )
        steward.retired_on = actor.today
    steward.version += 1
    return steward


def add_steward(session: Session, name: str, details: dict[str, str]) -> Steward:
    """A steward on their own, before any project is theirs: made as giving a project to a
    new name makes one (the same limits); a name already on record, retired or not, is
    refused."""
    _only_details(details)
    if steward_named(session, name.strip()) is not None:
        raise Refusal(
            f"包抓领导 {name.strip()} 已在名单中：请用修改信息更正其职务、单位",
            f"a steward named {name.strip()} is already on record: correct their details instead",
        )
    return steward_for(session, name, create=True, **details)


def update_steward(session: Session, name: str, values: dict[str, str]) -> Steward:
    """Correct a steward's title, unit, level or phone."""
    _only_details(values)
    steward = steward_named(session, name)
    if steward is None:
        raise Missing(f"没有名为 {name!r} 的包抓领导", f"no steward named {name!r}")
    for key, value in values.items():
        setattr(steward, key, value)
    steward.version += 1
    return steward


def _only_details(values: dict[str, str]) -> None:
    """A steward's details are the ones the list keeps, nothing else."""
    if set(values) - set(STEWARD_DETAILS):
        raise Refusal(
            f"包抓领导可改的是 {', '.join(sorted(STEWARD_DETAILS))}",
            f"steward fields are {', '.join(sorted(STEWARD_DETAILS))}",
        )
