"""The functions the front ends call. Each write is one short transaction with its history."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Engine, Select, and_, case, delete, func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from store import stages
from store.db import (
    DEFAULT_DB,
    ChangeWatcher,
    announce_change,
    ensure_schema,
    make_engine,
    open_error,
)
from store.deadlines import current_deadline, working_days_left
from store.domain import rules
from store.domain.names import similar_names
from store.domain.stewards import refuse_unassignable
from store.errors import NotFound, StaleEdit, UnknownSteward, UserError, fault_line
from store.io import office_words
from store.limits import check_text
from store.models import (
    DispatchRecord,
    History,
    Problem,
    Procedure,
    Project,
    Setting,
    Steward,
    month_fields,
    with_month_fields,
)
from store.procedures import DEFAULT_PROCEDURES, PROBLEM_CATEGORIES, PROBLEM_STATUSES
from store.search import found_by_trigrams, search_condition, search_text
from store.stages import Change, Kind, Stage
from store.warnings import Thresholds, WarningLevel

SETTING_DEFAULTS: dict[str, str] = {
    "warning.blue_within_days": "15",
    "warning.red_after_days": "30",
    "office.name": "招商引资项目调度",
}
DEMO_TODAY_KEY = "demo.today"

MONEY_FIELDS = {
    "total_investment_yuan",
    "signed_amount_yuan",
    "annual_plan_yuan",
    "expected_output_yuan",
}
EDITABLE_FIELDS = {
    "code",
    "name",
    "investor",
    "investor_origin",
    "county",
    "park",
    "chain",
    "kind",
    "build_content",
    "land_mu",
    "jobs",
    "won_by",
    "responsible_unit",
    "progress_note",
    "county_leader",
    "signed_on",
    "procedures_due",
    "procedures_on",
    "start_due",
    "started_on",
    "production_due",
    "producing_on",
    "resumed_on",
    *MONEY_FIELDS,
}


def count_procedures(session: Session, project_ids: Sequence[int]) -> None:
    """Recount the projects' required and done procedures (kept on the project for figures)."""
    session.flush()  # the procedure rows just added, changed or deleted
    required = and_(Procedure.project_id == Project.id, col(Procedure.required))
    for start in range(0, len(project_ids), 900):
        session.execute(
            Project.__table__.update()  # type: ignore[attr-defined]
            .where(col(Project.id).in_(project_ids[start : start + 900]))
            .values(
                procedures_required=select(func.count()).where(required).scalar_subquery(),
                procedures_done=select(func.count())
                .where(required, col(Procedure.done_on).is_not(None))
                .scalar_subquery(),
            )
        )


# A month's figures as history records them: funds in place, investment completed, note.
MONTH_FIELDS = ("funds_month_yuan", "completed_month_yuan", "note")


Figures = tuple[int | None, int | None, str | None]
NO_RECORD: Figures = (None, None, None)


def _month_figures(record: DispatchRecord | None) -> Figures:
    """A month's record as history keeps it: nothing when there is none, nor for no note."""
    if record is None:
        return NO_RECORD
    return record.funds_in_place_yuan, record.investment_completed_yuan, record.note or None


def _month_changes(old: Figures, new: Figures) -> list[Change]:
    return [
        Change(field, was, now)
        for field, was, now in zip(MONTH_FIELDS, old, new, strict=True)
        if was != now
    ]


def history_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class ProjectFilter:
    stage: Stage | None = None
    county: str | None = None
    chain: str | None = None
    steward: str | None = None
    warning: WarningLevel | None = None
    search: str | None = None
    include_withdrawn: bool = False
    withdrawn_only: bool = False

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in vars(self).items()
            if value not in (None, False, "")
        ]
        return ", ".join(parts)


# sort keys with an index of their own: their first rows come without a sort
INDEXED_SORTS = {"deadline", "name", "code"}
SORT_KEYS = {
    "code",
    "name",
    "county",
    "chain",
    "stage",
    "steward",
    "signed_amount",
    "funds_in_place",
    "total_investment",
    "deadline",
    "days_left",
    "working_days_left",
    "warning",
    "signed_on",
}


@dataclass(frozen=True)
class ProjectRow:
    """A project as lists show it, with its countdown worked out for today."""

    id: int
    code: str | None
    name: str
    investor: str
    county: str
    chain: str
    kind: str
    stage: str
    steward: str | None
    signed_on: date | None
    procedures_due: date | None
    start_due: date | None
    started_on: date | None
    production_due: date | None
    producing_on: date | None
    total_investment_yuan: int
    signed_amount_yuan: int
    funds_in_place_yuan: int
    withdrawn_on: date | None
    deadline: date | None
    days_left: int | None
    working_days_left: int | None
    working_days_estimated: bool
    warning: WarningLevel | None
    version: int

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in vars(self).items():
            data[key] = value.isoformat() if isinstance(value, date) else value
        data["warning"] = self.warning.value if self.warning else None
        return data


_ROW_COLUMNS = [
    Project.id,
    Project.code,
    Project.name,
    Project.investor,
    Project.county,
    Project.chain,
    Project.kind,
    Project.stage,
    Steward.name,
    Project.signed_on,
    Project.procedures_due,
    Project.start_due,
    Project.started_on,
    Project.production_due,
    Project.producing_on,
    Project.total_investment_yuan,
    Project.signed_amount_yuan,
    Project.funds_in_place_yuan,
    Project.withdrawn_on,
    Project.deadline,
    Project.version,
]


@dataclass(frozen=True)
class StewardSummary:
    id: int
    name: str
    title: str
    unit: str
    level: str
    phone: str
    projects: int
    late: int
    warnings: dict[WarningLevel, int] = field(default_factory=dict)
    retired_on: date | None = None  # retired: offered for no new assignment, listed apart


@dataclass(frozen=True)
class DueItem:
    """A stage deadline or a procedure due date, for the deadlines list."""

    project_id: int
    code: str | None
    name: str
    steward: str | None
    what: str  # the deadline field (start_due ...) or the procedure's name
    is_procedure: bool
    due: date
    days_left: int
    working_days_left: int
    warning: WarningLevel | None


