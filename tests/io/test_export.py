"""Export: the workbook read back with a real reader, and opened by LibreOffice."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from store.errors import UserError
from store.exporter import FIGURE_COLUMNS, ExportOptions, export, figure_values
from store.figures import compute, same_question_a_year_before
from store.labels import Lang
from store.money import Unit
from store.service import ProjectFilter, Store
from store.stages import Stage
from store.warnings import WarningLevel
from tests.conftest import TODAY, run_cli
from tests.io.small_disk import small_disk

ZH_SHEETS = [
    "项目台账",
    "前期手续",
    "包抓责任清单",
    "预警",
    "月度调度",
    "问题清单",
    "统计",
    "线索",
    "线索漏斗",
    "任务完成情况",
    "考核排名",
]
__all__ = ["small_disk"]  # the fixture, used by name
EN_SHEETS = [
    "Ledger",
    "Procedures",
    "Stewards",
    "Warnings",
    "Dispatch",
    "Problems",
    "Figures",
    "Leads",
    "Lead funnel",
    "Target completion",
    "Assessment ranking",
]


def headers(sheet) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell.value for cell in sheet[2]]


def ledger_rows(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    names = headers(sheet)
    return [
        dict(zip(names, [c.value for c in row], strict=False)) for row in sheet.iter_rows(min_row=3)
    ]


def test_workbook_sheets_headers_units_dates_and_fills(demo_store: Store, tmp_path: Path) -> None:
    path = export(demo_store, tmp_path / "report.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ZH_SHEETS
    ledger = book["项目台账"]
    assert "招商引资项目调度" in ledger["A1"].value and "2024-06-30" in ledger["A1"].value
    assert ledger.freeze_panes == "A3" and ledger["A2"].font.b
    assert ledger.auto_filter.ref and ledger.auto_filter.ref.startswith("A2:")
    names = headers(ledger)
    assert {"项目代码", "项目名称", "签约额(亿元)", "签约日期", "剩余工作日", "预警"} <= set(names)
    rows = ledger_rows(ledger)
    assert len(rows) == demo_store.count_projects()
    nandu = next(r for r in rows if str(r["项目名称"]).startswith("酒泉南都电源"))
    assert nandu["签约额(亿元)"] == 30 and isinstance(nandu["签约额(亿元)"], int | float)
    assert nandu["签约日期"] == datetime(2023, 3, 18)  # a real date cell
    assert ledger.column_dimensions["B"].width >= 30  # wide enough for a Chinese name
    column = names.index("预警") + 1
    fills = {
        ledger.cell(row=r, column=column).value: ledger.cell(row=r, column=column).fill.fgColor.rgb
        for r in range(3, ledger.max_row + 1)
        if ledger.cell(row=r, column=column).value
    }
    assert fills == {"红": "FFE53935", "黄": "FFFDD835", "蓝": "FF1E88E5"}
    assert [r[0].value for r in book["预警"].iter_rows(min_row=3)][:1] == ["红"]  # red first
    warned = sum(1 for r in rows if r["预警"])
    assert book["预警"].max_row - 2 == warned
    # every sheet carries a title naming the office and the date
    for name in ZH_SHEETS:
        assert "2024-06-30" in book[name]["A1"].value


def test_english_sheets_and_wan_unit(demo_store: Store, tmp_path: Path) -> None:
    path = export(demo_store, tmp_path / "en.xlsx", ExportOptions(lang=Lang.EN, unit=Unit.WAN))
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == EN_SHEETS
    rows = ledger_rows(book["Ledger"])
    nandu = next(r for r in rows if str(r["Name"]).startswith("酒泉南都电源"))
    assert nandu["Signed amount(wan)"] == 300_000


def test_the_chart_of_projects_per_stage(demo_store: Store, tmp_path: Path) -> None:
    path = export(demo_store, tmp_path / "chart.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert charts
        xml = archive.read(charts[0]).decode()
    assert "<c:barChart>" in xml and "统计" in xml
    figures = load_workbook(path)["统计"]
    title = figures["A1"].value
    assert f"统计期间 {TODAY.year}-01-01..{TODAY}" in title and f"数据日期 {TODAY}" in title
    total = [c.value for c in figures[3]]
    assert total[0] == "合计" and total[headers(figures).index("手续办结率")] is not None
    # the year before and 同比 under the total: counts in percent, rates in points
    prior, change = [c.value for c in figures[4]], [c.value for c in figures[5]]
    compared = compute(demo_store, by="county").year_on_year()
    signed, start = headers(figures).index("签约项目数"), headers(figures).index("开工率")
    assert prior[0] == f"上年同期 {TODAY.year - 1}-01-01..{TODAY.year - 1}{str(TODAY)[4:]}"
    assert prior[signed] == compared["signed_count"]["prior"] and change[0] == "同比"
    assert change[signed] == pytest.approx(float(compared["signed_count"]["change"]))
    assert change[start] == pytest.approx(float(compared["start_rate"]["change"]) * 100)
    assert "个百分点" in figures.cell(5, start + 1).number_format
    assert figures.auto_filter.ref is None  # its sections would sort into each other
    groups = [row[0].value for row in figures.iter_rows(min_row=6, max_col=1)]
    assert groups[0] == "县市区" and "产业链" in groups  # each grouping under its heading
    chains = groups[groups.index("产业链") + 1 :]
    assert chains and set(chains) <= {p.chain for p in demo_store.list_projects()}
    stage_columns = [headers(figures).index(label) for label in ("签约", "手续", "开工", "投产")]
    assert [total[i] for i in stage_columns] == [
        n
        for _, (n, _) in sorted(
            demo_store.stage_totals().items(),
            key=lambda kv: ["signed", "procedures", "started", "producing"].index(kv[0]),
        )
    ]


def test_filters_and_the_title_names_them(demo_store: Store, tmp_path: Path) -> None:
    options = ExportOptions(filters=ProjectFilter(county="玉门市", warning=WarningLevel.RED))
    book = load_workbook(export(demo_store, tmp_path / "yumen.xlsx", options))
    ledger = book["项目台账"]
    rows = ledger_rows(ledger)
    assert (
        rows and {r["县市区"] for r in rows} == {"玉门市"} and {r["预警"] for r in rows} == {"红"}
    )
    assert "county=玉门市" in ledger["A1"].value


def as_written(values: list[Any], kinds: list[str]) -> list[Any]:
    """A Figures row as the sheet holds it: amounts in 亿元, rates as fractions, n/a empty."""
    return [
        None
        if value is None
        else pytest.approx(value / 10**8)
        if kind == "money"
        else pytest.approx(value)
        if kind == "rate"
        else value
        for value, kind in zip(values, kinds, strict=True)
    ]


def test_the_figures_sheet_counts_the_filtered_projects_only(
    demo_db: str, demo_store: Store, tmp_path: Path
) -> None:
    options = ExportOptions(filters=ProjectFilter(county="瓜州县"))
    figures = load_workbook(export(demo_store, tmp_path / "guazhou.xlsx", options))["统计"]
    assert "筛选: county=瓜州县" in figures["A1"].value
    kinds = [kind for _, kind in FIGURE_COLUMNS]
    rows = [[cell.value for cell in row] for row in figures.iter_rows(min_row=3)]
    # the total is the county's own figures, as `stats --by county` gives them
    by_county = compute(demo_store, by="county")
    county = next(group for group in by_county.groups if group.group == "瓜州县")
    assert 0 < county.projects < by_county.total.projects
    assert rows[0] == as_written(["合计", *figure_values(county)[1:]], kinds)
    stats = run_cli(demo_db, "stats", "--by", "county", "--format", "json", today=TODAY)[1]
    stated = next(g for g in json.loads(stats)["groups"] if g["group"] == "瓜州县")
    assert rows[0][1] == stated["projects"] == county.projects
    # the year before: the county's figures of the same question a year back
    before, seen_on = same_question_a_year_before(by_county.period, by_county.as_of)
    prior = next(
        group
        for group in compute(demo_store, before, seen_on, by="county").groups
        if group.group == "瓜州县"
    )
    assert (
        rows[1][0].startswith("上年同期")
        and rows[1][1:] == as_written(figure_values(prior), kinds)[1:]
    )
    # under 县市区 the county alone; under 产业链 its projects, every one once
    groups = [row[0] for row in rows]
    counties = groups[groups.index("县市区") + 1 : groups.index("产业链")]
    assert counties == ["瓜州县"]
    chains = rows[groups.index("产业链") + 1 :]
    assert sum(row[1] for row in chains) == county.projects


@pytest.mark.parametrize(
    "filters",
    [
        ProjectFilter(stage=Stage.STARTED),
        ProjectFilter(warning=WarningLevel.RED),
        ProjectFilter(chain="光伏装备", steward="孙晓燕"),
        ProjectFilter(search="储能"),
    ],
)
def test_the_figures_follow_the_ledger_as_of_a_past_date(
    demo_store: Store, tmp_path: Path, filters: ProjectFilter
) -> None:
    as_of = date(2024, 3, 31)
    options = ExportOptions(filters=filters, as_of=as_of)
    book = load_workbook(export(demo_store, tmp_path / "march.xlsx", options), read_only=True)
    ledger = ledger_rows(book["项目台账"])
    figures = book["统计"]
    names = [cell.value for cell in next(figures.iter_rows(min_row=2, max_row=2))]
    total = dict(zip(names, [c.value for c in next(figures.iter_rows(min_row=3))], strict=True))
    assert ledger and total["项目数"] == len(ledger)  # the same projects, counted once each
    if filters.stage:  # the stage then, in the ledger and in the figures
        assert {row["阶段"] for row in ledger} == {"开工"}
        assert total["开工"] == len(ledger) and total["签约"] == total["投产"] == 0
    if filters.warning:
        assert {row["预警"] for row in ledger} == {"红"} and total["红"] == len(ledger)
    whole = compute(demo_store, as_of=as_of).total
    assert total["项目数"] < whole.projects


def test_as_of_a_past_date_uses_history(store: Store, tmp_path: Path) -> None:
    project = store.add_project(
        {
            "name": "玉门抽水蓄能电站",
            "code": "2301-620981-04-01-000001",
            "signed_on": date(2024, 1, 2),
            "start_due": date(2024, 5, 1),
        }
    )
    store.advance(project.id or 0, date(2024, 2, 1))
    store.add_funds(project.id or 0, date(2024, 3, 1), 10**8)
    store.advance(project.id or 0, date(2024, 5, 20))
    store.add_funds(project.id or 0, date(2024, 6, 1), 2 * 10**8)
    then = ledger_rows(
        load_workbook(
            export(store, tmp_path / "march.xlsx", ExportOptions(as_of=date(2024, 3, 31)))
        )["项目台账"]
    )
    now = ledger_rows(load_workbook(export(store, tmp_path / "june.xlsx"))["项目台账"])
    assert (then[0]["阶段"], then[0]["到位资金(亿元)"], then[0]["开工日期"]) == ("手续", 1, None)
    assert then[0]["时限"] == datetime(2024, 5, 1)  # the planned start counted down then
    assert (now[0]["阶段"], now[0]["到位资金(亿元)"]) == ("开工", 3)
    with pytest.raises(UserError, match="after today"):  # before a sheet is written
        export(store, tmp_path / "july.xlsx", ExportOptions(as_of=date(2024, 7, 1)))
    assert not [p for p in tmp_path.iterdir() if "july" in p.name]  # not even a part file


def test_a_formula_looking_text_stays_text(store: Store, tmp_path: Path) -> None:
    store.add_project(
        {
            "name": "=1+1",
            "investor": "+86 0937",
            "build_content": "@SUM(A1)",
            "progress_note": "-cmd|' /C calc'!A0",
            "signed_on": date(2024, 1, 1),
        }
    )
    book = load_workbook(export(store, tmp_path / "safe.xlsx"))
    row = ledger_rows(book["项目台账"])[0]
    assert row["项目名称"] == "=1+1"
    assert book["项目台账"]["B3"].data_type == "s"  # text, not a formula
    assert row["投资方"] == "+86 0937" and row["建设内容"] == "@SUM(A1)"


def test_a_failed_export_leaves_the_good_workbook_untouched(
    demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    export(demo_store, target)
    before = target.read_bytes()

    def fail(done: int, total: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        export(demo_store, target, progress=fail, overwrite=True)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize("format", ["xlsx", "csv", "json"])
def test_an_existing_file_is_replaced_only_with_overwrite(
    store: Store, tmp_path: Path, format: str
) -> None:
    store.add_project({"name": "覆盖测试项目", "signed_on": date(2024, 1, 1)})
    folder = tmp_path / "out"  # the folder of the export alone (the SQLite file is beside)
    folder.mkdir()
    target = folder / f"report.{format}"
    target.write_text("the office's own")
    options = ExportOptions(format=format)
    with pytest.raises(UserError) as refused:
        export(store, target, options)
    assert str(refused.value) == f"cannot write {target}: the file exists (--overwrite replaces it)"
    assert target.read_text() == "the office's own"
    export(store, target, options, overwrite=True)
    assert "覆盖测试项目".encode() in target.read_bytes() or format == "xlsx"
    assert target.read_bytes() != b"the office's own"
    assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temporary left


@pytest.mark.sqlite_only
def test_the_database_itself_is_never_written_over(demo_db: str, tmp_path: Path) -> None:
    database = Path(demo_db)
    before = database.read_bytes()
    for target in (database, Path(f"{database}-wal")):
        code, _, err = run_cli(demo_db, "export", str(target), "--format", "csv", "--overwrite")
        assert code == 1
        assert err == f"error: cannot write {target}: it is the database\n"
    assert database.read_bytes() == before


def test_a_new_export_has_the_mode_the_umask_gives(store: Store, tmp_path: Path) -> None:
    store.add_project({"name": "权限测试项目", "signed_on": date(2024, 1, 1)})
    before = os.umask(0o027)
    try:
        written = export(store, tmp_path / "report.xlsx")
    finally:
        os.umask(before)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_text_longer_than_an_excel_cell_is_refused_never_cut(store: Store, tmp_path: Path) -> None:
    limit = 32_767
    folder = tmp_path / "out"
    folder.mkdir()
    store.add_project(
        {
            "name": "长文本项目",
            "code": "2401-620902-04-01-000001",
            "progress_note": "进" * limit,  # exactly what a cell holds: written whole
            "signed_on": date(2024, 1, 1),
        }
    )
    row = ledger_rows(load_workbook(export(store, folder / "full.xlsx"))["项目台账"])[0]
    assert row["进展情况"] == "进" * limit
    project = store.list_projects()[0]
    # one character beyond the BMP counts two in Excel: 32,766 + 1 is one too many
    store.update_project(project.id or 0, {"progress_note": "进" * (limit - 1) + "𠀀"})
    with pytest.raises(UserError) as refused:
        export(store, folder / "cut.xlsx")
    assert str(refused.value) == (
        "项目台账: 2401-620902-04-01-000001 长文本项目 进展情况: 32,768 characters, more than an "
        "Excel cell holds (32,767); nothing written (shorten it, or export --format csv or json, "
        "which keep any length)"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["full.xlsx"]
    # CSV keeps the text whole
    with export(store, folder / "whole.csv", ExportOptions(format="csv")).open(
        encoding="utf-8-sig"
    ) as stream:
        assert next(csv.DictReader(stream))["进展情况"] == "进" * (limit - 1) + "𠀀"


def test_a_full_disk_is_one_line_and_leaves_no_partial_export(
    demo_store: Store, small_disk: Path
) -> None:
    for format in ("xlsx", "csv", "json"):
        target = small_disk / f"report.{format}"
        with pytest.raises(UserError) as refused:
            export(demo_store, target, ExportOptions(format=format))
        assert str(refused.value) == (
            f"cannot write {target}: No space left on device; nothing written"
        )
        assert list(small_disk.iterdir()) == []


def test_csv_with_bom_and_json(demo_store: Store, tmp_path: Path) -> None:
    csv_path = export(demo_store, tmp_path / "ledger.csv", ExportOptions(format="csv"))
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["项目代码"] is not None and len(rows) == demo_store.count_projects()
    data = json.loads(
        export(demo_store, tmp_path / "ledger.json", ExportOptions(format="json")).read_text()
    )
    assert len(data) == len(rows) and isinstance(data[0]["signed_amount_yuan"], int)


def test_cli_export_prints_the_path_and_a_mistake_is_one_line(demo_db: str, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    code, out, _ = run_cli(demo_db, "export", str(target), "--county", "肃州区", today=TODAY)
    assert code == 0 and out.strip() == str(target)
    code, _, err = run_cli(demo_db, "export", str(tmp_path / "no" / "x.xlsx"))
    assert code == 1 and "does not exist" in err


def test_exact_amounts_survive_the_workbook(store: Store, tmp_path: Path) -> None:
    store.add_project(
        {"name": "精确金额项目", "signed_amount_yuan": 123_456_789, "signed_on": date(2024, 1, 1)}
    )
    row = ledger_rows(load_workbook(export(store, tmp_path / "exact.xlsx"))["项目台账"])[0]
    assert Decimal(repr(row["签约额(亿元)"])) == Decimal("1.23456789")


@pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
)
def test_libreoffice_converts_every_sheet(demo_store: Store, tmp_path: Path) -> None:
    path = export(demo_store, tmp_path / "report.xlsx")
    out = tmp_path / "csv"
    # -1: every sheet to its own CSV; UTF-8 (76); a private profile so parallel runs do not collide
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    produced = sorted(p.name for p in out.glob("*.csv"))
    assert len(produced) == len(ZH_SHEETS), produced
    ledger = next(p for p in out.glob("*.csv") if "项目台账" in p.name)
    assert "酒泉南都电源" in ledger.read_text(encoding="utf-8")
