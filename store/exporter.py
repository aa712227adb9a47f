"""The workbook an office reports upward, written headless and streamed (constant memory).

Text is always written as text: a cell starting with = + - @ never becomes a formula. The
file is written under a temporary name and renamed, so a failed export never leaves half
a workbook over a good one.
"""

from __future__ import annotations

import csv
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import col

from store.db.engine import database_files
from store.db.models import (
    DispatchRecord,
    Problem,
    Procedure,
    Project,
    Steward,
    month_fields,
    shown_date,
)
from store.deadlines import current_deadline, working_days_left
from store.domain.fields import LEDGER
from store.errors import UserError
from store.figures import (
    COUNTED,
    SIZE_BANDS,
    Figures,
    FigureSet,
    Period,
    Ratio,
    compute,
    last_recorded,
)
from store.io.files import written_safely
from store.io.formulas import neutralised
from store.io.sheet_writer import (
    WARNING_FILL,
    SheetWriter,
    cell_word,
    column_sheet,
    heading_formats,
    warning_formats,
)
from store.labels import Lang, Refusal, in_language, word
from store.money import Unit, in_unit
from store.queries.listing import ProjectFilter, filtered
from store.service import Store
from store.stages import STAGES, Stage
from store.warnings import SEVERITY

Progress = Callable[[int, int], None]

# Ledger columns: the project field (or a computed one) and how its cell is written.
LEDGER_COLUMNS: list[tuple[str, str]] = [(field.name, str(field.ledger)) for field in LEDGER]
SHEETS = {
    "ledger": ("项目台账", "Ledger"),
    "procedures": ("前期手续", "Procedures"),
    "stewards": ("包抓责任清单", "Stewards"),
    "warnings": ("预警", "Warnings"),
    "dispatch": ("月度调度", "Dispatch"),
    "problems": ("问题清单", "Problems"),
    "figures": ("统计", "Figures"),
}
EXTRA_WORDS = {
    "procedure": ("手续名称", "Procedure"),
    "required": ("是否必需", "Required"),
    "due_on": ("办结时限", "Due"),
    "done_on": ("办结日期", "Done"),
    "month": ("月份", "Month"),
    "funds_month": ("当月到位资金", "Funds in place this month"),
    "completed_month": ("当月完成投资", "Investment completed this month"),
    "funds_cumulative": ("1-N月到位资金", "Funds in place, months 1-N"),
    "completed_cumulative": ("1-N月完成投资", "Investment completed, months 1-N"),
    "raised_on": ("提出日期", "Raised on"),
    "category": ("问题类别", "Category"),
    "problem": ("问题内容", "Problem"),
    "owner": ("责任单位", "Owner"),
    "status": ("办理状态", "Status"),
    "resolved_on": ("解决日期", "Resolved on"),
    "days_overdue": ("超期天数", "Days overdue"),
    "count": ("合计", "Total"),
    "group": ("分组", "Group"),
}


@dataclass
class ExportOptions:
    filters: ProjectFilter = field(default_factory=ProjectFilter)
    lang: Lang = Lang.ZH
    unit: Unit = Unit.YI
    as_of: date | None = None
    format: str = "xlsx"  # xlsx, csv or json (csv and json: the ledger only)


def label(key: str, lang: Lang) -> str:
    if key in EXTRA_WORDS:
        return in_language(EXTRA_WORDS, key, lang)
    return cell_word(key.removesuffix("_yuan"), lang)


def unit_word(unit: Unit, lang: Lang) -> str:
    return unit.label_zh if lang is Lang.ZH else unit.value


def header(key: str, kind: str, lang: Lang, unit: Unit) -> str:
    """A column's header: an amount's names its unit, 签约额(亿元), as an import reads it."""
    return label(key, lang) + (f"({unit_word(unit, lang)})" if kind == "money" else "")


# -- reading projects as they stood -------------------------------------------------------------


