"""The history of a project: one row per changed field, saying who changed it, when it took
effect and why. Every command ends by logging its changes here.

Actor is who acts and the date that counts as today for them; every command takes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from store.db.models import History, Project
from store.stages import Change


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and the date that counts as today for it."""

    user: str
    today: date


def history_value(value: Any) -> str | None:
    """A field's value as history keeps it: text, dates in ISO form, nothing as None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def history_entries(
    actor: Actor,
    action: str,
    changes: Sequence[Change],
    effective_on: date | None,
    note: str,
) -> list[dict[str, Any]]:
    """The columns every history row holds, one set per change (one empty set when there is
    none), effective today unless the change took effect on another day; the caller adds whose
    history it is."""
    now = datetime.now(UTC)
    return [
        {
            "at": now,
            "effective_on": effective_on or actor.today,
            "user": actor.user,
            "action": action,
            "field": change.field or None,
            "old_value": history_value(change.old),
            "new_value": history_value(change.new),
            "note": note,
        }
        for change in changes or [Change("", None, None)]
    ]


def log_changes(
    session: Session,
    actor: Actor,
    project: Project,
    action: str,
    changes: Sequence[Change],
    *,
    effective_on: date | None = None,
    note: str = "",
) -> None:
    """One history row per change (one empty row when there is none), effective today unless
    the change took effect on another day."""
    assert project.id is not None  # logged once the project's row is written
    for entry in history_entries(actor, action, changes, effective_on, note):
        session.add(History(project_id=project.id, **entry))
