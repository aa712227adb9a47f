"""Targets and assessment (任务分解 · 考核) as use cases."""

from __future__ import annotations

from datetime import date

from store.commands import targets as target_commands
from store.domain.scheme import DEFAULT_SCHEME, Scheme, parse_scheme
from store.domain.targets import TargetPeriod
from store.facade.core import StoreCore, acts, reads
from store.queries import assessment as assessment_queries


class TargetUseCases(StoreCore):
    """Each unit's targets set or imported, and the units assessed against them."""

    set_target = acts(target_commands.set_target)
    import_targets = acts(target_commands.import_targets)
    targets = reads(assessment_queries.targets)
    target_history = reads(assessment_queries.target_history)
    target_units = reads(assessment_queries.unit_names)

    def assess(
        self,
        period: TargetPeriod,
        as_of: date | None = None,
        kind: str = "county",
        scheme: Scheme | None = None,
    ) -> assessment_queries.Assessment:
        """Each unit of the kind against its targets, scored by the scheme (the default one
        unless given), ranked; as of today, or the period's end for a past period."""
        chosen = scheme or parse_scheme(DEFAULT_SCHEME)
        with self.reading() as session:
            return assessment_queries.assess_on(session, self.today, period, as_of, kind, chosen)
