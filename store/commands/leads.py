"""Writing leads: add, move on, move back, report while negotiating, edit, drop and sign.

store.domain.leads holds the rule of each move; here each is one write, the lead found (and
locked), changed and logged in its history with who, when and why. Signing creates the
lead's project through store.commands.projects.create_project, the one door every project
comes through, in the caller's transaction: the project, its history (the lead's first, then
its signing) and the lead's link to it are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from store.commands import settings as setting_commands
from store.commands.history import Actor, history_entries
from store.commands.projects import create_project, refuse_stale
from store.db.models import History, Lead, LeadHistory, Project
from store.domain import leads as rules
from store.domain.leads import LeadStage
from store.labels import Refusal
from store.queries.leads import entered_on, find_lead
from store.queries.stewards import steward_named
from store.stages import Change

_WORDS = {"source": ("线索来源", "source"), "owner": ("跟进人", "owner")}
EDITABLE = (
    "name",
    "kind",
    "investor",
    "investor_origin",
    "chain",
    "amount_yuan",
    "source",
    "owner",
    "notes",
    "registered_on",
)


def log_lead(
    session: Session,
    actor: Actor,
    lead: Lead,
    action: str,
    changes: Sequence[Change],
    *,
    effective_on: date | None = None,
    note: str = "",
) -> None:
    """One history row per change (one empty row when there is none)."""
    assert lead.id is not None  # logged once the lead's row is written
    for entry in history_entries(actor, action, changes, effective_on, note):
        session.add(LeadHistory(lead_id=lead.id, **entry))


def _move_date(lead: Lead, actor: Actor, on: date | None, since: date) -> date:
    """The day a move takes effect (today by default), refused before `since` or after today."""
    on = on or actor.today
    rules.refuse_move_date(lead.name, on, since, actor.today)
    return on


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """Values a lead may hold; kind and source words as stored."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise Refusal(
            f"线索没有这些可改字段：{', '.join(sorted(unknown))}",
            f"a lead has no field {', '.join(sorted(unknown))} to edit",
        )
    checked = dict(values)
    if checked.get("kind"):
        checked["kind"] = rules.parse_lead_kind(str(checked["kind"])).value
    for key in ("name", "source", "owner"):
        if key in checked:
            checked[key] = str(checked[key]).strip()
    name = str(checked.get("name", "?"))
    rules.refuse_amount(name, checked.get("amount_yuan"))
    for key in ("source", "owner"):
        if key in checked and not checked[key]:
            raise Refusal(f"线索 {name} 须写明{_WORDS[key][0]}", f"lead {name} needs {key}")
    return checked


def _refuse_taken(session: Session, name: str, lead_id: int | None = None) -> None:
    query = select(col(Lead.id)).where(col(Lead.name) == name)
    found = session.execute(query).scalar()
    if found is not None and found != lead_id:
        raise Refusal(f"已有名为 {name} 的线索", f"a lead named {name} already exists")


def add_lead(
    session: Session,
    actor: Actor,
    values: dict[str, Any],
    *,
    stage: LeadStage = LeadStage.LEAD,
    action: str = "add",
) -> Lead:
    """Register a lead (on values' registered_on, today by default). stage: where an imported
    sheet says it stands; the stages it passed are entered on its registration day, unless
    values give their dates."""
    given_values = {key: value for key, value in values.items() if value is not None}
    dated = {field: given_values.pop(field, None) for field in _PASSED_DATES}
    values = _checked(given_values)
    values.setdefault("registered_on", actor.today)
    lead = Lead(**values)
    rules.refuse_registration(lead.name, lead.registered_on, actor.today)
    for key in ("source", "owner"):
        if not getattr(lead, key):
            raise Refusal(
                f"线索 {lead.name} 须写明{_WORDS[key][0]}", f"lead {lead.name} needs {key}"
            )
    _refuse_taken(session, lead.name)
    if stage not in rules.OPEN_STAGES:
        raise Refusal(
            f"线索 {lead.name}：登记时只能在 线索、研判 或 在谈 阶段",
            f"lead {lead.name}: a lead is registered as lead, assessed or negotiating",
        )
    trail = _trail(lead, stage, dated, actor.today)
    session.add(lead)
    session.flush()
    given = [Change(key, None, getattr(lead, key)) for key in EDITABLE if getattr(lead, key)]
    log_lead(session, actor, lead, action, given, effective_on=lead.registered_on)
    for reached, day in trail:
        change = [Change("stage", None, reached.value)]
        log_lead(session, actor, lead, action, change, effective_on=day)
    return lead


_PASSED_DATES = ("assessed_on", "negotiating_on")


