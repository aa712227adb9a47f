"""`investtrack stats`: tables that fit an 80-column terminal uncut, every figure named in
the language chosen, the ranked figure shown in rank order, and JSON with English keys and
exact rates."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from rich.cells import cell_len

from store.figures import RATES, compute
from store.labels import Lang, word
from store.service import Store
from tests.conftest import TODAY, run_cli


def test_stats_by_group_fits_an_80_column_terminal_uncut(demo_store: Store, demo_db: str) -> None:
    arguments = ["stats", "--by", "steward", "--rank", "start_rate"]
    code, out, err = run_cli(demo_db, *arguments, env={"COLUMNS": "80"})
    assert code == 0, err
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines) and "…" not in out
    for rate in RATES:  # named in full, as the dashboard and the Figures sheet name it
        assert word(rate, Lang.EN) in out and word(rate, Lang.ZH) not in out
    assert "Total investment" in out and "Funds to date" in out
    ranked = compute(demo_store, by="steward").ranked("start_rate")
    for title in ("by steward, counts and amounts", "by steward, rates"):
        first = next(i for i, line in enumerate(lines) if line.startswith(title))
        rows = [line.split("│")[1].strip() for line in lines[first:] if line.startswith("│")]
        assert rows[: len(ranked)] == [g.group for g in ranked]  # every steward, ranked
    rates = lines[next(i for i, line in enumerate(lines) if line.startswith("by steward, rates")) :]
    best = next(line for line in rates if line.startswith("│"))
    assert ranked[0].start_rate.percent() in best


@pytest.mark.parametrize(
    "figure", ["total_investment_yuan", "funds_cumulative_yuan", "warning_red", "stage_started"]
)
def test_stats_shows_the_figure_it_ranks_by(demo_store: Store, demo_db: str, figure: str) -> None:
    arguments = ["stats", "--by", "county", "--rank", figure]
    code, out, err = run_cli(demo_db, *arguments, env={"COLUMNS": "80"})
    assert code == 0, err
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines) and "…" not in out
    first = next(i for i, line in enumerate(lines) if line.startswith("by county, counts"))
    shown = [line.split("│")[-2].strip() for line in lines[first:] if line.startswith("│")]
    ranked = compute(demo_store, by="county").ranked(figure)
    values = [group.value_of(figure) for group in ranked]
    assert values == sorted(values, reverse=True)  # highest first
    if figure.endswith("_yuan"):  # in 亿元
        expected = [f"{Decimal(v) / 10**8:,.2f}" for v in values]
    else:
        expected = [f"{v:,}" for v in values]
    assert shown[: len(ranked)] == expected  # the last column is the figure, in rank order


def test_stats_cli_json_has_english_keys_and_exact_rates(store: Store, db: str) -> None:
    for number in range(3):
        project = store.add_project(
            {"name": f"项目{number}", "signed_on": date(2024, 1, 1), "start_due": date(2024, 3, 1)}
        )
        if number < 2:
            store.advance(project.id or 0, date(2024, 1, 10))
            store.advance(project.id or 0, date(2024, 2, 10))
    code, out, err = run_cli(
        db,
        "stats",
        "--period",
        "2024Q1",
        "--format",
        "json",
        "--by",
        "county",
        "--rank",
        "start_rate",
        today=TODAY,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2024-03-31"
    assert data["total"]["start_rate"] == {
        "numerator": 2,
        "denominator": 3,
        "value": "0.666666666667",
    }
    assert data["year_on_year"]["signed_count"]["change"] is None
    assert data["prior_year_period"] == {
        "from": "2023-01-01",
        "to": "2023-03-31",
        "as_of": "2023-03-31",
    }
    code, out, _ = run_cli(db, "stats", "--period", "2024Q1", env={"COLUMNS": "160"})
    assert code == 0 and "n/a" in out and "66.7%" in out
    assert "year before: 2023-01-01..2023-03-31 as of 2023-03-31" in out
    assert "Stage started" in out and "Warning red" in out
    signed_row = next(line for line in out.splitlines() if "Stage signed" in line)
    assert [cell.strip() for cell in signed_row.split("│")[2:5]] == ["1", "0", "n/a"]  # 同比
    code, _, err = run_cli(db, "stats", "--period", "2024Q9")
    assert code == 1 and "unknown period" in err
