"""Supervision notices (督办单) written: issued on a project (by hand, or for every project
whose warning calls for more than it has), replied to with a remedy plan, escalated,
summoned (约谈), closed; and `supervise`, which escalates every unanswered notice past its
reply deadline and closes those whose project is back on time.

Every step is a NoticeEvent and a line in the project's history (field notice:<id>), with
who and when. The project's row is locked first, so two officers never both issue a notice
on one project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Select, and_, or_, select
from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.commands.projects import refuse_stale
from store.db.models import Notice, NoticeEvent, Project
from store.domain.supervision import (
    CloseKind,
    EscalationRules,
    NoticeLevel,
    NoticeStatus,
    escalations,
    next_level,
)
from store.labels import Lang, Refusal, word
from store.queries.listing import Countdown
from store.queries.projects import find_project, project_in, steward_of
from store.queries.settings import thresholds
from store.queries.supervision import health_flags, proposals, supervision_rules
from store.stages import Change
from store.warnings import WarningLevel


def _log(
    session: Session,
    actor: Actor,
    notice: Notice,
    project: Project,
    action: str,
    on: date,
    changes: list[Change],
    note: str = "",
) -> None:
    """The step as the notice's event and in the project's history."""
    assert notice.id is not None
    session.add(
        NoticeEvent(
            notice_id=notice.id,
            effective_on=on,
            at=datetime.now(UTC),
            user=actor.user,
            action=action,
            level=notice.level,
            note=note,
        )
    )
    log_changes(session, actor, project, "notice", changes, effective_on=on, note=note)


def _not_after_today(what: str, day: date, actor: Actor) -> None:
    if day > actor.today:
        raise Refusal(
            f"{what}（{day}）晚于今天（{actor.today}）：只登记已经发生的事",
            f"{what} on {day} is after today ({actor.today}): only what has happened is recorded",
        )


def _notice(session: Session, notice_id: int) -> tuple[Notice, Project]:
    """The notice and its project, the project's row locked in a write."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise Refusal(f"没有督办单 #{notice_id}", f"no notice #{notice_id}")
    project = project_in(session, col(Project.id) == notice.project_id)
    assert project is not None
    session.refresh(notice)  # as it stands now that the project is locked
    return notice, project


def _open_notice(session: Session, project_id: int) -> Notice | None:
    query = select(Notice).where(
        col(Notice.project_id) == project_id, col(Notice.status) != NoticeStatus.CLOSED.value
    )
    return session.scalars(query).first()


def _rules(session: Session) -> EscalationRules:
    return supervision_rules(session)[0]


def issue_notice(
    session: Session,
    actor: Actor,
    ref: str | int,
    *,
    level: NoticeLevel = NoticeLevel.BLUE,
    reason: str = "",
    issued_on: date | None = None,
) -> Notice:
    """A notice on the project, addressed to its steward and responsible unit, its reply due
    the setting's working days after it is issued. A project has one notice open at a time;
    a withdrawn one gets none; a summons is recorded on a notice, not issued."""
    project = find_project(session, ref)
    assert project.id is not None
    named = project.code or project.name
    on = issued_on or actor.today
    _not_after_today("督办单签发", on, actor)
    if level is NoticeLevel.SUMMONS:
        raise Refusal(
            "约谈在已有的督办单上登记（notice summon），不单独签发",
            "a summons is recorded on a notice (notice summon), not issued",
        )
    if project.withdrawn_on is not None:
        raise Refusal(f"项目 {named} 已退出：不再督办", f"project {named} is withdrawn: no notice")
    if project.signed_on is not None and on < project.signed_on:
        raise Refusal(
            f"督办单日期 {on} 早于签约日期 {project.signed_on}",
            f"a notice on {on} is before the signing ({project.signed_on})",
        )
    existing = _open_notice(session, project.id)
    if existing is not None:
        raise Refusal(
            f"项目 {named} 已有未办结的督办单 #{existing.id}：可升级（notice escalate）",
            f"project {named} already has notice #{existing.id} open: escalate it instead",
        )
    steward = steward_of(session, project)
    notice = Notice(
        project_id=project.id,
        level=level.value,
        status=NoticeStatus.OPEN.value,
        issued_on=on,
        issued_by=actor.user,
        reason=reason.strip(),
        steward=steward.name if steward else "",
        unit=project.responsible_unit,
        reply_due=_rules(session).reply_due(on),
    )
    session.add(notice)
    session.flush()
    change = Change(f"notice:{notice.id}", None, level.value)
    _log(session, actor, notice, project, "issue", on, [change], reason.strip())
    return notice


