"""The ledger as CSV and JSON: units in the headers, --unit and --lang honoured, no cell a
spreadsheet would run as a formula, and a round trip through `import` that gives back
exactly what went out."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from store.db.models import Project, Steward
from store.errors import UserError
from store.exporter import ExportOptions, export
from store.io.formulas import neutralised, restored
from store.io.importer import import_file
from store.labels import Lang
from store.money import Unit
from store.service import ProjectFilter, Store
from tests.conftest import TODAY, run_cli

# what the ledger does not carry: ids, versions, and the procedures (their own sheet does)
NOT_IN_THE_LEDGER = {"id", "version", "steward_id", "procedures_required", "procedures_done"}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def projects(store: Store) -> dict[tuple[str | None, str], dict[str, Any]]:
    """Every project's values but the ids, with its steward's name, by code and name."""
    query = select(Project, Steward.name).outerjoin(Steward, Project.steward_id == Steward.id)
    with store.reading() as session:
        found = {}
        for project, steward in session.execute(query):
            values = project.model_dump(exclude=NOT_IN_THE_LEDGER)
            found[project.code, project.name] = values | {"steward": steward}
    return found


@pytest.mark.parametrize(("lang", "unit"), [(Lang.ZH, Unit.YI), (Lang.EN, Unit.WAN)])
def test_a_csv_export_imported_into_a_fresh_database_gives_back_what_went_out(
    demo_store: Store, new_store: Callable[..., Store], tmp_path: Path, lang: Lang, unit: Unit
) -> None:
    options = ExportOptions(
        format="csv", lang=lang, unit=unit, filters=ProjectFilter(include_withdrawn=True)
    )
    sent = export(demo_store, tmp_path / "sent.csv", options)
    fresh = new_store()
    summary = import_file(fresh, sent)
    assert (summary.errors, summary.added) == ([], demo_store.project_count())
    before, after = projects(demo_store), projects(fresh)
    assert before.keys() == after.keys()
    for key, values in before.items():
        assert {f: v for f, v in after[key].items() if v != values[f]} == {}, key
    assert any(v["withdrawn_on"] for v in before.values())  # withdrawals went out and came back
    assert export(fresh, tmp_path / "back.csv", options).read_bytes() == sent.read_bytes()


def test_amounts_exact_in_the_unit_the_header_names(store: Store, tmp_path: Path) -> None:
    store.add_project(
        {
            "name": "精确金额项目",
            "signed_amount_yuan": 123_456_789,
            "total_investment_yuan": 30 * 10**8,
            "land_mu": "200.5",
            "signed_on": date(2024, 1, 1),
        }
    )
    expected = {
        Unit.YI: ("签约额(亿元)", "1.23456789", "总投资(亿元)", "30"),
        Unit.WAN: ("签约额(万元)", "12345.6789", "总投资(万元)", "300000"),
        Unit.YUAN: ("签约额(元)", "123456789", "总投资(元)", "3000000000"),
    }
    for unit, (signed, signed_value, total, total_value) in expected.items():
        options = ExportOptions(format="csv", unit=unit)
        row = csv_rows(export(store, tmp_path / f"{unit}.csv", options))[0]
        assert (row[signed], row[total], row["用地(亩)"]) == (signed_value, total_value, "200.5")
        assert "签约额" not in row  # no amount without its unit


def test_words_in_the_language_of_the_headers(store: Store, tmp_path: Path) -> None:
    project = store.add_project(
        {
            "name": "续建超期项目",
            "kind": "continuing",
            "signed_on": date(2023, 1, 1),
            "start_due": date(2024, 3, 1),
        }
    )
    store.advance(project.id or 0, date(2023, 6, 1))  # in procedures: the planned start is late
    zh = csv_rows(export(store, tmp_path / "zh.csv", ExportOptions(format="csv")))[0]
    assert (zh["阶段"], zh["类型"], zh["预警"]) == ("手续", "续建", "红")
    en = csv_rows(export(store, tmp_path / "en.csv", ExportOptions(format="csv", lang=Lang.EN)))
    assert (en[0]["Stage"], en[0]["Kind"], en[0]["Warning"]) == ("Procedures", "Continuing", "Red")
    assert en[0]["Days left"] == "-121"  # a negative number is a number, not a formula


def test_no_cell_runs_as_a_formula(db: str, store: Store, tmp_path: Path) -> None:
    store.add_project(
        {
            "name": '=HYPERLINK("http://x")',
            "investor": "+86 0937",
            "build_content": "@SUM(A1)",
            "progress_note": "-cmd|' /C calc'!A0",
            "park": "\t园区",
            "county": "'=已加引号",
            "chain": "储能装备",
            "signed_on": date(2024, 1, 1),
            "procedures_due": date(2024, 5, 1),
        }
    )
    target = tmp_path / "ledger.csv"
    code, _, err = run_cli(
        db, "export", str(target), "--format", "csv", "--unit", "wan", today=TODAY
    )
    assert code == 0, err
    row = csv_rows(target)[0]
    assert row["Signed amount(wan)"] == "0"  # --unit names the unit of every amount
    assert row["Name"] == '\'=HYPERLINK("http://x")'
    assert (row["Investor"], row["What is built"]) == ("'+86 0937", "'@SUM(A1)")
    assert (row["Progress"], row["Park"]) == ("'-cmd|' /C calc'!A0", "'\t园区")
    assert row["County"] == "''=已加引号"  # one quote more, so reading takes off only its own
    assert row["Chain"] == "储能装备" and row["Days left"] == "-60"


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+86", "-5", "@x", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", "", "5-3", "'"],
)
def test_neutralised_text_is_restored_exactly(text: str) -> None:
    cell = neutralised(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restored(cell) == text


def test_json_amounts_are_whole_yuan_named_so(store: Store, tmp_path: Path) -> None:
    store.add_project(
        {"name": "元项目", "signed_amount_yuan": 123_456_789, "signed_on": date(2024, 1, 1)}
    )
    options = ExportOptions(format="json", unit=Unit.WAN)  # JSON keeps yuan whatever the unit
    data = json.loads(export(store, tmp_path / "ledger.json", options).read_text())
    amounts = {key: value for key, value in data[0].items() if "amount" in key or "fund" in key}
    assert amounts == {"signed_amount_yuan": 123_456_789, "funds_in_place_yuan": 0}


def test_a_file_named_for_one_format_is_not_written_in_another(db: str, tmp_path: Path) -> None:
    """out.csv holding a workbook would be opened as garbage: every door refuses it, names
    both and writes nothing."""
    from tests.conftest import run_cli

    target = tmp_path / "out.csv"
    for lang, words in (
        ("en", "the name says .csv but the format is xlsx"),
        ("zh", "文件名是 .csv"),
    ):
        code, _, err = run_cli(db, "export", str(target), lang=lang)
        assert code == 1 and words in err and not target.exists(), err
    code, _, _ = run_cli(db, "export", str(target), "--format", "csv")
    assert code == 0 and target.read_bytes().startswith("\ufeff".encode())
    store = Store.open(db, today=date(2024, 6, 30))
    with pytest.raises(UserError, match=r"\.json"):
        export(store, tmp_path / "out.json", ExportOptions(format="csv"))
