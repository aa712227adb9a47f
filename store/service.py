"""The Store: one database, the date that counts as today, and the user who makes changes.

Its methods are the use cases of store.commands (writes) and store.queries (reads), each run
in a session of its own: a read, or one write transaction with its history. Front ends call
these. Code already inside a transaction (the importer, the demo) calls the functions
themselves with its session and the store's actor.

The use cases are declared by area in store.facade (projects, stewards, records, supervision,
leads, targets) over its core (sessions, today, who acts, settings); Store composes them.
"""

from __future__ import annotations

from store.facade.core import current_user
from store.facade.leads import LeadUseCases
from store.facade.projects import ProjectUseCases
from store.facade.records import RecordUseCases
from store.facade.stewards import StewardUseCases
from store.facade.supervision import SupervisionUseCases
from store.facade.targets import TargetUseCases
from store.queries.listing import ProjectFilter, ProjectRow

# Re-exported: the front ends and tests build filters and show rows from here.
__all__ = ["ProjectFilter", "ProjectRow", "Store", "current_user"]


class Store(
    ProjectUseCases,
    StewardUseCases,
    RecordUseCases,
    SupervisionUseCases,
    LeadUseCases,
    TargetUseCases,
):
    """One database, the date that counts as today, and the user who makes the changes."""
