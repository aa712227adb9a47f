"""Supervision read: notices by level and reply deadline, the projects whose warning calls
for a notice, the health rules' flags with the figures behind them, and the monthly
bulletin's groups. Each is a few SQL statements over indexed columns, whatever the office's
size; store.domain.supervision holds the rules they apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select, text
from sqlmodel import Session, col

from store.db.models import DispatchRecord, Notice, NoticeEvent, Project, Steward
from store.deadlines import working_days_left
from store.domain.supervision import (
    HEALTH_RULES,
    LEVELS,
    EscalationRules,
    HealthCutoffs,
    HealthRule,
    HealthRules,
    NoticeLevel,
    NoticeStatus,
    level_for_warning,
    rules_from,
    severity,
)
from store.errors import NotFound
from store.queries.listing import Countdown
from store.queries.settings import settings
from store.warnings import WarningLevel


def supervision_rules(session: Session) -> tuple[EscalationRules, HealthRules]:
    """The escalation and health rules the database's settings give."""
    return rules_from(settings(session))


# -- notices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeRow:
    """A notice with its project, and how its reply deadline stands on a day."""

    id: int
    project_id: int
    code: str | None
    name: str
    steward: str
    unit: str
    level: NoticeLevel
    status: NoticeStatus
    issued_on: date
    issued_by: str
    reason: str
    reply_due: date | None
    replied_on: date | None
    remedy_plan: str
    remedy_due: date | None
    summoned_on: date | None
    summoned_by: str
    summoned_whom: str
    closed_on: date | None
    close_kind: str | None
    close_reason: str
    version: int
    as_of: date

    @property
    def days_to_reply(self) -> int | None:
        """Calendar days from as_of to the reply deadline; negative once it passed."""
        return None if self.reply_due is None else (self.reply_due - self.as_of).days

    @property
    def working_days_to_reply(self) -> int | None:
        if self.reply_due is None:
            return None
        return working_days_left(self.as_of, self.reply_due).days

    @property
    def overdue(self) -> bool:
        """Unanswered past its reply deadline."""
        return (
            self.status is NoticeStatus.OPEN
            and self.reply_due is not None
            and self.reply_due < self.as_of
        )

    def to_json(self) -> dict[str, Any]:
        data = {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in vars(self).items()
        }
        data["level"] = self.level.value
        data["status"] = self.status.value
        data["days_to_reply"] = self.days_to_reply
        data["working_days_to_reply"] = self.working_days_to_reply
        data["overdue"] = self.overdue
        return data


_NOTICE_COLUMNS = (
    col(Notice.id),
    col(Notice.project_id),
    col(Project.code),
    col(Project.name),
    col(Notice.steward),
    col(Notice.unit),
    col(Notice.level),
    col(Notice.status),
    col(Notice.issued_on),
    col(Notice.issued_by),
    col(Notice.reason),
    col(Notice.reply_due),
    col(Notice.replied_on),
    col(Notice.remedy_plan),
    col(Notice.remedy_due),
    col(Notice.summoned_on),
    col(Notice.summoned_by),
    col(Notice.summoned_whom),
    col(Notice.closed_on),
    col(Notice.close_kind),
    col(Notice.close_reason),
    col(Notice.version),
)
_NOTICE_KEYS = [str(column.key) for column in _NOTICE_COLUMNS]  # type: ignore[union-attr]


def _notice_row(values: Sequence[Any], as_of: date) -> NoticeRow:
    row = dict(zip(_NOTICE_KEYS, values, strict=True))
    row["level"] = NoticeLevel(row["level"])
    row["status"] = NoticeStatus(row["status"])
    return NoticeRow(**row, as_of=as_of)


@dataclass
class NoticeFilter:
    """Which notices: by default every one not closed."""

    level: NoticeLevel | None = None
    overdue_only: bool = False
    include_closed: bool = False
    project_id: int | None = None


_NOT_CLOSED = text("notice.status <> 'closed'")  # as the partial index states it


def _notice_query(filters: NoticeFilter, as_of: date) -> Any:
    query = select(*_NOTICE_COLUMNS).join(Project, col(Project.id) == col(Notice.project_id))
    if not filters.include_closed:
        query = query.where(_NOT_CLOSED)
    if filters.overdue_only:
        query = query.where(
            col(Notice.status) == NoticeStatus.OPEN.value, col(Notice.reply_due) < as_of
        )
    if filters.project_id is not None:
        query = query.where(col(Notice.project_id) == filters.project_id)
    return query


