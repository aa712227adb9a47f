"""Problems an enterprise raises (用地, 融资 ...): one raised on a project, and its status
moved on until resolved or found unresolvable. Each is logged in the project's history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.commands.projects import refuse_stale
from store.db.models import Problem, Project
from store.domain import rules
from store.labels import WORDS, Missing, Refusal
from store.limits import check_text
from store.procedures import PROBLEM_STATUSES
from store.queries.projects import find_project, project_in
from store.stages import Change


def raise_problem(
    session: Session,
    actor: Actor,
    ref: str | int,
    text: str,
    *,
    category: str = "",
    owner: str = "",
    due_on: date | None = None,
    raised_on: date | None = None,
) -> Problem:
    """A problem raised on the project (today unless another day is given)."""
    if not text.strip():
        raise Refusal("问题内容为空", "problem text is empty")
    raised_on = raised_on or actor.today
    rules.refuse(rules.problem_dates(raised_on, due_on, None, actor.today))
    project = find_project(session, ref)
    assert project.id is not None
    problem = Problem(
        project_id=project.id,
        raised_on=raised_on,
        category=category,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )
    session.add(problem)
    raised = [Change("problem", None, text.strip())]
    log_changes(session, actor, project, "problem", raised, effective_on=problem.raised_on)
    return problem


def set_problem_status(
    session: Session, actor: Actor, problem_id: int, status: str, on: date | None = None
) -> Problem:
    """Move a problem on (PROBLEM_STATUSES); resolved on the day given, today by default."""
    if status not in PROBLEM_STATUSES:
        raise Refusal(
            f"未知的问题状态 {status!r}：可用 {'、'.join(WORDS[s][0] for s in PROBLEM_STATUSES)}",
            f"unknown problem status {status!r}: use {', '.join(PROBLEM_STATUSES)}",
        )
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise Missing(f"没有编号为 #{problem_id} 的问题", f"no problem #{problem_id}")
    project = project_in(session, col(Project.id) == problem.project_id)
    assert project is not None
    old = problem.status
    resolved_on = (on or actor.today) if status == "resolved" else None
    rules.refuse(rules.problem_dates(problem.raised_on, None, resolved_on, actor.today))
    problem.status = status
    problem.resolved_on = resolved_on
    problem.version += 1
    log_changes(session, actor, project, "problem", [Change(f"problem:{problem.id}", old, status)])
    return problem


PROBLEM_DETAILS = ("text", "category", "owner", "due_on")


def update_problem(
    session: Session,
    actor: Actor,
    problem_id: int,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Problem:
    """Correct a problem's text, category, owner or due date, checked as when it was raised;
    refused when the problem changed since it was read. Each field changed is logged."""
    if set(values) - set(PROBLEM_DETAILS):
        raise Refusal(
            f"问题可改的是 {', '.join(PROBLEM_DETAILS)}",
            f"problem fields are {', '.join(PROBLEM_DETAILS)}",
        )
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise Missing(f"没有编号为 #{problem_id} 的问题", f"no problem #{problem_id}")
    refuse_stale(f"problem #{problem_id}", problem.version, expected_version)
    if "text" in values:
        values = values | {"text": str(values["text"]).strip()}
        if not values["text"]:
            raise Refusal("问题内容为空", "problem text is empty")
    check_text(Problem.__table__, values)  # type: ignore[attr-defined]
    due_on = values.get("due_on", problem.due_on)
    rules.refuse(rules.problem_dates(problem.raised_on, due_on, problem.resolved_on, actor.today))
    project = project_in(session, col(Project.id) == problem.project_id)
    assert project is not None
    changes = [
        Change(f"problem:{problem.id}:{key}", getattr(problem, key), value)
        for key, value in values.items()
        if getattr(problem, key) != value
    ]
    for change in changes:
        setattr(problem, change.field.rsplit(":", 1)[1], change.new)
    if changes:
        problem.version += 1
        log_changes(session, actor, project, "problem", changes)
    return problem


def remove_problem(
    session: Session, actor: Actor, problem_id: int, expected_version: int | None = None
) -> None:
    """Remove a problem recorded by mistake; refused when it changed since it was read. Its
    history stays, with the removal (the text it had) logged beside it."""
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise Missing(f"没有编号为 #{problem_id} 的问题", f"no problem #{problem_id}")
    refuse_stale(f"problem #{problem_id}", problem.version, expected_version)
    project = project_in(session, col(Project.id) == problem.project_id)
    assert project is not None
    log_changes(session, actor, project, "problem", [Change("problem", problem.text, None)])
    session.delete(problem)
