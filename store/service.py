"""The Store: one database, the date that counts as today, and the user who makes changes.

Its methods are the use cases of store.commands (writes) and store.queries (reads), each run
in a session of its own: a read, or one write transaction with its history. Front ends call
these. Code already inside a transaction (the importer, the demo) calls the functions
themselves with its session and the store's actor.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from store.commands import funds as fund_commands
from store.commands import moves as move_commands
from store.commands import problems as problem_commands
from store.commands import procedures as procedure_commands
from store.commands import projects as project_commands
from store.commands import settings as setting_commands
from store.commands import stewards as steward_commands
from store.commands.history import Actor
from store.db.engine import (
    DEFAULT_DB,
    ChangeWatcher,
    announce_change,
    ensure_schema,
    make_engine,
    open_error,
)
from store.errors import UserError, fault_line
from store.queries import deadlines, listing
from store.queries import projects as project_queries
from store.queries import settings as setting_queries
from store.queries import stewards as steward_queries
from store.queries.listing import Countdown, ProjectFilter, ProjectRow

# Re-exported: the front ends and tests build filters and show rows from here.
__all__ = ["ProjectFilter", "ProjectRow", "Store", "current_user"]

Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")


def _named(method: Callable[..., object], use_case: Callable[..., object]) -> None:
    """The method takes the use case's name and docstring, for help() to show."""
    method.__name__ = use_case.__name__
    method.__doc__ = use_case.__doc__


