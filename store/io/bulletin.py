"""The monthly supervision bulletin (督办通报): per steward or responsible unit, their projects
in warning, notices not closed, replies overdue, health flags, and their figures against
target where targets are set. An .xlsx formatted as the office's other sheets
(store.io.sheet_writer's SheetWriter: a title row, a bold frozen header, amounts in 亿元, warning
colours), or Markdown to paste into a message. Written through store.io.files.written_safely.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from store.db.engine import database_files
from store.domain.targets import MONEY, TARGET_FIGURES, parse_target_period
from store.exporter import header, unit_word
from store.io.files import written_safely
from store.io.sheet_writer import (
    WARNING_FILL,
    SheetWriter,
    cell_word,
    column_sheet,
    heading_formats,
    warning_formats,
)
from store.labels import Lang, Refusal, word
from store.money import Unit, format_amount
from store.queries.assessment import Assessment
from store.queries.supervision import BulletinGroup, HealthFlag
from store.service import Store

GROUPINGS = ("steward", "unit")
SUMMONS_FILL = "#6A1B9A"  # above red: the leader's summons
SHEETS = {
    "summary": ("汇总", "Summary"),
    "warnings": ("预警项目", "Warnings"),
    "notices": ("督办单", "Notices"),
    "health": ("问题项目", "Health"),
    "targets": ("目标任务", "Targets"),
}
TARGET_COLUMNS = [
    ("group", "text"),
    ("figure", "text"),
    ("target", "int"),
    ("actual", "int"),
    ("completion", "rate"),
    ("schedule", "rate"),
    ("points_ahead", "points"),
]


@dataclass(frozen=True)
class Bulletin:
    """What the bulletin reports: the month, the day it is as of, the groups and (where
    targets are set) the assessment of the same units for the year to that day."""

    month: date
    as_of: date
    by: str
    groups: list[BulletinGroup]
    targets: Assessment | None
    targets_note: str  # why the targets are not shown, when they are not


def bulletin(store: Store, month: date, by: str, lang: Lang) -> Bulletin:
    """The bulletin of the month, as of its last day (today for the month under way)."""
    if by not in GROUPINGS:
        raise Refusal(
            f"通报分组 {by!r} 不可用：可用 steward（包抓领导）或 unit（责任单位）",
            f"bulletin by {by!r}: use steward or unit",
        )
    first = month.replace(day=1)
    if first > store.today:
        raise Refusal(
            f"{first:%Y-%m} 的通报：该月尚未开始（今天 {store.today}）",
            f"the bulletin of {first:%Y-%m}: that month has not begun (today {store.today})",
        )
    as_of = min(first.replace(day=calendar.monthrange(first.year, first.month)[1]), store.today)
    groups = store.bulletin_groups(by, as_of)
    assessment: Assessment | None = None
    note = ""
    try:
        assessment = store.assess(parse_target_period(str(first.year)), as_of, by)
    except Refusal as refused:  # an assessment the office has not set up fully: said, not hidden
        note = refused.in_language(lang)
    if assessment is not None and not assessment.units:
        assessment = None
    return Bulletin(first, as_of, by, groups, assessment, note)


def write_bulletin(
    store: Store,
    target: str | Path,
    month: date,
    *,
    by: str = "steward",
    lang: Lang = Lang.ZH,
    overwrite: bool = False,
) -> Path:
    """Write the bulletin to FILE.xlsx or FILE.md; a file already there only with overwrite,
    the database never."""
    suffix = Path(target).suffix.lower()
    if suffix not in (".xlsx", ".md"):
        raise Refusal(
            f"通报文件须为 .xlsx 或 .md：{target}",
            f"the bulletin is written as .xlsx or .md, not {target}",
        )
    report = bulletin(store, month, by, lang)
    office = store.get_setting("office.name") or ""
    with written_safely(
        target, overwrite=overwrite, protected=database_files(store.engine)
    ) as temporary:
        if suffix == ".xlsx":
            _workbook(temporary, report, office, lang)
        else:
            temporary.write_text(markdown(report, office, lang), encoding="utf-8")
    return Path(target)


# -- rows: what both the workbook and the Markdown show ------------------------------------------


def _group_name(group: BulletinGroup, lang: Lang) -> str:
    return group.name or f"（{word('none_named', lang)}）"


def _counts(group: BulletinGroup) -> list[int]:
    levels = [w["warning"] for w in group.warned]
    open_levels = [n.level.value for n in group.notices]
    return [
        len(group.warned),
        levels.count("red"),
        levels.count("yellow"),
        levels.count("blue"),
        len(group.notices),
        len(group.overdue),
        open_levels.count("summons"),
        len(group.flags),
    ]


SUMMARY_COLUMNS = [
    ("group", "text"),
    ("warned_projects", "int"),
    ("red", "int"),
    ("yellow", "int"),
    ("blue", "int"),
    ("open_notices", "int"),
    ("overdue_reply", "int"),
    ("summons", "int"),
    ("health_flags", "int"),
]


def flag_figures(flag: HealthFlag, lang: Lang) -> str:
    """The figures a health rule read, in a phrase of the language."""
    zh = lang is Lang.ZH
    if flag.rule == "not_started":
        days = flag.figures["days_since_signed"]
        return (
            f"{flag.signed_on} 签约，已 {days} 天"
            if zh
            else f"signed {flag.signed_on}, {days} days ago"
        )
    if flag.rule == "no_funds":
        last = f"{flag.last_funds_month:%Y-%m}" if flag.last_funds_month else "-"
        return (
            f"{flag.started_on} 开工，最近到位资金 {last}"
            if zh
            else f"started {flag.started_on}, last funds {last}"
        )
    funds = format_amount(flag.funds_yuan, Unit.YI)
    total = format_amount(flag.total_investment_yuan, Unit.YI)
    share = flag.figures["funds_percent"]
    if zh:
        return f"{flag.started_on} 开工，到位 {funds}/{total} 亿元（{share}%）"
    return f"started {flag.started_on}, {funds} of {total} 亿 in place ({share}%)"


def _target_rows(report: Bulletin, lang: Lang) -> list[tuple[bool, list[Any]]]:
    """Each unit's figures against its target, year to the as-of day: (whether the figure is
    an amount, in whole yuan, or a count; the row), the exact fractions made numbers here."""
    if report.targets is None:
        return []
    rows = []
    for unit in sorted(report.targets.units, key=lambda u: u.unit):
        for figure, progress in unit.progress.items():
            completion, ahead = progress.completion, progress.points_ahead
            rows.append(
                (
                    TARGET_FIGURES.get(figure) == MONEY,
                    [
                        unit.unit,
                        _figure_word(figure, lang),
                        round(progress.target),
                        progress.actual,
                        None if completion is None else float(completion),
                        float(progress.schedule),
                        None if ahead is None else round(float(ahead), 2),
                    ],
                )
            )
    return rows


def _figure_word(figure: str, lang: Lang) -> str:
    shown = word(figure.removesuffix("_yuan"), lang)
    if TARGET_FIGURES.get(figure) == MONEY:
        return f"{shown}（亿元）" if lang is Lang.ZH else f"{shown} (亿)"
    return shown


# -- the workbook -------------------------------------------------------------------------------


def _formats(book: Any) -> dict[str, Any]:
    """The office sheets' formats (store.io.sheet_writer), and one for a summons."""
    return {
        **heading_formats(book),
        "money": book.add_format({"num_format": "0.0000"}),
        "int": book.add_format({"num_format": "0"}),
        "bold": book.add_format({"bold": True}),
        "rate": book.add_format({"num_format": "0.0%"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "month": book.add_format({"num_format": "yyyy-mm"}),
        f"points-{Lang.ZH}": book.add_format(
            {"num_format": '+0.00"个百分点";-0.00"个百分点";0.00"个百分点"'}
        ),
        f"points-{Lang.EN}": book.add_format({"num_format": '+0.00" pt";-0.00" pt";0.00" pt"'}),
        **warning_formats(book, {**WARNING_FILL, "summons": SUMMONS_FILL}),
    }


def _workbook(path: Path, report: Bulletin, office: str, lang: Lang) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    formats = _formats(book)
    grouped = word("steward" if report.by == "steward" else "responsible_unit", lang)

    def grouped_header(key: str, kind: str, lang: Lang, unit: Unit) -> str:
        return grouped if key == "group" else header(key, kind, lang, unit)

    def sheet(key: str, columns: list[tuple[str, str]]) -> SheetWriter:
        name = SHEETS[key][0 if lang is Lang.ZH else 1]
        month_word = "月份" if lang is Lang.ZH else "month"
        date_word = "数据日期" if lang is Lang.ZH else "as of"
        title = (
            f"{office} {word('bulletin', lang)} {name}  {month_word} {report.month:%Y-%m}  "
            f"{date_word} {report.as_of}  ({grouped}; {unit_word(Unit.YI, lang)})"
        )
        return column_sheet(book, formats, name, title, columns, grouped_header, Unit.YI, lang)

    _summary_sheet(sheet, report, lang)
    _warnings_sheet(sheet, report, lang)
    _notices_sheet(sheet, report, lang)
    _health_sheet(sheet, report, lang)
    if report.targets is not None:
        _targets_sheet(sheet, report, lang)
    book.close()


Sheet = Callable[[str, list[tuple[str, str]]], SheetWriter]


def _summary_sheet(sheet: Sheet, report: Bulletin, lang: Lang) -> None:
    writer = sheet("summary", SUMMARY_COLUMNS)
    totals = [0] * (len(SUMMARY_COLUMNS) - 1)
    for group in report.groups:
        counts = _counts(group)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        writer.write([_group_name(group, lang), *counts])
    writer.write([word("total", lang), *totals], bold=True)
    if report.targets_note:
        writer.write([report.targets_note, *[None] * len(totals)])
    writer.close(autofilter=False)


def _warnings_sheet(sheet: Sheet, report: Bulletin, lang: Lang) -> None:
    columns = [
        ("group", "text"),
        ("code", "text"),
        ("name", "text"),
        ("stage", "word"),
        ("deadline", "date"),
        ("days_left", "int"),
        ("warning", "warning"),
    ]
    writer = sheet("warnings", columns)
    for group in report.groups:
        for w in group.warned:
            writer.write(
                [
                    _group_name(group, lang),
                    w["code"],
                    w["name"],
                    w["stage"],
                    w["deadline"],
                    w["days_left"],
                    w["warning"],
                ]
            )
    writer.close()


def _notices_sheet(sheet: Sheet, report: Bulletin, lang: Lang) -> None:
    columns = [
        ("group", "text"),
        ("notice", "int"),
        ("notice_level", "warning"),
        ("code", "text"),
        ("name", "text"),
        ("issued_on", "date"),
        ("reply_due", "date"),
        ("notice_status", "text"),
        ("overdue_reply", "text"),
        ("remedy_plan", "text"),
        ("remedy_due", "date"),
    ]
    writer = sheet("notices", columns)
    for group in report.groups:
        for n in group.notices:
            overdue = word("notice_overdue", lang) if n.overdue else ""
            writer.write(
                [
                    _group_name(group, lang),
                    n.id,
                    n.level.value,
                    n.code,
                    n.name,
                    n.issued_on,
                    n.reply_due,
                    cell_word(f"notice_{n.status}", lang),
                    overdue,
                    n.remedy_plan,
                    n.remedy_due,
                ]
            )
    writer.close()


def _health_sheet(sheet: Sheet, report: Bulletin, lang: Lang) -> None:
    columns = [
        ("group", "text"),
        ("health_rule", "text"),
        ("code", "text"),
        ("name", "text"),
        ("signed_on", "date"),
        ("started_on", "date"),
        ("funds_in_place", "money"),
        ("total_investment", "money"),
        ("figures_behind", "text"),
    ]
    writer = sheet("health", columns)
    for group in report.groups:
        for f in group.flags:
            writer.write(
                [
                    _group_name(group, lang),
                    cell_word(f.rule, lang),
                    f.code,
                    f.name,
                    f.signed_on,
                    f.started_on,
                    f.funds_yuan,
                    f.total_investment_yuan,
                    flag_figures(f, lang),
                ]
            )
    writer.close()


def _targets_sheet(sheet: Sheet, report: Bulletin, lang: Lang) -> None:
    writer = sheet("targets", TARGET_COLUMNS)
    for is_money, row in _target_rows(report, lang):
        amount = "money" if is_money else "int"
        writer.write(row, kinds=["text", "text", amount, amount, "rate", "rate", "points"])
    writer.close()


# -- Markdown -----------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return lines


def markdown(report: Bulletin, office: str, lang: Lang) -> str:
    """The bulletin as Markdown: a heading a group, counts, then its tables."""
    zh = lang is Lang.ZH
    grouped = word("steward" if report.by == "steward" else "responsible_unit", lang)
    lines = [
        f"# {office} {word('bulletin', lang)} {report.month:%Y-%m}",
        "",
        (f"数据日期 {report.as_of}，按{grouped}" if zh else f"As of {report.as_of}, by {grouped}"),
        "",
    ]
    summary = [[_group_name(g, lang), *map(str, _counts(g))] for g in report.groups]
    lines += _table([grouped, *(word(k, lang) for k, _ in SUMMARY_COLUMNS[1:])], summary)
    if report.targets_note:
        lines += ["", report.targets_note]
    for group in report.groups:
        lines += ["", f"## {_group_name(group, lang)}", ""]
        lines += _group_markdown(group, lang)
    targets = _target_rows(report, lang)
    if targets:
        lines += ["", f"## {SHEETS['targets'][0 if zh else 1]}", ""]
        headers = [grouped, *(word(k, lang) for k, _ in TARGET_COLUMNS[1:])]
        lines += _table(headers, [_target_cells(money, row) for money, row in targets])
    return "\n".join(lines) + "\n"


def _target_cells(is_money: bool, row: list[Any]) -> list[str]:
    unit, figure, target, actual, completion, schedule, ahead = row

    def amount(value: int) -> str:
        return format_amount(value, Unit.YI) if is_money else str(value)

    def percent(value: float | None) -> str:
        return "n/a" if value is None else f"{value * 100:.1f}%"

    points = "n/a" if ahead is None else f"{ahead:+.2f}"
    return [
        unit,
        figure,
        amount(target),
        amount(actual),
        percent(completion),
        percent(schedule),
        points,
    ]


def _group_markdown(group: BulletinGroup, lang: Lang) -> list[str]:
    lines: list[str] = []
    if group.warned:
        lines += [f"**{word('warned_projects', lang)}**", ""]
        lines += _table(
            [word(k, lang) for k in ("code", "name", "deadline", "days_left", "warning")],
            [
                [
                    w["code"] or "",
                    w["name"],
                    str(w["deadline"]),
                    str(w["days_left"]),
                    word(w["warning"], lang),
                ]
                for w in group.warned
            ],
        )
        lines.append("")
    if group.notices:
        lines += [f"**{word('open_notices', lang)}**", ""]
        lines += _table(
            [
                "#",
                *(
                    word(k, lang)
                    for k in ("notice_level", "code", "name", "reply_due", "notice_status")
                ),
            ],
            [
                [
                    str(n.id),
                    word(n.level.value, lang),
                    n.code or "",
                    n.name,
                    str(n.reply_due or ""),
                    word("notice_overdue", lang) if n.overdue else word(f"notice_{n.status}", lang),
                ]
                for n in group.notices
            ],
        )
        lines.append("")
    if group.flags:
        lines += [f"**{word('health_flags', lang)}**", ""]
        lines += _table(
            [word(k, lang) for k in ("health_rule", "code", "name", "figures_behind")],
            [
                [word(f.rule, lang), f.code or "", f.name, flag_figures(f, lang)]
                for f in group.flags
            ],
        )
        lines.append("")
    if not lines:
        lines = ["无预警、督办与问题项目。" if lang is Lang.ZH else "Nothing to report.", ""]
    return lines[:-1] if lines[-1] == "" else lines
