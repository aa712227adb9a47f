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
from store.commands import leads as lead_commands
from store.commands import moves as move_commands
from store.commands import notices as notice_commands
from store.commands import problems as problem_commands
from store.commands import procedures as procedure_commands
from store.commands import projects as project_commands
from store.commands import settings as setting_commands
from store.commands import stewards as steward_commands
from store.commands import targets as target_commands
from store.commands.history import Actor
from store.db.engine import (
    DEFAULT_DB,
    ChangeWatcher,
    announce_change,
    ensure_schema,
    make_engine,
    open_error,
)
from store.domain.leads import LeadKind, LeadStage
from store.domain.periods import Period
from store.domain.scheme import DEFAULT_SCHEME, Scheme, parse_scheme
from store.domain.supervision import HealthRule
from store.domain.targets import TargetPeriod
from store.errors import UserError, fault_line
from store.queries import assessment as assessment_queries
from store.queries import deadlines, listing
from store.queries import leads as lead_queries
from store.queries import projects as project_queries
from store.queries import settings as setting_queries
from store.queries import stewards as steward_queries
from store.queries import supervision as supervision_queries
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
    rename_procedure = _acts(procedure_commands.rename_procedure)
    add_funds = _acts(fund_commands.add_funds)
    set_month = _acts(fund_commands.set_month)
    delete_month = _acts(fund_commands.delete_month)
    raise_problem = _acts(problem_commands.raise_problem)
    set_problem_status = _acts(problem_commands.set_problem_status)
    update_problem = _acts(problem_commands.update_problem)
    remove_problem = _acts(problem_commands.remove_problem)

    # -- supervision (督办): notices, escalation, health checks, the bulletin ---------------

    issue_notice = _acts(notice_commands.issue_notice)
    issue_proposed = _acts(notice_commands.issue_proposed)
    reply_notice = _acts(notice_commands.reply_notice)
    close_notice = _acts(notice_commands.close_notice)
    escalate_notice = _acts(notice_commands.escalate_notice)
    record_summons = _acts(notice_commands.record_summons)
    supervise = _acts(notice_commands.supervise)
    supervision_rules = _reads(supervision_queries.supervision_rules)
    notice_events = _reads(supervision_queries.notice_events)
    proposals = _counts_down(supervision_queries.proposals)

    def notices(
        self,
        filters: supervision_queries.NoticeFilter | None = None,
        *,
        as_of: date | None = None,
        offset: int = 0,
        limit: int = 500,
    ) -> list[supervision_queries.NoticeRow]:
        """Notices not closed (or as filtered), a summons first, then by reply deadline."""
        with self.reading() as session:
            day = as_of or self.today
            return supervision_queries.notices(session, day, filters, offset=offset, limit=limit)

    def notice(self, notice_id: int) -> supervision_queries.NoticeRow:
        with self.reading() as session:
            return supervision_queries.notice_row(session, notice_id, self.today)

    def open_notice_of(self, project_id: int) -> supervision_queries.NoticeRow | None:
        with self.reading() as session:
            return supervision_queries.open_notice_of(session, project_id, self.today)

    def notice_counts(self) -> dict[str, int]:
        with self.reading() as session:
            return supervision_queries.notice_counts(session, self.today)

    def health(
        self, as_of: date | None = None, only: HealthRule | None = None
    ) -> list[supervision_queries.HealthFlag]:
        """Every project the health rules flag as of the day, with the figures behind it."""
        from store.labels import Refusal

        day = as_of or self.today
        if day > self.today:
            raise Refusal(
                f"截至 {day} 的健康检查：晚于今天（{self.today}）",
                f"health as of {day}: that is after today ({self.today})",
            )
        with self.reading() as session:
            rules = supervision_queries.supervision_rules(session)[1]
            return supervision_queries.health_flags(session, day, rules, only, today=self.today)

    def bulletin_groups(self, by: str, as_of: date) -> list[supervision_queries.BulletinGroup]:
        """The bulletin's groups (by steward or unit) as of the day."""
        with self.reading() as session:
            countdown = Countdown(as_of, setting_queries.thresholds(session))
            rules = supervision_queries.supervision_rules(session)[1]
            return supervision_queries.bulletin_groups(session, countdown, by, rules, self.today)

    # -- leads before signing (线索 · 研判 · 在谈): store.commands.leads, store.queries.leads --

    lead = _reads(lead_queries.find_lead)
    lead_history = _reads(lead_queries.lead_history)
    lead_limits = _reads(lead_queries.limit_settings)
    add_lead = _acts(lead_commands.add_lead)
    move_lead = _acts(lead_commands.move_lead)
    advance_lead = _acts(lead_commands.advance_lead)
    back_lead = _acts(lead_commands.back_lead)
    report_lead = _acts(lead_commands.report_lead)
    drop_lead = _acts(lead_commands.drop_lead)
    edit_lead = _acts(lead_commands.edit_lead)
    sign_lead = _acts(lead_commands.sign_lead)
    set_lead_limit = _writes(lead_commands.set_limit)

    def leads(
        self,
        *,
        reserve: bool = False,
        stage: LeadStage | None = None,
        include_closed: bool = False,
    ) -> list[lead_queries.LeadRow]:
        """The leads (or the reserve), the most urgent first, counted down from today."""
        with self.reading() as session:
            return lead_queries.list_leads(
                session, self.today, reserve=reserve, stage=stage, include_closed=include_closed
            )

    def lead_row(self, ref: str | int) -> lead_queries.LeadRow:
        with self.reading() as session:
            return lead_queries.lead_detail(session, self.today, ref)

    def lead_figures(
        self,
        period: Period | None = None,
        as_of: date | None = None,
        by: str | None = None,
        kind: LeadKind | None = None,
    ) -> lead_queries.LeadFigures:
        """The funnel and conversion rate of the leads registered in the period, as of a date."""
        with self.reading() as session:
            return lead_queries.lead_figures(session, self.today, period, as_of, by, kind)

    # -- targets and assessment (任务分解 · 考核) ---------------------------------------------

    set_target = _acts(target_commands.set_target)
    import_targets = _acts(target_commands.import_targets)
    targets = _reads(assessment_queries.targets)
    target_history = _reads(assessment_queries.target_history)
    target_units = _reads(assessment_queries.unit_names)

    def assess(
        self,
        period: TargetPeriod,
        as_of: date | None = None,
        kind: str = "county",
        scheme: Scheme | None = None,
    ) -> assessment_queries.Assessment:
        """Each unit of the kind against its targets, scored by the scheme (the default one
        unless given), ranked; as of today, or the period's end for a past period."""
        chosen = scheme or parse_scheme(DEFAULT_SCHEME)
        with self.reading() as session:
            return assessment_queries.assess_on(session, self.today, period, as_of, kind, chosen)


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "unknown")
