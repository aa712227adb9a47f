"""Leads through the store, on SQLite and PostgreSQL: every move and refusal with its
history, the time limits per database, signing into a project in one transaction, and the
funnel and conversion rate of a hand-built cohort."""

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select

from store.db.models import Lead, LeadHistory, Project
from store.domain.leads import LeadKind, LeadStage
from store.errors import NotFound, StaleEdit, UserError
from store.figures import parse_period
from store.service import Store

TODAY = date(2024, 6, 28)  # a Friday


def add(store: Store, name: str, **values: object) -> Lead:
    given: dict[str, object] = {"name": name, "source": "以商招商", "owner": "王建国"}
    given.update(values)
    return store.add_lead(given)


def negotiating(store: Store, name: str, registered: date = date(2024, 6, 3)) -> Lead:
    add(store, name, registered_on=registered, amount_yuan=300_000_000, investor="南都电源")
    store.move_lead(name, "研判", date(2024, 6, 4))
    return store.move_lead(name, "在谈", date(2024, 6, 5))


def count(store: Store, model: type[Project] | type[LeadHistory]) -> int:
    with store.reading() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def leads(new_store: Callable[..., Store]) -> Store:
    return new_store(today=TODAY)


def test_a_lead_is_registered_listed_and_counted_down(leads: Store) -> None:
    add(leads, "南郊储能线索", registered_on=date(2024, 6, 27), amount_yuan=500_000_000)
    [row] = leads.leads()
    assert (row.name, row.stage, row.source, row.owner) == (
        "南郊储能线索",
        "lead",
        "以商招商",
        "王建国",
    )
    assert row.amount_yuan == 500_000_000 and row.days_in_stage == 1
    assert row.due_on == date(2024, 6, 28) and row.days_left == 0 and row.warning == "blue"
    assert leads.lead_history("南郊储能线索")[0].action == "add"


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"source": " "}, "needs source"),
        ({"owner": ""}, "needs owner"),
        ({"registered_on": date(2024, 7, 1)}, "after today"),
        ({"amount_yuan": -1}, "negative"),
        ({"kind": "项目"}, "unknown lead kind"),
    ],
)
def test_a_lead_missing_what_it_needs_is_refused(
    leads: Store, values: dict[str, object], says: str
) -> None:
    with pytest.raises(UserError, match=says):
        add(leads, "甲线索", **values)
    assert leads.leads(include_closed=True) == []


def test_a_name_is_one_lead_only(leads: Store) -> None:
    add(leads, "甲线索")
    with pytest.raises(UserError, match="already exists"):
        add(leads, "甲线索", source="节会")


def test_every_move_is_dated_and_in_history(leads: Store) -> None:
    lead = negotiating(leads, "鸿合储能")
    assert lead.stage == "negotiating"
    assert (lead.assessed_on, lead.negotiating_on) == (date(2024, 6, 4), date(2024, 6, 5))
    moves = [
        (entry.field, entry.old_value, entry.new_value, entry.effective_on)
        for entry in leads.lead_history("鸿合储能")
        if entry.action == "move"
    ]
    assert moves == [
        ("stage", "lead", "assessed", date(2024, 6, 4)),
        ("assessed_on", None, "2024-06-04", date(2024, 6, 4)),
        ("stage", "assessed", "negotiating", date(2024, 6, 5)),
        ("negotiating_on", None, "2024-06-05", date(2024, 6, 5)),
    ]


def test_refused_moves_change_nothing(leads: Store) -> None:
    add(leads, "甲线索", registered_on=date(2024, 6, 10))
    before = count(leads, LeadHistory)
    with pytest.raises(UserError, match="one stage at a time"):
        leads.move_lead("甲线索", "在谈")
    with pytest.raises(UserError, match="before it entered"):
        leads.move_lead("甲线索", "研判", date(2024, 6, 9))
    with pytest.raises(UserError, match="after today"):
        leads.move_lead("甲线索", "研判", date(2024, 6, 29))
    with pytest.raises(UserError, match="only a lead under negotiation"):
        leads.sign_lead("甲线索")
    with pytest.raises(UserError, match="first stage"):
        leads.back_lead("甲线索", "录错")
    with pytest.raises(NotFound):
        leads.move_lead("乙线索", "研判")
    assert count(leads, LeadHistory) == before
    assert leads.lead("甲线索").stage == "lead"


def test_a_stale_move_is_refused(leads: Store) -> None:
    lead = add(leads, "甲线索")
    leads.move_lead("甲线索", "研判")
    with pytest.raises(StaleEdit):
        leads.advance_lead("甲线索", expected_version=lead.version)
    assert leads.lead("甲线索").stage == "assessed"


def test_back_is_a_correction_with_a_reason(leads: Store) -> None:
    negotiating(leads, "甲线索")
    with pytest.raises(UserError, match="needs a reason"):
        leads.back_lead("甲线索", " ")
    lead = leads.back_lead("甲线索", "在谈日期录错")
    assert lead.stage == "assessed" and lead.negotiating_on is None
    last = leads.lead_history("甲线索")[-2:]
    assert [(e.action, e.field, e.note) for e in last] == [
        ("back", "stage", "在谈日期录错"),
        ("back", "negotiating_on", "在谈日期录错"),
    ]


