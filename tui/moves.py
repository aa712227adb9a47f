"""Stage moves and reassignment, asked for in a form and written in a worker.

Board, ledger, stewards and project screens all call these, so each move behaves the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from store.dates import parse_date
from store.stages import Kind, Stage
from tui.modals import FormField, FormModal
from tui.words import say

if TYPE_CHECKING:
    from store.service import Store
    from tui.app import InvestTrackApp


def ask_and_write(
    app: InvestTrackApp,
    title: str,
    fields: list[FormField],
    write: Callable[[Store, dict[str, Any]], object],
    done: str | Callable[[dict[str, Any]], str],
    confirm: Callable[[dict[str, Any]], str | None] | None = None,
) -> None:
    """A form that writes before it closes: a refused move keeps it open, the reason shown
    inside it and the typing kept; once written, the notice and every screen's reload.
    confirm: a question asked before writing, given what was typed (see FormModal)."""

    def save(values: dict[str, Any]) -> None:
        write(app.store, values)
        app.store.changes.changed()  # our own commit: the reload below covers it

    def closed(values: dict[str, Any] | None) -> None:
        if values is not None:
            notice = done if isinstance(done, str) else done(values)
            app.notify(notice, timeout=3, markup=False)
            app.post_data_changed(notice)

    app.push_screen(FormModal(title, fields, save, confirm), closed)


def ask_advance(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [
        FormField("on", "Date 日期", app.store.today.isoformat(), parse_date, required=True),
        FormField("note", "Note 说明"),
    ]
    ask_and_write(
        app,
        f"Advance 推进: {name}",
        fields,
        lambda store, values: store.advance(
            project_id, values["on"], values["note"] or "", expected_version=version
        ),
        f"{name}: advanced 已推进",
    )


def ask_back(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    ask_and_write(
        app,
        f"Back 退回: {name}",
        [FormField("reason", "Reason 原因 (a correction needs one)", required=True)],
        lambda store, values: store.back(
            project_id, str(values["reason"]), expected_version=version
        ),
        f"{name}: moved back 已退回",
    )


def ask_withdraw(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [
        FormField("reason", "Reason 原因", required=True),
        FormField("on", "Date 日期", app.store.today.isoformat(), parse_date, required=True),
    ]
    ask_and_write(
        app,
        f"Withdraw 退出: {name}",
        fields,
        lambda store, values: store.withdraw(
            project_id, str(values["reason"]), values["on"], expected_version=version
        ),
        f"{name}: withdrawn 已退出",
    )


def ask_resume(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    """A continuing project's 复工 this year (the store refuses a second one in a year)."""
    lang = app.lang
    fields = [
        FormField(
            "on", say("resume_date", lang), app.store.today.isoformat(), parse_date, required=True
        ),
        FormField("note", say("note", lang)),
    ]
    ask_and_write(
        app,
        f"{say('resume', lang)}: {name}",
        fields,
        lambda store, values: store.resume(project_id, values["on"], values["note"] or ""),
        f"{name}: {say('resumed', lang)}",
    )


def ask_reinstate(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    ask_and_write(
        app,
        f"Reinstate 恢复: {name}",
        [FormField("reason", "Reason 原因 (why the withdrawal is undone)", required=True)],
        lambda store, values: store.reinstate(
            project_id, str(values["reason"]), expected_version=version
        ),
        f"{name}: reinstated 已恢复",
    )


def ask_assign(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    """The existing stewards to choose from, searched as typed; a new one only after asking."""
    from tui.steward_picker import ask_reassign

    ask_reassign(app, project_id, name, version)


class ProjectMoves:
    """Keys that act on the project a screen has selected; mix into a StoreScreen."""

    MOVE_BINDINGS = (
        ("a", "advance", "Advance 推进"),
        ("z", "back", "Back 退回"),
        ("x", "withdraw", "Withdraw 退出"),
        ("r", "assign", "Reassign 调整领导"),
        ("c", "resume", "Resume 复工"),
    )
    # on screens that show withdrawn projects (shift+x: it undoes x)
    REINSTATE_BINDING = ("X", "reinstate", "Reinstate 恢复")
    IN_PIPELINE_ONLY = frozenset({"advance", "back", "withdraw"})

    def selected_project(self) -> tuple[int, str, int | None] | None:
        """The id, name and version of the project under the cursor."""
        raise NotImplementedError

    def selected_withdrawn(self) -> bool:
        """Whether the project under the cursor is withdrawn; screens that show withdrawn
        projects say."""
        return False

    def selected_stage_kind(self) -> tuple[str, str] | None:
        """The stage and kind (new, continuing) of the project under the cursor, where the
        screen knows them: the moves that cannot apply to it are then not offered."""
        return None

    def move_applies(self, action: str) -> bool:
        """A move's key shows where it can act: reinstate on a withdrawn project, the stage
        moves, withdraw and 复工 on one in the pipeline; advance short of producing, back
        past signed, 复工 on a continuing project (for check_action)."""
        if action == "reinstate":
            return self.selected_withdrawn()
        if (action in self.IN_PIPELINE_ONLY or action == "resume") and self.selected_withdrawn():
            return False
        known = self.selected_stage_kind()
        if known is None:
            return True
        stage, kind = known
        if action == "advance":
            return stage != Stage.PRODUCING
        if action == "back":
            return stage != Stage.SIGNED
        if action == "resume":
            return kind == Kind.CONTINUING
        return True

    def move_keys_state(self) -> tuple[bool, ...]:
        """Which moves apply to the selected project: a screen redraws its footer only when
        this changes as the cursor moves (a redraw at every row would slow the cursor)."""
        return tuple(
            self.move_applies(action)
            for action in (*(move[1] for move in self.MOVE_BINDINGS), "reinstate")
        )

    followed_id: int | None = None  # the project last acted on: the cursor follows it

    def _move(self, ask: object) -> None:
        chosen = self.selected_project()
        if chosen is not None:
            self.followed_id = chosen[0]
            ask(self.app, *chosen)  # type: ignore[attr-defined, operator]

    def action_advance(self) -> None:
        self._move(ask_advance)

    def action_back(self) -> None:
        self._move(ask_back)

    def action_withdraw(self) -> None:
        self._move(ask_withdraw)

    def action_assign(self) -> None:
        self._move(ask_assign)

    def action_resume(self) -> None:
        self._move(ask_resume)

    def action_reinstate(self) -> None:
        if self.selected_withdrawn():
            self._move(ask_reinstate)