def notices(
    session: Session,
    as_of: date,
    filters: NoticeFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 500,
) -> list[NoticeRow]:
    """Notices by level (a summons first) then reply deadline (nearest first; a summons
    waiting to be held has none and comes first), with their projects: one page of them.
    Read a level at a time along its index, so a page costs its rows, not every notice."""
    filters = filters or NoticeFilter()
    levels = [filters.level] if filters.level else list(reversed(LEVELS))
    rows: list[NoticeRow] = []
    skip = offset
    for level in levels:
        if len(rows) >= limit:
            break
        query = _notice_query(filters, as_of).where(col(Notice.level) == level.value)
        if skip:
            count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            if count <= skip:
                skip -= count
                continue
        query = query.order_by(col(Notice.reply_due).nulls_first(), col(Notice.id))
        found = session.execute(query.offset(skip).limit(limit - len(rows)))
        rows += [_notice_row(values, as_of) for values in found]
        skip = 0
    return rows


def notice_row(session: Session, notice_id: int, as_of: date) -> NoticeRow:
    query = select(*_NOTICE_COLUMNS).join(Project, col(Project.id) == col(Notice.project_id))
    values = session.execute(query.where(col(Notice.id) == notice_id)).first()
    if values is None:
        raise NotFound(f"no notice #{notice_id}")
    return _notice_row(values, as_of)


def open_notice_of(session: Session, project_id: int, as_of: date) -> NoticeRow | None:
    """The project's notice not yet closed, if it has one."""
    found = notices(session, as_of, NoticeFilter(project_id=project_id), limit=1)
    return found[0] if found else None


def notice_events(session: Session, notice_id: int) -> list[NoticeEvent]:
    """The notice's steps, oldest first."""
    query = (
        select(NoticeEvent)
        .where(col(NoticeEvent.notice_id) == notice_id)
        .order_by(col(NoticeEvent.effective_on), col(NoticeEvent.id))
    )
    return list(session.scalars(query))


def notice_counts(session: Session, as_of: date) -> dict[str, int]:
    """Notices not closed per level, and `overdue`: unanswered past their deadline."""
    query = select(col(Notice.level), func.count()).where(_NOT_CLOSED).group_by(col(Notice.level))
    counts = {level.value: 0 for level in LEVELS}
    counts.update({level: count for level, count in session.execute(query)})
    overdue = select(func.count()).where(
        col(Notice.status) == NoticeStatus.OPEN.value, col(Notice.reply_due) < as_of
    )
    counts["overdue"] = session.scalar(overdue) or 0
    return counts


# -- proposals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A project whose warning calls for a notice above the one it has (or for one at all)."""

    project_id: int
    code: str | None
    name: str
    steward: str
    unit: str
    stage: str
    deadline: date
    days_left: int
    warning: WarningLevel
    level: NoticeLevel  # the level the warning calls for
    notice_id: int | None  # the project's notice to raise, when it has one
    notice_level: NoticeLevel | None


def proposals(session: Session, countdown: Countdown) -> list[Proposal]:
    """Every active project with a warning on the countdown's day whose notice (if any) is
    below the level the warning calls for; the most serious first, then by deadline. The
    levels are compared in SQL: only the projects proposed are read."""
    today, thresholds = countdown.today, countdown.thresholds
    _, latest = thresholds.deadline_range(WarningLevel.BLUE, today)
    red_latest = thresholds.deadline_range(WarningLevel.RED, today)[1]
    deadline = col(Project.deadline)
    wanted = case(  # the severity the warning calls for (store.domain.supervision.severity)
        (deadline <= red_latest, severity(NoticeLevel.RED)),
        (deadline < today, severity(NoticeLevel.YELLOW)),
        else_=severity(NoticeLevel.BLUE),
    )
    had = case({level.value: severity(level) for level in LEVELS}, value=col(Notice.level))
    active = and_(col(Notice.project_id) == col(Project.id), _NOT_CLOSED)
    query = (
        select(
            col(Project.id),
            col(Project.code),
            col(Project.name),
            col(Steward.name),
            col(Project.responsible_unit),
            col(Project.stage),
            deadline,
            col(Notice.id),
            col(Notice.level),
        )
        .outerjoin(Steward, col(Steward.id) == col(Project.steward_id))
        .outerjoin(Notice, active)
        .where(
            col(Project.withdrawn_on).is_(None),
            deadline <= latest,
            or_(col(Notice.id).is_(None), had < wanted),
        )
        .order_by(wanted.desc(), deadline, col(Project.id))
    )
    found: list[Proposal] = []
    for pid, code, name, steward, unit, stage, due, notice_id, notice_level in session.execute(
        query
    ):
        warning = thresholds.level((due - today).days)
        assert warning is not None  # the deadline range above gives one
        found.append(
            Proposal(
                pid,
                code,
                name,
                steward or "",
                unit,
                stage,
                due,
                (due - today).days,
                warning,
                level_for_warning(warning.value),
                notice_id,
                NoticeLevel(notice_level) if notice_level else None,
            )
        )
    return found


