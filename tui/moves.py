"""Stage moves and reassignment, asked for in a form and written in a worker.

Board, ledger, stewards and project screens all call these, so each move behaves the same
everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.dates import parse_date
from tui.modals import FormField, FormModal

if TYPE_CHECKING:
    from tui.app import InvestTrackApp


def ask_advance(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [
        FormField("on", "Date 日期", app.store.today.isoformat(), parse_date, required=True),
        FormField("note", "Note 说明"),
    ]

    def save(values: dict[str, object] | None) -> None:
        if values:
            app.write(
                lambda store: store.advance(
                    project_id,
                    values["on"],
                    values["note"] or "",  # type: ignore[arg-type]
                    expected_version=version,
                ),
                done=f"{name}: advanced 已推进",
            )

    app.push_screen(FormModal(f"Advance 推进: {name}", fields), save)


def ask_back(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [FormField("reason", "Reason 原因 (a correction needs one)", required=True)]

    def save(values: dict[str, object] | None) -> None:
        if values:
            app.write(
                lambda store: store.back(
                    project_id, str(values["reason"]), expected_version=version
                ),
                done=f"{name}: moved back 已退回",
            )

    app.push_screen(FormModal(f"Back 退回: {name}", fields), save)


def ask_withdraw(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [
        FormField("reason", "Reason 原因", required=True),
        FormField("on", "Date 日期", app.store.today.isoformat(), parse_date, required=True),
    ]

    def save(values: dict[str, object] | None) -> None:
        if values:
            app.write(
                lambda store: store.withdraw(
                    project_id,
                    str(values["reason"]),
                    values["on"],  # type: ignore[arg-type]
                    expected_version=version,
                ),
                done=f"{name}: withdrawn 已退出",
            )

    app.push_screen(FormModal(f"Withdraw 退出: {name}", fields), save)


def ask_assign(app: InvestTrackApp, project_id: int, name: str, version: int | None) -> None:
    fields = [
        FormField("steward", "Steward 包抓领导 (new names are created)", required=True),
        FormField("note", "Note 说明"),
    ]

    def save(values: dict[str, object] | None) -> None:
        if values:
            app.write(
                lambda store: store.assign(
                    project_id,
                    str(values["steward"]),
                    str(values["note"] or ""),
                    expected_version=version,
                ),
                done=f"{name}: steward {values['steward']}",
            )

    app.push_screen(FormModal(f"Reassign 调整包抓领导: {name}", fields), save)


class ProjectMoves:
    """Keys that act on the project a screen has selected; mix into a StoreScreen."""

    MOVE_BINDINGS = (
        ("a", "advance", "Advance 推进"),
        ("z", "back", "Back 退回"),
        ("x", "withdraw", "Withdraw 退出"),
        ("r", "assign", "Reassign 调整领导"),
    )

    def selected_project(self) -> tuple[int, str, int | None] | None:
        """The id, name and version of the project under the cursor."""
        raise NotImplementedError

    def _move(self, ask: object) -> None:
        chosen = self.selected_project()
        if chosen is not None:
            ask(self.app, *chosen)  # type: ignore[attr-defined, operator]

    def action_advance(self) -> None:
        self._move(ask_advance)

    def action_back(self) -> None:
        self._move(ask_back)

    def action_withdraw(self) -> None:
        self._move(ask_withdraw)

    def action_assign(self) -> None:
        self._move(ask_assign)