def _trail(
    lead: Lead, stage: LeadStage, dated: dict[str, date | None], today: date
) -> list[tuple[LeadStage, date]]:
    """The stages a new lead has passed through to stage, each with its day, set on the lead."""
    reached = rules.OPEN_STAGES[: rules.OPEN_STAGES.index(stage) + 1]
    beyond = [s for s in rules.OPEN_STAGES if s not in reached and dated.get(s.date_field)]
    if beyond:
        raise Refusal(
            f"线索 {lead.name} 在{rules.STAGE_WORDS[stage][0]}阶段，"
            f"却有{rules.STAGE_WORDS[beyond[0]][0]}日期",
            f"lead {lead.name} is {rules.STAGE_WORDS[stage][1]} yet has a date of "
            f"{rules.STAGE_WORDS[beyond[0]][1]}: give its stage",
        )
    trail = [(LeadStage.LEAD, lead.registered_on)]
    last = lead.registered_on
    for passed in reached[1:]:
        day = dated.get(passed.date_field) or last
        rules.refuse_move_date(lead.name, day, last, today)
        setattr(lead, passed.date_field, day)
        trail.append((passed, day))
        last = day
    lead.stage = stage.value
    return trail


def _bump(lead: Lead, expected_version: int | None) -> None:
    refuse_stale(f"lead {lead.name}", lead.version, expected_version)
    lead.version += 1


def move_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    to: LeadStage | str,
    on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Lead:
    """Move the lead on to the next stage (研判, then 在谈), entered on the day given."""
    lead = find_lead(session, ref)
    target = to if isinstance(to, LeadStage) else rules.parse_lead_stage(to)
    stage = LeadStage(lead.stage)
    rules.refuse_move(lead.name, stage, target)
    on = _move_date(lead, actor, on, entered_on(lead))
    _bump(lead, expected_version)
    old_date = getattr(lead, target.date_field)
    setattr(lead, target.date_field, on)
    lead.stage = target.value
    changes = [Change("stage", stage.value, target.value), Change(target.date_field, old_date, on)]
    log_lead(session, actor, lead, "move", changes, effective_on=on, note=note)
    return lead


def advance_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Lead:
    """Move the lead on one stage (the board's `a`); from 在谈 that is `sign_lead`."""
    lead = find_lead(session, ref)
    following = rules.next_stage(LeadStage(lead.stage))
    rules.refuse_closed(lead.name, LeadStage(lead.stage))
    assert following is not None  # an open stage has one after it
    return move_lead(session, actor, ref, following, on, note, expected_version)


def back_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    reason: str,
    expected_version: int | None = None,
) -> Lead:
    """Correct a move: one stage back, recorded today with its reason; the date of the
    stage left is cleared."""
    lead = find_lead(session, ref)
    stage = LeadStage(lead.stage)
    earlier = rules.back_stage(lead.name, stage, reason)
    _bump(lead, expected_version)
    left_on = getattr(lead, stage.date_field)
    setattr(lead, stage.date_field, None)
    lead.stage = earlier.value
    changes = [Change("stage", stage.value, earlier.value), Change(stage.date_field, left_on, None)]
    log_lead(session, actor, lead, "back", changes, note=reason.strip())
    return lead


def report_lead(
    session: Session, actor: Actor, ref: str | int, note: str, on: date | None = None
) -> Lead:
    """A report on a lead under negotiation: its clock starts again from the day given."""
    lead = find_lead(session, ref)
    if lead.stage != LeadStage.NEGOTIATING:
        raise Refusal(
            f"线索 {lead.name} 不在在谈阶段：在谈时才需定期报告",
            f"lead {lead.name} is not under negotiation: reports are for negotiated leads",
        )
    if not note.strip():
        raise Refusal(
            f"线索 {lead.name} 的报告需要内容", f"a report on lead {lead.name} needs a note"
        )
    since = max(entered_on(lead), lead.reported_on or entered_on(lead))
    on = _move_date(lead, actor, on, since)
    _bump(lead, None)
    old, lead.reported_on = lead.reported_on, on
    log_lead(
        session,
        actor,
        lead,
        "report",
        [Change("reported_on", old, on)],
        effective_on=on,
        note=note.strip(),
    )
    return lead


def drop_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Lead:
    """Drop the lead with a reason, on the day given: it leaves the board, never the records."""
    lead = find_lead(session, ref)
    stage = LeadStage(lead.stage)
    rules.refuse_drop(lead.name, stage, reason)
    on = _move_date(lead, actor, on, entered_on(lead))
    _bump(lead, expected_version)
    lead.stage, lead.dropped_on, lead.drop_reason = LeadStage.DROPPED.value, on, reason.strip()
    changes = [
        Change("stage", stage.value, LeadStage.DROPPED.value),
        Change("dropped_on", None, on),
    ]
    log_lead(session, actor, lead, "drop", changes, effective_on=on, note=reason.strip())
    return lead


