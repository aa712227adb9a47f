"""Leads read: one lead by name or id, the lists (with stage, days in stage, the countdown to
the stage's limit and its warning), a lead's history, the office's time limits, and the
figures: leads registered, assessed, negotiating, signed and dropped in a period, and the
funnel of the period's cohort as of a date with its conversion rate, by source, owner or
chain.

An office registers hundreds of leads a year, not the hundred thousand projects a ledger may
hold: the lists and the figures read the leads' few columns and count them in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from store.db.models import Lead, LeadHistory, Project
from store.domain.leads import (
    LIMIT_DEFAULTS,
    LIMIT_KEYS,
    OPEN_STAGES,
    Funnel,
    LeadDates,
    LeadKind,
    LeadLimits,
    LeadStage,
    countdown,
    funnel,
)
from store.errors import NotFound, UserError
from store.figures import Period, Ratio
from store.queries.settings import settings, thresholds
from store.warnings import SEVERITY, Thresholds

FUNNEL_GROUPS = ("source", "owner", "chain")
# What the period's figures count: leads registered, assessed, moved to negotiation, signed
# and dropped on a day within it.
IN_PERIOD: dict[str, LeadStage] = {
    "registered": LeadStage.LEAD,
    "assessed": LeadStage.ASSESSED,
    "negotiating": LeadStage.NEGOTIATING,
    "signed": LeadStage.SIGNED,
    "dropped": LeadStage.DROPPED,
}


def find_lead(session: Session, ref: str | int) -> Lead:
    """A lead by id (#3 or 3) or by exact name; locked until commit in a write."""
    if isinstance(ref, int):
        condition = col(Lead.id) == ref
    else:
        text = ref.strip()
        condition = col(Lead.name) == text
        if text.lstrip("#").isdigit() and not _named(session, text):
            condition = col(Lead.id) == int(text.lstrip("#"))
    query = select(Lead).where(condition)
    if session.info.get("writing"):
        query = query.with_for_update()
    lead = session.scalars(query).first()
    if lead is None:
        raise NotFound(f"no lead with id or name {ref!r}")
    return lead


def _named(session: Session, name: str) -> bool:
    return session.execute(select(col(Lead.id)).where(col(Lead.name) == name)).first() is not None


def lead_limits(session: Session) -> LeadLimits:
    """The office's time limits per stage (settings lead.*), defaults where none is set."""
    return LeadLimits.from_settings(settings(session))


def limit_settings(session: Session) -> dict[str, str]:
    """Each time limit's setting and its value."""
    values = settings(session)
    return {key: values.get(key, LIMIT_DEFAULTS[key]) for key in LIMIT_KEYS}


@dataclass(frozen=True)
class LeadRow:
    """A lead as lists show it. entered_on: the day it entered its stage; due_on, days_left
    and warning: the stage's limit counting down (days_left in working days when working)."""

    id: int
    name: str
    kind: str
    stage: str
    source: str
    owner: str
    chain: str
    investor: str
    investor_origin: str
    amount_yuan: int
    registered_on: date
    entered_on: date
    days_in_stage: int
    due_on: date | None
    days_left: int | None
    working_days: bool
    estimated: bool
    warning: str | None
    drop_reason: str
    project_id: int | None
    project_code: str | None
    notes: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in asdict(self).items()
        }


def entered_on(lead: Lead) -> date:
    """The day the lead entered its current stage."""
    day: date | None = getattr(lead, LeadStage(lead.stage).date_field)
    return day or lead.registered_on


@dataclass(frozen=True)
class Clock:
    """What a lead's countdown is read against: today, the limits and the warning levels."""

    today: date
    limits: LeadLimits
    levels: Thresholds

    @classmethod
    def read(cls, session: Session, today: date) -> Clock:
        return cls(today, lead_limits(session), thresholds(session))


def lead_row(lead: Lead, clock: Clock, code: str | None = None) -> LeadRow:
    """The lead as lists show it; code: the code of the project it became, if any."""
    stage = LeadStage(lead.stage)
    entered = entered_on(lead)
    today = clock.today
    left = countdown(stage, entered, lead.reported_on, today, clock.limits, clock.levels)
    return LeadRow(
        id=lead.id or 0,
        name=lead.name,
        kind=lead.kind,
        stage=lead.stage,
        source=lead.source,
        owner=lead.owner,
        chain=lead.chain,
        investor=lead.investor,
        investor_origin=lead.investor_origin,
        amount_yuan=lead.amount_yuan,
        registered_on=lead.registered_on,
        entered_on=entered,
        days_in_stage=(today - entered).days,
        due_on=left.due_on,
        days_left=left.days_left,
        working_days=left.working,
        estimated=left.estimated,
        warning=left.warning.value if left.warning else None,
        drop_reason=lead.drop_reason,
        project_id=lead.project_id,
        project_code=code,
        notes=lead.notes,
        version=lead.version,
    )


def _urgency(row: LeadRow) -> tuple[int, int, date, str]:
    """Open leads first, the most urgent on top: by warning, then the limit nearest."""
    closed = row.stage not in OPEN_STAGES
    levels = [level.value for level in SEVERITY]
    severity = levels.index(row.warning) if row.warning in levels else len(levels)
    return (int(closed), severity, row.due_on or date.max, row.name)


