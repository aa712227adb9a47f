"""The corpus of office sheets (tests/office_sheets.py), one family a test: what lands (read back
from the database), what is refused and what is said."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from store.checks import check
from store.db.models import Steward
from store.exporter import export
from store.io.importer import ImportCancelled, ImportOptions, ImportSummary, Issue, import_file
from store.money import Unit
from store.service import ProjectFilter, Store
from tests import office_sheets as sheets
from tests.conftest import TODAY, run_cli


def cli(db: str, *args: str) -> tuple[int, str]:
    code, out, err = run_cli(db, *args, today=TODAY, user="导入员")
    # one space between words: the console wraps long lines where it likes
    return code, " ".join((out + err).split())


def landed(store: Store, *fields: str) -> dict[str, tuple[object, ...]]:
    """Each project by name: the fields asked for, as stored."""
    return {
        row.name: tuple(getattr(store.project(row.id), name) for name in fields)
        for row in store.list_projects(ProjectFilter(include_withdrawn=True))
    }


def column_map(summary: ImportSummary) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.letter, c.header, c.field, c.unit) for c in summary.columns]


YI, WAN = 10**8, 10**4


def test_headers_are_read_by_what_they_mean(store: Store, tmp_path: Path) -> None:
    summary = import_file(store, sheets.header_words(tmp_path))
    assert (summary.added, summary.errors) == (3, [])
    assert column_map(summary) == [
        ("A", "序号", "skip", None),
        ("B", "*项目名称", "name", None),
        ("C", "所属县区", "county", None),
        ("D", "项目进展", "stage", None),
        ("E", "协议投资额\n（万元）", "signed_amount_yuan", "wan"),
        ("F", "计划总投资（亿元）", "total_investment_yuan", "yi"),
        ("G", "累计到位资金（万元）", "funds_in_place_yuan", "wan"),
        ("H", "签约时间\n（格式：2024-01-01）", "signed_on", None),
        ("I", "拟开工时间", "start_due", None),
        ("J", "实际开工时间", "started_on", None),
        ("K", "包抓市级领导", "steward", None),
        ("L", "牵头单位", "responsible_unit", None),
        ("M", "联系电话", None, None),  # unused, and listed as such
        ("N", "进展情况", "progress_note", None),
    ]
    assert {c.source for c in summary.columns} == {"header"}
    fields = ("county", "stage", "signed_amount_yuan", "total_investment_yuan")
    fields += ("funds_in_place_yuan", "signed_on", "start_due", "started_on", "progress_note")
    assert landed(store, *fields) == {
        "酒泉南都电源4GWh储能项目": (
            "肃州区",
            "started",
            30 * YI,
            30 * YI,
            12 * YI,
            date(2023, 3, 18),
            date(2023, 7, 1),
            date(2023, 8, 15),
            "主体施工",
        ),
        "甘肃巨化硅氟新材料项目": (
            "玉门市",
            "procedures",
            52_000 * WAN,  # "52,000"
            80 * YI,
            0,  # "—" is empty
            date(2023, 5, 10),
            date(2024, 9, 30),
            None,
            "环评办理中",
        ),
        "敦煌光热储能项目": (
            "敦煌市",
            "signed",
            12_500 * WAN,  # "12 500"
            125_000_000,
            0,
            date(2024, 4, 2),
            None,  # "/" is empty
            None,
            "",
        ),
    }
    assert store.project_row("甘肃巨化硅氟新材料项目").steward == "陈明"
    assert store.project("甘肃巨化硅氟新材料项目").responsible_unit == "玉门市发改局"


def test_a_grouped_header_over_two_rows(store: Store, tmp_path: Path) -> None:
    summary = import_file(store, sheets.grouped_header(tmp_path))
    assert (summary.added, summary.errors) == (3, [])
    assert [(c.header, c.field, c.unit) for c in summary.columns[3:11]] == [
        ("签约时间", "signed_on", None),
        ("投资额（万元）/总投资", "total_investment_yuan", "wan"),
        ("投资额（万元）/签约额", "signed_amount_yuan", "wan"),
        ("投资额（万元）/到位资金", "funds_in_place_yuan", "wan"),
        ("开工时间/计划", "start_due", None),
        ("开工时间/实际", "started_on", None),
        ("竣工投产时间/计划", "production_due", None),
        ("竣工投产时间/实际", "producing_on", None),
    ]
    fields = ("stage", "total_investment_yuan", "signed_amount_yuan", "funds_in_place_yuan")
    fields += ("start_due", "started_on", "production_due", "producing_on")
    assert landed(store, *fields) == {
        "华贸复合陶瓷耐材项目": (
            "started",
            8 * YI,
            6 * YI,
            2 * YI,
            date(2023, 4, 1),
            date(2023, 4, 20),
            date(2024, 10, 31),
            None,
        ),
        "君石中药材二期项目": (
            "procedures",
            32_000 * WAN,
            3 * YI,
            0,
            date(2024, 8, 31),
            None,
            date(2025, 6, 30),
            None,
        ),
        "天水华天电子封装项目": (
            "producing",
            15 * YI,
            15 * YI,
            9 * YI,
            date(2022, 9, 1),
            date(2022, 9, 15),
            date(2024, 3, 31),
            date(2024, 4, 10),
        ),
    }


def test_stage_words_are_sorted_by_family_and_an_office_teaches_its_own(
    db: str, store: Store, tmp_path: Path
) -> None:
    path = sheets.stage_words(tmp_path, extra=["推进中"])
    refused = import_file(store, path)
    assert not refused.written and store.project_count() == 0
    (issue,) = refused.errors
    assert (issue.row, issue.column, issue.value) == (20, "目前进度", "推进中")
    assert issue.reason.startswith("unknown stage '推进中': stages are read by family, 签约 (")
    assert "手续 (" in issue.reason and "开工 (" in issue.reason and "投产 (" in issue.reason

    code, out = cli(db, "config", "set", "import.stage.推进中", "快了")
    assert code == 1 and "unknown stage '快了'" in out
    code, out = cli(db, "config", "set", "import.stage.推进中", "procedures")
    assert code == 0
    assert store.get_setting("import.stage.推进中") == "procedures"
    summary = import_file(store, path)
    assert (summary.added, summary.errors) == (18, [])
    stages = landed(store, "stage", "kind")
    expected = {
        f"{word}项目": (stage, "continuing" if word == "续建" else "new")
        for word, stage in sheets.STAGE_WORDS.items()
    }
    assert stages == expected | {"推进中项目": ("procedures", "new")}


def test_yes_no_columns_stand_in_for_a_stage_column(store: Store, tmp_path: Path) -> None:
    path = sheets.yes_no_columns(tmp_path)
    summary = import_file(store, path, ImportOptions(skip_invalid=True))
    assert summary.errors == [
        Issue(
            path.name,
            6,
            "是否投产",
            "是",
            "是否开工 says '否': a project not started is not producing",
        ),
        Issue(
            path.name,
            7,
            "开工时间",
            "2024-01-10",
            "是否开工 says '否', but this is the date of a later stage (started): correct one of the two",
        ),
    ]
    assert landed(store, "stage", "started_on") == {
        "甲项目": ("producing", date(2023, 3, 1)),
        "乙项目": ("started", date(2024, 3, 1)),
        "丙项目": ("signed", None),
        "己项目": ("started", None),  # √ / ×
    }


def test_rows_that_are_not_projects_are_passed_over_and_reported(
    store: Store, tmp_path: Path
) -> None:
    summary = import_file(store, sheets.sections(tmp_path))
    assert (summary.added, summary.errors) == (3, [])  # 小计 and 合计 equal what was read
    assert [(row.row, row.shape, row.text) for row in summary.passed] == [
        (4, "section", "一、新建项目"),
        (7, "total", "小计 30000"),
        (8, "header_again", "序号 项目名称 属地 签约额（万元） 签约日期 项目阶段"),
        (9, "section", "二、续建项目"),
        (11, "total", "小计 50000"),
        (12, "total", "合计 80000"),
        (14, "note", "注：1.签约额以正式协议为准；2.项目阶段按实际进度填写。"),
        (15, "note", "填报说明：每月25日前报送。"),
        (16, "signature", "填表人：张三 审核人：李四 联系电话：0938-1234567"),
    ]
    assert summary.total_rows == [7, 11, 12]
    assert landed(store, "kind", "stage") == {
        "新建甲项目": ("new", "signed"),
        "新建乙项目": ("new", "procedures"),
        "续建甲项目": ("continuing", "started"),  # under 二、续建项目
    }


def test_the_offices_total_checks_the_reading(db: str, store: Store, tmp_path: Path) -> None:
    matching = import_file(store, sheets.total_on_top(tmp_path, 80000))
    assert (matching.added, matching.errors, matching.total_rows) == (2, [], [2])
    store.clear()
    path = sheets.total_on_top(tmp_path, "90,000")
    summary = import_file(store, path)
    assert summary.errors == [
        Issue(
            path.name,
            2,
            "签约额(万元)",
            "90,000",
            "the rows read add up to 80,000 万元; the sheet's 合计 says 90,000 万元",
        )
    ]
    assert not summary.written and store.project_count() == 0
    code, out = cli(db, "import", str(path))
    assert code == 1
    assert "合计在上.csv:2 [签约额(万元)] '90,000': the rows read add up to 80,000 万元" in out


def test_a_unit_line_above_the_table_gives_the_amounts_unit(store: Store, tmp_path: Path) -> None:
    summary = import_file(store, sheets.unit_line(tmp_path))
    assert summary.errors == []
    assert [(c.header, c.unit) for c in summary.columns[2:4]] == [
        ("签约金额", "wan"),
        ("总投资", "wan"),
    ]
    assert landed(store, "signed_amount_yuan", "total_investment_yuan") == {
        "玉门抽水蓄能电站": (102 * YI, 102 * YI),
        "玉门氢能产业园": (3 * YI, 52_000 * WAN),  # "3亿": the cell's own unit wins
    }


def test_an_amount_whose_unit_is_stated_nowhere_is_refused_asking_for_unit(
    db: str, tmp_path: Path
) -> None:
    path = sheets.no_unit(tmp_path)
    code, out = cli(db, "import", str(path), "--format", "json")
    assert code == 1
    report = json.loads(out[: out.rindex("}") + 1])
    assert [(e["row"], e["column"], e["reason"]) for e in report["errors"]] == [
        (
            1,
            column,
            "the unit of its amounts is stated nowhere (not in the cells, the header or a 单位 "
            "line above the table): 2 rows refused, first row 2; say which with --unit "
            "yi|wan|yuan (亿元, 万元, 元)",
        )
        for column in ("签约额", "总投资")
    ]
    assert Store.open(db).project_count() == 0  # never guessed
    code, out = cli(db, "import", str(path), "--unit", "wan")
    assert code == 0
    store = Store.open(db)
    assert landed(store, "signed_amount_yuan")["酒泉风光储一体化项目"] == (5 * YI,)
    store.close()


def test_stewards_with_titles_and_several_names(
    store: Store, new_store: Callable[..., Store], tmp_path: Path
) -> None:
    summary = import_file(store, sheets.stewards(tmp_path))
    assert (summary.added, summary.errors) == (4, [])
    assert {row.name: row.steward for row in store.list_projects()} == {
        "南都储能项目": "王建国",
        "巨化硅氟项目": "王建国",  # 副市长 王建国 is the same person
        "光热储能项目": "张三",
        "氢能产业园项目": "李明",
    }
    assert landed(store, "other_stewards")["光热储能项目"] == ("李四",)
    with store.reading() as session:
        titles = dict(session.execute(select(Steward.name, Steward.title)).all())
    assert titles == {"王建国": "副市长", "张三": "", "李明": "常务副县长"}
    fresh = new_store()  # the ledger sheet writes 张三、李四: an export imports back the same
    assert import_file(fresh, export(store, tmp_path / "report.xlsx")).errors == []
    assert landed(fresh, "other_stewards") == landed(store, "other_stewards")
    assert fresh.project_row("光热储能项目").steward == "张三"


def test_dates_known_only_to_the_month(
    db: str, store: Store, new_store: Callable[..., Store], tmp_path: Path
) -> None:
    path = sheets.month_dates(tmp_path)
    summary = import_file(store, path, ImportOptions(skip_invalid=True))
    assert [(e.row, e.column, e.value) for e in summary.errors] == [
        (6, "计划开工时间", "年底"),
        (7, "实际开工时间", "2024年8月"),
    ]
    assert "names no month" in summary.errors[0].reason
    assert summary.errors[1].reason == (
        "is in the future (today is 2024-06-30): only what has happened is recorded"
    )
    assert landed(store, "signed_on", "start_due", "started_on", "month_dates") == {
        # an actual date on the month's first day, a deadline on its last
        "甲项目": (
            date(2023, 3, 1),
            date(2023, 8, 31),
            date(2023, 9, 1),
            "signed_on,start_due,started_on",
        ),
        "乙项目": (date(2024, 5, 10), date(2024, 9, 30), None, "start_due"),  # full-width digits
        "丙项目": (date(2024, 5, 1), None, date(2024, 5, 1), "signed_on,started_on"),
        # started in 2023-03, signed on the 18th: in order by the month
        "丁项目": (date(2023, 3, 18), None, date(2023, 3, 1), "started_on"),
    }
    _, out = cli(db, "show", "甲项目", "--format", "json")
    shown = json.loads(out)
    assert (shown["signed_on"], shown["start_due"], shown["started_on"]) == (
        "2023-03",
        "2023-08",
        "2023-09",
    )
    # history never dates a stage before it is known: 丁 started in 2023-03, counted from the 18th
    ding = [(h.new_value, h.effective_on) for h in store.history("丁项目") if h.field == "stage"]
    assert ding == [
        ("signed", date(2023, 3, 18)),
        ("procedures", date(2023, 3, 18)),
        ("started", date(2023, 3, 18)),
    ]
    assert check(store) == (4, [])
    workbook = export(store, tmp_path / "report.xlsx")  # and back: the months stay months
    fresh = new_store()
    assert import_file(fresh, workbook).errors == []
    assert landed(fresh, "signed_on", "start_due", "started_on", "month_dates") == landed(
        store, "signed_on", "start_due", "started_on", "month_dates"
    )


def test_one_sheet_per_county_and_a_summary_sheet(store: Store, tmp_path: Path) -> None:
    path = sheets.county_sheets(tmp_path)
    summary = import_file(store, path)
    assert (summary.added, summary.errors) == (5, [])
    assert [(s.name, s.status, s.rows, s.note) for s in summary.sheets] == [
        ("说明", "skipped", 0, "no header row found"),
        ("肃州区", "read", 2, "county from the sheet's name: 肃州区"),
        ("玉门市", "read", 1, "county from the sheet's name: 玉门市"),
        ("敦煌市", "read", 2, "county from the sheet's name: 敦煌市"),
        ("汇总", "skipped", 5, "summary sheet: its 5 projects are on the other sheets"),
    ]
    assert landed(store, "county", "stage") == {
        "肃州区储能项目": ("肃州区", "started"),
        "肃州区光伏项目": ("肃州区", "signed"),
        "玉门市氢能项目": ("玉门市", "procedures"),
        "敦煌市光热项目": ("敦煌市", "signed"),
        "敦煌市文旅项目": ("敦煌市", "started"),
    }
    assert {c.sheet for c in summary.columns} == {"肃州区", "玉门市", "敦煌市"}


def test_a_summary_sheet_listing_a_project_no_other_sheet_has_is_refused(
    store: Store, tmp_path: Path
) -> None:
    extra = [[6, "瓜州县风电项目", "瓜州县", "2024-05-01", 60000, "签约"]]
    path = sheets.county_sheets(tmp_path, summary_extra=extra)
    summary = import_file(store, path)
    assert summary.errors == [
        Issue(
            f"{path.name}/汇总",
            7,
            "项目名称",
            "瓜州县风电项目",
            "on this summary sheet but on no other sheet: add it to its own sheet, "
            "or import the summary alone with --sheet 汇总",
        )
    ]
    assert not summary.written and store.project_count() == 0


def test_english_headers(store: Store, tmp_path: Path) -> None:
    summary = import_file(store, sheets.english(tmp_path))
    assert summary.errors == []
    assert [c.field for c in summary.columns] == [
        "skip",
        "name",
        "county",
        "stage",
        "signed_on",
        "start_due",
        "started_on",
        "signed_amount_yuan",
        "total_investment_yuan",
        "steward",
        "responsible_unit",
    ]
    fields = ("stage", "signed_amount_yuan", "total_investment_yuan", "start_due", "started_on")
    assert landed(store, *fields) == {
        "Yumen pumped storage": ("started", 102 * YI, 102 * YI, date(2023, 6, 1), date(2023, 7, 1)),
        "Dunhuang solar thermal": ("signed", 1_250_000_000, 1_250_000_000, date(2024, 10, 1), None),
    }


@pytest.mark.parametrize("family", sorted(sheets.GOOD_SHEETS))
def test_what_import_writes_check_accepts(store: Store, tmp_path: Path, family: str) -> None:
    summary = import_file(store, sheets.GOOD_SHEETS[family](tmp_path))
    assert summary.written and summary.errors == [] and summary.added
    assert check(store) == (summary.added, [])


# -- teaching an office's own words -------------------------------------------------------------


def contact_sheet(folder: Path) -> Path:
    return sheets.write_csv(
        folder / "对接.csv",
        [
            ["项目名称", "县区", "签约日期", "挂点领导", "签约额（万元）"],
            ["酒泉风光储一体化项目", "肃州区", "2024-03-01", "王建国", 50000],
        ],
    )


def test_a_column_named_by_hand_and_kept_for_the_next_import(db: str, tmp_path: Path) -> None:
    path = contact_sheet(tmp_path)
    code, out = cli(db, "import", str(path), "--dry-run")
    assert code == 0 and "挂点领导" in out and "unused" in out
    code, out = cli(db, "import", str(path), "--map", "挂点领导=领导")
    assert code == 1 and "unknown field '领导'" in out
    code, out = cli(db, "import", str(path), "--map", "对接人=steward")
    assert code == 1 and "--map '对接人': no sheet read has a column headed so" in out
    code, out = cli(db, "import", str(path), "--map", "挂点领导=steward", "--save-mapping")
    assert code == 0 and "kept for later imports: import.header.挂点领导 = steward" in out
    store = Store.open(db)
    assert store.project_row("酒泉风光储一体化项目").steward == "王建国"
    store.clear()
    store.close()
    code, out = cli(db, "import", str(path), "--format", "json")  # no flags: the kept mapping
    report = json.loads(out)
    steward = next(c for c in report["columns"] if c["header"] == "挂点领导")
    assert (steward["field"], steward["source"]) == ("steward", "saved")
    assert report["added"] == 1


def test_two_columns_claiming_one_field_are_named_never_the_last_one_winning(
    db: str, tmp_path: Path
) -> None:
    path = sheets.write_csv(
        tmp_path / "两列.csv",
        [
            ["项目名称", "签约日期", "签约额（万元）", "协议投资额（万元）"],
            ["甲项目", "2024-03-01", 50000, 60000],
        ],
    )
    code, out = cli(db, "import", str(path))
    assert code == 1 and "签约额（万元） (C) and 协议投资额（万元） (D) both mean" in out
    assert "--map" in out
    code, out = cli(db, "import", str(path), "--map", "协议投资额（万元）=unused")
    assert code == 0
    assert Store.open(db).project("甲项目").signed_amount_yuan == 5 * YI


# -- the store's rules, in the sheet's words ------------------------------------------------------------


def test_the_stores_rules_hold_for_every_row_named_as_the_sheet_names_them(
    store: Store, tmp_path: Path
) -> None:
    path = sheets.write_csv(
        tmp_path / "规则.csv",
        [
            ["项目名称", "签约时间", "实际开工时间", "项目进展", "签约额（万元）"],
            ["倒序项目", "2024-03-01", "2024-01-01", "在建", 100],
            ["未签项目", "", "", "签约", 100],
            ["明天项目", "2024-07-01", "", "签约", 100],
            ["阶段项目", "2024-01-01", "2024-03-01", "手续办理", 100],
            ["好项目", "2024-01-01", "", "在建", 100],
        ],
    )
    summary = import_file(store, path, ImportOptions(skip_invalid=True))
    assert summary.errors == [
        Issue(
            path.name,
            2,
            "",
            "",
            "dates out of order: 实际开工时间 2024-01-01 is before 签约时间 2024-03-01",
        ),
        Issue(
            path.name,
            4,
            "签约时间",
            "2024-07-01",
            "is in the future (today is 2024-06-30): only what has happened is recorded",
        ),
        Issue(
            path.name,
            5,
            "实际开工时间",
            "2024-03-01",
            "项目进展 says '手续办理', but this is the date of a later stage (started): "
            "correct one of the two",
        ),
        Issue(
            path.name,
            3,
            "签约时间",
            "",
            "a new project needs its signing date; this row leaves it empty",
        ),
    ]
    assert list(landed(store, "stage")) == ["好项目"]
    # a stage stated without its date: the date stays unknown, and history counts the stage
    # from today, never from an earlier day it would invent
    good = store.project("好项目")
    assert (good.stage, good.started_on) == ("started", None)
    trail = [(h.new_value, h.effective_on) for h in store.history("好项目") if h.field == "stage"]
    assert trail == [("signed", date(2024, 1, 1)), ("procedures", TODAY), ("started", TODAY)]
    assert check(store) == (1, [])


def test_a_sheet_without_a_signing_date_column_adds_no_project_but_updates(
    store: Store, tmp_path: Path
) -> None:
    store.add_project({"name": "已有项目", "signed_on": date(2024, 1, 5)})
    path = sheets.write_csv(
        tmp_path / "月报.csv",
        [["项目名称", "县区"], ["已有项目", "玉门市"], ["新项目", "玉门市"]],
    )
    summary = import_file(store, path, ImportOptions(skip_invalid=True))
    assert summary.errors == [
        Issue(
            path.name,
            3,
            "",
            "",
            "a new project needs its signing date, and no column of the sheet gives it "
            "(签约时间): name one with --map '<header>=signed_on'",
        )
    ]
    assert (summary.updated, summary.added) == (1, 0)
    assert store.project("已有项目").county == "玉门市"


def test_no_header_names_the_file_the_rows_looked_at_and_the_words_known(
    db: str, tmp_path: Path
) -> None:
    path = sheets.write_csv(
        tmp_path / "杂表.csv", [["2024年项目情况"], ["名字", "地方", "钱"], ["甲", "乙", "1"]]
    )
    code, out = cli(db, "import", str(path))
    assert code == 1 and "Traceback" not in out
    assert "杂表.csv: no header row found" in out
    assert "row 1: 2024年项目情况" in out and "row 2: 名字 | 地方 | 钱" in out
    assert "项目名称" in out and "--map" in out


# -- imports at once, and cancelled ------------------------------------------------------------------


def test_two_imports_of_one_sheet_at_once_add_each_project_once(
    db: str, store: Store, tmp_path: Path
) -> None:
    """Without codes a project is known by its name; two imports that both found the names new
    would add every project twice. They take turns (PostgreSQL: an advisory lock)."""
    rows = [["项目名称", "县区", "签约日期", "签约额（万元）"]]
    rows += [[f"并发项目{n}", "肃州区", "2024-03-01", 100] for n in range(300)]
    path = sheets.write_csv(tmp_path / "并发.csv", rows)
    summaries: list[ImportSummary] = []
    failures: list[BaseException] = []

    def run() -> None:
        paused = False

        def pause_once() -> bool:  # the rows are read: wait, so the other import overlaps
            nonlocal paused
            if not paused:
                paused = True
                time.sleep(0.5)
            return False

        own = Store.open(db, today=TODAY, user="导入")
        try:
            summaries.append(import_file(own, path, cancelled=pause_once))
        except BaseException as error:
            failures.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sorted((s.added, s.unchanged) for s in summaries) == [(0, 300), (300, 0)]
    assert store.project_count() == 300


def test_a_cancelled_import_writes_nothing(store: Store, tmp_path: Path) -> None:
    rows = [["项目名称", "县区", "签约日期", "签约额（万元）"]]
    rows += [[f"取消项目{n}", "肃州区", "2024-03-01", 100] for n in range(4500)]
    path = sheets.write_csv(tmp_path / "取消.csv", rows)
    asked = 0

    def cancel_after_the_first_batch() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1

    with pytest.raises(ImportCancelled, match="import cancelled, nothing written"):
        import_file(store, path, cancelled=cancel_after_the_first_batch)
    assert asked == 2  # the first batch was written inside the transaction, then rolled back
    assert store.project_count() == 0


def test_units_read_from_every_place_a_sheet_states_them() -> None:
    from store.io.importer import read_amount

    assert read_amount("3 000万", None) == 3000 * WAN
    assert read_amount("5.2亿", Unit.WAN) == 520_000_000
    assert read_amount(12.5, Unit.YI) == 1_250_000_000
    assert read_amount("1,200", Unit.WAN) == 1200 * WAN