@dataclass
class Proposed:
    """What issuing the proposals did: notices issued, and notices raised to a level."""

    issued: list[Notice] = field(default_factory=list)
    raised: list[Notice] = field(default_factory=list)


def issue_proposed(session: Session, actor: Actor) -> Proposed:
    """A notice for every project whose warning today calls for one above what it has: a new
    one at the warning's level, or its open notice raised to it."""
    done = Proposed()
    for proposal in proposals(session, Countdown(actor.today, thresholds(session))):
        # said as the office's own sheets say it, whatever language a front end shows
        reason = f"{word(proposal.warning.value, Lang.ZH)}色预警，时限 {proposal.deadline}"
        if proposal.notice_id is None:
            notice = issue_notice(
                session, actor, proposal.project_id, level=proposal.level, reason=reason
            )
            done.issued.append(notice)
        else:
            done.raised.append(_raise_to(session, actor, proposal.notice_id, proposal.level))
    return done


def _raise_to(session: Session, actor: Actor, notice_id: int, level: NoticeLevel) -> Notice:
    notice, project = _notice(session, notice_id)
    old = notice.level
    notice.level = level.value
    notice.status = NoticeStatus.OPEN.value
    notice.reply_due = _rules(session).reply_due(actor.today)
    notice.version += 1
    changes = [Change(f"notice:{notice.id}", old, level.value)]
    _log(session, actor, notice, project, "escalate", actor.today, changes)
    return notice


def reply_notice(
    session: Session,
    actor: Actor,
    notice_id: int,
    plan: str,
    remedy_due: date,
    *,
    replied_on: date | None = None,
    expected_version: int | None = None,
) -> Notice:
    """The unit's reply: its remedy plan (整改计划) and the day the plan is to be done. The
    notice stops rising; a reply after the deadline is recorded as it came."""
    notice, project = _notice(session, notice_id)
    refuse_stale(f"notice #{notice_id}", notice.version, expected_version)
    on = replied_on or actor.today
    _not_after_today("回复", on, actor)
    if notice.status != NoticeStatus.OPEN.value:
        raise Refusal(
            f"督办单 #{notice_id} 不在待回复状态（{notice.status}）",
            f"notice #{notice_id} is not waiting for a reply ({notice.status})",
        )
    if not plan.strip():
        raise Refusal("整改计划为空", "the remedy plan is empty")
    if on < notice.issued_on:
        raise Refusal(
            f"回复日期 {on} 早于签发日期 {notice.issued_on}",
            f"a reply on {on} is before the notice was issued ({notice.issued_on})",
        )
    if remedy_due < on:
        raise Refusal(
            f"整改时限 {remedy_due} 早于回复日期 {on}",
            f"the remedy is due {remedy_due}, before the reply ({on})",
        )
    notice.status = NoticeStatus.REPLIED.value
    notice.replied_on = on
    notice.remedy_plan = plan.strip()
    notice.remedy_due = remedy_due
    notice.version += 1
    changes = [
        Change(f"notice:{notice.id}:status", NoticeStatus.OPEN.value, NoticeStatus.REPLIED.value),
        Change(f"notice:{notice.id}:remedy_due", None, remedy_due),
    ]
    _log(session, actor, notice, project, "reply", on, changes, plan.strip())
    return notice


