"""A text sheet mixing UTF-8 and GBK rows (two exports pasted together) is read right, each
line in the encoding it is valid in, and the summary names the rows read as GBK; a line valid
in neither, or readable as Chinese both ways, is refused in one line naming file and line.
Columns claiming one field are refused, never last-wins. The files are real bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store.errors import UserError
from store.io.importer import import_file
from store.io.sheets import read_rows
from store.labels import Lang, said
from store.service import Store
from tests.conftest import TODAY, run_cli

HEADER = "项目名称,县市区,签约日期,签约额（万元）"
ROWS = [
    ("酒泉南都电源4GWh储能项目,肃州区,2024-01-05,300000", "utf-8"),
    ("瓜州风电装备产业园,瓜州县,2024-02-01,52000", "gbk"),
    ("玉门光伏组件项目,玉门市,2024-03-01,18000", "utf-8"),
    ("敦煌文旅综合体项目,敦煌市,2024-03-15,9000", "gbk"),
]
NAMES = ["酒泉南都电源4GWh储能项目", "瓜州风电装备产业园", "玉门光伏组件项目", "敦煌文旅综合体项目"]


def mixed_sheet(path: Path, rows: list[tuple[str, str]] = ROWS, bom: bool = True) -> Path:
    """The header in UTF-8 (with the BOM a spreadsheet writes), each row in its encoding."""
    lines = [(b"\xef\xbb\xbf" if bom else b"") + f"{HEADER}\n".encode()]
    lines += [f"{text}\n".encode(encoding) for text, encoding in rows]
    path.write_bytes(b"".join(lines))
    return path


def test_the_bytes_really_mix_both_encodings(tmp_path: Path) -> None:
    data = mixed_sheet(tmp_path / "台账.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")


def test_each_row_is_read_in_its_own_encoding_and_the_gbk_ones_named(
    store: Store, tmp_path: Path
) -> None:
    summary = import_file(store, mixed_sheet(tmp_path / "台账.csv"))
    assert summary.added == 4
    stored = {row.name: row for row in store.list_projects()}
    assert sorted(stored) == sorted(NAMES)  # no mojibake: every name as written
    assert stored["瓜州风电装备产业园"].county == "瓜州县"
    assert summary.notes == [
        "台账.csv mixes encodings: 2 rows read as GB18030 (3, 5), 3 lines as UTF-8"
    ]


def test_a_cell_over_two_lines_counts_as_one_row(tmp_path: Path) -> None:
    """The note names the sheet's rows, not the file's lines."""
    rows = [
        ('"酒泉南都电源\n4GWh储能项目",肃州区,2024-01-05,300000', "utf-8"),
        ("瓜州风电装备产业园,瓜州县,2024-02-01,52000", "gbk"),
    ]
    read = read_rows(mixed_sheet(tmp_path / "两行.csv", rows))
    assert [cells[0] for cells in read] == [
        "项目名称",
        "酒泉南都电源\n4GWh储能项目",
        "瓜州风电装备产业园",
    ]
    assert read.notes == ["两行.csv mixes encodings: 1 row read as GB18030 (3), 3 lines as UTF-8"]


def test_a_file_all_gbk_is_not_called_mixed(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("\n".join([HEADER, *(text for text, _ in ROWS)]).encode("gbk"))
    read = read_rows(path)
    assert [cells[0] for cells in list(read)[1:]] == NAMES
    assert read.notes == []


def test_a_line_valid_in_neither_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    path = mixed_sheet(tmp_path / "坏.csv")
    path.write_bytes(path.read_bytes() + "张掖项目,甘州区,".encode("gbk") + b"\xff\xfe\n")
    with pytest.raises(UserError) as refused:
        list(read_rows(path))
    assert str(refused.value) == (
        "坏.csv: line 6 is neither UTF-8 nor GB18030: save the file again as UTF-8"
    )
    assert said(refused.value, Lang.ZH) == (
        "坏.csv 第 6 行既不是 UTF-8 也不是 GB18030：请把文件另存为 UTF-8"
    )


def test_a_line_that_reads_as_chinese_both_ways_is_refused(tmp_path: Path) -> None:
    """纸纸 in UTF-8 is also valid GB18030 that reads 绾哥焊, every character a common one:
    which was meant cannot be told, so the file is refused rather than guessed."""
    assert "纸纸".encode().decode("gb18030") == "绾哥焊"
    rows = [*ROWS, ("纸纸", "utf-8")]
    with pytest.raises(UserError) as refused:
        list(read_rows(mixed_sheet(tmp_path / "两可.csv", rows)))
    assert str(refused.value) == (
        "两可.csv: line 6 reads as Chinese both as UTF-8 (“纸纸”) and as GB18030 (“绾哥焊”), "
        "so which it is cannot be told: save the file again as UTF-8"
    )
    assert said(refused.value, Lang.ZH).startswith("两可.csv 第 6 行按 UTF-8（“纸纸”）")


def test_the_cli_names_the_gbk_rows_and_refuses_in_one_line(db: str, tmp_path: Path) -> None:
    sheet = mixed_sheet(tmp_path / "台账.csv")
    code, out, err = run_cli(db, "import", str(sheet), today=TODAY)
    assert code == 0, out + err
    assert "rows read as GB18030 (3, 5)" in out  # a note in the import's summary
    bad = mixed_sheet(tmp_path / "坏.csv", [*ROWS, ("纸纸", "utf-8")])
    code, _, err = run_cli(db, "import", str(bad), lang="zh", today=TODAY)
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("错误：坏.csv 第 6 行按 UTF-8")


@pytest.mark.parametrize(
    "header, claimed, claimed_zh",
    [
        (
            "项目名称,签约日期,签约日期",
            "签约日期 (B) and 签约日期 (C) both mean signed on",
            "签约日期 (B)、签约日期 (C) 都是签约日期：请用 --map",
        ),
        (
            "项目名称,县市区,县区,属地",
            "县市区 (B), 县区 (C) and 属地 (D) all mean county",
            "县市区 (B)、县区 (C)、属地 (D) 都是县市区：请用 --map",
        ),
    ],
)
def test_columns_claiming_one_field_are_refused_never_last_wins(
    store: Store, tmp_path: Path, header: str, claimed: str, claimed_zh: str
) -> None:
    path = tmp_path / "重复.csv"
    path.write_text(f"{header}\n瓜州风电装备产业园,2024-01-05,2024-02-05,x\n", encoding="utf-8")
    with pytest.raises(UserError, match=re.escape(claimed)) as refused:
        import_file(store, path)
    assert store.project_count() == 0
    assert said(refused.value, Lang.ZH).startswith(claimed_zh)
