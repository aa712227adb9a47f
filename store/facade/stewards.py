"""The stewards' use cases: listing them, assigning projects, renaming, merging, retiring."""

from __future__ import annotations

from store.commands import stewards as steward_commands
from store.facade.core import StoreCore, acts, counts_down, reads, writes
from store.queries import stewards as steward_queries


class StewardUseCases(StoreCore):
    """Stewards (包抓领导) and the projects they answer for."""

    stewards = counts_down(steward_queries.stewards)
    known_steward = reads(steward_queries.known_steward_name)
    steward_names = reads(steward_queries.steward_names)
    similar_stewards = reads(steward_queries.similar_stewards)
    assign = acts(steward_commands.assign)
    rename_steward = acts(steward_commands.rename_steward)
    merge_stewards = acts(steward_commands.merge_stewards)
    retire_steward = acts(steward_commands.retire_steward)
    update_steward = writes(steward_commands.update_steward)
    add_steward = writes(steward_commands.add_steward)
