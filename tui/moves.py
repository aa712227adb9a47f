"""Stage moves and reassignment, asked for in a form and written in a worker.

Board, ledger, stewards and project screens all call these, so each move behaves the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from store.dates import parse_date
from store.domain.rules import resumed_already
from store.errors import UserError
from store.stages import STAGES, Kind, Stage
from tui.modals import FormField, FormModal
from tui.words import labelled, say

if TYPE_CHECKING:
    from store.service import Store
    from tui.host import HostApp


def ask_and_write(
    app: HostApp,
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


def stage_move_title(app: HostApp, move: str, project_id: int, name: str, step: int) -> str:
    """The move's title with the stage the project leaves and the one it moves to ("推进：
    手续 → 开工（名称）"); the move and the name alone when there is no such stage or the
    project is gone (the store then says why it refuses)."""
    lang = app.lang
    try:
        leaving: Stage | None = Stage(app.store.project(project_id).stage)
    except UserError:  # gone since the screen read it
        leaving = None
    if leaving is None or not 0 <= leaving.index + step < len(STAGES):
        return labelled(say(move, lang), name, lang)
    stages = f"{say(leaving.value, lang)} → {say(STAGES[leaving.index + step].value, lang)}"
    return say("stage_move", lang, move=say(move, lang), stages=stages, name=name)


def ask_advance(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    lang = app.lang
    fields = [
        FormField("on", say("date", lang), app.store.today.isoformat(), parse_date, required=True),
        FormField("note", say("note", lang)),
    ]
    ask_and_write(
        app,
        stage_move_title(app, "advance", project_id, name, 1),
        fields,
        lambda store, values: store.advance(
            project_id, values["on"], values["note"] or "", expected_version=version
        ),
        labelled(name, say("advanced", lang), lang),
    )


def ask_back(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    lang = app.lang
    ask_and_write(
        app,
        stage_move_title(app, "back", project_id, name, -1),
        [FormField("reason", say("reason_correction", lang), required=True)],
        lambda store, values: store.back(
            project_id, str(values["reason"]), expected_version=version
        ),
        labelled(name, say("moved_back", lang), lang),
    )


def ask_withdraw(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    lang = app.lang
    fields = [
        FormField("reason", say("reason", lang), required=True),
        FormField("on", say("date", lang), app.store.today.isoformat(), parse_date, required=True),
    ]
    ask_and_write(
        app,
        labelled(say("withdraw", lang), name, lang),
        fields,
        lambda store, values: store.withdraw(
            project_id, str(values["reason"]), values["on"], expected_version=version
        ),
        labelled(name, say("withdrawn", lang), lang),
    )


def ask_resume(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    """A continuing project's 复工 this year (the store refuses a second one in a year)."""
    lang = app.lang
    fields = [
        FormField(
            "on", say("resumed_on", lang), app.store.today.isoformat(), parse_date, required=True
        ),
        FormField("note", say("note", lang)),
    ]
    ask_and_write(
        app,
        labelled(say("resume", lang), name, lang),
        fields,
        lambda store, values: store.resume(project_id, values["on"], values["note"] or ""),
        labelled(name, say("resumed", lang), lang),
    )


def ask_reinstate(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    lang = app.lang
    ask_and_write(
        app,
        labelled(say("reinstate", lang), name, lang),
        [FormField("reason", say("reason_reinstate", lang), required=True)],
        lambda store, values: store.reinstate(
            project_id, str(values["reason"]), expected_version=version
        ),
        labelled(name, say("reinstated", lang), lang),
    )


def ask_assign(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    """The existing stewards to choose from, searched as typed; a new one only after asking."""
    from tui.steward_picker import ask_reassign

    ask_reassign(app, project_id, name, version)


class ProjectMoves:
    """Keys that act on the project a screen has selected; mix into a StoreScreen."""

    # key, action, description, what it does (words of tui.words)
    MOVE_BINDINGS = (
        ("a", "advance", "advance", "help_advance"),
        ("z", "back", "back", "help_back"),
        ("x", "withdraw", "withdraw", "help_withdraw"),
        ("r", "assign", "assign", "help_assign"),
        ("c", "resume", "resume", "help_resume"),
    )
    # on screens that show withdrawn projects (shift+x: it undoes x)
    REINSTATE_BINDING = ("X", "reinstate", "reinstate", "help_reinstate")

    @classmethod
    def move_bindings(cls, screen: str, *, reinstate: bool = False) -> list[Binding]:
        """The move keys of a screen (ids screen.action), the reinstate key last when asked."""
        moves = [*cls.MOVE_BINDINGS, *([cls.REINSTATE_BINDING] if reinstate else [])]
        return [
            Binding(key, action, label, tooltip=does, id=f"{screen}.{action}")
            for key, action, label, does in moves
        ]

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

    def selected_resumed_on(self) -> date | None:
        """The last 复工 of the project under the cursor, where the screen knows it: 复工 is
        then not offered a second time in a year."""
        return None

    def move_applies(self, action: str) -> bool:
        """A move's key shows where it can act: reinstate on a withdrawn project, the stage
        moves, withdraw and 复工 on one in the pipeline; advance short of producing, back
        past signed, 复工 on a continuing project not yet resumed this year (for
        check_action)."""
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
            today: date = self.app.store.today  # type: ignore[attr-defined]
            return kind == Kind.CONTINUING and not resumed_already(
                self.selected_resumed_on(), today
            )
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
