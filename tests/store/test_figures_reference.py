"""The figures against a plain reference. Generated offices: projects signed, moved on and
back, withdrawn, resumed, with monthly funds, procedures done and problems resolved. For
random periods and as-of dates the reference reads every row back and applies README's
definitions one project at a time, in Python; compute()'s SQL aggregates must agree exactly,
for the whole office and for each county, chain, steward and stage."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from store.db.models import Project
from store.errors import UserError
from store.figures import (
    GROUPS,
    SIZE_BANDS,
    FigureSet,
    Ratio,
    compute,
    period_between,
    same_question_a_year_before,
)
from store.service import Store
from store.stages import Kind, Stage
from tests.conftest import TODAY, open_store

FIRST_DAY = date(2023, 1, 1)
SPAN = (TODAY - FIRST_DAY).days
TEN_MILLION = 10**7

PROJECT = st.fixed_dictionaries(
    {
        "county": st.sampled_from(["肃州区", "玉门市"]),
        "chain": st.sampled_from(["储能装备", "光伏装备"]),
        "steward": st.sampled_from([None, "王建国", "李志强"]),
        "kind": st.sampled_from([Kind.NEW.value, Kind.CONTINUING.value]),
        "signed": st.integers(0, SPAN - 60),  # days after FIRST_DAY
        "signed_amount": st.integers(1, 50),  # in ten millions of yuan
        "total_investment": st.integers(1, 90),
        "dues": st.lists(st.integers(0, 300), min_size=3, max_size=3),  # days after signing
        "moves": st.lists(
            st.tuples(
                st.sampled_from(["advance"] * 3 + ["resume"] * 2 + ["back", "withdraw"]),
                st.integers(1, 120),  # days after the move before
            ),
            max_size=5,
        ),
        "funds": st.lists(
            st.tuples(st.integers(0, 17), st.integers(0, 9), st.integers(0, 9)), max_size=4
        ),  # month after FIRST_DAY, funds and investment completed in ten millions
        "procedures_done": st.lists(st.integers(0, 400), max_size=4),  # days after signing
        "problems": st.lists(
            st.tuples(st.integers(0, 400), st.none() | st.integers(0, 200)), max_size=3
        ),  # raised days after signing, resolved days after that
    }
)
# a period's first day (days after FIRST_DAY), its length, and the as-of date after its start
# (often today, as the dashboard asks)
QUESTION = st.tuples(st.integers(0, SPAN), st.integers(0, 400), st.integers(0, SPAN))


def build(store: Store, number: int, project: dict[str, Any]) -> None:
    """One generated project, entered as an officer would; a move the rules refuse (a date
    out of order, back from signed, resuming a new project ...) is left out, as it would be."""
    signed = FIRST_DAY + timedelta(days=project["signed"])
    procedures_due, start_due, production_due = sorted(
        signed + timedelta(days=days) for days in project["dues"]
    )
    pid = (
        store.add_project(
            {
                "name": f"项目{number}",
                "county": project["county"],
                "chain": project["chain"],
                "kind": project["kind"],
                "signed_on": signed,
                "signed_amount_yuan": project["signed_amount"] * TEN_MILLION,
                "total_investment_yuan": project["total_investment"] * TEN_MILLION,
                "procedures_due": procedures_due,
                "start_due": start_due,
                "production_due": production_due,
            },
            steward=project["steward"],
            create_steward=True,
        ).id
        or 0
    )
    moment = signed
    for move, days in project["moves"]:
        moment = min(moment + timedelta(days=days), TODAY)
        with contextlib.suppress(UserError):
            if move == "advance":
                store.advance(pid, moment)
            elif move == "back":
                store.back(pid, "录错")
            elif move == "withdraw":
                store.withdraw(pid, "企业退出", on=moment)
            else:
                store.resume(pid, on=moment)
    for month, funds, completed in project["funds"]:
        first = date(2023 + month // 12, month % 12 + 1, 1)
        with contextlib.suppress(UserError):  # a month the rules refuse
            store.add_funds(pid, first, funds * TEN_MILLION, completed_yuan=completed * TEN_MILLION)
    for procedure, days in zip(store.procedures(pid), project["procedures_done"], strict=False):
        done = min(signed + timedelta(days=days), TODAY)
        store.set_procedure(procedure.id or 0, done_on=done)
    for raised, resolved in project["problems"]:
        raised_on = min(signed + timedelta(days=raised), TODAY)
        problem = store.raise_problem(pid, "用地指标", raised_on=raised_on)
        if resolved is not None:
            then = min(raised_on + timedelta(days=resolved), TODAY)
            Store(store.engine, today=then).set_problem_status(problem.id or 0, "resolved")


def reference(
    store: Store, start: date, end: date, as_of: date, by: str | None
) -> dict[str, FigureSet]:
    """README's definitions, one project at a time, from every row read back."""
    last = min(end, as_of)
    thresholds = store.thresholds()
    sums: dict[str, Counter[str]] = {}
    stages: dict[str, Counter[str]] = {}
    with store.reading() as session:
        ids = list(session.execute(select(Project.id)).scalars())
    for pid in ids:
        project = store.project(pid)
        then = [h for h in store.history(pid) if h.field == "stage" and h.effective_on <= as_of]
        withdrawn = project.withdrawn_on is not None and project.withdrawn_on <= as_of
        signed = project.signed_on
        if not then or signed is None or signed > as_of or withdrawn:
            continue  # not on the office's list as of the date
        stage = Stage(max(then, key=lambda h: h.id or 0).new_value)
        steward = store.steward_of(project)
        key = {
            None: "total",
            "county": project.county,
            "chain": project.chain,
            "steward": steward.name if steward else "-",
            "stage": stage.value,
        }[by]
        count = sums.setdefault(key, Counter())
        by_stage = stages.setdefault(key, Counter())

        def within(day: date | None, first: date) -> bool:
            return day is not None and first <= day <= last

        count["projects"] += 1
        started = stage in (Stage.STARTED, Stage.PRODUCING)
        if within(signed, start):
            count["signed_count"] += 1
            count["signed_amount_yuan"] += project.signed_amount_yuan
            count["signed_started"] += started
            for band, floor in SIZE_BANDS.items():
                count[band] += project.signed_amount_yuan >= floor
        count["total_investment_yuan"] += project.total_investment_yuan
        if project.kind == Kind.NEW.value:
            count["new_projects"] += 1
            year_start, year_end = date(last.year, 1, 1), date(last.year, 12, 31)
            due = project.start_due is not None and year_start <= project.start_due <= year_end
            began = project.started_on is not None and year_start <= project.started_on <= as_of
            on_list = due or (started and began)
            count["year_listed"] += on_list
            count["year_started"] += on_list and started
            listed = within(project.start_due, start) or (
                started and within(project.started_on, start)
            )
            count["start_listed"] += listed
            count["start_done"] += listed and started
        else:
            count["continuing"] += 1
            count["resumed"] += within(project.resumed_on, date(last.year, 1, 1))
        required = [p for p in store.procedures(pid) if p.required]
        count["required"] += len(required)
        count["done"] += sum(p.done_on is not None and p.done_on <= as_of for p in required)
        records = store.dispatch_records(pid)
        later = sum(r.funds_in_place_yuan for r in records if r.month > as_of)
        count["funds_cumulative_yuan"] += project.funds_in_place_yuan - later
        for record in records:
            if start.replace(day=1) <= record.month <= last:
                count["funds_in_period_yuan"] += record.funds_in_place_yuan
                count["completed_in_period_yuan"] += record.investment_completed_yuan
        by_stage[f"count:{stage.value}"] += 1
        by_stage[f"amount:{stage.value}"] += project.signed_amount_yuan
        deadline = getattr(project, stage.deadline_field) if stage.deadline_field else None
        level = thresholds.level(None if deadline is None else (deadline - as_of).days)
        if level is not None:
            by_stage[f"warning:{level.value}"] += 1
        for problem in store.problems(pid):
            if within(problem.raised_on, start):
                count["raised"] += 1
                resolved_on = problem.resolved_on
                count["resolved"] += resolved_on is not None and resolved_on <= as_of
    return {key: figure_set(key, sums[key], stages[key]) for key in sums}