@dataclass(frozen=True)
class DueList:
    """A page of the due items, nearest first, and how many are due in all: one read, so the
    two agree."""

    items: list[DueItem]
    total: int
    offset: int = 0  # how many nearer ones come before the page

    @property
    def shown(self) -> str:
        """Which of them the page holds: "1-500 of 1,234" ("none of 0" when none are due)."""
        if not self.items:
            return f"none of {self.total:,}"
        return f"{self.offset + 1:,}-{self.offset + len(self.items):,} of {self.total:,}"


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

    # -- today and settings ---------------------------------------------------------------

    @property
    def today(self) -> date:
        if self._today is None:
            demo_today = self.get_setting(DEMO_TODAY_KEY)
            self._today = date.fromisoformat(demo_today) if demo_today else date.today()
        return self._today

    def get_setting(self, key: str) -> str | None:
        with self.reading() as session:
            setting = session.get(Setting, key)
        return setting.value if setting else SETTING_DEFAULTS.get(key)

    def settings(self) -> dict[str, str]:
        with self.reading() as session:
            stored = {s.key: s.value for s in session.exec(select(Setting)).scalars()}
        return SETTING_DEFAULTS | stored

    def set_setting(self, key: str, value: str) -> None:
        taught = office_words.setting(key, value)  # an office's own header or stage word
        if taught is not None:
            key, value = taught
        elif key not in SETTING_DEFAULTS and key != DEMO_TODAY_KEY:
            known = ", ".join(sorted(SETTING_DEFAULTS))
            raise UserError(
                f"unknown setting {key!r}: known settings are {known}, "
                "import.header.<header> and import.stage.<word>"
            )
        if key.startswith("warning."):
            try:
                days = int(value)
            except ValueError:
                raise UserError(f"{key} takes a whole number of days, not {value!r}") from None
            if days < 0:
                raise UserError(f"{key} must be zero or more days")
        with self.writing() as session:
            session.merge(Setting(key=key, value=value))

    def thresholds(self) -> Thresholds:
        settings = self.settings()
        return Thresholds(
            blue_within_days=int(settings["warning.blue_within_days"]),
            red_after_days=int(settings["warning.red_after_days"]),
        )

    # -- finding --------------------------------------------------------------------------

    @staticmethod
    def project_in(session: Session, condition: Any) -> Project | None:
        """The first project matching. In a write its row is locked until commit (FOR UPDATE
        on PostgreSQL, whose default isolation would otherwise let two officers' read-modify-
        write interleave; SQLite's writer already holds the whole database)."""
        query = select(Project).where(condition)
        if session.info.get("writing"):
            query = query.with_for_update()
        return session.exec(query).scalars().first()

    def _find(self, session: Session, ref: str | int) -> Project:
        """A project by code, by id (#12 or 12), or by exact name."""
        if isinstance(ref, int):
            project = self.project_in(session, Project.id == ref)
        else:
            text = ref.strip()
            project = self.project_in(session, Project.code == text)
            if project is None and text.lstrip("#").isdigit():
                project = self.project_in(session, Project.id == int(text.lstrip("#")))
            if project is None:
                project = self.project_in(session, Project.name == text)
        if project is None:
            raise NotFound(f"no project with code, id or name {ref!r}")
        return project

    def project(self, ref: str | int) -> Project:
        with self.reading() as session:
            return self._find(session, ref)

    def steward_of(self, project: Project) -> Steward | None:
        if project.steward_id is None:
            return None
        with self.reading() as session:
            return session.get(Steward, project.steward_id)

    # -- history --------------------------------------------------------------------------

    def _log(
        self,
        session: Session,
        project: Project,
        action: str,
        changes: Sequence[Change],
        *,
        effective_on: date | None = None,
        note: str = "",
    ) -> None:
        now = datetime.now(UTC)
        for change in changes or [Change("", None, None)]:
            session.add(
                History(
                    project_id=project.id,
                    at=now,
                    effective_on=effective_on or self.today,
                    user=self.user,
                    action=action,
                    field=change.field or None,
                    old_value=history_value(change.old),
                    new_value=history_value(change.new),
                    note=note,
                )
            )

    def history(self, ref: str | int) -> list[History]:
        with self.reading() as session:
            project = self._find(session, ref)
            query = (
                select(History).where(History.project_id == project.id).order_by(col(History.id))
            )
            return list(session.exec(query).scalars())

    # -- derived columns ------------------------------------------------------------------

    @staticmethod
    def _refresh_derived(project: Project) -> None:
        project.deadline = current_deadline(
            project.stage,
            project.withdrawn_on is not None,
            {
                "procedures_due": project.procedures_due,
                "start_due": project.start_due,
                "production_due": project.production_due,
            },
        )
        project.search_text = search_text(project.name, project.code, project.investor)

    @staticmethod
    def _forget_month_precision(project: Project, changes: list[Change]) -> None:
        """A date written to the day (or cleared) is no longer known only to the month."""
        changed = {change.field for change in changes}
        if project.month_dates and changed & month_fields(project.month_dates):
            project.month_dates = with_month_fields(project.month_dates, set(), changed)

    def _bump(self, project: Project, expected_version: int | None) -> None:
        """Optimistic lock: refuse an edit based on a read older than the stored row."""
        if expected_version is not None and project.version != expected_version:
            raise StaleEdit(
                f"project {project.code or project.name} was changed by someone else since you "
                "opened it; it has been reloaded, make your edit again"
            )
        project.version += 1

    # -- creating and editing -------------------------------------------------------------

    def _steward(self, session: Session, name: str, *, create: bool, **details: str) -> Steward:
        """The steward a project is given, by name; details fill empty fields only. A retired
        steward is refused, and so is a name nobody has unless create says to make it
        (store.domain.stewards: the rule of every door)."""
        name = name.strip()
        if not name:
            raise UserError("steward name is empty")
        check_text(Steward.__table__, {"name": name, **details})  # type: ignore[attr-defined]
        steward = self.steward_named(session, name)
        refuse_unassignable(name, steward, lambda: self._offered_names(session), create=create)
        if steward is None:
            steward = Steward(name=name, **{k: v for k, v in details.items() if v})
            session.add(steward)
            session.flush()
        else:
            for key, value in details.items():
                if value and not getattr(steward, key):
                    setattr(steward, key, value)
        return steward

    @staticmethod
    def _check_values(values: dict[str, Any]) -> None:
        check_text(Project.__table__, values)  # type: ignore[attr-defined]
        for key in MONEY_FIELDS:
            if values.get(key) is not None and values[key] < 0:
                raise UserError(f"{key.removesuffix('_yuan')} must not be negative")
        if values.get("jobs") is not None and values["jobs"] < 0:
            raise UserError("jobs must not be negative")
        if values.get("land_mu") is not None and Decimal(values["land_mu"]) < 0:
            raise UserError("land_mu must not be negative")
        if "name" in values and not str(values["name"]).strip():
            raise UserError("name is required")
        if values.get("kind"):
            values["kind"] = stages.parse_kind(values["kind"]).value
        if values.get("stage"):
            values["stage"] = stages.parse_stage(values["stage"]).value

    def _stage_trail(self, project: Project) -> list[tuple[Stage, date]]:
        """The stages a new project has passed through, each with the date it entered it."""
        trail: list[tuple[Stage, date]] = []
        last = project.signed_on or self.today
        for stage in stages.STAGES[: Stage(project.stage).index + 1]:
            last = getattr(project, stage.date_field) or last
            trail.append((stage, last))
        return trail

    def create_in(
        self,
        session: Session,
        values: dict[str, Any],
        *,
        steward: str | None = None,
        create_steward: bool = False,
        procedures: Sequence[str] = DEFAULT_PROCEDURES,
        action: str = "create",
    ) -> Project:
        """Add a project inside a caller's transaction (imports batch many of these). A
        steward nobody has is refused (UnknownSteward) unless create_steward says to make it."""
        values = {k: v for k, v in values.items() if v is not None}
        self._check_values(values)
        values.setdefault("signed_on", self.today)
        project = Project(**values)
        stages.check_dates(project)
        facts = {field: getattr(project, field) for field in rules.FACT_FIELDS}
        rules.refuse(rules.project_dates(project.stage, facts, self.today))
        if (
            project.code
            and session.exec(select(Project.id).where(Project.code == project.code)).first()
        ):
            raise UserError(f"a project with code {project.code} already exists")
        if steward:
            project.steward_id = self._steward(session, steward, create=create_steward).id
        self._refresh_derived(project)
        session.add(project)
        session.flush()
        session.add_all(
            Procedure(project_id=project.id, position=i, name=name)
            for i, name in enumerate(procedures)
        )
        project.procedures_required = len(procedures)
        for stage, entered in self._stage_trail(project):
            self._log(
                session, project, action, [Change("stage", None, stage.value)], effective_on=entered
            )
        if steward:
            self._log(
                session,
                project,
                action,
                [Change("steward", None, steward)],
                effective_on=project.signed_on,
            )
        return project

    def add_project(
        self, values: dict[str, Any], *, steward: str | None = None, create_steward: bool = False
    ) -> Project:
        with self.writing() as session:
            return self.create_in(session, values, steward=steward, create_steward=create_steward)

    def update_in(
        self,
        session: Session,
        project: Project,
        values: dict[str, Any],
        *,
        expected_version: int | None = None,
        action: str = "edit",
        note: str = "",
        reaching: Stage | None = None,
    ) -> list[Change]:
        """Change fields, checked by the rules. The dates written are judged against the
        project's stage, or against reaching: the stage the caller moves it to in the same
        transaction (an imported sheet states where a project stands)."""
        unknown = set(values) - EDITABLE_FIELDS
        if unknown:
            raise UserError(f"cannot edit {', '.join(sorted(unknown))} here")
        self._check_values(values)
        changes: list[Change] = []
        for key, value in values.items():
            if getattr(project, key) != value:
                changes.append(Change(key, getattr(project, key), value))
                setattr(project, key, value)
        if not changes:
            return changes
        written = {change.field: change.new for change in changes}
        try:
            stages.check_dates(project)
            rules.refuse(rules.project_dates(reaching or project.stage, written, self.today))
            if "signed_on" in written:
                with session.no_autoflush:  # a refusal leaves nothing of the edit written
                    first_done = session.execute(
                        select(func.min(Procedure.done_on)).where(
                            Procedure.project_id == project.id
                        )
                    ).scalar()
                rules.refuse(rules.before("done_on", first_done, "signed_on", project.signed_on))
        except UserError:
            for change in changes:
                setattr(project, change.field, change.old)
            raise
        self._bump(project, expected_version)
        self._refresh_derived(project)
        self._forget_month_precision(project, changes)
        self._log(session, project, action, changes, note=note)
        return changes

    def update_project(
        self, ref: str | int, values: dict[str, Any], *, expected_version: int | None = None
    ) -> list[Change]:
        """Edit fields; refused with StaleEdit when the project changed since it was read."""
        with self.writing() as session:
            project = self._find(session, ref)
            return self.update_in(session, project, values, expected_version=expected_version)

    # -- stage moves ----------------------------------------------------------------------

    def _move(
        self,
        ref: str | int,
        action: str,
        move: Any,
        effective_on: date,
        note: str,
        expected_version: int | None,
    ) -> Project:
        with self.writing() as session:
            project = self._find(session, ref)
            changes = move(project)
            self._bump(project, expected_version)
            self._refresh_derived(project)
            self._forget_month_precision(project, changes)
            self._log(session, project, action, changes, effective_on=effective_on, note=note)
            return project

    def advance(
        self,
        ref: str | int,
        on: date | None = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Project:
        on = on or self.today
        return self._move(
            ref, "advance", lambda p: stages.advance(p, on, self.today), on, note, expected_version
        )

    def back(self, ref: str | int, reason: str, expected_version: int | None = None) -> Project:
        return self._move(
            ref, "back", lambda p: stages.back(p, reason), self.today, reason, expected_version
        )

    def withdraw(
        self,
        ref: str | int,
        reason: str,
        on: date | None = None,
        expected_version: int | None = None,
    ) -> Project:
        on = on or self.today
        return self._move(
            ref,
            "withdraw",
            lambda p: stages.withdraw(p, on, reason, self.today),
            on,
            reason,
            expected_version,
        )

    def reinstate(
        self, ref: str | int, reason: str, expected_version: int | None = None
    ) -> Project:
        """Undo a withdrawal (stages.reinstate), recorded today with who and why."""
        return self._move(
            ref,
            "reinstate",
            lambda p: stages.reinstate(p, reason),
            self.today,
            reason.strip(),
            expected_version,
        )

    def resume(self, ref: str | int, on: date | None = None, note: str = "") -> Project:
        """A continuing project's spring resumption (复工), recorded like a stage move."""
        on = on or self.today

        def move(project: Project) -> list[Change]:
            if project.kind != Kind.CONTINUING:
                raise UserError("only continuing (续建) projects resume")
            if project.withdrawn_on:
                raise UserError("project was withdrawn: it no longer moves")
            rules.refuse(rules.in_future("resumed_on", on, self.today))
            if project.resumed_on and project.resumed_on.year == on.year:
                raise UserError(f"project already resumed in {on.year} (on {project.resumed_on})")
            old, project.resumed_on = project.resumed_on, on
            return [Change("resumed_on", old, on)]

        return self._move(ref, "resume", move, on, note, None)

    def assign(
        self,
        ref: str | int,
        steward_name: str,
        note: str = "",
        expected_version: int | None = None,
        *,
        create: bool = False,
    ) -> Project:
        """Make the named steward answer for the project. A name nobody has is refused with
        the names it is like (UnknownSteward), unless create says to make that steward."""
        with self.writing() as session:
            project = self._find(session, ref)
            steward = self._steward(session, steward_name, create=create)
            old = session.get(Steward, project.steward_id) if project.steward_id else None
            if old is not None and old.id == steward.id:
                raise UserError(f"{steward.name} already stewards this project")
            self._bump(project, expected_version)
            project.steward_id = steward.id
            self._log(
                session,
                project,
                "assign",
                [Change("steward", old.name if old else None, steward.name)],
                note=note,
            )
            return project

    # -- lists ----------------------------------------------------------------------------

    def _filtered(self, query: Any, filters: ProjectFilter) -> Any:
        if filters.withdrawn_only:
            query = query.where(col(Project.withdrawn_on).is_not(None))
        elif not filters.include_withdrawn:
            query = query.where(col(Project.withdrawn_on).is_(None))
        if filters.stage:
            query = query.where(Project.stage == filters.stage.value)
        if filters.county:
            query = query.where(Project.county == filters.county)
        if filters.chain:
            query = query.where(Project.chain == filters.chain)
        if filters.steward:
            query = query.where(Steward.name == filters.steward)
        if filters.warning:
            low, high = self.thresholds().deadline_range(filters.warning, self.today)
            query = query.where(col(Project.deadline).is_not(None))
            if low:
                query = query.where(col(Project.deadline) >= low)
            if high:
                query = query.where(col(Project.deadline) <= high)
        if filters.search and filters.search.strip():
            query = query.where(search_condition(filters.search, self.engine.dialect.name))
        return query

    @staticmethod
    def _order(sort: str, descending: bool, pinyin: bool = False) -> list[Any]:
        """pinyin: names, counties, chains and stewards by their stored pinyin keys (the order
        of Chinese mode), the text breaking ties between homophones; else by the text."""
        if sort not in SORT_KEYS:
            raise UserError(f"cannot sort by {sort!r}: use one of {', '.join(sorted(SORT_KEYS))}")
        by_sound: dict[str, Any] = {
            "name": Project.name_key,
            "county": Project.county_key,
            "chain": Project.chain_key,
            "steward": Steward.name_key,
        }
        stage_order = case({s.value: s.index for s in stages.STAGES}, value=Project.stage)
        column: Any = {
            "code": Project.code,
            "name": Project.name,
            "county": Project.county,
            "chain": Project.chain,
            "stage": stage_order,
            "steward": Steward.name,
            "signed_amount": Project.signed_amount_yuan,
            "funds_in_place": Project.funds_in_place_yuan,
            "total_investment": Project.total_investment_yuan,
            "signed_on": Project.signed_on,
        }.get(sort, Project.deadline)  # every countdown and the warning follow the deadline
        columns = [by_sound[sort], column] if pinyin and sort in by_sound else [column]
        ordered = [(c.desc() if descending else c.asc()).nulls_last() for c in columns]
        return [*ordered, Project.id.asc()]

    def _row(self, values: Sequence[Any], thresholds: Thresholds) -> ProjectRow:
        deadline = values[19]
        days = None if deadline is None else (deadline - self.today).days
        working = None if deadline is None else working_days_left(self.today, deadline)
        return ProjectRow(
            id=values[0],
            code=values[1],
            name=values[2],
            investor=values[3],
            county=values[4],
            chain=values[5],
            kind=values[6],
            stage=values[7],
            steward=values[8],
            signed_on=values[9],
            procedures_due=values[10],
            start_due=values[11],
            started_on=values[12],
            production_due=values[13],
            producing_on=values[14],
            total_investment_yuan=values[15],
            signed_amount_yuan=values[16],
            funds_in_place_yuan=values[17],
            withdrawn_on=values[18],
            deadline=deadline,
            days_left=days,
            working_days_left=working.days if working else None,
            working_days_estimated=bool(working and working.estimated),
            warning=thresholds.level(days),
            version=values[20],
        )

    def list_projects(
        self,
        filters: ProjectFilter | None = None,
        *,
        sort: str = "deadline",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        among: Sequence[int] | Select[Any] | None = None,
        pinyin: bool = False,
    ) -> list[ProjectRow]:
        """One page of projects, filtered and sorted in SQL (pinyin: Chinese text by sound)."""
        return list(
            self.iter_projects(
                filters,
                sort=sort,
                descending=descending,
                offset=offset,
                limit=limit,
                among=among,
                pinyin=pinyin,
            )
        )

    def iter_projects(
        self,
        filters: ProjectFilter | None = None,
        *,
        sort: str = "deadline",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        among: Sequence[int] | Select[Any] | None = None,
        pinyin: bool = False,
    ) -> Iterator[ProjectRow]:
        """Projects streamed from the database: memory stays flat for any number of rows.
        among: only these projects (ids found already, or a query giving them)."""
        filters = filters or ProjectFilter()
        thresholds = self.thresholds()
        query = self._listing(filters, sort, descending, among, pinyin=pinyin).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            result = connection.execution_options(stream_results=True, yield_per=2000).execute(
                query
            )
            for values in result:
                yield self._row(values, thresholds)

    def page_projects(
        self,
        filters: ProjectFilter,
        *,
        sort: str = "deadline",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
        pinyin: bool = False,
    ) -> tuple[int | None, list[ProjectRow]]:
        """The total and one page; the total is None when counting would slow the page, and
        the caller counts after showing it (count_projects).

        A search finds its matches through the trigram index, or, for a single character, by
        scanning every project's search text (store.search). A term of one or two characters
        is often broad ("j" matches most projects): with an indexed sort its page is first
        looked for in a short walk of that column's index, and with another sort the page is
        one scan and sort. Otherwise the matches are collected once and both counted and
        sorted for the page in one query."""
        listed = partial(
            self.list_projects,
            filters,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
            pinyin=pinyin,
        )
        if not (filters.search and filters.search.strip()):
            return self.count_projects(filters), listed()
        if not found_by_trigrams(filters.search, self.engine.dialect.name):
            if sort not in INDEXED_SORTS:
                return None, listed()
            # A page of a term matching one row in 10 or more lies within 10 pages' rows.
            unsearched = replace(filters, search=None)
            order = self._order(sort, descending, pinyin)
            first = self._ids(unsearched).order_by(*order)
            rows = listed(among=first.limit(10 * (offset + limit)))
            if len(rows) == limit:
                return None, rows
        # read once, used twice: for the count and for the page
        matches = self._ids(filters).cte("matches")
        found = select(func.count()).select_from(matches).scalar_subquery()
        query = self._listing(filters, sort, descending, select(matches.c.id), found, pinyin=pinyin)
        with self.engine.connect() as connection:
            page = connection.execute(query.offset(offset).limit(limit)).all()
        total = page[0][-1] if page else 0 if not offset else self.count_projects(filters)
        thresholds = self.thresholds()
        return total, [self._row(values, thresholds) for values in page]

    def _listing(
        self,
        filters: ProjectFilter,
        sort: str,
        descending: bool,
        among: Sequence[int] | Select[Any] | None = None,
        *extra: Any,
        pinyin: bool = False,
    ) -> Select[Any]:
        """The rows shown for projects, filtered and sorted (among: only these ids)."""
        query = select(*_ROW_COLUMNS, *extra).outerjoin(Steward, Project.steward_id == Steward.id)
        if among is not None:
            query = query.where(col(Project.id).in_(among))
        order = self._order(sort, descending, pinyin)
        return self._filtered(query, filters).order_by(*order)

    def _ids(self, filters: ProjectFilter) -> Any:
        """The filtered projects' ids."""
        return self._over_projects(select(Project.id), filters)

    def _over_projects(self, query: Any, filters: ProjectFilter) -> Any:
        """A query over projects, filtered: joined to stewards only where a filter needs it,
        since the join would defeat the covering indexes."""
        if filters.steward:
            query = query.outerjoin(Steward, Project.steward_id == Steward.id)
        return self._filtered(query, filters)

    def count_projects(self, filters: ProjectFilter | None = None) -> int:
        filters = filters or ProjectFilter()
        query = self._over_projects(select(func.count()).select_from(Project), filters)
        with self.reading() as session:
            return int(session.execute(query).scalar_one())

    def stage_totals(self) -> dict[str, tuple[int, int]]:
        """Count and signed amount of the active projects in each stage."""
        query = (
            select(
                Project.stage, func.count(), func.coalesce(func.sum(Project.signed_amount_yuan), 0)
            )
            .where(col(Project.withdrawn_on).is_(None))
            .group_by(Project.stage)
        )
        with self.reading() as session:
            found = {stage: (count, amount) for stage, count, amount in session.execute(query)}
        return {stage.value: found.get(stage.value, (0, 0)) for stage in stages.STAGES}

    def distinct_values(self, column: str, *, pinyin: bool = True) -> list[str]:
        """The counties, chains ... in use, for filter choices, in pinyin order (or by the
        text: English mode)."""
        attribute, key = {
            "county": (Project.county, Project.county_key),
            "chain": (Project.chain, Project.chain_key),
        }[column]
        order = [key, attribute] if pinyin else [attribute]
        query = select(attribute, key).where(attribute != "").distinct().order_by(*order)
        with self.reading() as session:
            return list(session.execute(query).scalars())

    def project_row(self, ref: str | int) -> ProjectRow:
        """One project's row as a listing shows it, withdrawn or not."""
        any_project = ProjectFilter(include_withdrawn=True)
        with self.reading() as session:  # one read transaction: the row of the project found
            project_id = self._find(session, ref).id
            values = session.execute(
                self._listing(any_project, "deadline", False, [project_id or 0])
            ).one()
        return self._row(values, self.thresholds())

    # -- stewards -------------------------------------------------------------------------

    def stewards(self, *, pinyin: bool = True) -> list[StewardSummary]:
        """The leaders' responsibility list: each steward, their active projects, late and
        warned; the retired after the others; by pinyin, or by the text (English mode)."""
        thresholds = self.thresholds()
        names = [Steward.name_key, Steward.name] if pinyin else [Steward.name]
        active = col(Project.withdrawn_on).is_(None)
        columns: list[Any] = [
            Steward.id,
            Steward.name,
            Steward.title,
            Steward.unit,
            Steward.level,
            Steward.phone,
            func.count(Project.id),
            func.count(case((Project.deadline < self.today, 1))),
            Steward.retired_on,
        ]
        for level in (WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE):
            low, high = thresholds.deadline_range(level, self.today)
            condition = [col(Project.deadline).is_not(None)]
            if low:
                condition.append(Project.deadline >= low)
            if high:
                condition.append(Project.deadline <= high)
            columns.append(func.count(case((and_(*condition), 1))))
        query = (
            select(*columns)
            .outerjoin(Project, (Project.steward_id == Steward.id) & active)
            .group_by(Steward.id)
            .order_by(col(Steward.retired_on).is_not(None), *names)
        )
        with self.reading() as session:
            rows = session.execute(query).all()
        return [
            StewardSummary(
                id=r[0],
                name=r[1],
                title=r[2],
                unit=r[3],
                level=r[4],
                phone=r[5],
                projects=r[6],
                late=r[7],
                retired_on=r[8],
                warnings={
                    WarningLevel.RED: r[9],
                    WarningLevel.YELLOW: r[10],
                    WarningLevel.BLUE: r[11],
                },
            )
            for r in rows
        ]

    @staticmethod
    def steward_named(session: Session, name: str) -> Steward | None:
        """The steward of that exact name (locked until commit in a write, as projects are)."""
        query = select(Steward).where(Steward.name == name.strip())
        if session.info.get("writing"):
            query = query.with_for_update()
        return session.exec(query).scalars().first()

    def _known_steward(self, session: Session, name: str) -> Steward:
        """The named steward, retired or not; UnknownSteward, with the names it is like, when
        there is none."""
        steward = self.steward_named(session, name)
        if steward is not None:
            return steward
        every = session.exec(select(Steward.name)).scalars()
        raise UnknownSteward(name.strip(), similar_names(name, every))

    @staticmethod
    def _offered_names(session: Session) -> list[str]:
        """The stewards a project may be given: every one not retired."""
        query = select(Steward.name).where(col(Steward.retired_on).is_(None))
        return list(session.exec(query).scalars())

    def known_steward(self, name: str) -> str:
        """The name of the steward so named, retired or not; UnknownSteward, with the names
        it is like, when nobody is (a filter by a mistyped name would silently find nothing)."""
        with self.reading() as session:
            return self._known_steward(session, name).name

    def steward_names(self, *, include_retired: bool = False, pinyin: bool = True) -> list[str]:
        """Stewards' names in pinyin order (or by the text): those a project may be given, or
        every one."""
        order = [Steward.name_key, Steward.name] if pinyin else [Steward.name]
        query = select(Steward.name).order_by(*order)
        if not include_retired:
            query = query.where(col(Steward.retired_on).is_(None))
        with self.reading() as session:
            return list(session.exec(query).scalars())

    def similar_stewards(self, name: str) -> list[str]:
        """The stewards a project may be given whose names are most like this one."""
        return similar_names(name, self.steward_names())

    def _stewards_projects(self, session: Session, steward: Steward) -> list[Project]:
        """Every project the steward answers for, withdrawn ones too, locked in a write."""
        query = select(Project).where(Project.steward_id == steward.id).order_by(Project.id)
        return list(session.exec(query.with_for_update()).scalars())

    def rename_steward(self, old: str, new: str) -> int:
        """Correct a steward's name; each of their projects records the change in its
        history (so history still ends in the steward it has). Returns how many."""
        new = new.strip()
        if not new:
            raise UserError("the new name is empty")
        check_text(Steward.__table__, {"name": new})  # type: ignore[attr-defined]
        with self.writing() as session:
            steward = self._known_steward(session, old)
            if new == steward.name:
                raise UserError(f"the steward is already named {new}")
            if self.steward_named(session, new) is not None:
                raise UserError(
                    f"a steward named {new} exists: `investtrack steward merge "
                    f"{steward.name} {new}` moves every project of {steward.name} to them"
                )
            projects = self._stewards_projects(session, steward)
            for project in projects:
                self._log(
                    session,
                    project,
                    "steward rename",
                    [Change("steward", steward.name, new)],
                    note=f"{steward.name} renamed {new}",
                )
            steward.name = new
            steward.version += 1
            return len(projects)

    def merge_stewards(self, source: str, target: str) -> int:
        """Two records of one leader become one: every project of source (withdrawn ones too)
        moves to target, each move in the project's history; what target lacks of source's
        title, unit, level and phone is kept; source is removed. Returns how many moved."""
        with self.writing() as session:
            merged = self._known_steward(session, source)
            kept = self._known_steward(session, target)
            if merged.id == kept.id:
                raise UserError(f"{merged.name} and {kept.name} are the same steward")
            if kept.retired_on is not None:
                raise UserError(
                    f"steward {kept.name} retired on {kept.retired_on}: merge into another"
                )
            projects = self._stewards_projects(session, merged)
            for project in projects:
                self._bump(project, None)
                project.steward_id = kept.id
                self._log(
                    session,
                    project,
                    "steward merge",
                    [Change("steward", merged.name, kept.name)],
                    note=f"{merged.name} merged into {kept.name}",
                )
            for key in ("title", "unit", "level", "phone"):
                if not getattr(kept, key):
                    setattr(kept, key, getattr(merged, key))
            kept.version += 1
            session.flush()  # the projects point elsewhere before the row goes
            session.delete(merged)
            return len(projects)

    def retire_steward(self, name: str, *, undo: bool = False) -> Steward:
        """Retire a steward who answers for no active project (their withdrawn projects keep
        them, as records); undo: offer them for assignments again."""
        with self.writing() as session:
            steward = self._known_steward(session, name)
            if undo:
                if steward.retired_on is None:
                    raise UserError(f"steward {steward.name} is not retired")
                steward.retired_on = None
            else:
                if steward.retired_on is not None:
                    raise UserError(
                        f"steward {steward.name} already retired on {steward.retired_on}"
                    )
                active = session.execute(
                    select(func.count()).where(
                        Project.steward_id == steward.id, col(Project.withdrawn_on).is_(None)
                    )
                ).scalar_one()
                if active:
                    raise UserError(
                        f"steward {steward.name} still answers for {active} active "
                        f"project{'s' * (active != 1)}: "
                        "reassign them first (`investtrack steward merge` moves them all "
                        "to another steward)"
                    )
                steward.retired_on = self.today
            steward.version += 1
            return steward

    def update_steward(self, name: str, values: dict[str, str]) -> Steward:
        allowed = {"title", "unit", "level", "phone"}
        if set(values) - allowed:
            raise UserError(f"steward fields are {', '.join(sorted(allowed))}")
        with self.writing() as session:
            steward = session.exec(select(Steward).where(Steward.name == name)).scalars().first()
            if steward is None:
                raise NotFound(f"no steward named {name!r}")
            for key, value in values.items():
                setattr(steward, key, value)
            steward.version += 1
            return steward

    # -- deadlines ------------------------------------------------------------------------

    def due_items(
        self,
        within_days: int = 30,
        *,
        filters: ProjectFilter | None = None,
        offset: int = 0,
        limit: int = 500,
    ) -> DueList:
        """Stage deadlines and procedure due dates, overdue or due within within_days: the
        nearest to today first, just passed or soon to come alike (at equal distance the
        overdue first), one page of them (offset, limit), and how many there are in all.

        filters: the projects' stage, county, chain, steward and search, as lists take them;
        its warning is the colour of each date itself. Each kind of date is read twice, the
        passed ones backwards from today and the coming ones forwards, offset + limit of each
        at most: the page lies among them, whatever the office's size."""
        thresholds = self.thresholds()
        wanted = offset + limit
        items: list[DueItem] = []
        with self.reading() as session:  # one read: the count and the page agree
            total = 0
            for is_procedure, query, due in self._due(within_days, filters or ProjectFilter()):
                total += session.execute(
                    select(func.count()).select_from(query.subquery())
                ).scalar_one()
                tie = (Project.name, Project.id, query.selected_columns[4])
                passed = query.where(due < self.today).order_by(due.desc(), *tie)
                coming = query.where(due >= self.today).order_by(due, *tie)
                for side in (passed, coming):
                    for pid, code, name, steward, what, day in session.execute(side.limit(wanted)):
                        days = (day - self.today).days
                        items.append(
                            DueItem(
                                project_id=pid,
                                code=code,
                                name=name,
                                steward=steward,
                                what=what if is_procedure else Stage(what).deadline_field,
                                is_procedure=is_procedure,
                                due=day,
                                days_left=days,
                                working_days_left=working_days_left(self.today, day).days,
                                warning=thresholds.level(days),
                            )
                        )
        items.sort(
            key=lambda item: (
                abs(item.days_left),
                item.days_left >= 0,
                item.name,
                item.project_id,
                item.what,
            )
        )
        return DueList(items[offset:wanted], total, offset)

    def _due(self, within_days: int, filters: ProjectFilter) -> list[tuple[bool, Select[Any], Any]]:
        """(is a procedure, query, its date column): stage deadlines and open procedures' due
        dates up to within_days from today, of active projects, filtered, unsorted."""
        horizon = date.fromordinal(self.today.toordinal() + within_days)
        active = col(Project.withdrawn_on).is_(None)
        stage_query = (
            select(
                Project.id,
                Project.code,
                Project.name,
                Steward.name,
                Project.stage,
                Project.deadline,
            )
            .outerjoin(Steward, Project.steward_id == Steward.id)
            .where(active, col(Project.deadline).is_not(None), Project.deadline <= horizon)
        )
        procedure_query = (
            select(
                Project.id,
                Project.code,
                Project.name,
                Steward.name,
                Procedure.name,
                Procedure.due_on,
            )
            .join(Project, Procedure.project_id == Project.id)
            .outerjoin(Steward, Project.steward_id == Steward.id)
            .where(
                active,
                col(Procedure.required),
                col(Procedure.done_on).is_(None),
                col(Procedure.due_on).is_not(None),
                Procedure.due_on <= horizon,
                Project.stage.in_([Stage.SIGNED.value, Stage.PROCEDURES.value]),
            )
        )
        # the projects' filters; a warning is the colour of the date itself, not the project's
        projects = replace(filters, warning=None)
        found = []
        for is_procedure, query, due in (
            (False, stage_query, col(Project.deadline)),
            (True, procedure_query, col(Procedure.due_on)),
        ):
            query = self._filtered(query, projects)
            if filters.warning:
                low, high = self.thresholds().deadline_range(filters.warning, self.today)
                if low:
                    query = query.where(due >= low)
                if high:
                    query = query.where(due <= high)
            found.append((is_procedure, query, due))
        return found

    # -- procedures, funds, problems ------------------------------------------------------

    def procedures(self, ref: str | int) -> list[Procedure]:
        with self.reading() as session:
            project = self._find(session, ref)
            query = (
                select(Procedure)
                .where(Procedure.project_id == project.id)
                .order_by(col(Procedure.position), col(Procedure.id))
            )
            return list(session.exec(query).scalars())

    def _procedure(self, session: Session, procedure_id: int) -> tuple[Procedure, Project]:
        procedure = session.get(Procedure, procedure_id)
        if procedure is None:
            raise NotFound(f"no procedure #{procedure_id}")
        project = self.project_in(session, Project.id == procedure.project_id)
        assert project is not None
        return procedure, project

    def set_procedure(
        self,
        procedure_id: int,
        *,
        done_on: date | str | None = "keep",
        due_on: date | str | None = "keep",
        required: bool | None = None,
    ) -> Procedure:
        """Tick done (with a date), clear it, set the due date or whether it is required."""
        with self.writing() as session:
            procedure, project = self._procedure(session, procedure_id)
            changes: list[Change] = []
            for attribute, value in (
                ("done_on", done_on),
                ("due_on", due_on),
                ("required", required),
            ):
                if value == "keep" or (value is None and attribute == "required"):
                    continue
                if attribute == "done_on" and isinstance(value, date):
                    rules.refuse(rules.procedure_done(value, project.signed_on, self.today))
                old = getattr(procedure, attribute)
                if old != value:
                    setattr(procedure, attribute, value)
                    changes.append(Change(f"procedure:{procedure.name}:{attribute}", old, value))
            if changes:
                self._log(session, project, "procedure", changes)
                count_procedures(session, [project.id or 0])
            return procedure

    def add_procedure(self, ref: str | int, name: str, due_on: date | None = None) -> Procedure:
        if not name.strip():
            raise UserError("procedure name is empty")
        with self.writing() as session:
            project = self._find(session, ref)
            last = session.execute(
                select(func.max(Procedure.position)).where(Procedure.project_id == project.id)
            ).scalar()
            procedure = Procedure(
                project_id=project.id, name=name.strip(), due_on=due_on, position=(last or 0) + 1
            )
            session.add(procedure)
            self._log(session, project, "procedure", [Change("procedure", None, name.strip())])
            count_procedures(session, [project.id or 0])
            return procedure

    def drop_procedure(self, procedure_id: int) -> None:
        with self.writing() as session:
            procedure, project = self._procedure(session, procedure_id)
            self._log(session, project, "procedure", [Change("procedure", procedure.name, None)])
            session.delete(procedure)
            count_procedures(session, [project.id or 0])

    def dispatch_records(self, ref: str | int) -> list[DispatchRecord]:
        with self.reading() as session:
            project = self._find(session, ref)
            query = (
                select(DispatchRecord)
                .where(DispatchRecord.project_id == project.id)
                .order_by(col(DispatchRecord.month))
            )
            return list(session.exec(query).scalars())

    @staticmethod
    def month_record(session: Session, project: Project, month: date) -> DispatchRecord | None:
        """The project's record for the month (its first day), if there is one."""
        query = select(DispatchRecord).where(
            DispatchRecord.project_id == project.id, DispatchRecord.month == month
        )
        return session.exec(query).scalars().first()

    def record_month_in(
        self,
        session: Session,
        project: Project,
        month: date,
        *,
        funds_yuan: int,
        completed_yuan: int = 0,
        note: str = "",
        action: str = "funds",
    ) -> list[Change]:
        """Add to a month's record (funds arrive over time) and keep the project's total."""
        if funds_yuan < 0 or completed_yuan < 0:
            raise UserError("amounts must not be negative")
        month = month.replace(day=1)
        rules.refuse(rules.funds_month(month, self.today))
        record = self.month_record(session, project, month)
        if record is None:
            record = DispatchRecord(project_id=project.id, month=month)
            session.add(record)
        record.funds_in_place_yuan += funds_yuan
        record.investment_completed_yuan += completed_yuan
        if note:
            record.note = note
        session.flush()
        return self._refresh_funds(session, project, month, action)

    def set_month_in(
        self,
        session: Session,
        project: Project,
        month: date,
        *,
        funds_yuan: int,
        completed_yuan: int,
        note: str,
        action: str,
    ) -> list[Change]:
        """Replace a month's record with the given figures (what a re-imported sheet says, or
        a correction); history keeps the month's old and new figures."""
        if funds_yuan < 0 or completed_yuan < 0:
            raise UserError("amounts must not be negative")
        month = month.replace(day=1)
        rules.refuse(rules.funds_month(month, self.today))
        record = self.month_record(session, project, month)
        recorded = _month_changes(
            _month_figures(record), (funds_yuan, completed_yuan, note or None)
        )
        if not recorded:
            return []
        if record is None:
            record = DispatchRecord(project_id=project.id, month=month)
            session.add(record)
        record.funds_in_place_yuan = funds_yuan
        record.investment_completed_yuan = completed_yuan
        record.note = note
        session.flush()
        return self._refresh_funds(session, project, month, action, recorded)

    def _refresh_funds(
        self,
        session: Session,
        project: Project,
        month: date,
        action: str,
        recorded: Sequence[Change] = (),
    ) -> list[Change]:
        """Keep the project's total with its months. History gets what was recorded (a
        month's old and new figures), or else the total's change."""
        total = session.execute(
            select(func.coalesce(func.sum(DispatchRecord.funds_in_place_yuan), 0)).where(
                DispatchRecord.project_id == project.id
            )
        ).scalar_one()
        changes = []
        if total != project.funds_in_place_yuan:
            changes.append(Change("funds_in_place_yuan", project.funds_in_place_yuan, total))
            project.funds_in_place_yuan = total
            project.version += 1
        self._log(
            session,
            project,
            action,
            list(recorded) or changes or [Change("dispatch", None, month)],
            effective_on=min(month, self.today),
            note=f"{month:%Y-%m}" if recorded else "",
        )
        return changes

    def add_funds(
        self, ref: str | int, month: date, funds_yuan: int, completed_yuan: int = 0, note: str = ""
    ) -> DispatchRecord:
        with self.writing() as session:
            project = self._find(session, ref)
            self.record_month_in(
                session,
                project,
                month,
                funds_yuan=funds_yuan,
                completed_yuan=completed_yuan,
                note=note,
            )
            return (
                session.exec(
                    select(DispatchRecord).where(
                        DispatchRecord.project_id == project.id,
                        DispatchRecord.month == month.replace(day=1),
                    )
                )
                .scalars()
                .one()
            )

    def set_month(
        self,
        ref: str | int,
        month: date,
        funds_yuan: int,
        completed_yuan: int | None = None,
        note: str | None = None,
        *,
        replace: bool = True,
    ) -> list[Change]:
        """Set a month's funds in place, replacing what was recorded; investment completed and
        the note stay as they were unless given. replace=False refuses a month already
        recorded (the app asks first). Returns the month's changes, as history keeps them."""
        with self.writing() as session:
            project = self._find(session, ref)
            month = month.replace(day=1)
            old = _month_figures(self.month_record(session, project, month))
            if old != NO_RECORD and not replace:
                raise UserError(
                    f"{month:%Y-%m} already has funds recorded: "
                    "replacing them must be asked for, they are not added up"
                )
            self.set_month_in(
                session,
                project,
                month,
                funds_yuan=funds_yuan,
                completed_yuan=(old[1] or 0) if completed_yuan is None else completed_yuan,
                note=(old[2] or "") if note is None else note,
                action="funds",
            )
            return _month_changes(old, _month_figures(self.month_record(session, project, month)))

    def delete_month(self, ref: str | int, month: date) -> list[Change]:
        """Remove a month's record; the project's total follows, history keeps what it held."""
        with self.writing() as session:
            project = self._find(session, ref)
            month = month.replace(day=1)
            record = self.month_record(session, project, month)
            if record is None:
                raise NotFound(f"no funds recorded for {month:%Y-%m}")
            recorded = _month_changes(_month_figures(record), NO_RECORD)
            session.delete(record)
            session.flush()
            self._refresh_funds(session, project, month, "funds", recorded)
            return recorded

    def problems(self, ref: str | int) -> list[Problem]:
        with self.reading() as session:
            project = self._find(session, ref)
            query = (
                select(Problem).where(Problem.project_id == project.id).order_by(col(Problem.id))
            )
            return list(session.exec(query).scalars())

    def raise_problem(
        self,
        ref: str | int,
        text: str,
        *,
        category: str = "",
        owner: str = "",
        due_on: date | None = None,
        raised_on: date | None = None,
    ) -> Problem:
        if not text.strip():
            raise UserError("problem text is empty")
        raised_on = raised_on or self.today
        rules.refuse(rules.problem_dates(raised_on, due_on, None, self.today))
        with self.writing() as session:
            project = self._find(session, ref)
            problem = Problem(
                project_id=project.id,
                raised_on=raised_on,
                category=category,
                text=text.strip(),
                owner=owner,
                due_on=due_on,
            )
            session.add(problem)
            self._log(
                session,
                project,
                "problem",
                [Change("problem", None, text.strip())],
                effective_on=problem.raised_on,
            )
            return problem

    def problem_categories(self) -> list[str]:
        """The kinds a problem is filed under: the usual ones, then others the office used."""
        with self.reading() as session:
            query = select(Problem.category).where(Problem.category != "").distinct()
            used = set(session.execute(query).scalars()) - set(PROBLEM_CATEGORIES)
        return [*PROBLEM_CATEGORIES, *sorted(used)]

    def set_problem_status(self, problem_id: int, status: str, on: date | None = None) -> Problem:
        if status not in PROBLEM_STATUSES:
            raise UserError(f"unknown problem status {status!r}: use {', '.join(PROBLEM_STATUSES)}")
        with self.writing() as session:
            problem = session.get(Problem, problem_id)
            if problem is None:
                raise NotFound(f"no problem #{problem_id}")
            project = self.project_in(session, Project.id == problem.project_id)
            assert project is not None
            old = problem.status
            resolved_on = (on or self.today) if status == "resolved" else None
            rules.refuse(rules.problem_dates(problem.raised_on, None, resolved_on, self.today))
            problem.status = status
            problem.resolved_on = resolved_on
            problem.version += 1
            self._log(session, project, "problem", [Change(f"problem:{problem.id}", old, status)])
            return problem

    # -- whole database -------------------------------------------------------------------

    def project_count(self) -> int:
        with self.reading() as session:
            return int(session.execute(select(func.count()).select_from(Project)).scalar_one())

    def clear(self) -> None:
        """Delete every project and steward (the demo's --replace)."""
        with self.writing() as session:
            for model in (History, Procedure, DispatchRecord, Problem, Project, Steward):
                session.execute(model.__table__.delete())  # type: ignore[attr-defined]
            session.execute(delete(Setting).where(col(Setting.key) == DEMO_TODAY_KEY))


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "unknown")
