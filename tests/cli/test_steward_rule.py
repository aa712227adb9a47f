"""One rule for a steward named at any door, on both backends: a name nobody has is refused in
one line naming the stewards it is like, unless the user says to create it (a flag, or yes at a
terminal); a retired steward is refused naming the day they retired; a filter by a name
nobody has is refused rather than finding nothing."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from store.domain.stewards import GoneSteward, RetiredSteward, Successor, refuse_unassignable
from store.errors import UnknownSteward
from store.labels import Lang, said
from store.service import Store
from tests.conftest import TODAY, open_store, run_cli

CODE = "2401-620902-04-01-000001"
SIGNED = date(2024, 1, 5)
INVESTTRACK = str(Path(sys.executable).parent / "investtrack")


def invoke(db: str, *args: str, lang: str = "en") -> tuple[int, str, str]:
    return run_cli(db, *args, lang=lang, today=TODAY)


def stewards(db: str) -> set[str]:
    code, out, _ = invoke(db, "steward", "list", "--format", "json")
    assert code == 0
    return {entry["name"] for entry in json.loads(out)}


def project_count(db: str) -> int:
    store = open_store(db)
    try:
        return store.project_count()
    finally:
        store.close()


def office(db: str) -> None:
    """王建国 and 李志强 steward a project each; 王建果 stewarded one that was withdrawn, and
    has retired."""
    store = open_store(db)
    try:
        for name, steward in (("南都储能项目", "王建国"), ("巨化新材料项目", "李志强")):
            store.add_project(
                {"name": name, "signed_on": SIGNED}, steward=steward, create_steward=True
            )
        store.add_project(
            {"name": "玉门项目", "code": CODE, "signed_on": SIGNED},
            steward="王建果",
            create_steward=True,
        )
        store.withdraw(CODE, "企业投资计划调整", date(2024, 6, 1))
        store.retire_steward("王建果")
    finally:
        store.close()


def test_add_refuses_a_name_nobody_has_naming_the_stewards_it_is_like(db: str) -> None:
    office(db)
    code, out, err = invoke(db, "add", "新项目", "--steward", "王建华")
    assert (code, out) == (1, "")
    # the retired 王建果 is like it too, but takes no project: not offered
    assert err == (
        "error: no steward named 王建华; did you mean 王建国? add --new-steward to create one\n"
    )
    code, _, err = invoke(db, "add", "新项目", "--steward", "王建华", lang="zh")
    assert code == 1
    assert (
        err == "错误：没有名为 王建华 的包抓领导；是否要找 王建国？如确需新建，请加 --new-steward\n"
    )
    code, _, err = invoke(db, "add", "新项目", "--steward", "刘备")
    assert code == 1 and err == "error: no steward named 刘备; add --new-steward to create one\n"
    assert stewards(db) == {"王建国", "李志强", "王建果"} and project_count(db) == 3

    assert invoke(db, "add", "新项目", "--steward", "王建华", "--new-steward")[0] == 0
    assert stewards(db) == {"王建国", "李志强", "王建果", "王建华"} and project_count(db) == 4
    assert invoke(db, "add", "另一个项目", "--steward", "王建华")[0] == 0  # known now


def test_a_retired_steward_is_refused_naming_the_day_they_retired(db: str) -> None:
    office(db)
    for args in (
        ("add", "新项目", "--steward", "王建果"),
        ("add", "新项目", "--steward", "王建果", "--new-steward"),  # creating cannot revive
        ("assign", "南都储能项目", "王建果"),
        ("assign", "南都储能项目", "王建果", "--new"),
    ):
        code, _, err = invoke(db, *args)
        assert code == 1 and err == (
            "error: steward 王建果 retired on 2024-06-30: choose another steward\n"
        ), args
        code, _, err = invoke(db, *args, lang="zh")
        assert err == "错误：包抓领导 王建果 已于 2024-06-30 离任：请选择其他包抓领导\n", args
    assert project_count(db) == 3


def test_assign_takes_the_same_flag_as_add(db: str) -> None:
    office(db)
    code, _, err = invoke(db, "assign", "南都储能项目", "李志刚")
    assert code == 1
    assert err == "error: no steward named 李志刚; did you mean 李志强? add --new to create one\n"
    code, out, _ = invoke(db, "assign", "南都储能项目", "李志刚", "--new-steward")
    assert (code, out) == (0, "南都储能项目: steward 李志刚\n")


@pytest.mark.parametrize("command", [["list"], ["deadlines"], ["export", "ledger.csv"]])
def test_a_filter_by_a_name_nobody_has_is_refused_not_empty(
    db: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office(db)
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(db, *command, "--steward", "王建华")
    assert (code, out) == (1, "")
    assert err == "error: no steward named 王建华; did you mean 王建国 or 王建果?\n"
    assert not (tmp_path / "ledger.csv").exists()
    # a retired steward is still a steward: their projects can be listed
    code, out, _ = invoke(db, "list", "--steward", "王建果", "--withdrawn", "--format", "json")
    assert code == 0 and [row["code"] for row in json.loads(out)] == [CODE]


def test_the_store_keeps_the_rule_for_every_door(store: Store) -> None:
    store.add_project({"name": "南都储能项目"}, steward="王建国", create_steward=True)
    with pytest.raises(UnknownSteward) as unknown:
        store.add_project({"name": "新项目"}, steward="王建果")
    assert unknown.value.similar == ["王建国"]
    assert store.steward_names() == ["王建国"] and store.project_count() == 1
    with pytest.raises(UnknownSteward):
        store.assign("南都储能项目", "王建果")
    store.assign("南都储能项目", "王建果", create=True)
    store.add_project({"name": "玉门项目", "code": CODE, "signed_on": SIGNED}, steward="王建国")
    store.withdraw(CODE, "企业投资计划调整", date(2024, 6, 1))
    store.assign("南都储能项目", "王建国")
    store.retire_steward("王建果")
    with pytest.raises(RetiredSteward) as retired:
        store.add_project({"name": "新项目"}, steward="王建果", create_steward=True)
    assert retired.value.retired_on == date(2024, 6, 30)
    assert store.project_count() == 2


def test_the_rule_itself() -> None:
    class OnRecord:
        def __init__(self, name: str, retired_on: date | None) -> None:
            self.name, self.retired_on = name, retired_on

    def offered() -> list[str]:
        return ["王建国", "李志强"]

    refuse_unassignable("王建国", OnRecord("王建国", None), offered, create=False)
    refuse_unassignable("王建华", None, offered, create=True)
    with pytest.raises(UnknownSteward) as unknown:
        refuse_unassignable("wangjianguo", None, offered, create=False)
    assert unknown.value.similar == ["王建国"]
    assert said(unknown.value, Lang.ZH) == "没有名为 wangjianguo 的包抓领导；是否要找 王建国？"
    with pytest.raises(RetiredSteward):
        refuse_unassignable("王建国", OnRecord("王建国", date(2024, 6, 1)), offered, create=True)
    merged = Successor("王建国", merged=True, on=date(2024, 6, 1))
    with pytest.raises(GoneSteward) as gone:  # never made again, even when asked to create
        refuse_unassignable("王健国", None, offered, create=True, became=lambda: merged)
    assert said(gone.value, Lang.ZH) == "王健国 已于 2024-06-01 并入 王建国：请写 王建国"


def at_terminal(db: str, args: list[str], answer: str) -> tuple[int, str]:
    """Run investtrack with a terminal for its input and output, answering its question."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [INVESTTRACK, "--db", db, "--lang", "en", "--today", "2024-06-30", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "INVESTTRACK_USER": "测试员"},
    )
    os.close(secondary)
    seen, answered = b"", False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the program has ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(primary, answer.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(primary)
    return process.wait(timeout=10), seen.decode().replace("\r\n", "\n")


def test_at_a_terminal_a_name_nobody_has_is_asked_about(db: str) -> None:
    office(db)
    code, shown = at_terminal(db, ["add", "新项目", "--steward", "王建华"], "n")
    assert "No steward is named 王建华 (like: 王建国). Create a new steward 王建华? [y/N]" in shown
    assert code == 1 and "error: nothing saved: no steward was created" in shown
    assert stewards(db) == {"王建国", "李志强", "王建果"} and project_count(db) == 3
    code, shown = at_terminal(db, ["add", "新项目", "--steward", "王建华"], "y")
    assert code == 0 and "added #4 新项目" in shown
    assert "王建华" in stewards(db) and project_count(db) == 4
    code, shown = at_terminal(db, ["assign", "新项目", "刘备"], "y")
    assert code == 0 and "新项目: steward 刘备" in shown