def figure_set(key: str, count: Counter[str], by_stage: Counter[str]) -> FigureSet:
    figure = FigureSet(
        group=key,
        projects=count["projects"],
        signed_count=count["signed_count"],
        signed_amount_yuan=count["signed_amount_yuan"],
        total_investment_yuan=count["total_investment_yuan"],
        funds_in_period_yuan=count["funds_in_period_yuan"],
        funds_cumulative_yuan=count["funds_cumulative_yuan"],
        completed_in_period_yuan=count["completed_in_period_yuan"],
        start_rate=Ratio(count["start_done"], count["start_listed"]),
        signed_start_rate=Ratio(count["signed_started"], count["signed_count"]),
        planned_start_rate=Ratio(count["year_started"], count["year_listed"]),
        new_projects=count["new_projects"],
        continuing_projects=count["continuing"],
        # the office's province is not set: no origin is placed
        funds_origin_unknown_yuan=count["funds_in_period_yuan"],
        origin_unknown_projects=count["projects"],
        **{band: count[band] for band in SIZE_BANDS},
        resumption_rate=Ratio(count["resumed"], count["continuing"]),
        funds_rate=Ratio(count["funds_in_period_yuan"], count["signed_amount_yuan"]),
        completion_rate=Ratio(count["completed_in_period_yuan"], count["total_investment_yuan"]),
        procedure_rate=Ratio(count["done"], count["required"]),
        problem_rate=Ratio(count["resolved"], count["raised"]),
    )
    for stage in figure.stages:
        figure.stages[stage] = by_stage[f"count:{stage}"]
        figure.stage_amounts_yuan[stage] = by_stage[f"amount:{stage}"]
    for level in figure.warnings:
        figure.warnings[level] = by_stage[f"warning:{level}"]
    return figure


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    office=st.lists(PROJECT, min_size=1, max_size=5),
    questions=st.lists(QUESTION, min_size=1, max_size=3),
    by=st.sampled_from([None, *GROUPS]),
)
def test_figures_agree_with_the_definitions_project_by_project(
    new_db: Callable[[], str],
    office: list[dict[str, Any]],
    questions: list[tuple[int, int, int]],
    by: str | None,
) -> None:
    store = open_store(new_db())
    for number, project in enumerate(office):
        build(store, number, project)
    for first, length, seen in questions:
        start = FIRST_DAY + timedelta(days=first)
        end = start + timedelta(days=length)
        as_of = min(start + timedelta(days=seen), TODAY)
        period = period_between(start, end)
        figures = compute(store, period, as_of, by=by)
        expected = reference(store, start, end, as_of, by)
        computed = (
            {figure.group: figure for figure in figures.groups} if by else {"total": figures.total}
        )
        assert only_listed(computed) == expected, (start, end, as_of, by)
        before, seen_on = same_question_a_year_before(period, as_of)  # 同比's other half
        assert figures.prior is not None
        expected = reference(store, before.start, before.end, seen_on, None)
        assert only_listed({"total": figures.prior}) == expected, (before, seen_on)


def only_listed(figures: dict[str, FigureSet]) -> dict[str, FigureSet]:
    """Leave out a set of no projects (the whole office's is there even then)."""
    return {key: figure for key, figure in figures.items() if figure.projects}