def _ledger_query(store: Store, options: ExportOptions, by_steward: bool) -> Any:
    """Projects with their steward; as of a past date, the stage and funds from history."""
    as_of = options.as_of
    # Plain columns, not ORM objects: a 100,000-row ledger is read twice (by county, by steward).
    table = Project.__table__  # type: ignore[attr-defined]
    query = select(*table.c, func.coalesce(Steward.name, "").label("steward_name")).outerjoin(
        Steward, col(Project.steward_id) == Steward.id
    )
    if as_of is not None:
        then = last_recorded("stage", until=as_of)
        funds_then = (
            select(func.coalesce(func.sum(DispatchRecord.funds_in_place_yuan), 0))
            .where(col(DispatchRecord.project_id) == Project.id, col(DispatchRecord.month) <= as_of)
            .scalar_subquery()
        )
        query = (
            query.add_columns(then.c.value, funds_then)
            .outerjoin(then, then.c.project_id == Project.id)
            .where(col(Project.signed_on).is_not(None), col(Project.signed_on) <= as_of)
        )
        if not options.filters.include_withdrawn:
            query = query.where(
                or_(col(Project.withdrawn_on).is_(None), col(Project.withdrawn_on) > as_of)
            )
        # the stage and warning filters apply to the stage and warning then (iter_ledger)
        filters = ProjectFilter(
            **{**vars(options.filters), "include_withdrawn": True, "stage": None, "warning": None}
        )
    else:
        filters = ProjectFilter(**{**vars(options.filters), "warning": None})
    query = filtered(query, filters, store.engine.dialect.name)
    first = Steward.name if by_steward else Project.county
    return query.order_by(first, col(Project.deadline).asc().nulls_last(), col(Project.id))


@dataclass
class LedgerRow:
    id: int
    steward: str
    values: dict[str, Any]


def iter_ledger(
    store: Store, options: ExportOptions, by_steward: bool = False
) -> Iterator[LedgerRow]:
    """Ledger rows, streamed (by county, or by steward); the stage and warning filters apply
    to the stage and warning as of the date."""
    today = options.as_of or store.today
    thresholds = store.thresholds()
    query = _ledger_query(store, options, by_steward)
    width = len(Project.__table__.c)  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        result = connection.execution_options(yield_per=1000).execute(query)
        keys = list(result.keys())
        for record in result:
            values = dict(zip(keys[:width], record[:width], strict=True))
            steward = values["steward"] = record[width]
            if options.as_of is not None:
                values["stage"] = record[width + 1] or values["stage"]
                values["funds_in_place_yuan"] = record[width + 2]
                withdrawn_on = values["withdrawn_on"]
                withdrawn = withdrawn_on is not None and withdrawn_on <= today
                values["withdrawn_on"] = withdrawn_on if withdrawn else None
                values["withdraw_reason"] = values["withdraw_reason"] if withdrawn else None
                reached = {
                    stage.date_field for stage in STAGES[: STAGES.index(Stage(values["stage"])) + 1]
                }
                for stage in STAGES:
                    if stage.date_field not in reached:
                        values[stage.date_field] = None
                values["deadline"] = current_deadline(values["stage"], withdrawn, values)
            deadline = values["deadline"]
            values["days_left"] = None if deadline is None else (deadline - today).days
            values["working_days_left"] = (
                None if deadline is None else working_days_left(today, deadline).days
            )
            level = thresholds.level(values["days_left"])
            values["warning"] = level.value if level else None
            if options.filters.warning and level is not options.filters.warning:
                continue
            if options.filters.stage and values["stage"] != options.filters.stage.value:
                continue
            yield LedgerRow(values["id"], steward, values)


# -- the workbook --------------------------------------------------------------------------------


