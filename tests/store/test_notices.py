"""Supervision notices on both backends: issued, replied, escalated by `supervise` across
working days and the National Day holiday, summoned, closed; each step in the project's
history; a second run on the same day changing nothing; notices proposed by warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from store.domain.supervision import CloseKind, NoticeLevel, NoticeStatus
from store.errors import UserError
from store.queries.supervision import NoticeFilter
from store.service import Store

A, B, C = "2401-620902-04-01-100001", "2401-620902-04-01-100002", "2401-620902-04-01-100003"
AUTUMN = date(2024, 12, 31)


def signed(store: Store, code: str, due: date, signed_on: date = date(2024, 6, 1)) -> int:
    """A signed project, its procedures due on `due`, stewarded by 王建国 of 肃州区发改局."""
    project = store.add_project(
        {
            "code": code,
            "name": f"酒泉储能项目{code[-1]}",
            "signed_on": signed_on,
            "procedures_due": due,
            "responsible_unit": "肃州区发改局",
            "total_investment_yuan": 10**9,
        },
        steward="王建国",
        create_steward=True,
    )
    assert project.id is not None
    return project.id


def notice_history(store: Store, code: str) -> list[tuple[str, str | None, str | None, date]]:
    return [
        (h.field or "", h.old_value, h.new_value, h.effective_on)
        for h in store.history(code)
        if h.action == "notice"
    ]


@pytest.fixture
def autumn(new_store: Callable[..., Store]) -> Store:
    """A store whose today is the end of 2024, for notices issued in the autumn."""
    return new_store(today=AUTUMN, user="督查科")


def test_a_notice_is_addressed_to_the_steward_and_unit_with_its_reply_due_in_working_days(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 9, 1))
    signed(autumn, B, date(2024, 9, 1))
    notice = autumn.issue_notice(A, issued_on=date(2024, 9, 27), reason="手续超期")
    row = autumn.notice(notice.id)
    assert (row.level, row.status, row.steward, row.unit) == (
        NoticeLevel.BLUE,
        NoticeStatus.OPEN,
        "王建国",
        "肃州区发改局",
    )
    assert row.reply_due == date(2024, 10, 10)  # five working days over National Day
    assert row.issued_by == "督查科"
    assert notice_history(autumn, A) == [(f"notice:{notice.id}", None, "blue", date(2024, 9, 27))]
    with pytest.raises(UserError, match="already has notice"):
        autumn.issue_notice(A)
    with pytest.raises(UserError, match="after today"):
        autumn.issue_notice(B, issued_on=date(2025, 1, 2))
    with pytest.raises(UserError, match="a summons is recorded on a notice"):
        autumn.issue_notice(A, level=NoticeLevel.SUMMONS)


def test_supervise_raises_an_unanswered_notice_a_level_for_each_deadline_missed(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 9, 1))
    notice_id = autumn.issue_notice(A, issued_on=date(2024, 9, 27)).id
    assert autumn.supervise(date(2024, 10, 10)).escalated == []  # due that day: not yet
    first = autumn.supervise(date(2024, 10, 11))
    assert first.escalated == [(notice_id, NoticeLevel.YELLOW, date(2024, 10, 11))]
    assert autumn.notice(notice_id).reply_due == date(2024, 10, 17)  # Sat 12 Oct worked
    before = notice_history(autumn, A)
    again = autumn.supervise(date(2024, 10, 11))
    assert (again.escalated, again.closed) == ([], [])
    assert notice_history(autumn, A) == before  # idempotent: nothing written
    later = autumn.supervise(date(2024, 12, 31))
    assert later.escalated == [
        (notice_id, NoticeLevel.RED, date(2024, 10, 18)),
        (notice_id, NoticeLevel.SUMMONS, date(2024, 10, 28)),
    ]
    assert autumn.supervise(date(2024, 12, 31)).escalated == []
    row = autumn.notice(notice_id)
    assert (row.level, row.reply_due) == (NoticeLevel.SUMMONS, None)
    assert [(e.action, e.level, e.effective_on) for e in autumn.notice_events(notice_id)] == [
        ("issue", "blue", date(2024, 9, 27)),
        ("rise", "yellow", date(2024, 10, 11)),
        ("rise", "red", date(2024, 10, 18)),
        ("rise", "summons", date(2024, 10, 28)),
    ]
    assert [entry[1:] for entry in notice_history(autumn, A)] == [
        (None, "blue", date(2024, 9, 27)),
        ("blue", "yellow", date(2024, 10, 11)),
        ("yellow", "red", date(2024, 10, 18)),
        ("red", "summons", date(2024, 10, 28)),
    ]


def test_a_summons_is_recorded_with_who_and_when_and_a_new_reply_deadline(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 9, 1))
    blue = autumn.issue_notice(A, issued_on=date(2024, 9, 27)).id
    with pytest.raises(UserError, match="a summons follows a red notice"):
        autumn.record_summons(blue, "李县长", "发改局局长")
    autumn.supervise(date(2024, 10, 18))
    assert autumn.notice(blue).level is NoticeLevel.RED
    autumn.record_summons(blue, "李县长", "发改局局长", on=date(2024, 10, 22))
    row = autumn.notice(blue)
    assert (row.level, row.summoned_on, row.summoned_by, row.summoned_whom) == (
        NoticeLevel.SUMMONS,
        date(2024, 10, 22),
        "李县长",
        "发改局局长",
    )
    assert row.reply_due == date(2024, 10, 29)
    assert ("summon", "summons", date(2024, 10, 22)) in [
        (e.action, e.level, e.effective_on) for e in autumn.notice_events(blue)
    ]
    # unanswered past that deadline a summons rises no further
    assert autumn.supervise(date(2024, 12, 31)).escalated == []


def test_a_reply_stops_the_rise_and_is_recorded_with_its_plan_and_due_date(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 9, 1))
    notice_id = autumn.issue_notice(A, issued_on=date(2024, 9, 27)).id
    with pytest.raises(UserError, match="before the notice was issued"):
        autumn.reply_notice(notice_id, "加快办理", date(2024, 11, 30), replied_on=date(2024, 9, 1))
    with pytest.raises(UserError, match="remedy plan is empty"):
        autumn.reply_notice(notice_id, "  ", date(2024, 11, 30))
    autumn.reply_notice(
        notice_id, "十月底前完成环评批复", date(2024, 10, 31), replied_on=date(2024, 10, 9)
    )
    assert autumn.supervise(date(2024, 12, 31)).escalated == []
    row = autumn.notice(notice_id)
    assert (row.status, row.level, row.remedy_plan, row.remedy_due, row.replied_on) == (
        NoticeStatus.REPLIED,
        NoticeLevel.BLUE,
        "十月底前完成环评批复",
        date(2024, 10, 31),
        date(2024, 10, 9),
    )
    with pytest.raises(UserError, match="not waiting for a reply"):
        autumn.reply_notice(notice_id, "again", date(2024, 12, 31))


def test_escalating_by_hand_sets_a_new_deadline_from_today(autumn: Store) -> None:
    signed(autumn, A, date(2024, 9, 1))
    notice_id = autumn.issue_notice(A, issued_on=date(2024, 12, 2)).id
    autumn.escalate_notice(notice_id, "企业未按期报送")
    row = autumn.notice(notice_id)
    assert (row.level, row.reply_due) == (NoticeLevel.YELLOW, date(2025, 1, 8))  # 1 Jan off
    autumn.escalate_notice(notice_id)
    autumn.escalate_notice(notice_id)
    assert autumn.notice(notice_id).level is NoticeLevel.SUMMONS
    with pytest.raises(UserError, match="rises no further"):
        autumn.escalate_notice(notice_id)
    with pytest.raises(UserError, match="changed by someone else"):
        autumn.close_notice(notice_id, "x", expected_version=1)


def test_closing_by_hand_needs_a_reason_unless_the_project_is_back_on_time(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 12, 1))  # late: yellow on 31 Dec
    notice_id = autumn.issue_notice(A).id
    with pytest.raises(UserError, match="still behind"):
        autumn.close_notice(notice_id)
    autumn.close_notice(notice_id, "已纳入县重点项目另行调度")
    row = autumn.notice(notice_id)
    assert (row.status, row.close_kind, row.close_reason, row.closed_on) == (
        NoticeStatus.CLOSED,
        CloseKind.BY_HAND.value,
        "已纳入县重点项目另行调度",
        AUTUMN,
    )
    with pytest.raises(UserError, match="already closed"):
        autumn.close_notice(notice_id, "again")
    assert autumn.notices() == []
    assert [n.id for n in autumn.notices(NoticeFilter(include_closed=True))] == [notice_id]


def test_supervise_closes_the_notices_of_projects_back_on_time_or_withdrawn(
    autumn: Store,
) -> None:
    signed(autumn, A, date(2024, 12, 1))
    signed(autumn, B, date(2024, 12, 1))
    signed(autumn, C, date(2024, 12, 1))
    on_time = autumn.issue_notice(A, issued_on=date(2024, 12, 20)).id
    withdrawn = autumn.issue_notice(B, issued_on=date(2024, 12, 20)).id
    late = autumn.issue_notice(C, issued_on=date(2024, 12, 20)).id
    autumn.update_project(A, {"procedures_due": date(2025, 6, 30)})  # given more time
    autumn.withdraw(B, "企业投资计划调整")
    run = autumn.supervise()
    assert sorted(run.closed) == [(on_time, CloseKind.ON_TIME), (withdrawn, CloseKind.WITHDRAWN)]
    assert [n.id for n in autumn.notices()] == [late]
    assert autumn.supervise().closed == []
    with pytest.raises(UserError, match="withdrawn"):
        autumn.issue_notice(B)


def test_proposals_issue_a_notice_at_each_projects_warning_and_raise_lower_ones(
    store: Store,
) -> None:
    # today 2024-06-30: A is red (40 days late), B yellow (10), C blue (5 days to go)
    signed(store, A, date(2024, 5, 21), signed_on=date(2024, 1, 5))
    signed(store, B, date(2024, 6, 20))
    signed(store, C, date(2024, 7, 5))
    existing = store.issue_notice(B, issued_on=date(2024, 6, 3)).id  # blue, below yellow
    proposed = store.proposals()
    assert [(p.code, p.level, p.notice_id) for p in proposed] == [
        (A, NoticeLevel.RED, None),
        (B, NoticeLevel.YELLOW, existing),
        (C, NoticeLevel.BLUE, None),
    ]
    done = store.issue_proposed()
    assert [n.level for n in done.issued] == ["red", "blue"]
    assert [n.id for n in done.raised] == [existing]
    assert store.proposals() == []
    assert [(n.code, n.level) for n in store.notices()] == [
        (A, NoticeLevel.RED),
        (B, NoticeLevel.YELLOW),
        (C, NoticeLevel.BLUE),
    ]
    counts = store.notice_counts()
    assert (counts["red"], counts["yellow"], counts["blue"], counts["summons"]) == (1, 1, 1, 0)
    assert store.issue_proposed().issued == []
