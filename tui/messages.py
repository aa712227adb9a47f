"""App-wide messages, named for what happened or what is asked of the app: screens post
them and the app acts, so no screen imports another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from store.service import ProjectFilter


@dataclass
class DataChanged(Message):
    """Something was written (here or by another process): screens reload what they show."""

    what: str = ""


@dataclass
class OpenProject(Message):
    """A project is asked for (a row chosen, a project just added): the app opens its screen
    over the one asking."""

    project_id: int


@dataclass
class OpenLedger(Message):
    """The ledger is asked for, showing only the projects the filter keeps (a stage's
    column on the board, a county's, chain's or steward's row in the figures)."""

    filters: ProjectFilter