# -- health ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthFlag:
    """A project a health rule flags, with the figures the rule read."""

    rule: HealthRule
    project_id: int
    code: str | None
    name: str
    steward: str
    unit: str
    county: str
    signed_on: date | None
    started_on: date | None
    last_funds_month: date | None  # the latest month with funds in place, up to as_of
    funds_yuan: int | None  # funds in place up to as_of (read for the funds rules)
    total_investment_yuan: int
    figures: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in vars(self).items()
        }
        data["rule"] = self.rule.value
        return data


def _in_pipeline_on(as_of: date) -> Any:
    """Signed by as_of and not withdrawn by then."""
    return and_(
        col(Project.signed_on) <= as_of,
        or_(col(Project.withdrawn_on).is_(None), col(Project.withdrawn_on) > as_of),
    )


def _started_on(as_of: date, started_by: date) -> Any:
    """Started by started_by and not producing as of as_of."""
    return and_(
        col(Project.started_on) <= started_by,
        or_(col(Project.producing_on).is_(None), col(Project.producing_on) > as_of),
    )


_FLAG_COLUMNS = (
    col(Project.id),
    col(Project.code),
    col(Project.name),
    col(Steward.name),
    col(Project.responsible_unit),
    col(Project.county),
    col(Project.signed_on),
    col(Project.started_on),
    col(Project.total_investment_yuan),
)


def _rule_conditions(cut: HealthCutoffs, today: date | None) -> dict[HealthRule, Any]:
    as_of = cut.as_of
    # the projects funded in the window, read along the month index (month, project, funds)
    funded_lately = select(col(DispatchRecord.project_id)).where(
        col(DispatchRecord.month) > cut.no_funds_since,
        col(DispatchRecord.month) <= as_of,
        col(DispatchRecord.funds_in_place_yuan) > 0,
    )
    # Up to today the stored total is the sum of the months (none lies ahead), read from the
    # figures' covering index; a past day sums the months up to it.
    funds: Any = col(Project.funds_in_place_yuan)
    if today is None or as_of < today:
        funds = (
            select(func.coalesce(func.sum(col(DispatchRecord.funds_in_place_yuan)), 0))
            .where(
                col(DispatchRecord.project_id) == col(Project.id),
                col(DispatchRecord.month) <= as_of,
            )
            .scalar_subquery()
        )
    return {
        HealthRule.NOT_STARTED: and_(
            col(Project.signed_on) < cut.signed_before,
            or_(col(Project.started_on).is_(None), col(Project.started_on) > as_of),
        ),
        HealthRule.NO_FUNDS: and_(
            _started_on(as_of, cut.no_funds_since), col(Project.id).not_in(funded_lately)
        ),
        HealthRule.LOW_FUNDS: and_(
            _started_on(as_of, cut.low_funds_started_by),
            col(Project.total_investment_yuan) > 0,
            funds * 100 < col(Project.total_investment_yuan) * cut.low_funds_percent,
        ),
    }


def health_flags(
    session: Session,
    as_of: date,
    rules: HealthRules,
    only: HealthRule | None = None,
    *,
    project_ids: Sequence[int] | None = None,
    today: date | None = None,
) -> list[HealthFlag]:
    """Every project each rule flags as of the day (signed by then, not withdrawn by then),
    rule by rule, each in code order; only: one rule; project_ids: only these projects;
    today: the store's, on which the stored funds total holds (unknown: the months summed)."""
    cut = rules.cutoffs(as_of)
    conditions = {
        rule: condition
        for rule, condition in _rule_conditions(cut, today).items()
        if only is None or rule is only
    }
    # one pass over the projects for every rule: each row says which rules flag it
    marks = [case((condition, 1), else_=0) for condition in conditions.values()]
    query = (
        select(*_FLAG_COLUMNS, *marks)
        .outerjoin(Steward, col(Steward.id) == col(Project.steward_id))
        .where(_in_pipeline_on(as_of), or_(*conditions.values()))
    )
    if project_ids is not None:
        query = query.where(col(Project.id).in_(project_ids))
    found: list[tuple[HealthRule, Sequence[Any]]] = []
    width = len(_FLAG_COLUMNS)
    for row in session.execute(query):
        for rule, mark in zip(conditions, row[width:], strict=True):
            if mark:
                found.append((rule, row[:width]))
    order = {rule: index for index, rule in enumerate(HEALTH_RULES)}
    found.sort(key=lambda flagged: (order[flagged[0]], flagged[1][1] or "", flagged[1][0]))
    # the funds rules' figures: each flagged project's months, read for those projects alone
    funded = sorted({values[0] for rule, values in found if rule is not HealthRule.NOT_STARTED})
    funds = _funds_up_to(session, as_of, funded)
    return [_flag(rule, values, funds.get(values[0], (0, None)), cut) for rule, values in found]


