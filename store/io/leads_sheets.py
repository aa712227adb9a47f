"""The export's leads sheets: 线索 (every lead and reserve project as it stands, with its stage,
days in it, its limit and warning, and the project a signed one became) and 线索漏斗 (the
funnel of the leads registered in the as-of date's year to that date: reaching each stage,
the drop-off between stages and the conversion rate, whole and by source, owner and chain).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from store.exporter import header
from store.figures import Period
from store.io.sheet_tables import dated_title
from store.io.sheet_writer import SheetWriter, column_sheet
from store.labels import Lang, in_language
from store.money import Unit
from store.queries.leads import FUNNEL_GROUPS, conversion_rate

if TYPE_CHECKING:
    from store.queries.leads import LeadFigures
    from store.service import Store

LEAD_SHEETS = {"leads": ("线索", "Leads"), "funnel": ("线索漏斗", "Lead funnel")}
LEAD_COLUMNS: list[tuple[str, str]] = [
    ("lead_name", "text"),
    ("kind", "word"),
    ("lead_stage", "word"),
    ("lead_source", "text"),
    ("lead_owner", "text"),
    ("investor", "text"),
    ("investor_origin", "text"),
    ("chain", "text"),
    ("lead_amount", "money"),
    ("registered_on", "date"),
    ("days_in_stage", "int"),
    ("lead_due", "date"),
    ("days_left", "int"),
    ("warning", "warning"),
    ("code", "text"),
    ("drop_reason", "text"),
    ("lead_notes", "text"),
]
FUNNEL_COLUMNS: list[tuple[str, str]] = [
    ("group", "text"),
    ("registered", "int"),
    ("assessed", "int"),
    ("negotiating", "int"),
    ("signed", "int"),
    ("dropped", "int"),
    ("conversion_rate", "rate"),
    ("lead_amount", "money"),
]
GROUP_WORDS = {
    "source": ("线索来源", "Source"),
    "owner": ("跟进人", "Owner"),
    "chain": ("产业链", "Chain"),
    "group": ("分组", "Group"),
    "total": ("合计", "Total"),
}


def write_leads_sheets(
    store: Store,
    book: Any,
    formats: dict[str, Any],
    lang: Lang,
    unit: Unit,
    as_of: date,
    office: str,
) -> None:
    """Both sheets, after the project sheets of the workbook."""

    def writer(key: str, columns: list[tuple[str, str]], day: date) -> SheetWriter:
        name = in_language(LEAD_SHEETS, key, lang)
        title = dated_title(office, name, day, unit, lang)
        return column_sheet(book, formats, name, title, columns, _header, unit, lang)

    leads = writer("leads", LEAD_COLUMNS, store.today)
    for reserve in (False, True):
        for row in store.leads(reserve=reserve, include_closed=True):
            leads.write(
                [
                    row.name,
                    row.kind,
                    row.stage,
                    row.source,
                    row.owner,
                    row.investor,
                    row.investor_origin,
                    row.chain,
                    row.amount_yuan,
                    row.registered_on,
                    row.days_in_stage,
                    row.due_on,
                    row.days_left,
                    row.warning,
                    row.project_code or (f"#{row.project_id}" if row.project_id else ""),
                    row.drop_reason,
                    row.notes,
                ]
            )
    leads.close()
    period = Period(date(as_of.year, 1, 1), as_of, str(as_of.year))
    funnel = writer("funnel", FUNNEL_COLUMNS, as_of)
    for by in FUNNEL_GROUPS:
        figures = store.lead_figures(period, as_of, by)
        _funnel_rows(funnel, figures, lang, with_total=by == FUNNEL_GROUPS[0])
    funnel.close(autofilter=False)


def _header(key: str, kind: str, lang: Lang, unit: Unit) -> str:
    if key in GROUP_WORDS:
        return in_language(GROUP_WORDS, key, lang)
    return header(key, kind, lang, unit)


def _funnel_rows(writer: SheetWriter, figures: LeadFigures, lang: Lang, with_total: bool) -> None:
    """The whole office's row (first), then a row a group, the group's kind named first."""
    groups = [(in_language(GROUP_WORDS, "total", lang), figures.total)] if with_total else []
    kind = in_language(GROUP_WORDS, figures.by or "group", lang)
    groups += [(f"{kind}: {group.group or '-'}", group) for group in figures.groups]
    for name, group in groups:
        rate = conversion_rate(group).value
        writer.write(
            [
                name,
                *[step.count for step in group.steps],  # registered, assessed, talks, signed
                group.dropped,
                None if rate is None else float(rate),
                group.steps[0].amount_yuan,
            ],
            bold=name == in_language(GROUP_WORDS, "total", lang),
        )
