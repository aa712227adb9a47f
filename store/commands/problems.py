"""Problems an enterprise raises (用地, 融资 ...): one raised on a project, and its status
moved on until resolved or found unresolvable. Each is logged in the project's history.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col

from store.commands.history import Actor, log_changes
from store.domain import rules
from store.errors import NotFound, UserError
from store.models import Problem, Project
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
        raise UserError("problem text is empty")
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
        raise UserError(f"unknown problem status {status!r}: use {', '.join(PROBLEM_STATUSES)}")
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise NotFound(f"no problem #{problem_id}")
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
