"""A large office ledger for the benchmarks: N rows x 25 columns of CJK names, codes, money, dates."""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "序号",
    "项目名称",
    "项目代码",
    "投资方/企业名称",
    "投资方来源地",
    "县市区",
    "园区",
    "产业链",
    "类型",
    "建设内容",
    "总投资（亿元）",
    "签约额（万元）",
    "年度计划投资（亿元）",
    "用地(亩)",
    "就业人数",
    "招商方式",
    "责任单位",
    "包抓领导",
    "县级领导",
    "当前阶段",
    "签约日期",
    "前期手续办结时限",
    "计划开工日期",
    "计划投产日期",
    "进展情况",
]
COUNTIES = ["肃州区", "玉门市", "瓜州县", "金塔县", "敦煌市", "崆峒区", "华亭市", "清水县"]
CHAINS = ["风电装备", "光伏装备", "光热装备", "储能装备", "氢能装备", "智能电网装备"]
# Forty stewards with names a steward cell reads as names (王建国, 李海涛 ...).
STEWARDS = [
    f"{family}{given}"
    for family in "王李张刘陈杨赵黄"
    for given in ("建国", "海涛", "志强", "明", "丽")
]
HEADS = ["远景", "金风", "隆基", "中核", "华能", "国家电投", "中车", "晶科", "天合", "明阳"]
PRODUCTS = ["储能电池", "光伏组件", "风机叶片", "塔筒法兰", "熔盐储热", "电解槽制氢"]


def write_ledger(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            signed = date(2023, 1, 1) + timedelta(days=rng.randrange(500))
            due = signed + timedelta(days=rng.randrange(60, 150))
            start = due + timedelta(days=rng.randrange(30, 120))
            county = rng.choice(COUNTIES)
            head = rng.choice(HEADS)
            writer.writerow(
                [
                    number,
                    f"{head}{county}{rng.choice(PRODUCTS)}项目{number}",
                    f"2401-62{number % 10000:04d}-04-01-{number:06d}",
                    f"{head}新能源科技有限公司",
                    "江苏",
                    county,
                    f"{county}工业园区",
                    rng.choice(CHAINS),
                    rng.choice(["新建", "续建"]),
                    "建设生产线及配套设施",
                    f"{rng.randrange(1, 5000) / 100}",
                    f"{rng.randrange(100, 500000):,}",
                    f"{rng.randrange(1, 100) / 10}",
                    rng.randrange(10, 900),
                    rng.randrange(10, 2000),
                    "以商招商",
                    "市工信局",
                    STEWARDS[rng.randrange(40)],
                    f"县领导{rng.randrange(80)}",
                    rng.choice(["签约", "手续"]),
                    signed.isoformat(),
                    due.strftime("%Y/%m/%d"),
                    start.isoformat(),
                    (start + timedelta(days=300)).isoformat(),
                    "正在办理前期手续",
                ]
            )
    return path


if __name__ == "__main__":
    write_ledger(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)


def build_database(folder: str, projects: int, name: str = "bench") -> str:
    """A database of that many projects, loaded the way an office would: `investtrack import`."""
    import os
    import subprocess

    db = f"{folder}/{name}.db"
    sheet = write_ledger(Path(folder) / f"{name}.csv", projects)
    env = os.environ | {"INVESTTRACK_DB": db, "INVESTTRACK_TODAY": "2024-06-30"}
    investtrack = Path(sys.executable).parent / "investtrack"
    subprocess.run(
        [str(investtrack), "import", str(sheet)], env=env, check=True, capture_output=True
    )
    return db


def run_json(code: str, *args: str) -> dict[str, float]:
    """Run a probe in its own process (its own peak memory); it prints one JSON line last."""
    import json
    import subprocess

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=root
    )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])