def test_a_report_starts_the_negotiation_clock_again(leads: Store) -> None:
    negotiating(leads, "甲线索")
    assert leads.lead_row("甲线索").warning == "yellow"  # 5 June + 14 days passed
    with pytest.raises(UserError, match="needs a note"):
        leads.report_lead("甲线索", "")
    leads.report_lead("甲线索", "第二轮洽谈", date(2024, 6, 26))
    row = leads.lead_row("甲线索")
    assert row.due_on == date(2024, 7, 10) and row.warning is None
    add(leads, "乙线索")
    with pytest.raises(UserError, match="not under negotiation"):
        leads.report_lead("乙线索", "第二轮洽谈")


def test_a_dropped_lead_leaves_the_list_not_the_records(leads: Store) -> None:
    add(leads, "甲线索", registered_on=date(2024, 6, 3))
    with pytest.raises(UserError, match="needs a reason"):
        leads.drop_lead("甲线索", "")
    leads.drop_lead("甲线索", "企业转投他处", date(2024, 6, 20))
    assert leads.leads() == []
    [row] = leads.leads(include_closed=True)
    assert (row.stage, row.drop_reason, row.warning) == ("dropped", "企业转投他处", None)
    with pytest.raises(UserError, match="moves no more"):
        leads.move_lead("甲线索", "研判")


def test_edits_are_checked_and_logged(leads: Store) -> None:
    add(leads, "甲线索", registered_on=date(2024, 6, 3))
    add(leads, "乙线索")
    leads.move_lead("甲线索", "研判", date(2024, 6, 5))
    changes = leads.edit_lead("甲线索", {"source": "节会", "amount_yuan": 200_000_000})
    assert {change.field for change in changes} == {"source", "amount_yuan"}
    with pytest.raises(UserError, match="already exists"):
        leads.edit_lead("甲线索", {"name": "乙线索"})
    with pytest.raises(UserError, match="after its move"):
        leads.edit_lead("甲线索", {"registered_on": date(2024, 6, 6)})
    with pytest.raises(UserError, match="no field"):
        leads.edit_lead("甲线索", {"stage": "signed"})
    assert leads.lead("甲线索").source == "节会"
    assert leads.lead_history("甲线索")[-1].action == "edit"


def test_the_reserve_has_its_own_list(leads: Store) -> None:
    add(leads, "甲线索")
    add(leads, "储备光热项目", kind="储备")
    assert [row.name for row in leads.leads()] == ["甲线索"]
    assert [row.name for row in leads.leads(reserve=True)] == ["储备光热项目"]
    assert leads.lead("储备光热项目").kind == LeadKind.RESERVE


def test_the_limits_are_set_per_database(leads: Store, new_store: Callable[..., Store]) -> None:
    add(leads, "甲线索", registered_on=date(2024, 6, 27))
    leads.set_lead_limit("lead.answer_working_days", "3")
    assert leads.lead_limits()["lead.answer_working_days"] == "3"
    row = leads.lead_row("甲线索")
    assert row.due_on == date(2024, 7, 2) and row.warning is None
    with pytest.raises(UserError):
        leads.set_lead_limit("lead.answer_working_days", "0")
    with pytest.raises(UserError, match="no time limit"):
        leads.set_lead_limit("lead.other_days", "3")
    other = new_store(today=TODAY)
    assert other.lead_limits()["lead.answer_working_days"] == "1"


def test_signing_creates_the_project_with_the_leads_history(leads: Store) -> None:
    leads.add_steward("王建国", {"title": "副市长"})
    negotiating(leads, "南都储能基地", registered=date(2024, 6, 3))
    leads.edit_lead("南都储能基地", {"chain": "储能装备", "investor_origin": "浙江"})
    lead, project = leads.sign_lead("南都储能基地", date(2024, 6, 25), county="肃州区")
    assert lead.stage == "signed" and lead.project_id == project.id
    assert (project.name, project.investor, project.investor_origin, project.chain) == (
        "南都储能基地",
        "南都电源",
        "浙江",
        "储能装备",
    )
    assert project.signed_amount_yuan == project.total_investment_yuan == 300_000_000
    assert (project.won_by, project.county, project.signed_on) == (
        "以商招商",
        "肃州区",
        date(2024, 6, 25),
    )
    steward = leads.steward_of(project)
    assert steward is not None and steward.name == "王建国"
    history = leads.history(project.id or 0)
    lead_rows = len(leads.lead_history("南都储能基地"))
    assert all(entry.action.startswith("lead ") for entry in history[:lead_rows])
    assert history[0].field == "lead.name" and history[0].effective_on == date(2024, 6, 3)
    assert [entry.action for entry in history[lead_rows:]] == ["create", "create"]
    assert leads.lead_row("南都储能基地").project_id == project.id
    with pytest.raises(UserError, match="moves no more"):
        leads.sign_lead("南都储能基地")