def list_leads(
    session: Session,
    today: date,
    *,
    reserve: bool = False,
    stage: LeadStage | None = None,
    include_closed: bool = False,
) -> list[LeadRow]:
    """The leads (or, with reserve, the reserve projects), the most urgent first: those
    signed or dropped only when asked (or when their stage is asked for)."""
    kind = LeadKind.RESERVE if reserve else LeadKind.LEAD
    query = select(Lead).where(col(Lead.kind) == kind.value)
    if stage is not None:
        query = query.where(col(Lead.stage) == stage.value)
    elif not include_closed:
        query = query.where(col(Lead.stage).in_([s.value for s in OPEN_STAGES]))
    clock = Clock.read(session, today)
    leads = list(session.scalars(query))
    codes = _project_codes(session, [lead.project_id for lead in leads if lead.project_id])
    rows = [lead_row(lead, clock, codes.get(lead.project_id or 0)) for lead in leads]
    return sorted(rows, key=_urgency)


def _project_codes(session: Session, ids: list[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    query = select(col(Project.id), col(Project.code)).where(col(Project.id).in_(ids))
    return {id_: code for id_, code in session.execute(query)}


def lead_detail(session: Session, today: date, ref: str | int) -> LeadRow:
    """One lead as lists show it."""
    lead = find_lead(session, ref)
    codes = _project_codes(session, [lead.project_id] if lead.project_id else [])
    return lead_row(lead, Clock.read(session, today), codes.get(lead.project_id or 0))


def lead_history(session: Session, ref: str | int) -> list[LeadHistory]:
    """The lead's history, oldest first."""
    lead = find_lead(session, ref)
    query = (
        select(LeadHistory).where(col(LeadHistory.lead_id) == lead.id).order_by(col(LeadHistory.id))
    )
    return list(session.scalars(query))


# -- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadFigures:
    """The period's leads as of a date. in_period: how many were registered, assessed, moved
    to negotiation, signed and dropped on a day within the period (up to the as-of date);
    total and groups: the funnel of the leads registered in the period."""

    period: Period
    as_of: date
    by: str | None
    kind: str | None
    in_period: dict[str, int]
    total: Funnel
    groups: list[Funnel]


def resolved_period(period: Period | None, as_of: date | None, today: date) -> tuple[Period, date]:
    """The period and the as-of date, as the office's figures take them: this year to date by
    default, a past period as it stood at its end; never as of a day after today."""
    if period is None:
        as_of = as_of or today
        period = Period(date(as_of.year, 1, 1), as_of, str(as_of.year))
    as_of = as_of or min(today, period.end)
    if as_of > today:
        raise UserError(f"figures as of {as_of}: that is after today ({today})")
    if period.start > as_of:
        raise UserError(f"the period {period.label} starts after the as-of date {as_of}")
    return period, as_of


def lead_figures(
    session: Session,
    today: date,
    period: Period | None = None,
    as_of: date | None = None,
    by: str | None = None,
    kind: LeadKind | None = None,
) -> LeadFigures:
    """Leads (and reserve projects, unless kind says which) registered in the period: the
    funnel as of the date, whole and grouped by source, owner or chain."""
    period, as_of = resolved_period(period, as_of, today)
    if by is not None and by not in FUNNEL_GROUPS:
        raise UserError(f"cannot group leads by {by!r}: use {', '.join(FUNNEL_GROUPS)}")
    end = min(period.end, as_of)
    columns = (
        col(Lead.registered_on),
        col(Lead.assessed_on),
        col(Lead.negotiating_on),
        col(Lead.signed_on),
        col(Lead.dropped_on),
        col(Lead.amount_yuan),
        col(Lead.source),
        col(Lead.owner),
        col(Lead.chain),
    )
    query = select(*columns)
    if kind is not None:
        query = query.where(col(Lead.kind) == kind.value)
    in_period = dict.fromkeys(IN_PERIOD, 0)
    cohort: dict[str, list[LeadDates]] = defaultdict(list)
    every: list[LeadDates] = []
    for row in session.execute(query):
        dates = LeadDates(*row[:6])
        for key, stage in IN_PERIOD.items():
            day = getattr(dates, stage.date_field)
            if day is not None and period.start <= day <= end:
                in_period[key] += 1
        if period.start <= dates.registered_on <= end:
            every.append(dates)
            if by is not None:
                cohort[row[6 + FUNNEL_GROUPS.index(by)]].append(dates)
    groups = [funnel(name, members, as_of) for name, members in sorted(cohort.items())]
    return LeadFigures(
        period,
        as_of,
        by,
        kind.value if kind else None,
        in_period,
        funnel("", every, as_of),
        groups,
    )


def conversion_rate(result: Funnel) -> Ratio:
    """Of the leads registered in the period, those signed by the as-of date."""
    return Ratio(*result.conversion)


def funnel_json(result: Funnel) -> dict[str, Any]:
    return {
        "group": result.group,
        "registered": result.registered,
        "signed": result.signed,
        "dropped": result.dropped,
        "conversion_rate": conversion_rate(result).to_json(),
        "steps": [
            {
                "stage": step.stage.value,
                "count": step.count,
                "amount_yuan": step.amount_yuan,
                "drop_off": step.drop_off,
                "from": step.before,
            }
            for step in result.steps
        ],
    }


def figures_json(figures: LeadFigures) -> dict[str, Any]:
    return {
        "period": {
            "label": figures.period.label,
            "from": figures.period.start.isoformat(),
            "to": figures.period.end.isoformat(),
        },
        "as_of": figures.as_of.isoformat(),
        "by": figures.by,
        "kind": figures.kind,
        "in_period": figures.in_period,
        "total": funnel_json(figures.total),
        "groups": [funnel_json(group) for group in figures.groups],
    }
