"""A stored project updated from a row: its fields, its stage, stewards, withdrawal and funds,
each change in the history, checked against what is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from store.commands.funds import replace_month
from store.commands.history import Actor, log_changes
from store.commands.projects import refresh_derived, update_project
from store.db.models import Project, Steward, month_fields, with_month_fields
from store.domain.headers import DATE_FIELDS
from store.errors import UserError
from store.io.import_state import ImportState
from store.io.rows import Issue, ParsedRow, field_label
from store.labels import Lang, Refusal, word
from store.queries.projects import month_record
from store.stages import (
    STAGE_DATE_FIELDS,
    STAGES,
    Change,
    Stage,
    check_date_values,
    check_dates,
    furthest_dated,
    set_stage,
)


class ProjectUpdater(ImportState):
    """Updates a stored project from the row that names it."""

    def _update(
        self, session: Session, project: Project, parsed: ParsedRow, stewards: dict[str, int]
    ) -> None:
        values = dict(parsed.values)
        stated = values.pop("stage", None)
        withdrawn_on, reason = values.pop("withdrawn_on", None), values.pop("withdraw_reason", None)
        stage = self._stage_reached(project, parsed, values, stated)
        before = project.month_dates
        precision = with_month_fields(before, set(parsed.month_only), set(parsed.full_dates))
        note = f"{self.path.name} row {parsed.number}"
        actor = self.store.actor
        try:
            self._refuse_moving_back(project, parsed, stage)
            self._check_against_stored(project, parsed, values, stage, precision)
            project.month_dates = precision  # dates are compared to the month where so known
            changes = update_project(
                session,
                actor,
                project,
                values,
                action="import",
                note=note,
                reaching=stage,  # the stage the sheet puts it at, set below
            )
            project.month_dates = precision  # update_project forgot it for the dates it wrote
            changes += self._move_to(session, actor, project, stage, note)
            changes += self._restaff(session, actor, project, parsed, stewards, note)
            if withdrawn_on and not project.withdrawn_on:
                changes += self._withdraw(session, actor, project, withdrawn_on, reason or "")
            if (
                parsed.funds_in_place is not None
                and parsed.funds_in_place != project.funds_in_place_yuan
            ):
                changes += self._set_total_funds(session, project, parsed.funds_in_place)
        except UserError as error:
            project.month_dates = before
            self.summary.errors.append(Issue.of(parsed.label, parsed.number, "", "", error))
            self.summary.skipped += 1
            return
        if changes:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1

    @staticmethod
    def _stage_reached(
        project: Project, parsed: ParsedRow, values: dict[str, Any], stated: str | None
    ) -> Stage:
        """The stage the row puts the project at: the one it states, else the furthest its
        dates reach, never back from the stored one; a row saying not started caps it."""
        # A sheet without a stage column moves a project only forward, as its dates say.
        dated = {f: values.get(f, getattr(project, f)) for f in STAGE_DATE_FIELDS}
        stage = (
            Stage(stated)
            if stated
            else max(Stage(project.stage), furthest_dated(dated), key=STAGES.index)
        )
        if parsed.ceiling is not None and stage.index > parsed.ceiling.index:
            stage = parsed.ceiling  # 是否开工 否: not started, whatever was stored
        return stage

    @staticmethod
    def _refuse_moving_back(project: Project, parsed: ParsedRow, stage: Stage) -> None:
        """A sheet never moves a project back: a move back needs its reason, and a sheet
        behind the database (kept before the moves made since) must not undo them."""
        stored = Stage(project.stage)
        if stage.index >= stored.index:
            return
        since = getattr(project, stored.date_field)
        header = parsed.headers.get("stage") or word("stage", Lang.ZH)
        raise Refusal(
            f"库中此项目已于 {since} 到「{word(stored.value, Lang.ZH)}」，表中「{header}」为"
            f"「{word(stage.value, Lang.ZH)}」：导入不把项目退回；退回须写明原因"
            "（在应用中按退回，或用 investtrack back 项目代码 --reason 原因）",
            f"the database has it at {word(stored.value, Lang.EN)} since {since}, the sheet's "
            f"{header} says {word(stage.value, Lang.EN)}: an import never moves a project back; "
            "a move back needs its reason (back in the app, or investtrack back CODE --reason "
            "...)",
        )

    @staticmethod
    def _move_to(
        session: Session, actor: Actor, project: Project, stage: Stage, note: str
    ) -> list[Change]:
        if stage.value == project.stage:
            return []
        moved = set_stage(project, stage)
        check_dates(project)
        refresh_derived(project)
        entered = getattr(project, stage.date_field) or actor.today
        log_changes(session, actor, project, "import", moved, effective_on=entered, note=note)
        return moved

    @staticmethod
    def _restaff(
        session: Session,
        actor: Actor,
        project: Project,
        parsed: ParsedRow,
        stewards: dict[str, int],
        note: str,
    ) -> list[Change]:
        """The row's steward (by id) and other stewards, where they differ from the stored."""
        changes: list[Change] = []
        if parsed.steward and stewards[parsed.steward] != project.steward_id:
            old = session.get(Steward, project.steward_id) if project.steward_id else None
            project.steward_id = stewards[parsed.steward]
            change = Change("steward", old.name if old else None, parsed.steward)
            changes.append(change)
            log_changes(session, actor, project, "import", [change])
        if parsed.others is not None and parsed.others != project.other_stewards:
            change = Change("other_stewards", project.other_stewards, parsed.others)
            project.other_stewards = parsed.others
            changes.append(change)
            log_changes(session, actor, project, "import", [change], note=note)
        return changes

    @staticmethod
    def _withdraw(
        session: Session, actor: Actor, project: Project, withdrawn_on: date, reason: str
    ) -> list[Change]:
        project.withdrawn_on, project.withdraw_reason = withdrawn_on, reason
        refresh_derived(project)
        change = Change("withdrawn_on", None, withdrawn_on)
        log_changes(
            session, actor, project, "import", [change], effective_on=withdrawn_on, note=reason
        )
        return [change]

    @staticmethod
    def _check_against_stored(
        project: Project, parsed: ParsedRow, values: dict[str, Any], stage: Stage, precision: str
    ) -> None:
        """The row's dates with the ones already stored, in order (the dates of stages after
        the one the sheet states are forgotten with the move); named as the sheet heads them,
        a stored one as the tool's own sheets do."""
        dates = {name: getattr(project, name) for name in DATE_FIELDS} | {
            name: value for name, value in values.items() if name in DATE_FIELDS
        }
        for later in STAGES[stage.index + 1 :]:
            dates[later.date_field] = None

        def names(lang: Lang) -> dict[str, str]:
            stored = "{}（已录入）" if lang is Lang.ZH else "{} (stored)"
            return {
                name: parsed.headers.get(name, field_label(name))
                if name in values
                else stored.format(word(name, lang))
                for name in DATE_FIELDS
            }

        months = month_fields(precision)
        try:
            check_date_values(dates, months, names(Lang.EN))
        except Refusal as english:
            try:
                check_date_values(dates, months, names(Lang.ZH))
            except Refusal as chinese:  # the same order broken, named in Chinese
                raise Refusal(chinese.chinese, english.english, field=english.field) from None
            raise

    def _set_total_funds(self, session: Session, project: Project, total: int) -> list[Change]:
        """The sheet's cumulative funds: this month's record takes the difference."""
        month = self.store.today.replace(day=1)
        record = month_record(session, project, month)
        this_month = record.funds_in_place_yuan if record else 0
        others = project.funds_in_place_yuan - this_month
        if total < others:
            raise Refusal(
                f"累计到位资金 {total} 元少于此前各月已到位的 {others} 元",
                f"funds in place {total} yuan is less than the {others} yuan of earlier months",
            )
        return replace_month(
            session,
            self.store.actor,
            project,
            month,
            funds_yuan=total - others,
            completed_yuan=record.investment_completed_yuan if record else 0,
            note=record.note if record else "",
            action="import",
        )
