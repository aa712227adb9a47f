"""The Store's core: one database, its sessions (a read, or one write transaction with its
history), the date that counts as today, the user who makes changes, and the settings; with
the wrappers that make a use case of store.commands or store.queries a method of the Store."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Concatenate, ParamSpec, Self, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from store.commands import settings as setting_commands
from store.commands.history import Actor
from store.db.engine import (
    DEFAULT_DB,
    ChangeWatcher,
    announce_change,
    ensure_schema,
    make_engine,
    open_error,
)
from store.errors import UserError, fault_words
from store.labels import Refusal
from store.queries import settings as setting_queries
from store.queries.listing import Countdown

Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")


def named(method: Callable[..., object], use_case: Callable[..., object]) -> None:
    """The method takes the use case's name and docstring, for help() to show."""
    method.__name__ = use_case.__name__
    method.__doc__ = use_case.__doc__


def reads(
    query: Callable[Concatenate[Session, Arguments], Result],
) -> Callable[Concatenate[StoreCore, Arguments], Result]:
    """A Store method running the query in a read session of its own."""

    def read(store: StoreCore, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with store.reading() as session:
            return query(session, *args, **kwargs)

    named(read, query)
    return read


def counts_down(
    query: Callable[Concatenate[Session, Countdown, Arguments], Result],
) -> Callable[Concatenate[StoreCore, Arguments], Result]:
    """A Store method running the query in a read session, counting down from today with
    the thresholds read in that session."""

    def read(store: StoreCore, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        today = store.today
        with store.reading() as session:
            countdown = Countdown(today, setting_queries.thresholds(session))
            return query(session, countdown, *args, **kwargs)

    named(read, query)
    return read


def streams(
    query: Callable[Concatenate[Session, Countdown, Arguments], Iterator[Result]],
) -> Callable[Concatenate[StoreCore, Arguments], Iterator[Result]]:
    """As counts_down, for a query yielding rows: its session stays open while they come."""

    def stream(
        store: StoreCore, /, *args: Arguments.args, **kwargs: Arguments.kwargs
    ) -> Iterator[Result]:
        today = store.today
        with store.reading() as session:
            countdown = Countdown(today, setting_queries.thresholds(session))
            yield from query(session, countdown, *args, **kwargs)

    named(stream, query)
    return stream


def writes(
    command: Callable[Concatenate[Session, Arguments], Result],
) -> Callable[Concatenate[StoreCore, Arguments], Result]:
    """A Store method running the command in a write transaction of its own."""

    def write(store: StoreCore, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        with store.writing() as session:
            return command(session, *args, **kwargs)

    named(write, command)
    return write


def acts(
    command: Callable[Concatenate[Session, Actor, Arguments], Result],
) -> Callable[Concatenate[StoreCore, Arguments], Result]:
    """A Store method running the command in a write transaction of its own, as the store's
    user on its today."""

    def act(store: StoreCore, /, *args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        actor = store.actor
        with store.writing() as session:
            return command(session, actor, *args, **kwargs)

    named(act, command)
    return act


class StoreCore:
    """One database, the date that counts as today, and the user who makes the changes."""

    def __init__(self, engine: Engine, *, today: date | None = None, user: str | None = None):
        self.engine = engine
        self._today = today
        self.user = user or current_user()
        self.changes = ChangeWatcher(engine)  # what others commit, for an open app to follow

    @classmethod
    def open(
        cls, target: str | None = None, *, today: date | None = None, user: str | None = None
    ) -> Self:
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
        """One write transaction; SQLite takes its write lock at BEGIN, waiting for it. A fault
        of the machine (busy past the wait, a full disk) is refused in its words."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.info["writing"] = True
            try:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                yield session
                announce_change(session.connection())
                session.commit()
            except OperationalError as error:  # busy past the wait, a full disk: said as such
                session.rollback()
                fault = fault_words(error)
                if fault is None:
                    raise
                raise Refusal(*fault) from None
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

    get_setting = reads(setting_queries.setting)
    settings = reads(setting_queries.settings)
    thresholds = reads(setting_queries.thresholds)
    set_setting = writes(setting_commands.set_setting)


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "unknown")
