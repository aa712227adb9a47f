"""Creating and editing projects, and what every write keeps true of a project's row.

A command changes fields, then settles the row: bump checks and raises the version (an edit
based on an older read is refused), refresh_derived works out the deadline and search text,
forget_month_precision drops the month-only mark of dates written to the day; then it logs
the changes (store.commands.history). create_project and update_project work on a project
inside the caller's transaction, so that an import batches many; edit_project finds the
project by reference first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, SQLModel, col

from store import stages
from store.commands.history import Actor, log_changes
from store.db.models import (
    Procedure,
    Project,
    Setting,
    Steward,
    month_fields,
    with_month_fields,
)
from store.db.search import search_text
from store.deadlines import current_deadline
from store.domain import fields, rules
from store.domain.stewards import refuse_unassignable
from store.errors import UserError
from store.labels import WORDS, Refusal, Stale
from store.limits import check_text
from store.procedures import DEFAULT_PROCEDURES
from store.queries.projects import find_project
from store.queries.settings import DEMO_TODAY_KEY
from store.queries.stewards import offered_names, steward_named, successors
from store.stages import Change, Stage

EDITABLE_FIELDS = fields.EDITABLE
MONEY_FIELDS = EDITABLE_FIELDS & fields.names_of_type(fields.FieldType.MONEY)


def check_values(values: dict[str, Any]) -> None:
    """Refuse values no project may hold; stage and kind words become their stored values."""
    check_text(Project.__table__, values)  # type: ignore[attr-defined]
    for key in MONEY_FIELDS:
        if values.get(key) is not None and values[key] < 0:
            raise Refusal(
                f"{WORDS[key.removesuffix('_yuan')][0]}不能为负数",
                f"{key.removesuffix('_yuan')} must not be negative",
                field=key,
            )
    if values.get("jobs") is not None and values["jobs"] < 0:
        raise Refusal("就业人数不能为负数", "jobs must not be negative", field="jobs")
    if values.get("land_mu") is not None and Decimal(values["land_mu"]) < 0:
        raise Refusal("用地(亩)不能为负数", "land_mu must not be negative", field="land_mu")
    if "name" in values and not str(values["name"]).strip():
        raise Refusal("项目名称必填", "name is required", field="name")
    if values.get("kind"):
        values["kind"] = stages.parse_kind(values["kind"]).value
    if values.get("stage"):
        values["stage"] = stages.parse_stage(values["stage"]).value


def refresh_derived(project: Project) -> None:
    """The columns worked out from the others: the deadline counting down and the search text."""
    project.deadline = current_deadline(
        project.stage,
        project.withdrawn_on is not None,
        {
            "procedures_due": project.procedures_due,
            "start_due": project.start_due,
            "production_due": project.production_due,
        },
    )
    project.search_text = search_text(project.name, project.code, project.investor)


def forget_month_precision(project: Project, changes: Sequence[Change]) -> None:
    """A date written to the day (or cleared) is no longer known only to the month."""
    changed = {change.field for change in changes}
    if project.month_dates and changed & month_fields(project.month_dates):
        project.month_dates = with_month_fields(project.month_dates, set(), changed)


def refuse_stale(named: str, version: int, expected_version: int | None) -> None:
    """Optimistic lock: refuse an edit based on a read older than the stored row."""
    if expected_version is not None and version != expected_version:
        raise Stale(
            f"{named} 在您打开后已被他人修改；已重新载入，请再改一次",
            f"{named} was changed by someone else since you opened it; it has been "
            "reloaded, make your edit again",
        )


def bump(project: Project, expected_version: int | None) -> None:
    """A project's edit, refused when stale; its version moves on."""
    refuse_stale(f"project {project.code or project.name}", project.version, expected_version)
    project.version += 1


def steward_for(session: Session, name: str, *, create: bool, **details: str) -> Steward:
    """The steward a project is given, by name; details fill empty fields only. A retired
    steward is refused, and so is a name nobody has unless create says to make it
    (store.domain.stewards: the rule of every door)."""
    name = name.strip()
    if not name:
        raise Refusal("包抓领导姓名为空", "steward name is empty")
    check_text(Steward.__table__, {"name": name, **details})  # type: ignore[attr-defined]
    steward = steward_named(session, name)
    refuse_unassignable(
        name,
        steward,
        lambda: offered_names(session),
        create=create,
        became=lambda: successors(session, {name}).get(name),
    )
    if steward is None:
        given: dict[str, Any] = {k: v for k, v in details.items() if v}
        steward = Steward(name=name, **given)
        session.add(steward)
        session.flush()
    else:
        for key, value in details.items():
            if value and not getattr(steward, key):
                setattr(steward, key, value)
    return steward


