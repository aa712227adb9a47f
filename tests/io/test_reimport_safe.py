"""The office's sheet imported again after a week's work in investtrack: it never undoes a
move made since, nor brings back a steward merged, renamed or retired."""

from __future__ import annotations

from pathlib import Path

from store.io.importer import import_file
from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY, run_cli
from tests.sheets import ROWS, write_gbk_csv

SIGNED_ONLY = "敦煌光热储能项目"  # ROWS[2]: at 签约, no code, stewarded by 郑海涛


def imported(store: Store, tmp_path: Path) -> Path:
    sheet = write_gbk_csv(tmp_path / "ledger.csv")
    assert import_file(store, sheet).added == len(ROWS)
    return sheet


def test_a_move_made_since_is_not_undone(store: Store, tmp_path: Path) -> None:
    sheet = imported(store, tmp_path)
    store.advance(SIGNED_ONLY, note="立项批复已下达")
    again = import_file(store, sheet)
    assert not again.written and again.skipped == 1
    (refused,) = again.errors
    assert "never moves a project back" in refused.reason and "procedures" in refused.reason
    assert "导入不把项目退回" in refused.line(Lang.ZH) and "「当前阶段」为「签约」" in refused.line(
        Lang.ZH
    )
    assert store.project(SIGNED_ONLY).stage == "procedures"


def test_a_merged_or_renamed_name_is_not_made_again(store: Store, tmp_path: Path) -> None:
    sheet = imported(store, tmp_path)
    store.merge_stewards("郑海涛", "王建国")
    store.rename_steward("陈明", "陈明远")
    again = import_file(store, sheet)
    reasons = sorted(issue.line(Lang.ZH) for issue in again.errors)
    assert len(reasons) == 2 and not again.written
    assert "已于 2024-06-30 并入 王建国：请写 王建国" in reasons[1]
    assert "改名为 陈明远" in reasons[0]
    assert store.steward_names() == ["陈明远", "王建国"]  # in pinyin order


def test_a_retired_steward_is_given_no_project(store: Store, tmp_path: Path) -> None:
    sheet = imported(store, tmp_path)
    store.assign(SIGNED_ONLY, "王建国")
    store.retire_steward("郑海涛")
    again = import_file(store, sheet)
    (refused,) = again.errors
    assert refused.column == "包抓领导" and refused.value == "郑海涛"
    assert "retired on 2024-06-30" in refused.reason
    assert store.project(SIGNED_ONLY).steward_id == store.project(ROWS[0][1]).steward_id


def test_every_door_refuses_a_merged_name_as_the_import_does(
    store: Store, db: str, tmp_path: Path
) -> None:
    imported(store, tmp_path)
    store.merge_stewards("郑海涛", "王建国")
    code, _, err = run_cli(
        db, "assign", SIGNED_ONLY, "郑海涛", "--new-steward", lang="zh", today=TODAY
    )
    assert code == 1 and "郑海涛 已于 2024-06-30 并入 王建国：请写 王建国" in err, err
    assert store.steward_names() == ["陈明", "王建国"]  # not made again (pinyin order)
