"""Leads before signing (线索 · 研判 · 在谈) as use cases: store.commands.leads and
store.queries.leads."""

from __future__ import annotations

from datetime import date

from store.commands import leads as lead_commands
from store.domain.leads import LeadKind, LeadStage
from store.domain.periods import Period
from store.facade.core import StoreCore, acts, reads, writes
from store.queries import leads as lead_queries


class LeadUseCases(StoreCore):
    """Leads: registered, moved through their stages, signed into projects, counted."""

    lead = reads(lead_queries.find_lead)
    lead_history = reads(lead_queries.lead_history)
    lead_limits = reads(lead_queries.limit_settings)
    add_lead = acts(lead_commands.add_lead)
    move_lead = acts(lead_commands.move_lead)
    advance_lead = acts(lead_commands.advance_lead)
    back_lead = acts(lead_commands.back_lead)
    report_lead = acts(lead_commands.report_lead)
    drop_lead = acts(lead_commands.drop_lead)
    edit_lead = acts(lead_commands.edit_lead)
    sign_lead = acts(lead_commands.sign_lead)
    set_lead_limit = writes(lead_commands.set_limit)

    def leads(
        self,
        *,
        reserve: bool = False,
        stage: LeadStage | None = None,
        include_closed: bool = False,
    ) -> list[lead_queries.LeadRow]:
        """The leads (or the reserve), the most urgent first, counted down from today."""
        with self.reading() as session:
            return lead_queries.list_leads(
                session, self.today, reserve=reserve, stage=stage, include_closed=include_closed
            )

    def lead_row(self, ref: str | int) -> lead_queries.LeadRow:
        with self.reading() as session:
            return lead_queries.lead_detail(session, self.today, ref)

    def lead_figures(
        self,
        period: Period | None = None,
        as_of: date | None = None,
        by: str | None = None,
        kind: LeadKind | None = None,
    ) -> lead_queries.LeadFigures:
        """The funnel and conversion rate of the leads registered in the period, as of a date."""
        with self.reading() as session:
            return lead_queries.lead_figures(session, self.today, period, as_of, by, kind)