def test_an_owner_not_on_record_leaves_the_project_without_steward(leads: Store) -> None:
    negotiating(leads, "甲线索")
    _, project = leads.sign_lead("甲线索")
    assert project.steward_id is None and project.signed_on == TODAY


def test_a_refused_signing_leaves_lead_and_projects_as_they_were(leads: Store) -> None:
    leads.add_project({"name": "已有项目", "code": "2401-620902-04-01-123456"})
    negotiating(leads, "甲线索")
    before = (count(leads, Project), count(leads, LeadHistory), leads.lead("甲线索").version)
    with pytest.raises(UserError, match="already exists"):
        leads.sign_lead("甲线索", code="2401-620902-04-01-123456")
    with pytest.raises(UserError, match="steward"):
        leads.sign_lead("甲线索", steward="没人叫这个")
    with pytest.raises(UserError, match="before it entered"):
        leads.sign_lead("甲线索", date(2024, 6, 1))
    after = (count(leads, Project), count(leads, LeadHistory), leads.lead("甲线索").version)
    assert after == before
    row = leads.lead_row("甲线索")
    assert row.stage == "negotiating" and row.project_id is None


def test_a_signing_refused_by_the_project_rules_after_the_project_row_is_written(
    leads: Store,
) -> None:
    """A retired steward is refused by the project's rules; nothing of the lead's signing,
    nor a project, remains."""
    leads.add_steward("李志强", {})
    leads.retire_steward("李志强")
    negotiating(leads, "甲线索")
    with pytest.raises(UserError):
        leads.sign_lead("甲线索", steward="李志强")
    assert count(leads, Project) == 0
    assert leads.lead("甲线索").stage == "negotiating"


def cohort(store: Store) -> None:
    """Seven leads: five registered in 2024Q1, one before, one after."""
    add(store, "去年线索", registered_on=date(2023, 12, 20), source="节会")
    for name, source, owner, chain in [
        ("甲", "以商招商", "王建国", "储能"),
        ("乙", "以商招商", "李志强", "储能"),
        ("丙", "节会", "王建国", "光伏"),
        ("丁", "节会", "李志强", "光伏"),
        ("戊", "驻外", "王建国", "氢能"),
    ]:
        add(store, name, registered_on=date(2024, 1, 8), source=source, owner=owner, chain=chain)
    add(store, "二季度线索", registered_on=date(2024, 4, 2), source="节会")
    for name in ("甲", "乙", "丙", "丁"):
        store.move_lead(name, "研判", date(2024, 1, 9))
    for name in ("甲", "乙", "丙"):
        store.move_lead(name, "在谈", date(2024, 2, 1))
    store.sign_lead("甲", date(2024, 3, 15))
    store.sign_lead("乙", date(2024, 5, 10))  # after the quarter: counts as of June
    store.drop_lead("丁", "企业转投他处", date(2024, 2, 20))
    store.drop_lead("戊", "无回应", date(2024, 1, 20))


def test_the_conversion_rate_and_funnel_of_a_cohort(leads: Store) -> None:
    cohort(leads)
    quarter = parse_period("2024Q1")
    at_end = leads.lead_figures(quarter)
    assert at_end.as_of == date(2024, 3, 31)
    steps = [(step.count, step.drop_off) for step in at_end.total.steps]
    assert steps == [(5, 0), (4, 1), (3, 1), (1, 2)]
    assert at_end.total.conversion == (1, 5) and at_end.total.dropped == 2
    assert at_end.in_period == {
        "registered": 5,
        "assessed": 4,
        "negotiating": 3,
        "signed": 1,
        "dropped": 2,
    }
    today = leads.lead_figures(quarter, as_of=TODAY, by="source")
    assert today.total.conversion == (2, 5)
    by_source = {group.group: group.conversion for group in today.groups}
    assert by_source == {"以商招商": (2, 2), "节会": (0, 2), "驻外": (0, 1)}
    by_owner = leads.lead_figures(quarter, as_of=TODAY, by="owner")
    assert {g.group: g.conversion for g in by_owner.groups} == {"王建国": (1, 3), "李志强": (1, 2)}
    by_chain = leads.lead_figures(quarter, as_of=TODAY, by="chain")
    assert {g.group: g.registered for g in by_chain.groups} == {"储能": 2, "光伏": 2, "氢能": 1}
    with pytest.raises(UserError, match="cannot group"):
        leads.lead_figures(quarter, by="county")
    with pytest.raises(UserError, match="after today"):
        leads.lead_figures(quarter, as_of=date(2024, 7, 1))


def test_the_year_to_date_by_default(leads: Store) -> None:
    cohort(leads)
    figures = leads.lead_figures()
    assert (figures.period.start, figures.as_of) == (date(2024, 1, 1), TODAY)
    assert figures.total.registered == 6 and figures.total.conversion == (2, 6)
    assert figures.total.steps[0].stage is LeadStage.LEAD