def close_notice(
    session: Session,
    actor: Actor,
    notice_id: int,
    reason: str = "",
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> Notice:
    """Closed by hand with a reason, or without one when the project is back on time (no
    warning and no health rule flags it)."""
    notice, project = _notice(session, notice_id)
    refuse_stale(f"notice #{notice_id}", notice.version, expected_version)
    day = on or actor.today
    _not_after_today("办结", day, actor)
    if notice.status == NoticeStatus.CLOSED.value:
        raise Refusal(f"督办单 #{notice_id} 已办结", f"notice #{notice_id} is already closed")
    if day < notice.issued_on:
        raise Refusal(
            f"办结日期 {day} 早于签发日期 {notice.issued_on}",
            f"closing on {day} is before the notice was issued ({notice.issued_on})",
        )
    if reason.strip():
        kind = CloseKind.BY_HAND
    elif _back_on_time(session, actor, project, Countdown(day, thresholds(session))):
        kind = CloseKind.ON_TIME
    else:
        raise Refusal(
            f"项目 {project.code or project.name} 仍然滞后：手动办结请写明原因（--reason）",
            f"project {project.code or project.name} is still behind: "
            "give a reason (--reason) to close it by hand",
        )
    _close(session, actor, notice, project, kind, day, reason.strip())
    return notice


def _close(
    session: Session,
    actor: Actor,
    notice: Notice,
    project: Project,
    kind: CloseKind,
    day: date,
    reason: str,
) -> None:
    old = notice.status
    notice.status = NoticeStatus.CLOSED.value
    notice.closed_on = day
    notice.close_kind = kind.value
    notice.close_reason = reason
    notice.version += 1
    changes = [Change(f"notice:{notice.id}:status", old, f"{NoticeStatus.CLOSED.value}:{kind}")]
    _log(session, actor, notice, project, "close", day, changes, reason)


def _back_on_time(session: Session, actor: Actor, project: Project, countdown: Countdown) -> bool:
    """No warning on the countdown's day and no health rule flagging the project."""
    if project.withdrawn_on is not None:
        return False
    days = None if project.deadline is None else (project.deadline - countdown.today).days
    if countdown.thresholds.level(days) is not None:
        return False
    health = supervision_rules(session)[1]
    assert project.id is not None
    return not health_flags(
        session, countdown.today, health, project_ids=[project.id], today=actor.today
    )


def escalate_notice(
    session: Session,
    actor: Actor,
    notice_id: int,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> Notice:
    """Raised a level by hand, today, waiting for a reply again (a new deadline; none once it
    is a summons, which waits for the summons to be recorded)."""
    notice, project = _notice(session, notice_id)
    refuse_stale(f"notice #{notice_id}", notice.version, expected_version)
    if notice.status == NoticeStatus.CLOSED.value:
        raise Refusal(f"督办单 #{notice_id} 已办结", f"notice #{notice_id} is already closed")
    higher = next_level(NoticeLevel(notice.level))
    if higher is None:
        raise Refusal(
            f"督办单 #{notice_id} 已到约谈，不能再升级",
            f"notice #{notice_id} is already a summons: it rises no further",
        )
    old = notice.level
    notice.level = higher.value
    notice.status = NoticeStatus.OPEN.value
    notice.reply_due = (
        None if higher is NoticeLevel.SUMMONS else _rules(session).reply_due(actor.today)
    )
    notice.version += 1
    changes = [Change(f"notice:{notice.id}", old, higher.value)]
    _log(session, actor, notice, project, "escalate", actor.today, changes, note.strip())
    return notice


def record_summons(
    session: Session,
    actor: Actor,
    notice_id: int,
    by: str,
    whom: str,
    *,
    on: date | None = None,
) -> Notice:
    """A summons (约谈) held: who summoned whom, and when. The notice is then a summons and
    waits for the reply, due the setting's working days after the summons."""
    notice, project = _notice(session, notice_id)
    day = on or actor.today
    _not_after_today("约谈", day, actor)
    if not by.strip() or not whom.strip():
        raise Refusal("约谈须写明约谈人和被约谈人", "a summons names who summoned and whom")
    if notice.status == NoticeStatus.CLOSED.value:
        raise Refusal(f"督办单 #{notice_id} 已办结", f"notice #{notice_id} is already closed")
    if notice.level not in (NoticeLevel.RED.value, NoticeLevel.SUMMONS.value):
        raise Refusal(
            f"督办单 #{notice_id} 为{notice.level}：红色督办单才约谈",
            f"notice #{notice_id} is {notice.level}: a summons follows a red notice",
        )
    if day < notice.issued_on:
        raise Refusal(
            f"约谈日期 {day} 早于签发日期 {notice.issued_on}",
            f"a summons on {day} is before the notice was issued ({notice.issued_on})",
        )
    old = notice.level
    notice.level = NoticeLevel.SUMMONS.value
    notice.status = NoticeStatus.OPEN.value
    notice.summoned_on, notice.summoned_by, notice.summoned_whom = day, by.strip(), whom.strip()
    notice.reply_due = _rules(session).reply_due(day)
    notice.version += 1
    changes = [
        Change(f"notice:{notice.id}", old, NoticeLevel.SUMMONS.value),
        Change(f"notice:{notice.id}:summoned", None, f"{by.strip()} → {whom.strip()}"),
    ]
    _log(session, actor, notice, project, "summon", day, changes)
    return notice


def _ids(session: Session, query: Select[int | None]) -> list[int]:
    """The notices' ids, read whole before any of them is written."""
    return [found for found in session.scalars(query.order_by(col(Notice.id))) if found]


@dataclass
class SupervisionRun:
    """What a run did: each rise (notice, level, day) and each notice closed (notice, kind)."""

    escalated: list[tuple[int, NoticeLevel, date]] = field(default_factory=list)
    closed: list[tuple[int, CloseKind]] = field(default_factory=list)


def supervise(session: Session, actor: Actor, as_of: date | None = None) -> SupervisionRun:
    """As of the day (today by default): every unanswered notice past its reply deadline
    rises, a level for each deadline missed, each rise dated the first working day after
    the deadline it follows; every notice whose project is back on time, or withdrawn, is
    closed. Running it again on the same day changes nothing."""
    day = as_of or actor.today
    _not_after_today("督办", day, actor)
    rules = _rules(session)
    run = SupervisionRun()
    waiting = select(col(Notice.id)).where(
        col(Notice.status) == NoticeStatus.OPEN.value, col(Notice.reply_due) < day
    )
    for notice_id in _ids(session, waiting):
        notice, project = _notice(session, notice_id)
        level = NoticeLevel(notice.level)
        for step in escalations(level, notice.reply_due, day, rules):
            changes = [Change(f"notice:{notice.id}", notice.level, step.level.value)]
            notice.level, notice.reply_due = step.level.value, step.reply_due
            notice.version += 1
            _log(session, actor, notice, project, "rise", step.on, changes)
            run.escalated.append((notice_id, step.level, step.on))
    run.closed = _close_settled(session, actor, day)
    return run


def _close_settled(session: Session, actor: Actor, day: date) -> list[tuple[int, CloseKind]]:
    """Close, as of the day, the notices whose project was withdrawn by then or is back on
    time: no warning (found in SQL, by the deadline) and no health rule flagging it (asked
    once for all of them)."""
    latest = thresholds(session).deadline_range(WarningLevel.BLUE, day)[1]
    withdrawn = and_(col(Project.withdrawn_on).is_not(None), col(Project.withdrawn_on) <= day)
    calm = and_(
        col(Project.withdrawn_on).is_(None),
        or_(col(Project.deadline).is_(None), col(Project.deadline) > latest),
    )
    query = (
        select(col(Notice.id), col(Notice.project_id), withdrawn)
        .join(Project, col(Project.id) == col(Notice.project_id))
        .where(
            col(Notice.status) != NoticeStatus.CLOSED.value,
            col(Notice.issued_on) <= day,
            or_(withdrawn, calm),
        )
        .order_by(col(Notice.id))
    )
    found = [(nid, pid, bool(gone)) for nid, pid, gone in session.execute(query)]
    calm_ids = [pid for _, pid, gone in found if not gone]
    health = supervision_rules(session)[1]
    flagged = {
        flag.project_id
        for chunk in range(0, len(calm_ids), 900)
        for flag in health_flags(
            session, day, health, project_ids=calm_ids[chunk : chunk + 900], today=actor.today
        )
    }
    closed = []
    for notice_id, project_id, gone in found:
        if not gone and project_id in flagged:
            continue
        notice, project = _notice(session, notice_id)
        kind = CloseKind.WITHDRAWN if gone else CloseKind.ON_TIME
        _close(session, actor, notice, project, kind, day, "")
        closed.append((notice_id, kind))
    return closed
