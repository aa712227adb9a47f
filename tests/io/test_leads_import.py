"""`lead import`: an office's 线索台账 and 在谈项目表, read with the ledger's header understanding."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from store.io.leads_sheet import import_leads
from store.service import Store
from tests.conftest import run_cli

LEDGER_HEADER = [
    "序号",
    "线索名称",
    "投资方",
    "投资方来源地",
    "产业链",
    "意向投资额",
    "线索来源",
    "跟进人",
    "登记日期",
    "备注",
]


def ledger(path: Path, rows: list[list[object]], unit_line: str = "单位：万元") -> Path:
    """A 线索台账 as offices keep it: a title, a unit line, the header, rows, a total, a
    signature line."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024年招商线索台账"])
    sheet.append([unit_line])
    sheet.append(LEDGER_HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", None, None, None, None, sum(r[5] for r in rows if isinstance(r[5], int))])
    sheet.append(["填表人：张敏"])
    book.save(path)
    return path


ROWS: list[list[object]] = [
    [
        1,
        "南郊储能电池线索",
        "南都电源",
        "浙江",
        "储能",
        30000,
        "以商招商",
        "王建国",
        datetime(2024, 6, 3),
        "",
    ],
    [
        2,
        "光热熔盐项目线索",
        "首航高科",
        "北京",
        "光热",
        8000,
        "节会",
        "李志强",
        "2024年6月10日",
        "兰洽会对接",
    ],
    [3, "氢能装备线索", "", "上海", "氢能", 5000, "驻外", "王建国", "2024-06-20", ""],
]


def test_a_leads_ledger_is_read_by_its_headers(store: Store, tmp_path: Path) -> None:
    path = ledger(tmp_path / "线索台账.xlsx", ROWS)
    result = import_leads(store, path, dry_run=True)
    fields = {column.header: column.field for column in result.columns}
    assert fields == {
        "序号": "skip",
        "线索名称": "name",
        "投资方": "investor",
        "投资方来源地": "investor_origin",
        "产业链": "chain",
        "意向投资额": "amount_yuan",
        "线索来源": "source",
        "跟进人": "owner",
        "登记日期": "registered_on",
        "备注": "notes",
    }
    assert result.added == 3 and result.issues == []
    assert store.leads() == []  # a dry run writes nothing
    result = import_leads(store, path)
    assert result.added == 3
    assert any("total" in note for note in result.passed_over)
    rows = {row.name: row for row in store.leads()}
    first = rows["南郊储能电池线索"]
    assert first.amount_yuan == 300_000_000  # 万元 from the unit line
    assert (first.source, first.owner, first.investor_origin) == ("以商招商", "王建国", "浙江")
    assert rows["光热熔盐项目线索"].registered_on == date(2024, 6, 10)
    assert store.lead_history("氢能装备线索")[0].action == "import"


def test_a_negotiations_sheet_puts_its_leads_in_negotiation(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "在谈项目表.csv"
    path.write_text(
        "项目名称,投资方,签约额（亿元）,招商方式,包抓领导,项目状态,登记日期\n"
        "陕煤降解材料项目,陕煤集团,263,以商招商,王建国,在谈,2024-05-06\n"
        "鸿合储能基地,鸿合新能源,12.5,节会,李志强,研判,2024-06-01\n",
        encoding="utf-8-sig",
    )
    result = import_leads(store, path, reserve=True)
    assert result.added == 2
    rows = {row.name: row for row in store.leads(reserve=True)}
    shaanxi = rows["陕煤降解材料项目"]
    assert shaanxi.stage == "negotiating" and shaanxi.amount_yuan == 26_300_000_000
    assert (shaanxi.source, shaanxi.owner) == ("以商招商", "王建国")
    assert shaanxi.entered_on == date(2024, 5, 6)
    assert rows["鸿合储能基地"].stage == "assessed"


def test_bad_values_are_refused_by_row_and_column_and_nothing_is_written(
    store: Store, tmp_path: Path
) -> None:
    bad = [list(row) for row in ROWS]
    bad[1][8] = "年底"
    bad[2][6] = None
    path = ledger(tmp_path / "线索台账.xlsx", bad)
    result = import_leads(store, path)
    lines = [issue.line() for issue in result.issues]
    assert len(lines) == 2
    assert lines[0].startswith("线索台账.xlsx:5 [登记日期] '年底'")
    assert lines[1].startswith("线索台账.xlsx:6 [线索来源]") and "source" in lines[1]
    assert result.added == 0 and store.leads() == []


def test_a_rule_broken_by_one_row_writes_no_row(store: Store, tmp_path: Path) -> None:
    store.add_lead({"name": "氢能装备线索", "source": "节会", "owner": "王建国"})
    path = ledger(tmp_path / "线索台账.xlsx", ROWS)
    result = import_leads(store, path)
    [issue] = result.issues
    assert issue.row == 6 and issue.column == "线索名称" and "already exists" in issue.reason
    assert [row.name for row in store.leads()] == ["氢能装备线索"]


def test_a_signed_row_and_an_unstated_unit_are_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "线索名称,线索来源,跟进人,意向投资额,线索阶段\n甲线索,节会,王建国,3000,签约\n",
        encoding="utf-8",
    )
    result = import_leads(store, path)
    reasons = [issue.reason for issue in result.issues]
    assert any("--unit" in reason for reason in reasons)
    assert any("not imported" in reason for reason in reasons)
    assert import_leads(store, path, unit=None).added == 0


def test_two_columns_for_one_field_are_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("项目名称,线索名称,线索来源,跟进人\n甲,乙,节会,王建国\n", encoding="utf-8")
    with pytest.raises(Exception, match="both fill"):
        import_leads(store, path)


def test_the_cli_shows_the_column_map_and_refuses_in_lines(db: str, tmp_path: Path) -> None:
    path = ledger(tmp_path / "线索台账.xlsx", ROWS)
    args = ["lead", "import", str(path)]
    code, out, err = run_cli(db, *args, "--dry-run", lang="zh", today=date(2024, 6, 28))
    assert code == 0, err
    assert "线索来源 → 线索来源" in out and "将新增 3 条线索" in out
    bad = [list(row) for row in ROWS]
    bad[0][5] = "很多"
    ledger(path, bad)
    code, _, err = run_cli(db, *args, lang="zh", today=date(2024, 6, 28))
    assert code == 1
    assert "[意向投资额] “很多”" in err and "未写入任何内容" in err


def test_a_date_of_a_stage_not_reached_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "线索名称,线索来源,跟进人,登记日期,研判日期,在谈日期,线索阶段\n"
        "甲线索,节会,王建国,2024-06-03,2024-06-04,2024-06-10,研判\n"
        "乙线索,节会,王建国,2024-06-03,2024-06-05,2024-06-11,在谈\n",
        encoding="utf-8",
    )
    result = import_leads(store, path)
    [issue] = result.issues
    assert issue.row == 2 and "date of negotiating" in issue.reason
    path.write_text(
        path.read_text(encoding="utf-8").replace("2024-06-10,研判", ",研判"), encoding="utf-8"
    )
    assert import_leads(store, path).added == 2
    row = store.lead_row("乙线索")
    assert (row.stage, row.entered_on) == ("negotiating", date(2024, 6, 11))
    history = [(e.field, e.new_value, e.effective_on) for e in store.lead_history("乙线索")]
    assert ("stage", "assessed", date(2024, 6, 5)) in history