def _reads(
    query: Callable[Concatenate[Session, Arguments], Result],
) -> Callable[Concatenate[Store, Arguments], Result]:
    """A Store method running the query in a read session of its own."""

    def read(store: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with store.reading() as session:
            return query(session, *args, **kwargs)

    _named(read, query)
    return read


def _counts_down(
    query: Callable[Concatenate[Session, Countdown, Arguments], Result],
) -> Callable[Concatenate[Store, Arguments], Result]:
    """A Store method running the query in a read session, counting down from today with
    the thresholds read in that session."""

    def read(store: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        today = store.today
        with store.reading() as session:
            countdown = Countdown(today, setting_queries.thresholds(session))
            return query(session, countdown, *args, **kwargs)

    _named(read, query)
    return read


def _streams(
    query: Callable[Concatenate[Session, Countdown, Arguments], Iterator[Result]],
) -> Callable[Concatenate[Store, Arguments], Iterator[Result]]:
    """As _counts_down, for a query yielding rows: its session stays open while they come."""

    def stream(
        store: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs
    ) -> Iterator[Result]:
        today = store.today
        with store.reading() as session:
            countdown = Countdown(today, setting_queries.thresholds(session))
            yield from query(session, countdown, *args, **kwargs)

    _named(stream, query)
    return stream


def _writes(
    command: Callable[Concatenate[Session, Arguments], Result],
) -> Callable[Concatenate[Store, Arguments], Result]:
    """A Store method running the command in a write transaction of its own."""

    def write(store: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with store.writing() as session:
            return command(session, *args, **kwargs)

    _named(write, command)
    return write


def _acts(
    command: Callable[Concatenate[Session, Actor, Arguments], Result],
) -> Callable[Concatenate[Store, Arguments], Result]:
    """A Store method running the command in a write transaction of its own, as the store's
    user on its today."""

    def act(store: Store, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        actor = store.actor
        with store.writing() as session:
            return command(session, actor, *args, **kwargs)

    _named(act, command)
    return act


class Store:
    """One database, the date that counts as today, and the user who makes the changes."""

    def __init__(self, engine: Engine, *, today: date | None = None, user: str | None = None):
        self.engine = engine
        self._today = today
        self.user = user or current_user()
        self.changes = ChangeWatcher(engine)  # what others commit, for an open app to follow

    @classmethod
    def open(
        cls, target: str | None = None, *, today: date | None = None, user: str | None = None
    ) -> Store:
        """Open (creating or upgrading) the database named by target, INVESTTRACK_DB or default."""
        engine = make_engine(target or os.environ.get("INVESTTRACK_DB") or DEFAULT_DB)
        try:
            ensure_schema(engine)
        except UserError:
            engine.dispose()
            raise
        except Exception as error:
            engine.dispose()
            raise open_error(str(engine.url), error) from None
        return cls(engine, today=today, user=user)

    def close(self) -> None:
        self.changes.close()
        self.engine.dispose()

    # -- sessions -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction; SQLite takes its write lock at BEGIN (waits, never fails)."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.info["writing"] = True
            try:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            except OperationalError as error:
                if "locked" not in str(error.orig):
                    raise
                raise UserError(
                    "the database stayed busy (another write, such as a long import, held it): "
                    "nothing was saved, try again"
                ) from None
            try:
                yield session
                announce_change(session.connection())
                session.commit()
            except OperationalError as error:  # a full disk, a read-only file: said as such
                session.rollback()
                fault = fault_line(error)
                if fault is None:
                    raise
                raise UserError(fault) from None
            except BaseException:
                session.rollback()
                raise

    # -- today, who acts, settings --------------------------------------------------------

    @property
    def today(self) -> date:
        if self._today is None:
            demo_today = self.get_setting(setting_queries.DEMO_TODAY_KEY)
            self._today = date.fromisoformat(demo_today) if demo_today else date.today()
        return self._today

    def default_today(self, day: date) -> None:
        """Count day as today, unless a today was given or already read (the demo's dates)."""
        if self._today is None:
            self._today = day

    @property
    def actor(self) -> Actor:
        """Who makes the store's changes, on which day: what every command takes."""
        return Actor(self.user, self.today)

    get_setting = _reads(setting_queries.setting)
    settings = _reads(setting_queries.settings)
    thresholds = _reads(setting_queries.thresholds)
    set_setting = _writes(setting_commands.set_setting)

    # -- one project and its records ------------------------------------------------------

    project = _reads(project_queries.find_project)
    steward_of = _reads(project_queries.steward_of)
    history = _reads(project_queries.history)
    procedures = _reads(project_queries.procedures)
    dispatch_records = _reads(project_queries.dispatch_records)
    problems = _reads(project_queries.problems)
    problem_categories = _reads(project_queries.problem_categories)
    project_count = _reads(project_queries.project_count)

    # -- lists ----------------------------------------------------------------------------

    list_projects = _counts_down(listing.list_projects)
    iter_projects = _streams(listing.iter_projects)
    page_projects = _counts_down(listing.page_projects)
    count_projects = _counts_down(listing.count_projects)
    project_row = _counts_down(listing.project_row)
    stage_totals = _reads(listing.stage_totals)
    distinct_values = _reads(listing.distinct_values)
    due_items = _counts_down(deadlines.due_items)

    # -- stewards -------------------------------------------------------------------------

    stewards = _counts_down(steward_queries.stewards)
    known_steward = _reads(steward_queries.known_steward_name)
    steward_names = _reads(steward_queries.steward_names)
    similar_stewards = _reads(steward_queries.similar_stewards)
    assign = _acts(steward_commands.assign)
    rename_steward = _acts(steward_commands.rename_steward)
    merge_stewards = _acts(steward_commands.merge_stewards)
    retire_steward = _acts(steward_commands.retire_steward)
    update_steward = _writes(steward_commands.update_steward)
    add_steward = _writes(steward_commands.add_steward)

    # -- writing projects -----------------------------------------------------------------

    add_project = _acts(project_commands.create_project)
    update_project = _acts(project_commands.edit_project)
    clear = _writes(project_commands.clear)
    advance = _acts(move_commands.advance)
    back = _acts(move_commands.back)
    withdraw = _acts(move_commands.withdraw)
    reinstate = _acts(move_commands.reinstate)
    resume = _acts(move_commands.resume)
    set_procedure = _acts(procedure_commands.set_procedure)
    add_procedure = _acts(procedure_commands.add_procedure)
    drop_procedure = _acts(procedure_commands.drop_procedure)
    add_funds = _acts(fund_commands.add_funds)
    set_month = _acts(fund_commands.set_month)
    delete_month = _acts(fund_commands.delete_month)
    raise_problem = _acts(problem_commands.raise_problem)
    set_problem_status = _acts(problem_commands.set_problem_status)
    update_problem = _acts(problem_commands.update_problem)


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "unknown")
