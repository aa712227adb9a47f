"""A steward's targets (任务分解 by 包抓领导) follow the steward's name: renamed or merged into
another, the targets and their history move with them in the same write."""

from __future__ import annotations

from datetime import date

import pytest

from store.db.models import Target
from store.domain.targets import parse_target_period
from store.errors import UserError
from store.service import Store
from tests.conftest import NANDU, add_nandu

YI = 10**8


def _targets(store: Store) -> list[tuple[str, str, int]]:
    return [(t.unit, t.figure, t.amount) for t in store.targets(2024, "steward")]


def _assessed(store: Store, as_of: date) -> list[str]:
    period = parse_target_period("2024")
    return [unit.unit for unit in store.assess(period, as_of, kind="steward").units]


@pytest.fixture
def office(store: Store) -> Store:
    """王建国 and 李志强 steward a project each; 王建国's signings target was raised in May."""
    add_nandu(store)
    add_nandu(store, "肃州区光伏项目", steward="李志强", code=None)
    store.set_target(2024, "steward", "王建国", "signed_count", 3)
    store.set_target(2024, "steward", "李志强", "signed_amount_yuan", 20 * YI)
    return store


def test_a_rename_takes_the_targets_and_their_history(office: Store) -> None:
    store = office
    store.set_target(2024, "steward", "王建国", "signed_count", 4)
    assert store.rename_steward("王建国", "王建军") == 1
    assert _targets(store) == [
        ("李志强", "signed_amount_yuan", 20 * YI),
        ("王建军", "signed_count", 4),
    ]
    history = [
        (c.unit, c.action, c.old_amount, c.new_amount, c.note)
        for c in store.target_history(2024)
        if c.figure == "signed_count"
    ]
    assert history == [
        ("王建军", "set", None, 3, ""),
        ("王建军", "set", 3, 4, ""),
        ("王建军", "steward rename", 4, 4, "王建国 → 王建军"),
    ]
    # the assessment of an earlier day reads the targets as they stood, under the new name
    assert sorted(_assessed(store, date(2024, 3, 31))) == ["李志强", "王建军"]
    assert sorted(_assessed(store, date(2024, 6, 30))) == ["李志强", "王建军"]


def test_a_merge_brings_the_targets_into_the_kept_steward(office: Store) -> None:
    store = office
    store.set_target(2024, "steward", "李志强", "signed_count", 3)
    assert store.merge_stewards("李志强", "王建国") == 1
    assert _targets(store) == [
        ("王建国", "signed_amount_yuan", 20 * YI),
        ("王建国", "signed_count", 3),  # the two records' equal targets, now one
    ]
    merged = [c for c in store.target_history(2024) if c.action == "steward merge"]
    assert [(c.unit, c.figure, c.note) for c in merged] == [
        ("王建国", "signed_amount_yuan", "李志强 → 王建国"),
        ("王建国", "signed_count", "李志强 → 王建国"),
    ]
    assert {c.unit for c in store.target_history(2024)} == {"王建国"}
    assert _assessed(store, date(2024, 6, 30)) == ["王建国"]


def test_a_merge_of_different_targets_is_refused_and_changes_nothing(office: Store) -> None:
    store = office
    store.set_target(2024, "steward", "李志强", "signed_count", 5)
    before = (_targets(store), len(store.target_history(2024)), store.steward_names())
    with pytest.raises(UserError) as refused:
        store.merge_stewards("李志强", "王建国")
    assert "2024 signed_count 5 and 3" in str(refused.value)
    assert "investtrack target set" in str(refused.value)
    assert (_targets(store), len(store.target_history(2024)), store.steward_names()) == before
    assert store.project_row("肃州区光伏项目").steward == "李志强"
    store.set_target(2024, "steward", "李志强", "signed_count", 3)
    assert store.merge_stewards("李志强", "王建国") == 1
    assert ("王建国", "signed_count", 3) in _targets(store)


def test_a_rename_onto_targets_left_under_the_new_name_is_refused(office: Store) -> None:
    """Targets still under a name no steward has now (as written before they followed a
    rename) meet the steward renamed to that name: they must agree."""
    store = office
    store.rename_steward("李志强", "李志刚")
    with store.writing() as session:
        left = Target(
            year=2024, unit_kind="steward", unit="李志强", figure="signed_count", amount=9
        )
        session.add(left)
    with pytest.raises(UserError, match="signed_count 3 and 9"):
        store.rename_steward("王建国", "李志强")
    assert ("王建国", "signed_count", 3) in _targets(store)
    assert store.project_row(NANDU).steward == "王建国"
