"""Writing the rows read: new projects in bulk, stored ones updated field by field, each
change in the history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from store.db.models import DispatchRecord, History, Problem, Project, Steward
from store.domain import rules
from store.domain.stewards import GoneSteward, RetiredSteward
from store.io.beside import sweep_young
from store.io.bulk import add_default_procedures, bulk_insert, insert_projects
from store.io.import_updates import ProjectUpdater
from store.io.rows import NEW_PROJECT_COLUMNS, Issue, ParsedRow, RowResult
from store.labels import Refusal
from store.queries.stewards import successors
from store.stages import Kind

# An import's history rows, in this order.
HISTORY_COLUMNS = (
    "project_id",
    "at",
    "effective_on",
    "user",
    "action",
    "field",
    "old_value",
    "new_value",
    "note",
)


class ProjectWriter(ProjectUpdater):
    """Writes each batch of rows read: adds the new projects, updates the stored ones."""

    def _write_results(self, session: Session, results: list[RowResult]) -> None:
        batch: list[ParsedRow] = []
        for result in results:
            self.summary.errors.extend(result.errors)
            self.summary.warnings.extend(result.warnings)
            if result.parsed is None:
                self.summary.skipped += 1
            else:
                batch.append(result.parsed)
        self._write_batch(session, batch)
        sweep_young()

    def _existing(self, session: Session, batch: list[ParsedRow]) -> dict[tuple[str, str], Project]:
        codes = [p.values["code"] for p in batch if p.values.get("code")]
        names = [p.values["name"] for p in batch if not p.values.get("code")]
        found: dict[tuple[str, str], Project] = {}
        if codes:
            query = select(Project).where(col(Project.code).in_(codes)).with_for_update()
            for project in session.execute(query).scalars():
                found[("code", project.code or "")] = project
        if names:
            query = select(Project).where(col(Project.name).in_(names)).with_for_update()
            for project in session.execute(query).scalars():
                found.setdefault(("name", project.name), project)
        return found

    def _stewards(
        self, session: Session, titles: dict[str, str]
    ) -> tuple[dict[str, int], dict[str, Refusal]]:
        """Each steward's id, created when new; a title written with the name is kept on a
        steward who has none. And the names no project may be given: a retired steward, and
        a name merged into another or renamed (never made again)."""
        known: dict[str, int] = {}
        refused: dict[str, Refusal] = {}
        for steward in session.execute(
            select(Steward).where(col(Steward.name).in_(titles))
        ).scalars():
            known[steward.name] = steward.id or 0
            if titles[steward.name] and not steward.title:
                steward.title = titles[steward.name]
            if steward.retired_on is not None:
                refused[steward.name] = RetiredSteward(steward.name, steward.retired_on)
        unknown = titles.keys() - known.keys()
        for name, successor in successors(session, set(unknown)).items():
            refused[name] = GoneSteward(name, successor)
        for name in titles:  # made in the order the sheet names them
            if name in known or name in refused:
                continue
            steward = Steward(name=name, title=titles[name])
            session.add(steward)
            session.flush()
            known[name] = steward.id or 0
        return known, refused

    def _steward_refused(
        self,
        parsed: ParsedRow,
        project: Project | None,
        stewards: dict[str, int],
        refused: dict[str, Refusal],
    ) -> bool:
        """A row giving its project a steward who may have none, told; the steward a stored
        project already has may be written again."""
        name = parsed.steward or ""
        refusal = refused.get(name)
        if refusal is None:
            return False
        if project is not None and name in stewards and project.steward_id == stewards[name]:
            return False
        header = parsed.headers.get("steward", "")
        self.summary.errors.append(Issue.of(parsed.label, parsed.number, header, name, refusal))
        self.summary.skipped += 1
        return True

    def _write_batch(self, session: Session, batch: list[ParsedRow]) -> None:
        if not batch:
            return
        existing = self._existing(session, batch)
        titles: dict[str, str] = {}
        for parsed in batch:
            if parsed.steward:
                titles[parsed.steward] = titles.get(parsed.steward) or parsed.steward_title
        stewards, refused = self._stewards(session, titles)
        fresh: list[ParsedRow] = []
        for parsed in batch:
            code = parsed.values.get("code")
            project = existing.get(("code", code) if code else ("name", parsed.values["name"]))
            if self._steward_refused(parsed, project, stewards, refused):
                continue
            if project is None:
                if self._signed(parsed) and self._resumes_rightly(parsed):
                    fresh.append(parsed)
            elif self.options.on_conflict == "skip":
                self.summary.skipped += 1
            elif self.options.on_conflict == "error":
                header = parsed.headers["code" if code else "name"]
                self.summary.errors.append(
                    Issue(
                        parsed.label,
                        parsed.number,
                        header,
                        code or parsed.values["name"],
                        "already in the database",
                        "数据库中已有此项目",
                    )
                )
                self.summary.skipped += 1
            else:
                self._update(session, project, parsed, stewards)
        self._insert(session, fresh, stewards)

    def _signed(self, parsed: ParsedRow) -> bool:
        """A new project is recorded from its signing: a blank signing date is refused, never
        taken as today."""
        if parsed.values.get("signed_on") is not None:
            return True
        header = parsed.headers.get("signed_on")
        reason, reason_zh = (
            (
                "a new project needs its signing date; this row leaves it empty",
                "新项目须有签约日期，这一行没有填",
            )
            if header
            else (
                "a new project needs its signing date, and no column of the sheet gives it "
                "(签约时间): name one with --map '<header>=signed_on'",
                "新项目须有签约日期，而表中没有哪一列给出（签约时间）："
                "请用 --map '<表头>=signed_on' 指明",
            )
        )
        self.summary.errors.append(
            Issue(parsed.label, parsed.number, header or "", "", reason, reason_zh)
        )
        self.summary.skipped += 1
        return False

    def _resumes_rightly(self, parsed: ParsedRow) -> bool:
        """A new project's 复工 date is a continuing (续建) one's: a sheet that gives the date
        and no kind is refused, never taken as continuing. (A stored project is judged with
        its stored kind when updated.)"""
        values = parsed.values
        broken = rules.resumption(values.get("kind", Kind.NEW.value), values.get("resumed_on"))
        for wrong in broken:
            header = parsed.headers.get("resumed_on", "")
            self.summary.errors.append(
                Issue(
                    parsed.label, parsed.number, header, wrong.value, wrong.reason, wrong.reason_zh
                )
            )
        self.summary.skipped += bool(broken)
        return not broken

    def _insert(self, session: Session, fresh: list[ParsedRow], stewards: dict[str, int]) -> None:
        """New projects in Core batches: rows, default procedures, stage history."""
        if not fresh:
            return
        today = self.store.today
        # Plain tuples, not model objects: building 100,000 SQLModel instances costs more than
        # writing them. The row reader made them; only the steward's id comes from here.
        rows = [
            (stewards.get(parsed.steward) if parsed.steward else None, *parsed.new_row)
            for parsed in fresh
        ]
        ids = insert_projects(session, ("steward_id", *NEW_PROJECT_COLUMNS), rows)
        connection = session.connection()
        add_default_procedures(connection, ids)
        history: list[tuple[Any, ...]] = []
        funds = []
        at, user, note = self.now, self.store.user, self.path.name
        for pid, parsed in zip(ids, fresh, strict=True):
            for stage, entered in parsed.trail:
                history.append((pid, at, entered, user, "import", "stage", None, stage.value, note))
            if parsed.steward:
                signed_on = parsed.values["signed_on"]
                history.append(
                    (pid, at, signed_on, user, "import", "steward", None, parsed.steward, note)
                )
            if parsed.funds_in_place:
                funds.append(
                    {
                        "project_id": pid,
                        "month": today.replace(day=1),
                        "funds_in_place_yuan": parsed.funds_in_place,
                        "investment_completed_yuan": 0,
                        "note": "",
                    }
                )
        bulk_insert(connection, History, history, HISTORY_COLUMNS)
        bulk_insert(connection, DispatchRecord, funds)
        problems = [
            {
                "project_id": pid,
                "raised_on": today,
                "category": "",
                "text": parsed.problem_text,
                "owner": "",
                "status": "open",
                "version": 1,
            }
            for pid, parsed in zip(ids, fresh, strict=True)
            if parsed.problem_text
        ]
        bulk_insert(connection, Problem, problems)
        self.summary.added += len(fresh)