def _funds_up_to(
    session: Session, as_of: date, project_ids: Sequence[int]
) -> dict[int, tuple[int, date | None]]:
    """Each project's funds in place up to the day and the last month with any, a few
    hundred projects a statement along the (project, month) index."""
    last = func.max(case((col(DispatchRecord.funds_in_place_yuan) > 0, col(DispatchRecord.month))))
    found: dict[int, tuple[int, date | None]] = {}
    for start in range(0, len(project_ids), 900):
        query = (
            select(
                col(DispatchRecord.project_id),
                func.sum(col(DispatchRecord.funds_in_place_yuan)),
                last,
            )
            .where(
                col(DispatchRecord.project_id).in_(project_ids[start : start + 900]),
                col(DispatchRecord.month) <= as_of,
            )
            .group_by(col(DispatchRecord.project_id))
        )
        found.update(
            (pid, (int(total or 0), month)) for pid, total, month in session.execute(query)
        )
    return found


def _flag(
    rule: HealthRule,
    values: Sequence[Any],
    funded: tuple[int, date | None],
    cut: HealthCutoffs,
) -> HealthFlag:
    pid, code, name, steward, unit, county, signed_on, started_on, total = values
    funds: int | None
    funds, last = funded
    figures: dict[str, Any]
    if rule is HealthRule.NOT_STARTED:  # its figures are the signing and the days since
        funds = None
        figures = {"days_since_signed": (cut.as_of - signed_on).days}
    elif rule is HealthRule.NO_FUNDS:
        figures = {
            "days_since_started": (cut.as_of - started_on).days,
            "months_without_funds": _months_between(last or started_on, cut.as_of),
        }
    else:
        figures = {
            "days_since_started": (cut.as_of - started_on).days,
            "funds_percent": round(funds * 100 / total, 1),
            "threshold_percent": cut.low_funds_percent,
        }
    return HealthFlag(
        rule,
        pid,
        code,
        name,
        steward or "",
        unit,
        county,
        signed_on,
        started_on,
        last,
        funds,
        total,
        figures,
    )


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


# -- the bulletin ----------------------------------------------------------------------------


@dataclass
class BulletinGroup:
    """One leader's or unit's part of the bulletin."""

    name: str
    warned: list[dict[str, Any]] = field(default_factory=list)  # project, warning, deadline
    notices: list[NoticeRow] = field(default_factory=list)
    flags: list[HealthFlag] = field(default_factory=list)

    @property
    def overdue(self) -> list[NoticeRow]:
        return [notice for notice in self.notices if notice.overdue]


def bulletin_groups(
    session: Session, countdown: Countdown, by: str, rules: HealthRules, today: date
) -> list[BulletinGroup]:
    """Per steward (by="steward") or responsible unit ("unit"): their projects in warning on
    the countdown's day, their notices not closed (issued by then), and the health flags."""
    as_of, thresholds = countdown.today, countdown.thresholds
    key_of = _group_keys(session, by)
    groups: dict[str, BulletinGroup] = {}

    def group(project_id: int) -> BulletinGroup:
        name = key_of.get(project_id, "")
        return groups.setdefault(name, BulletinGroup(name))

    _, latest = thresholds.deadline_range(WarningLevel.BLUE, as_of)
    warned = select(
        col(Project.id),
        col(Project.code),
        col(Project.name),
        col(Project.stage),
        col(Project.deadline),
    ).where(col(Project.withdrawn_on).is_(None), col(Project.deadline) <= latest)
    for pid, code, name, stage, deadline in session.execute(warned.order_by(col(Project.deadline))):
        warning = thresholds.level((deadline - as_of).days)
        if warning is not None:
            group(pid).warned.append(
                {
                    "code": code,
                    "name": name,
                    "stage": stage,
                    "deadline": deadline,
                    "days_left": (deadline - as_of).days,
                    "warning": warning.value,
                }
            )
    for notice in notices(session, as_of, limit=1_000_000):
        if notice.issued_on <= as_of:
            group(notice.project_id).notices.append(notice)
    for flag in health_flags(session, as_of, rules, today=today):
        group(flag.project_id).flags.append(flag)
    for name in set(key_of.values()) - set(groups):  # every leader or unit, nothing to report too
        groups[name] = BulletinGroup(name)
    return sorted(groups.values(), key=lambda g: (g.name == "", g.name))


def _group_keys(session: Session, by: str) -> dict[int, str]:
    """Each active project's steward or responsible unit."""
    if by == "steward":
        query: Any = select(col(Project.id), col(Steward.name)).outerjoin(
            Steward, col(Steward.id) == col(Project.steward_id)
        )
    else:
        query = select(col(Project.id), col(Project.responsible_unit))
    query = query.where(col(Project.withdrawn_on).is_(None))
    return {pid: key or "" for pid, key in session.execute(query)}
