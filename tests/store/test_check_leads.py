"""`check` finds a lead written past the rules of store.domain.leads (each planted with raw
SQL), says every finding in one language, and `clear` empties the office of every record."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import func, select, text

from store.checks import RULE_WORDS, Finding, check
from store.db.models import (
    Lead,
    LeadHistory,
    Notice,
    Project,
    Setting,
    Steward,
    Target,
    TargetChange,
)
from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY, add_nandu, run_cli


def _office(store: Store) -> None:
    """A lead at every stage, by the doors: 甲 registered, 乙 assessed, 丙 negotiating and
    reported on, 丁 dropped, 戊 signed into its project."""
    for name in ("甲线索", "乙线索", "丙线索", "丁线索", "戊线索"):
        values = {"name": name, "source": "节会", "owner": "王建国"}
        store.add_lead(values | {"registered_on": date(2024, 6, 3)})
    store.move_lead("乙线索", "研判", date(2024, 6, 4))
    for name in ("丙线索", "戊线索"):
        store.move_lead(name, "研判", date(2024, 6, 4))
        store.move_lead(name, "在谈", date(2024, 6, 10))
    store.report_lead("丙线索", "第二轮洽谈", date(2024, 6, 20))
    store.drop_lead("丁线索", "企业转投他处", date(2024, 6, 5))
    store.sign_lead("戊线索", date(2024, 6, 28), steward="王建国", create_steward=True)


def _plant(store: Store, *statements: str) -> None:
    """What no door lets in, written straight into the tables."""
    with store.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _lead_findings(store: Store) -> list[tuple[str | None, str, str]]:
    return [(f.lead, f.rule, f.detail) for f in check(store)[1] if f.lead is not None]


def test_leads_kept_by_the_doors_pass(store: Store) -> None:
    _office(store)
    assert check(store)[1] == []


# Each planted state, and the findings it gives: (lead, rule, words of the detail).
PLANTED = [
    (
        "UPDATE lead SET project_id = NULL WHERE name = '戊线索'",
        [("戊线索", "signed project", "is missing, yet the lead is signed")],
    ),
    (
        "UPDATE lead SET project_id = (SELECT min(id) FROM project) WHERE name = '乙线索'",
        [("乙线索", "signed project", "is set, yet the lead is assessed")],
    ),
    (
        "UPDATE lead SET registered_on = '2024-07-09' WHERE name = '甲线索'",
        [("甲线索", "future date", "2024-07-09: is in the future")],
    ),
    (
        "UPDATE lead SET registered_on = '2024-06-05' WHERE name = '乙线索'",
        [("乙线索", "dates in order", "2024-06-04: is before 登记日期 (registered on) 2024-06-05")],
    ),
    (
        "UPDATE lead SET negotiating_on = '2024-06-01' WHERE name = '丙线索'",
        [("丙线索", "dates in order", "2024-06-01: is before 研判日期 (assessed on) 2024-06-04")],
    ),
    (
        "UPDATE lead SET dropped_on = '2024-06-01' WHERE name = '丁线索'",
        [("丁线索", "dates in order", "2024-06-01: is before 登记日期 (registered on)")],
    ),
    (
        "UPDATE lead SET reported_on = '2024-05-20' WHERE name = '丙线索'",
        [("丙线索", "dates in order", "最近报告日期 (last report) 2024-05-20: is before")],
    ),
    (
        "UPDATE lead SET stage = 'talking' WHERE name = '甲线索'",
        [("甲线索", "unknown value", "线索阶段 (lead stage) 'talking': is unknown")],
    ),
    (
        "UPDATE lead SET kind = 'idea' WHERE name = '甲线索'",
        [("甲线索", "unknown value", "线索类型 (lead kind) 'idea': is unknown")],
    ),
    (
        "UPDATE lead SET stage = 'negotiating' WHERE name = '乙线索'",
        [("乙线索", "stage and dates", "在谈日期 (negotiating since) —: is missing")],
    ),
    (
        "UPDATE lead SET assessed_on = NULL WHERE name = '丙线索'",
        [("丙线索", "stage and dates", "研判日期 (assessed on) —: is missing")],
    ),
    (
        "UPDATE lead SET signed_on = '2024-06-29' WHERE name = '丙线索'",
        [("丙线索", "stage and dates", "2024-06-29: is set, yet the lead is negotiating")],
    ),
    (
        "UPDATE lead SET stage = 'lead', dropped_on = NULL WHERE name = '丁线索'",
        [("丁线索", "drop reason", "is kept, yet the lead is lead")],
    ),
    (
        "UPDATE lead SET drop_reason = '  ' WHERE name = '丁线索'",
        [("丁线索", "drop reason", "is empty, yet the lead was dropped")],
    ),
    (
        "UPDATE lead SET dropped_on = NULL WHERE name = '丁线索'",
        [("丁线索", "stage and dates", "放弃日期 (dropped on) —: is missing")],
    ),
    (
        "UPDATE lead SET amount_yuan = -5, owner = '' WHERE name = '甲线索'",
        [
            ("甲线索", "negative amount", "-5: must not be negative"),
            ("甲线索", "missing value", "跟进人 (owner) “”: is empty"),
        ],
    ),
]


@pytest.mark.parametrize(("statement", "expected"), PLANTED)
def test_a_lead_past_the_rules_is_found(
    store: Store, statement: str, expected: list[tuple[str, str, str]]
) -> None:
    _office(store)
    _plant(store, statement)
    found = _lead_findings(store)
    assert [(lead, rule) for lead, rule, _ in found] == [(lead, rule) for lead, rule, _ in expected]
    for (_, _, detail), (_, _, words) in zip(found, expected, strict=True):
        assert words in detail


@pytest.mark.sqlite_only
def test_a_signed_lead_pointing_to_no_project_is_found(db: str, store: Store) -> None:
    _office(store)
    with sqlite3.connect(db) as connection:  # foreign keys are off in a bare connection
        connection.execute("UPDATE lead SET project_id = 9999 WHERE name = '戊线索'")
    connection.close()
    assert _lead_findings(store) == [
        (
            "戊线索",
            "signed project",
            "签约项目 (project signed) #9999: does not exist: the lead points to no project",
        )
    ]


def test_every_finding_is_worded_in_chinese(store: Store) -> None:
    _office(store)
    _plant(
        store,
        "UPDATE lead SET project_id = NULL, registered_on = '2024-07-09' WHERE name = '戊线索'",
        "UPDATE lead SET drop_reason = '' WHERE name = '丁线索'",
        "UPDATE project SET deadline = '2030-01-01', funds_in_place_yuan = 7",
    )
    findings = check(store)[1]
    assert {f.rule for f in findings} >= {"signed project", "future date", "drop reason"}
    assert {f.rule for f in findings} >= {"deadline", "dates in order"}
    for finding in findings:
        assert finding.rule in RULE_WORDS
        line = finding.line(Lang.ZH)
        assert finding.detail_zh and finding.detail not in line
        assert not any(word in line for word in ("is missing", "is before", "stored", "lead "))
    lines = [finding.line(Lang.ZH) for finding in findings]
    assert "线索 戊线索：签约项目：签约项目 —：为空，而线索已签约：签约即建立项目" in lines


def test_the_finding_of_a_server_speaks_its_own_words() -> None:
    finding = Finding(None, "integrity", "row 3 missing from index")
    assert finding.line(Lang.EN) == "(database): integrity: row 3 missing from index"
    assert finding.line(Lang.ZH) == "（数据库）：数据库完整性：row 3 missing from index"


def test_cli_check_speaks_chinese_when_asked(db: str, store: Store) -> None:
    _office(store)
    _plant(store, "UPDATE lead SET drop_reason = '' WHERE name = '丁线索'")
    code, out, _ = run_cli(db, "check", lang="zh", today=TODAY)
    assert code == 1
    assert out.splitlines() == [
        "线索 丁线索：放弃原因：放弃原因 “”：为空，而线索已放弃：放弃须写明原因",
        "已检查 1 个项目，发现 1 个问题",
    ]
    code, out, _ = run_cli(db, "check", today=TODAY)
    assert code == 1 and out.splitlines()[0].startswith("lead 丁线索: drop reason: 放弃原因")
    code, out, _ = run_cli(db, "check", "--format", "json", lang="zh", today=TODAY)
    assert code == 1 and '"detail": "放弃原因 “”：为空' in out and '"rule": "drop reason"' in out


def test_clear_leaves_no_record_but_the_settings(store: Store) -> None:
    add_nandu(store)
    _office(store)
    store.set_target(2024, "steward", "王建国", "signed_count", 3)
    store.issue_notice(store.project_row("戊线索").id, reason="进度滞后")
    store.set_setting("office.name", "酒泉市投资促进局")
    store.clear()
    with store.reading() as session:
        for model in (Project, Steward, Lead, LeadHistory, Notice, Target, TargetChange):
            assert session.execute(select(func.count()).select_from(model)).scalar() == 0
        kept = session.scalars(select(Setting.value).where(Setting.key == "office.name"))
        assert list(kept) == ["酒泉市投资促进局"]
    assert check(store) == (0, [])