def edit_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> list[Change]:
    """Change a lead's fields; its registration stays on or before every move."""
    lead = find_lead(session, ref)
    checked = _checked(values)
    if checked.get("name"):
        _refuse_taken(session, checked["name"], lead.id)
    changes = [
        Change(key, getattr(lead, key), value)
        for key, value in checked.items()
        if value is not None and getattr(lead, key) != value
    ]
    if not changes:
        return changes
    if "registered_on" in checked:
        moves = [
            getattr(lead, stage.date_field) for stage in (*rules.PIPELINE[1:], LeadStage.DROPPED)
        ]
        rules.refuse_registration(lead.name, checked["registered_on"], actor.today)
        rules.refuse_registered_after(lead.name, checked["registered_on"], moves)
    _bump(lead, expected_version)
    for change in changes:
        setattr(lead, change.field, change.new)
    log_lead(session, actor, lead, "edit", changes)
    return changes


def sign_lead(
    session: Session,
    actor: Actor,
    ref: str | int,
    on: date | None = None,
    *,
    code: str | None = None,
    county: str = "",
    steward: str | None = None,
    create_steward: bool = False,
    expected_version: int | None = None,
) -> tuple[Lead, Project]:
    """Sign a lead under negotiation: its project is created by the project rules (name,
    investor and origin, chain, amount as signed amount and total investment, source as
    招商方式, steward), its history starting with the lead's; the lead shows its project.
    The steward is the one named, else the lead's owner when a steward of that name is on
    record, else none."""
    lead = find_lead(session, ref)
    rules.refuse_signing(lead.name, LeadStage(lead.stage))
    on = _move_date(lead, actor, on, entered_on(lead))
    _bump(lead, expected_version)
    chosen = steward or (lead.owner if steward_named(session, lead.owner) else None)
    values = {
        "name": lead.name,
        "code": code or None,
        "investor": lead.investor,
        "investor_origin": lead.investor_origin,
        "county": county,
        "chain": lead.chain,
        "won_by": lead.source,
        "signed_amount_yuan": lead.amount_yuan,
        "total_investment_yuan": lead.amount_yuan,
        "signed_on": on,
    }
    project = create_project(session, actor, values, steward=chosen, create_steward=create_steward)
    assert project.id is not None  # flushed by create_project
    lead.stage, lead.signed_on, lead.project_id = LeadStage.SIGNED.value, on, project.id
    changes = [
        Change("stage", LeadStage.NEGOTIATING.value, LeadStage.SIGNED.value),
        Change("signed_on", None, on),
        Change("project", None, project.code or f"#{project.id}"),
    ]
    log_lead(session, actor, lead, "sign", changes, effective_on=on)
    _carry_history(session, lead, project)
    return lead, project


def _carry_history(session: Session, lead: Lead, project: Project) -> None:
    """The lead's history copied into the project's, ahead of the project's own rows (the
    history lists by id): the project's rows written by create_project wait unflushed, so
    they are set aside, the lead's written, and theirs added back after."""
    assert project.id is not None  # flushed by create_project
    own = [obj for obj in session.new if isinstance(obj, History) and obj.project_id == project.id]
    for pending in own:
        session.expunge(pending)
    session.flush()  # the lead's sign rows, so the copy below holds them
    query = (
        select(LeadHistory).where(col(LeadHistory.lead_id) == lead.id).order_by(col(LeadHistory.id))
    )
    for row in session.scalars(query):
        session.add(
            History(
                project_id=project.id,
                at=row.at,
                effective_on=row.effective_on,
                user=row.user,
                action=f"lead {row.action}",
                field=f"lead.{row.field}" if row.field else None,
                old_value=row.old_value,
                new_value=row.new_value,
                note=row.note,
            )
        )
    session.flush()
    session.add_all(own)


def set_limit(session: Session, key: str, value: str) -> None:
    """Set a time limit (lead.answer_working_days, lead.assess_working_days, lead.report_days)."""
    if key not in rules.LIMIT_KEYS:
        raise Refusal(
            f"没有名为 {key} 的时限：可设 {', '.join(rules.LIMIT_KEYS)}",
            f"no time limit {key}: set {', '.join(rules.LIMIT_KEYS)}",
        )
    setting_commands.set_setting(session, key, value)
