"""A problem removed and a procedure renamed: the history keeps both, a stale edit is refused,
and the rules hold (an empty or a taken name, a record that is gone)."""

from __future__ import annotations

from datetime import date

import pytest

from store.errors import NotFound, StaleEdit, UserError
from store.labels import Lang, change_words
from store.service import Store
from tests.tui.test_app import add


def test_a_problem_removed_leaves_its_history(store: Store) -> None:
    pid = add(store)
    problem = store.raise_problem(pid, "用地指标未落实", raised_on=date(2024, 5, 1))
    kept = store.raise_problem(pid, "融资缺口", raised_on=date(2024, 5, 2))
    store.update_problem(problem.id, {"owner": "自然资源局"}, expected_version=problem.version)
    with pytest.raises(StaleEdit):  # read before the owner was set: refused, nothing removed
        store.remove_problem(problem.id, expected_version=problem.version)
    assert len(store.problems(pid)) == 2
    store.remove_problem(problem.id, expected_version=problem.version + 1)
    assert [p.id for p in store.problems(pid)] == [kept.id]
    last = store.history(pid)[-1]
    assert (last.action, last.field, last.old_value, last.new_value) == (
        "problem",
        "problem",
        "用地指标未落实",
        None,
    )
    assert last.user == "测试员" and last.effective_on == store.today
    assert "问题" in change_words(last.action, last.field, last.old_value, None, Lang.ZH)[1]
    with pytest.raises(NotFound):
        store.remove_problem(problem.id)


def test_a_procedure_renamed_keeps_its_state_and_the_old_name_in_history(store: Store) -> None:
    pid = add(store)
    procedure = store.add_procedure(pid, "节能审查")
    store.add_procedure(pid, "环评批复")
    store.set_procedure(procedure.id, done_on=date(2024, 3, 1))
    renamed = store.rename_procedure(procedure.id, " 节能审查意见 ", expected_name="节能审查")
    assert renamed.name == "节能审查意见"
    stored = next(p for p in store.procedures(pid) if p.id == procedure.id)
    assert (stored.name, stored.done_on) == ("节能审查意见", date(2024, 3, 1))
    last = store.history(pid)[-1]
    assert (last.field, last.old_value, last.new_value) == (
        "procedure:节能审查:name",
        "节能审查",
        "节能审查意见",
    )
    words = change_words(last.action, last.field, last.old_value, last.new_value, Lang.ZH)
    assert words[1] == "手续「节能审查」名称"
    with pytest.raises(StaleEdit):  # read under its old name: renamed since
        store.rename_procedure(procedure.id, "能评", expected_name="节能审查")
    with pytest.raises(UserError, match="already has a procedure"):
        store.rename_procedure(procedure.id, "环评批复")
    with pytest.raises(UserError, match="empty"):
        store.rename_procedure(procedure.id, "  ")
    history = len(store.history(pid))
    store.rename_procedure(procedure.id, "节能审查意见")  # the same name: nothing to log
    assert len(store.history(pid)) == history
    store.drop_procedure(procedure.id)
    with pytest.raises(NotFound):
        store.rename_procedure(procedure.id, "能评")
