"""Stewards from the command line, on both backends: reassigning to a name nobody has asks
first (with the names it is like), and `steward list|rename|merge|retire`, each change in the
projects' history and `check` still finding the database sound."""

from __future__ import annotations

import json

import pytest

from store.checks import check
from store.domain.names import similar_names
from store.service import Store
from tests.conftest import TODAY, open_store, run_cli

A, B, C = "2401-620902-04-01-000001", "2401-620902-04-01-000002", "2401-620902-04-01-000003"


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    return run_cli(db, *args, today=TODAY)


def office(db: str) -> None:
    """Three projects: A and C stewarded by 王建国, B by 王建果 (the same leader typed twice)."""
    for code, steward in ((A, "王建国"), (B, "王建果"), (C, "王建国")):
        added = invoke(
            db, "add", f"项目{code[-1]}", "--code", code, "--steward", steward, "--new-steward"
        )
        assert added[0] == 0


def stewards_in_history(db: str, code: str) -> list[tuple[str, str | None, str]]:
    entries = json.loads(invoke(db, "history", code, "--format", "json")[1])
    return [
        (e["action"], e["old_value"], e["new_value"]) for e in entries if e["field"] == "steward"
    ]


def steward_list(db: str) -> dict[str, dict[str, object]]:
    code, out, _ = invoke(db, "steward", "list", "--format", "json")
    assert code == 0
    return {entry["name"]: entry for entry in json.loads(out)}


def sound(db: str) -> None:
    store = open_store(db)
    try:
        assert check(store)[1] == []  # history still ends in every project's steward
    finally:
        store.close()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("王建果", ["王建国"]),  # a homophone picked from the input method's list
        ("王建", ["王建国"]),  # a character left out
        ("wangjianguo", ["王建国"]),  # the pinyin itself
        ("李志刚", ["李志强"]),  # one character of three wrong
        ("刘备", []),  # nobody alike
    ],
)
def test_names_alike_by_characters_and_by_pinyin(typed: str, meant: list[str]) -> None:
    assert similar_names(typed, ["王建国", "李志强", "陈明"]) == meant


def test_reassigning_to_an_unknown_name_asks_first(db: str) -> None:
    office(db)
    code, _, err = invoke(db, "assign", A, "王建华")
    assert code == 1
    assert err == (
        "error: no steward named 王建华; did you mean 王建国 or 王建果? add --new to create one\n"
    )
    code, _, err = invoke(db, "assign", A, "刘备")
    assert code == 1 and err == "error: no steward named 刘备; add --new to create one\n"
    assert set(steward_list(db)) == {"王建国", "王建果"}  # nothing was created
    assert invoke(db, "assign", A, "刘备", "--new") == (0, f"{A}: steward 刘备\n", "")
    assert invoke(db, "assign", C, "刘备")[0] == 0  # known now: no --new needed
    assert stewards_in_history(db, A)[-1] == ("assign", "王建国", "刘备")
    assert steward_list(db)["刘备"]["projects"] == 2


def test_rename_records_it_in_every_projects_history(db: str) -> None:
    office(db)
    assert invoke(db, "withdraw", C, "--reason", "企业投资计划调整")[0] == 0
    code, out, _ = invoke(db, "steward", "rename", "王建国", "王建中")
    assert code == 0 and out == "steward 王建国 is now 王建中 (2 projects)\n"
    for project in (A, C):  # the withdrawn one too: its history ends in its steward
        assert stewards_in_history(db, project)[-1] == ("steward rename", "王建国", "王建中")
    shown = json.loads(invoke(db, "show", A, "--format", "json")[1])
    assert shown["steward"] == "王建中"
    code, _, err = invoke(db, "steward", "rename", "王建中", "王建果")
    assert code == 1 and "steward merge 王建中 王建果" in err  # a name already taken
    code, _, err = invoke(db, "steward", "rename", "王建国", "王建华")
    assert code == 1 and err == "error: no steward named 王建国; did you mean 王建果 or 王建中?\n"
    sound(db)


def test_merge_moves_every_project_in_history_and_keeps_the_details(db: str, store: Store) -> None:
    office(db)
    store.update_steward("王建果", {"title": "副市长", "phone": "0937-2612345"})
    store.update_steward("王建国", {"title": "市长"})
    assert invoke(db, "withdraw", B, "--reason", "企业投资计划调整")[0] == 0
    code, out, _ = invoke(db, "steward", "merge", "王建果", "王建国")
    assert code == 0 and out == "steward 王建果 merged into 王建国 (1 projects moved)\n"
    assert stewards_in_history(db, B) == [
        ("create", None, "王建果"),
        ("steward merge", "王建果", "王建国"),
    ]
    listed = steward_list(db)
    assert set(listed) == {"王建国"}
    # its own title kept, the phone it lacked taken over; the withdrawn project not counted
    assert (listed["王建国"]["title"], listed["王建国"]["phone"]) == ("市长", "0937-2612345")
    assert listed["王建国"]["projects"] == 2
    assert json.loads(invoke(db, "show", B, "--format", "json")[1])["steward"] == "王建国"
    code, _, err = invoke(db, "steward", "merge", "王建国", "王建国")
    assert code == 1 and "same steward" in err
    sound(db)


def test_a_retired_steward_is_listed_apart_and_offered_for_nothing(db: str) -> None:
    office(db)
    code, _, err = invoke(db, "steward", "retire", "王建果")
    assert code == 1 and err == (
        "error: steward 王建果 still answers for 1 active project: reassign them first "
        "(`investtrack steward merge` moves them all to another steward)\n"
    )
    assert invoke(db, "withdraw", B, "--reason", "企业投资计划调整")[0] == 0
    code, out, _ = invoke(db, "steward", "retire", "王建果")
    assert code == 0 and out == "steward 王建果 retired on 2024-06-30\n"
    assert steward_list(db)["王建果"]["retired_on"] == "2024-06-30"
    code, out, _ = invoke(db, "steward", "list")
    active, retired = out.split("Retired", 1)  # the retired under their own title
    assert "王建国" in active and "王建果" not in active and "王建果" in retired
    code, _, err = invoke(db, "assign", A, "王建果")
    assert (
        code == 1 and err == "error: steward 王建果 retired on 2024-06-30: choose another steward\n"
    )
    code, _, err = invoke(db, "add", "新项目", "--steward", "王建果")
    assert code == 1 and "retired" in err
    code, _, err = invoke(db, "assign", A, "王建华")  # the retired are not suggested
    assert err == "error: no steward named 王建华; did you mean 王建国? add --new to create one\n"
    assert json.loads(invoke(db, "show", B, "--format", "json")[1])["steward"] == "王建果"
    assert invoke(db, "steward", "retire", "王建果", "--undo")[0] == 0
    assert invoke(db, "assign", A, "王建果")[0] == 0
    sound(db)


def test_steward_names_are_checked_like_every_text(db: str) -> None:
    office(db)
    code, _, err = invoke(db, "steward", "rename", "王建国", "王" * 101)
    assert code == 1 and "101 characters long, more than the 100 it can hold" in err
    code, _, err = invoke(db, "assign", A, "王" * 101, "--new")
    assert code == 1 and "steward name" in err and "101 characters" in err
    assert set(steward_list(db)) == {"王建国", "王建果"}
