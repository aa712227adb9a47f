"""The export's detail sheets read back: stewards' titles, procedures, monthly records and
problems, each row matched to a project of the ledger sheet by code or name."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from store.commands.funds import replace_month
from store.commands.procedures import count_procedures
from store.dates import parse_date, parse_month
from store.db.models import Problem, Procedure, Project, Steward
from store.domain import rules
from store.errors import UserError
from store.io.import_state import DETAIL_SHEETS, TOTAL_WORDS, ImportState
from store.io.rows import Issue, is_blank
from store.labels import WORDS, Refusal
from store.money import Unit, parse_amount
from store.procedures import PROBLEM_STATUSES
from store.queries.projects import project_in


def normalise(header: object) -> str:
    """A detail sheet's header as compared with the names the export writes."""
    text = (
        str(header or "").replace("（", "(").replace("）", ")").replace("\n", "").replace("\r", "")
    )
    return re.sub(r"\s+", "", text).lower()


class DetailReader(ImportState):
    """Reads the export's detail sheets after its ledger sheet."""

    def _import_details(self, session: Session, sheet: str) -> None:
        rows = self._rows(sheet)
        kind = DETAIL_SHEETS[sheet]
        header_row = 0
        header: list[str] = []
        for header_row, cells in enumerate(rows, 1):  # noqa: B007  (the header's row number is used below)
            header = [normalise(cell) for cell in cells]
            if normalise("项目名称") in header or "name" in header:
                break
        index = {name: i for i, name in enumerate(header)}
        by_key: dict[tuple[str, str], int] = {}
        for project_id, code, name in session.execute(
            select(col(Project.id), col(Project.code), col(Project.name))
        ):
            by_key[("code", code or "")] = project_id
            by_key.setdefault(("name", name), project_id)
        positions: dict[int, int] = {}
        for number, cells in enumerate(rows, header_row + 1):
            row = DetailRow(index, cells)
            if kind == "steward":
                self._detail_steward(session, row)
                continue
            code, name = row.cell("项目代码", "code"), row.cell("项目名称", "name")
            if name is None or any(word in str(name) for word in TOTAL_WORDS):
                continue
            pid = by_key.get(("code", str(code))) if code else by_key.get(("name", str(name)))
            if pid is None:
                self.summary.errors.append(
                    Issue(
                        f"{self.path.name}/{sheet}",
                        number,
                        "项目代码",
                        str(code or name),
                        "no such project in the ledger sheet",
                        "项目台账中没有这个项目",
                    )
                )
                continue
            try:
                getattr(self, f"_detail_{kind}")(session, pid, row, positions)
            except UserError as error:
                self.summary.errors.append(
                    Issue.of(f"{self.path.name}/{sheet}", number, "", "", error)
                )
        if kind == "procedure":
            count_procedures(session, list(positions))

    def _detail_steward(self, session: Session, row: DetailRow) -> None:
        """The responsibility list carries each steward's title and unit."""
        name = row.cell("包抓领导", "steward")
        if name is not None:
            steward = (
                session.execute(select(Steward).where(col(Steward.name) == str(name)))
                .scalars()
                .first()
            )
            if steward is not None:
                steward.title = steward.title or str(row.cell("职务", "title") or "")
                steward.unit = steward.unit or str(row.cell("单位", "unit") or "")

    def _detail_procedure(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        if pid not in positions:  # the sheet lists each project's procedures in full
            session.execute(Procedure.__table__.delete().where(Procedure.project_id == pid))  # type: ignore[attr-defined]
            positions[pid] = 0
        done_on = row.date("办结日期", "done")
        project = session.get(Project, pid)
        signed_on = project.signed_on if project else None
        rules.refuse(rules.procedure_done(done_on, signed_on, self.store.today))
        required = str(row.cell("是否必需", "required") or "是").strip().lower() in (
            "是",
            "yes",
            "true",
            "1",
            "y",
        )
        session.add(
            Procedure(
                project_id=pid,
                position=positions[pid],
                name=str(row.cell("手续名称", "procedure")),
                required=required,
                due_on=row.date("办结时限", "due"),
                done_on=done_on,
            )
        )
        positions[pid] += 1

    def _detail_dispatch(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        project = project_in(session, col(Project.id) == pid)
        assert project is not None
        replace_month(
            session,
            self.store.actor,
            project,
            parse_month(row.cell("月份", "month")),
            funds_yuan=row.money("当月到位资金", "Funds in place this month"),
            completed_yuan=row.money("当月完成投资", "Investment completed this month"),
            note=str(row.cell("进展情况", "progress") or ""),
            action="import",
        )

    def _detail_problem(
        self, session: Session, pid: int, row: DetailRow, positions: dict[int, int]
    ) -> None:
        if pid not in positions:
            session.execute(Problem.__table__.delete().where(Problem.project_id == pid))  # type: ignore[attr-defined]
            positions[pid] = 0
        status_text = str(row.cell("办理状态", "status") or "open")
        spelled = status_text.strip().casefold()  # an English sheet writes In hand, Resolved
        status = next(
            (key for key in PROBLEM_STATUSES if spelled in (key, *map(str.casefold, WORDS[key]))),
            None,
        )
        if status is None:
            raise Refusal(
                f"未知的问题状态 {status_text!r}", f"unknown problem status {status_text!r}"
            )
        raised_on = row.date("提出日期", "raised on") or self.store.today
        due_on, resolved_on = row.date("办结时限", "due"), row.date("解决日期", "resolved on")
        rules.refuse(rules.problem_dates(raised_on, due_on, resolved_on, self.store.today))
        rules.refuse(rules.problem_status(status, resolved_on))
        session.add(
            Problem(
                project_id=pid,
                raised_on=raised_on,
                category=str(row.cell("问题类别", "category") or ""),
                text=str(row.cell("问题内容", "problem") or ""),
                owner=str(row.cell("责任单位", "owner") or ""),
                due_on=due_on,
                status=status,
                resolved_on=resolved_on,
            )
        )


class DetailRow:
    """One row of a detail sheet, read by header name (Chinese or English)."""

    def __init__(self, index: dict[str, int], cells: list[object]) -> None:
        self.index = index
        self.cells = cells

    def cell(self, *names: str) -> object:
        for name in names:
            position = self.index.get(normalise(name))
            if (
                position is not None
                and position < len(self.cells)
                and not is_blank(self.cells[position])
            ):
                return self.cells[position]
        return None

    def date(self, *names: str) -> date | None:
        value = self.cell(*names)
        return None if value is None else parse_date(value)

    def money(self, zh: str, en: str) -> int:
        """An amount whose header names its unit, e.g. 当月到位资金(亿元)."""
        for unit in Unit:
            value = self.cell(f"{zh}({unit.label_zh})", f"{en}({unit.value})")
            if value is not None:
                return parse_amount(value, unit)  # type: ignore[arg-type]
        return 0