def stage_trail(project: Project, today: date) -> list[tuple[Stage, date]]:
    """The stages a new project has passed through, each with the date it entered it."""
    trail: list[tuple[Stage, date]] = []
    last = project.signed_on or today
    for stage in stages.STAGES[: Stage(project.stage).index + 1]:
        last = getattr(project, stage.date_field) or last
        trail.append((stage, last))
    return trail


def create_project(
    session: Session,
    actor: Actor,
    values: dict[str, Any],
    *,
    steward: str | None = None,
    create_steward: bool = False,
    procedures: Sequence[str] = DEFAULT_PROCEDURES,
    action: str = "create",
) -> Project:
    """Add a project, its procedures and the history of the stages it has reached. A steward
    nobody has is refused (UnknownSteward) unless create_steward says to make it."""
    values = {k: v for k, v in values.items() if v is not None}
    check_values(values)
    values.setdefault("signed_on", actor.today)
    project = Project(**values)
    stages.check_dates(project)
    rules.refuse(rules.project_kind(project.kind, project.resumed_on))
    facts = {field: getattr(project, field) for field in rules.FACT_FIELDS}
    rules.refuse(rules.project_dates(project.stage, facts, actor.today))
    taken = select(col(Project.id)).where(col(Project.code) == project.code)
    if project.code and session.execute(taken).first():
        raise Refusal(
            f"项目代码 {project.code} 已存在", f"a project with code {project.code} already exists"
        )
    if steward:
        project.steward_id = steward_for(session, steward, create=create_steward).id
    refresh_derived(project)
    session.add(project)
    session.flush()
    assert project.id is not None  # given by the flush
    session.add_all(
        Procedure(project_id=project.id, position=i, name=name) for i, name in enumerate(procedures)
    )
    project.procedures_required = len(procedures)
    for stage, entered in stage_trail(project, actor.today):
        reached = [Change("stage", None, stage.value)]
        log_changes(session, actor, project, action, reached, effective_on=entered)
    if steward:
        given = [Change("steward", None, steward)]
        log_changes(session, actor, project, action, given, effective_on=project.signed_on)
    return project


def update_project(
    session: Session,
    actor: Actor,
    project: Project,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
    action: str = "edit",
    note: str = "",
    reaching: Stage | None = None,
) -> list[Change]:
    """Change fields, checked by the rules. The dates written are judged against the
    project's stage, or against reaching: the stage the caller moves it to in the same
    transaction (an imported sheet states where a project stands)."""
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise Refusal(
            f"此处不能修改 {', '.join(sorted(unknown))}",
            f"cannot edit {', '.join(sorted(unknown))} here",
        )
    check_values(values)
    changes: list[Change] = []
    for key, value in values.items():
        if getattr(project, key) != value:
            changes.append(Change(key, getattr(project, key), value))
            setattr(project, key, value)
    if not changes:
        return changes
    try:
        _check_written(session, actor, project, changes, reaching)
    except UserError:
        for change in changes:
            setattr(project, change.field, change.old)
        raise
    bump(project, expected_version)
    refresh_derived(project)
    forget_month_precision(project, changes)
    log_changes(session, actor, project, action, changes, note=note)
    return changes


def _check_written(
    session: Session,
    actor: Actor,
    project: Project,
    changes: Sequence[Change],
    reaching: Stage | None,
) -> None:
    """The rules on the dates just written: in order, none a future fact, none after what
    the stage (or the stage reached) allows, the signing before any procedure done."""
    written = {change.field: change.new for change in changes}
    stages.check_dates(project)
    rules.refuse(rules.project_kind(project.kind, project.resumed_on))
    rules.refuse(rules.project_dates(reaching or project.stage, written, actor.today))
    if "signed_on" in written:
        with session.no_autoflush:  # a refusal leaves nothing of the edit written
            first_done = session.execute(
                select(func.min(col(Procedure.done_on))).where(
                    col(Procedure.project_id) == project.id
                )
            ).scalar()
        rules.refuse(rules.before("done_on", first_done, "signed_on", project.signed_on))


def edit_project(
    session: Session,
    actor: Actor,
    ref: str | int,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> list[Change]:
    """Edit fields; refused with StaleEdit when the project changed since it was read."""
    project = find_project(session, ref)
    return update_project(session, actor, project, values, expected_version=expected_version)


def clear(session: Session) -> None:
    """Delete the office's every record: projects and their records, stewards, leads,
    notices and targets, each with its history (the demo's --replace). The settings stay
    (thresholds, the office's import words), all but the demo's day."""
    for table in reversed(SQLModel.metadata.sorted_tables):  # a row before what it points to
        if table.name != Setting.__tablename__:
            session.execute(table.delete())
    session.execute(delete(Setting).where(col(Setting.key) == DEMO_TODAY_KEY))
