"""A project's use cases: finding it and its records, the lists, adding and editing, moves."""

from __future__ import annotations

from store.commands import moves as move_commands
from store.commands import projects as project_commands
from store.facade.core import StoreCore, acts, counts_down, reads, streams, writes
from store.queries import deadlines, listing
from store.queries import projects as project_queries


class ProjectUseCases(StoreCore):
    """Projects: one and its records, the lists and deadlines, writing and moving them."""

    # -- one project and its records ------------------------------------------------------

    project = reads(project_queries.find_project)
    steward_of = reads(project_queries.steward_of)
    history = reads(project_queries.history)
    procedures = reads(project_queries.procedures)
    dispatch_records = reads(project_queries.dispatch_records)
    problems = reads(project_queries.problems)
    problem_categories = reads(project_queries.problem_categories)
    project_count = reads(project_queries.project_count)

    # -- lists ----------------------------------------------------------------------------

    list_projects = counts_down(listing.list_projects)
    iter_projects = streams(listing.iter_projects)
    page_projects = counts_down(listing.page_projects)
    count_projects = counts_down(listing.count_projects)
    project_row = counts_down(listing.project_row)
    stage_totals = reads(listing.stage_totals)
    distinct_values = reads(listing.distinct_values)
    due_items = counts_down(deadlines.due_items)

    # -- writing projects -----------------------------------------------------------------

    add_project = acts(project_commands.create_project)
    update_project = acts(project_commands.edit_project)
    clear = writes(project_commands.clear)
    advance = acts(move_commands.advance)
    back = acts(move_commands.back)
    withdraw = acts(move_commands.withdraw)
    reinstate = acts(move_commands.reinstate)
    resume = acts(move_commands.resume)
