"""A targets sheet's and a leads sheet's refusals read in Chinese alone in a Chinese run."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.cli.test_targets import office, sheet
from tests.conftest import run_cli

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
YEAR_END = date(2024, 12, 31)


def test_a_targets_sheet_that_does_not_add_up_is_refused_in_chinese(
    db: str, tmp_path: Path
) -> None:
    office(db)
    path = sheet(
        tmp_path,
        ["县区,签约额,签约项目（个）", "秦州区,10,2", "秦州区,8,1", "麦积区,8,两个", "合计,19,3"],
    )
    code, _, err = run_cli(db, "target", "import", str(path), lang="zh", today=YEAR_END)
    assert code == 1
    assert "第 5 行：秦州区 重复（首见于第 4 行）" in err
    assert "不是项目个数" in err and "各行合计" in err, err
    assert not LATIN_WORD.findall(err.replace(path.name, "")), err


def test_a_leads_sheet_without_source_or_a_signed_lead_is_refused_in_chinese(
    db: str, tmp_path: Path
) -> None:
    path = tmp_path / "线索.csv"
    path.write_text(
        "线索名称,跟进人,线索阶段\n甲线索,王建国,签约\n乙线索,王建国,在谈\n", encoding="utf-8"
    )
    code, _, err = run_cli(db, "lead", "import", str(path), lang="zh", today=YEAR_END)
    assert code == 1
    assert "已签约的线索不导入" in err and "线索须有线索来源" in err, err
    assert not LATIN_WORD.findall(err.replace(path.name, "")), err
