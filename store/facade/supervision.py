"""Supervision (督办) as use cases: notices, their escalation, health checks, the bulletin."""

from __future__ import annotations

from datetime import date

from store.commands import notices as notice_commands
from store.domain.supervision import HealthRule
from store.facade.core import StoreCore, acts, counts_down, reads
from store.queries import settings as setting_queries
from store.queries import supervision as supervision_queries
from store.queries.listing import Countdown


class SupervisionUseCases(StoreCore):
    """Notices (督办单) and their course, the health rules' flags, the bulletin's groups."""

    issue_notice = acts(notice_commands.issue_notice)
    issue_proposed = acts(notice_commands.issue_proposed)
    reply_notice = acts(notice_commands.reply_notice)
    close_notice = acts(notice_commands.close_notice)
    escalate_notice = acts(notice_commands.escalate_notice)
    record_summons = acts(notice_commands.record_summons)
    supervise = acts(notice_commands.supervise)
    supervision_rules = reads(supervision_queries.supervision_rules)
    notice_events = reads(supervision_queries.notice_events)
    proposals = counts_down(supervision_queries.proposals)

    def notices(
        self,
        filters: supervision_queries.NoticeFilter | None = None,
        *,
        as_of: date | None = None,
        offset: int = 0,
        limit: int = 500,
    ) -> list[supervision_queries.NoticeRow]:
        """Notices not closed (or as filtered), a summons first, then by reply deadline."""
        with self.reading() as session:
            day = as_of or self.today
            return supervision_queries.notices(session, day, filters, offset=offset, limit=limit)

    def notice(self, notice_id: int) -> supervision_queries.NoticeRow:
        with self.reading() as session:
            return supervision_queries.notice_row(session, notice_id, self.today)

    def open_notice_of(self, project_id: int) -> supervision_queries.NoticeRow | None:
        with self.reading() as session:
            return supervision_queries.open_notice_of(session, project_id, self.today)

    def notice_counts(self) -> dict[str, int]:
        with self.reading() as session:
            return supervision_queries.notice_counts(session, self.today)

    def health(
        self, as_of: date | None = None, only: HealthRule | None = None
    ) -> list[supervision_queries.HealthFlag]:
        """Every project the health rules flag as of the day, with the figures behind it."""
        from store.labels import Refusal

        day = as_of or self.today
        if day > self.today:
            raise Refusal(
                f"截至 {day} 的健康检查：晚于今天（{self.today}）",
                f"health as of {day}: that is after today ({self.today})",
            )
        with self.reading() as session:
            rules = supervision_queries.supervision_rules(session)[1]
            return supervision_queries.health_flags(session, day, rules, only, today=self.today)

    def bulletin_groups(self, by: str, as_of: date) -> list[supervision_queries.BulletinGroup]:
        """The bulletin's groups (by steward or unit) as of the day."""
        with self.reading() as session:
            countdown = Countdown(as_of, setting_queries.thresholds(session))
            rules = supervision_queries.supervision_rules(session)[1]
            return supervision_queries.bulletin_groups(session, countdown, by, rules, self.today)