def _formats(book: Any, unit: Unit) -> dict[str, Any]:
    places = "0.0000" if unit is Unit.YI else "#,##0.00" if unit is Unit.WAN else "#,##0"
    return {
        **heading_formats(book),
        "money": book.add_format({"num_format": places}),
        "int": book.add_format({"num_format": "0"}),
        "bold": book.add_format({"bold": True}),
        "rate": book.add_format({"num_format": "0.0%"}),
        "change": book.add_format({"num_format": "+0.0%;-0.0%;0.0%"}),
        f"points-{Lang.ZH}": book.add_format(
            {"num_format": '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'}
        ),
        f"points-{Lang.EN}": book.add_format({"num_format": '+0.0" pt";-0.0" pt";0.0" pt"'}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "month": book.add_format({"num_format": "yyyy-mm"}),
        **warning_formats(book, WARNING_FILL),
    }


def export(
    store: Store,
    path: str | Path,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    *,
    overwrite: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the workbook (or the ledger as CSV/JSON); returns the path written. An existing
    file is replaced only with overwrite, the database never (store.io.files' rules).
    progress(done, total) is told how far the workbook is now and then; cancelled() is asked
    as often, and when true the export stops with nothing written."""
    options = options or ExportOptions()
    formats = ("xlsx", "csv", "json")
    if options.format not in formats:
        raise UserError(f"unknown format {options.format!r}: use xlsx, csv or json")
    named = Path(path).suffix.lower().lstrip(".")
    if named in formats and named != options.format:  # out.csv holding a workbook: refused
        raise Refusal(
            f"{path}：文件名是 .{named}，导出格式却是 {options.format}；请用 --format {named} 或改文件名",
            f"{path}: the name says .{named} but the format is {options.format}; "
            f"use --format {named} or another name",
        )
    if options.as_of is not None and options.as_of > store.today:
        raise UserError(f"export as of {options.as_of}: that is after today ({store.today})")
    writer = {"xlsx": _write_workbook, "csv": _write_csv, "json": _write_json}[options.format]
    protected = database_files(store.engine)
    with written_safely(path, overwrite=overwrite, protected=protected) as temporary:
        writer(store, temporary, options, _stopping(progress, cancelled))
    return Path(path)


def _stopping(progress: Progress | None, cancelled: Callable[[], bool] | None) -> Progress | None:
    """The progress callback, asking first whether to go on: the writers report through it."""
    if cancelled is None:
        return progress

    def report(done: int, total: int) -> None:
        if cancelled():
            raise UserError("export cancelled, nothing written")
        if progress is not None:
            progress(done, total)

    return report


def _shown(key: str, values: dict[str, Any], month_only: frozenset[str]) -> Any:
    """A ledger cell's value: a date known only to the month as 2023-08; the steward with the
    others the office named beside them (王建国、李明), as a steward cell is written."""
    value = values.get(key)
    if key in month_only:
        return shown_date(value, True)
    if key == "steward" and values.get("other_stewards"):
        return "、".join(name for name in (value, values["other_stewards"]) if name)
    return value


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    month_only = month_fields(values.get("month_dates") or "")
    for key, _ in LEDGER_COLUMNS:
        value = _shown(key, values, month_only)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[key] = value
    return data


def csv_cell(value: Any, kind: str, lang: Lang, unit: Unit) -> str:
    """A CSV cell as the workbook shows it: an amount exact in the header's unit, a word in
    the headers' language, a date as 2024-03-16 (one known to the month arrives as 2023-08).
    Text a spreadsheet would run as a formula starts with a single quote (store.io.formulas);
    a number is never text, so a negative one stays as it is."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return format(in_unit(value, unit).normalize(), "f")
    if kind == "decimal":
        return format(Decimal(value).normalize(), "f")
    if kind == "int":
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralised(cell_word(value, lang) if kind in ("word", "warning") else str(value))


def _write_csv(store: Store, path: Path, options: ExportOptions, progress: Progress | None) -> None:
    lang, unit = options.lang, options.unit
    # UTF-8 with BOM: Excel on Windows then opens Chinese text right.
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([header(key, kind, lang, unit) for key, kind in LEDGER_COLUMNS])
        for row in iter_ledger(store, options):
            month_only = month_fields(row.values["month_dates"])
            writer.writerow(
                [
                    csv_cell(_shown(key, row.values, month_only), kind, lang, unit)
                    for key, kind in LEDGER_COLUMNS
                ]
            )


def _write_json(
    store: Store, path: Path, options: ExportOptions, progress: Progress | None
) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write("[\n")
        for number, row in enumerate(iter_ledger(store, options)):
            stream.write(
                (",\n" if number else "") + json.dumps(_plain(row.values), ensure_ascii=False)
            )
        stream.write("\n]\n")


def _write_workbook(
    store: Store, path: Path, options: ExportOptions, progress: Progress | None
) -> None:
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    as_of = options.as_of or store.today
    office = store.get_setting("office.name") or ""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _formats(book, options.unit)
    sheet = _sheet_maker(book, formats, options, office, as_of)
    failure: OSError | None = None
    with _finaliser_quiet():
        try:
            total = store.count_projects(
                ProjectFilter(**{**vars(options.filters), "warning": None})
            )
            walks = _Walks(progress, total)
            project_ids, warned = _ledger_sheet(store, sheet, options, walks)
            _procedures_sheet(store, sheet, project_ids, as_of, walks.walking(1))
            _stewards_sheet(store, sheet, options, options.lang, walks.walking(2))
            _warnings_sheet(sheet, warned)
            _dispatch_sheet(store, sheet, project_ids, as_of)
            _problems_sheet(store, sheet, project_ids, as_of)
            _figures_sheet(store, book, sheet, options, options.lang)
            _office_sheets(store, book, formats, options, as_of, office)
            walks.done()
            book.close()  # only when whole: a failed export's workbook is never written out
        except FileCreateError as error:  # xlsxwriter's wrapper of the system's own error
            failure = error.args[0]
        except OSError as error:  # the disk, while the zip is written
            failure = error
        if failure is not None:  # nothing of the failed zip is kept, so the zip goes now
            failure.__traceback__ = failure.__context__ = failure.__cause__ = None
    if failure is not None:
        raise failure


def _sheet_maker(
    book: Any, formats: dict[str, Any], options: ExportOptions, office: str, as_of: date
) -> Callable[..., SheetWriter]:
    """Makes each sheet of the workbook under its title line: office, sheet, period, date,
    filter and unit."""
    lang, unit = options.lang, options.unit
    filter_text = options.filters.describe() or ("全部" if lang is Lang.ZH else "all")

    def sheet(
        key: str, headers: list[tuple[str, str]], period: Period | None = None
    ) -> SheetWriter:
        name = in_language(SHEETS, key, lang)
        date_word = "数据日期" if lang is Lang.ZH else "as of"
        filter_word = "筛选" if lang is Lang.ZH else "filter"
        span = ""
        if period is not None:  # a sheet of figures names the period they are for
            period_word = "统计期间" if lang is Lang.ZH else "period"
            span = f"  {period_word} {period.start}..{period.end}"
        title = f"{office} {name}{span}  {date_word} {as_of}  {filter_word}: {filter_text}  ({unit_word(unit, lang)})"
        return column_sheet(book, formats, name, title, headers, header, unit, lang)

    return sheet


class _Walks:
    """Progress through the workbook: the ledger, procedures and stewards sheets each walk
    every project, so the whole is that many walks."""

    passes = 3

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total

    def walked(self, number: int) -> None:
        """Progress through the first walk (the ledger)."""
        if self.progress and number % 1000 == 0:
            self.progress(number, self.passes * self.total)

    def walking(self, before: int) -> Callable[[int], None] | None:
        """Progress through one of the later walks, counted on from the walks before it."""
        progress, total, passes = self.progress, self.total, self.passes

        def walked(projects: int) -> None:
            if progress and projects % 1000 == 0:
                progress(before * total + projects, passes * total)

        return walked if progress else None

    def done(self) -> None:
        if self.progress:
            self.progress(self.passes * self.total, self.passes * self.total)


# What the warnings sheet shows of a warned project.
_WARNED_KEYS = ("code", "name", "county", "stage", "steward", "deadline", "days_left", "warning")


def _ledger_sheet(
    store: Store, sheet: Callable[..., SheetWriter], options: ExportOptions, walks: _Walks
) -> tuple[list[int], list[dict[str, Any]]]:
    """The ledger sheet; returns the projects written and the warned ones among them."""
    ledger = sheet("ledger", LEDGER_COLUMNS)
    warned: list[dict[str, Any]] = []
    project_ids: list[int] = []
    for number, row in enumerate(iter_ledger(store, options), 1):
        month_only = month_fields(row.values["month_dates"])
        if month_only:  # written as the text 2023-08, which an import reads back as a month
            ledger.write(
                [_shown(key, row.values, month_only) for key, _ in LEDGER_COLUMNS],
                kinds=["text" if key in month_only else kind for key, kind in LEDGER_COLUMNS],
            )
        else:
            ledger.write([_shown(key, row.values, month_only) for key, _ in LEDGER_COLUMNS])
        project_ids.append(row.id)
        if row.values["warning"]:
            warned.append({k: row.values[k] for k in _WARNED_KEYS})
        walks.walked(number)
    ledger.close()
    return project_ids, warned


def _office_sheets(
    store: Store,
    book: Any,
    formats: dict[str, Any],
    options: ExportOptions,
    as_of: date,
    office: str,
) -> None:
    """The leads' and assessment's sheets, which their own modules write."""
    lang, unit = options.lang, options.unit
    from store.io.leads_sheets import write_leads_sheets  # it builds on this module

    write_leads_sheets(store, book, formats, lang, unit, as_of, office)
    from store.io.assessment_sheets import write_assessment_sheets  # as the leads'

    write_assessment_sheets(store, book, formats, lang, unit, as_of, office)


@contextmanager
def _finaliser_quiet() -> Iterator[None]:
    """A workbook that failed to be written (a full disk) leaves xlsxwriter's zip file open;
    when it is freed its finaliser tries to finish it, fails again, and Python would print
    that as a traceback. The failure is reported once, by the caller, as one line."""
    shown = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        finaliser = getattr(unraisable.object, "__qualname__", "")
        if not (finaliser == "ZipFile.__del__" and isinstance(unraisable.exc_value, OSError)):
            shown(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        gc.collect()  # the zip file goes now, inside this window
        sys.unraisablehook = shown


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    """Id lists small enough for any database's parameter limit."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _by_projects(store: Store, ids: list[int], query: Any, key: Any) -> Iterator[Any]:
    with store.reading() as session:
        for chunk in _chunks(ids):
            yield from session.execute(query.where(key.in_(chunk)))


def _procedures_sheet(
    store: Store,
    sheet: Callable[..., SheetWriter],
    ids: list[int],
    as_of: date,
    walked: Callable[[int], None] | None = None,
) -> None:
    writer = sheet(
        "procedures",
        [
            ("code", "text"),
            ("name", "text"),
            ("procedure", "text"),
            ("required", "text"),
            ("due_on", "date"),
            ("done_on", "date"),
            ("days_left", "int"),
            ("procedure_rate", "rate"),
        ],
    )
    query = (
        select(
            col(Project.id),
            col(Project.code),
            col(Project.name),
            col(Procedure.name),
            col(Procedure.required),
            col(Procedure.due_on),
            col(Procedure.done_on),
        )
        .join(Project, col(Procedure.project_id) == Project.id)
        .order_by(col(Project.id), col(Procedure.position), col(Procedure.id))
    )
    rows: list[Any] = []

    def flush() -> None:
        required = [r for r in rows if r[4]]
        done = [r for r in required if r[6] and r[6] <= as_of]
        rate = len(done) / len(required) if required else None
        yes, no = ("是", "否") if writer.lang is Lang.ZH else ("Yes", "No")
        for _, code, name, procedure, needed, due, finished in rows:
            finished = finished if finished and finished <= as_of else None
            left = None if finished or not due else (due - as_of).days
            writer.write([code, name, procedure, yes if needed else no, due, finished, left, rate])
        rows.clear()

    projects = 0
    for record in _by_projects(store, ids, query, Project.id):
        if rows and rows[0][0] != record[0]:
            flush()
            projects += 1
            if walked:
                walked(projects)
        rows.append(record)
    flush()
    writer.close()


STEWARD_COLUMNS = [
    ("steward", "text"),
    ("title", "text"),
    ("unit", "text"),
    ("code", "text"),
    ("name", "text"),
    ("stage", "word"),
    ("deadline", "date"),
    ("days_left", "int"),
    ("warning", "warning"),
]


def _steward_count_line(writer: SheetWriter, group: list[dict[str, Any]], lang: Lang) -> None:
    """The bold line closing a steward's projects: how many, and how many are late."""
    late = sum(1 for v in group if v["days_left"] is not None and v["days_left"] < 0)
    name = group[0]["steward"] or "-"
    words = (
        f"{len(group)} 个项目, {late} 个超期"
        if lang is Lang.ZH
        else f"{len(group)} projects, {late} late"
    )
    writer.write(
        [f"{name} {label('count', lang)}", "", "", "", words, None, None, None, None], bold=True
    )


def _stewards_sheet(
    store: Store,
    sheet: Callable[..., SheetWriter],
    options: ExportOptions,
    lang: Lang,
    walked: Callable[[int], None] | None = None,
) -> None:
    writer = sheet("stewards", STEWARD_COLUMNS)
    details = {s.name: s for s in store.stewards()}
    group: list[dict[str, Any]] = []

    def count_line() -> None:
        _steward_count_line(writer, group, lang)
        group.clear()

    for number, row in enumerate(iter_ledger(store, options, by_steward=True), 1):
        if walked:
            walked(number)
        if group and group[0]["steward"] != row.steward:
            count_line()
        person = details.get(row.steward)
        values = row.values
        writer.write(
            [
                row.steward or "-",
                person.title if person else "",
                person.unit if person else "",
                values["code"],
                values["name"],
                values["stage"],
                values["deadline"],
                values["days_left"],
                values["warning"],
            ]
        )
        group.append(values)
    if group:
        count_line()
    writer.close()


def _warnings_sheet(sheet: Callable[..., SheetWriter], warned: list[dict[str, Any]]) -> None:
    writer = sheet(
        "warnings",
        [
            ("warning", "warning"),
            ("code", "text"),
            ("name", "text"),
            ("county", "text"),
            ("stage", "word"),
            ("steward", "text"),
            ("deadline", "date"),
            ("days_overdue", "int"),
        ],
    )
    order = {level.value: index for index, level in enumerate(SEVERITY)}
    for values in sorted(warned, key=lambda v: (order[v["warning"]], v["days_left"])):
        writer.write(
            [
                values["warning"],
                values["code"],
                values["name"],
                values["county"],
                values["stage"],
                values["steward"],
                values["deadline"],
                max(0, -values["days_left"]),
            ]
        )
    writer.close()


def _dispatch_sheet(
    store: Store, sheet: Callable[..., SheetWriter], ids: list[int], as_of: date
) -> None:
    writer = sheet(
        "dispatch",
        [
            ("code", "text"),
            ("name", "text"),
            ("month", "month"),
            ("funds_month", "money"),
            ("completed_month", "money"),
            ("funds_cumulative", "money"),
            ("completed_cumulative", "money"),
            ("annual_plan_yuan", "money"),
            ("progress_note", "text"),
        ],
    )
    query = (
        select(
            col(Project.id),
            col(Project.code),
            col(Project.name),
            col(Project.annual_plan_yuan),
            col(DispatchRecord.month),
            col(DispatchRecord.funds_in_place_yuan),
            col(DispatchRecord.investment_completed_yuan),
            col(DispatchRecord.note),
        )
        .join(Project, col(DispatchRecord.project_id) == Project.id)
        .where(col(DispatchRecord.month) <= as_of)
        .order_by(col(Project.id), col(DispatchRecord.month))
    )
    current, funds_total, completed_total, year = None, 0, 0, None
    for pid, code, name, plan, month, funds, completed, note in _by_projects(
        store, ids, query, Project.id
    ):
        if pid != current or month.year != year:  # 1-N月 restarts each project and each year
            current, funds_total, completed_total, year = pid, 0, 0, month.year
        funds_total += funds
        completed_total += completed
        writer.write(
            [code, name, month, funds, completed, funds_total, completed_total, plan, note]
        )
    writer.close()


def _problems_sheet(
    store: Store, sheet: Callable[..., SheetWriter], ids: list[int], as_of: date
) -> None:
    writer = sheet(
        "problems",
        [
            ("code", "text"),
            ("name", "text"),
            ("raised_on", "date"),
            ("category", "text"),
            ("problem", "text"),
            ("owner", "text"),
            ("due_on", "date"),
            ("status", "word"),
            ("resolved_on", "date"),
        ],
    )
    query = (
        select(
            col(Project.code),
            col(Project.name),
            col(Problem.raised_on),
            col(Problem.category),
            col(Problem.text),
            col(Problem.owner),
            col(Problem.due_on),
            col(Problem.status),
            col(Problem.resolved_on),
        )
        .join(Project, col(Problem.project_id) == Project.id)
        .where(col(Problem.raised_on) <= as_of)
        .order_by(col(Project.id), col(Problem.id))
    )
    for record in _by_projects(store, ids, query, Project.id):
        writer.write(list(record))
    writer.close()


FIGURE_COLUMNS: list[tuple[str, str]] = [
    ("group", "text"),
    ("projects", "int"),
    ("signed_count", "int"),
    ("signed_amount_yuan", "money"),
    ("total_investment_yuan", "money"),
    ("funds_in_period_yuan", "money"),
    ("start_rate", "rate"),
    ("resumption_rate", "rate"),
    ("funds_rate", "rate"),
    ("completion_rate", "rate"),
    ("procedure_rate", "rate"),
    ("problem_rate", "rate"),
    *[(stage.value, "int") for stage in STAGES],
    *[(level.value, "int") for level in SEVERITY],
    # the figures as offices count them (store.figures): start rates named apart, funds by
    # the investor's origin, size bands, new and continuing
    ("signed_start_rate", "rate"),
    ("planned_start_rate", "rate"),
    ("funds_outside_province_yuan", "money"),
    ("funds_outside_city_yuan", "money"),
    ("funds_local_yuan", "money"),
    ("funds_origin_unknown_yuan", "money"),
    ("origin_unknown_projects", "int"),
    *[(band, "int") for band in SIZE_BANDS],
    ("new_projects", "int"),
    ("continuing_projects", "int"),
]


# the figure (FigureSet.value_of's key) of a column named by a stage or a warning colour alone
FIGURE_KEYS = {name: key for key, (_, name) in COUNTED.items()}


def figure_values(figure: FigureSet) -> list[Any]:
    """A group's row of the Figures sheet: its name, then each column's figure (a rate as a
    fraction, None for n/a)."""
    values: list[Any] = [figure.group]
    for key, _ in FIGURE_COLUMNS[1:]:
        value = figure.value_of(FIGURE_KEYS.get(key, key))
        if isinstance(value, Ratio):
            values.append(None if value.value is None else float(value.value))
        else:
            values.append(value)
    return values


def _year_before_rows(writer: SheetWriter, figures: Figures, lang: Lang) -> None:
    """上年同期 and 同比 under the total: the same question a year back, and the change
    (counts and amounts in percent, rates in points)."""
    before = figures.prior_period_json()
    if figures.prior is None or before is None:
        return
    zh = lang is Lang.ZH
    prior = figure_values(figures.prior)
    prior[0] = f"{'上年同期' if zh else 'Year before'} {before['from']}..{before['to']}"
    writer.write(prior)
    compared = figures.year_on_year()
    changes: list[Any] = ["同比" if zh else "Change"]
    kinds = ["text"]
    for key, kind in FIGURE_COLUMNS[1:]:
        change = compared[FIGURE_KEYS.get(key, key)]["change"]
        if change is None:  # nothing to compare with
            changes.append(word("no_comparison", lang))
            kinds.append("text")
        elif kind == "rate":
            changes.append(float(change * 100))
            kinds.append("points")
        else:
            changes.append(float(change))
            kinds.append("change")
    writer.write(changes, kinds=kinds)


def _figures_sheet(
    store: Store, book: Any, sheet: Callable[..., SheetWriter], options: ExportOptions, lang: Lang
) -> None:
    as_of = options.as_of or store.today
    period = Period(date(as_of.year, 1, 1), as_of, str(as_of.year))
    writer = sheet("figures", FIGURE_COLUMNS, period)
    # the figures of the projects the export's filter finds, as the title says
    by_county: Figures = compute(store, period, as_of, by="county", projects=options.filters)
    total_row = writer.row
    total = figure_values(by_county.total)
    total[0] = label("count", lang)  # 合计
    writer.write(total, bold=True)
    _year_before_rows(writer, by_county, lang)
    by_chain = compute(store, period, as_of, by="chain", with_prior=False, projects=options.filters)
    for by, groups in (("county", by_county.groups), ("chain", by_chain.groups)):
        writer.write([label(by, lang)] + [""] * (len(FIGURE_COLUMNS) - 1), bold=True)
        for figure in groups:
            writer.write(figure_values(figure))
    writer.close(autofilter=False)  # sections (合计, 同比, counties, chains): not one list
    chart = book.add_chart({"type": "column"})
    first_stage = next(i for i, (key, _) in enumerate(FIGURE_COLUMNS) if key == STAGES[0].value)
    name = in_language(SHEETS, "figures", lang)
    chart.add_series(
        {
            "name": word("projects", lang),
            "categories": [
                name,
                writer.header_row,
                first_stage,
                writer.header_row,
                first_stage + len(STAGES) - 1,
            ],
            "values": [name, total_row, first_stage, total_row, first_stage + len(STAGES) - 1],
        }
    )
    chart.set_title({"name": "各阶段项目数" if lang is Lang.ZH else "Projects per stage"})
    chart.set_legend({"none": True})
    writer.sheet.insert_chart(writer.row + 2, 1, chart)
