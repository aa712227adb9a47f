"""`investtrack show` gives a date known only to the month as its month, in JSON and in the
table, and names the other stewards in the office's words."""

from __future__ import annotations

import json

from store.service import Store
from tests.conftest import TODAY, run_cli
from tests.store.test_month_dates import month_only_project


def test_show_lists_a_month_only_date_as_its_month(store: Store, db: str) -> None:
    month_only_project(store)
    args = ["show", "君石中药材二期项目"]
    _, out, _ = run_cli(db, *args, "--format", "json", today=TODAY)
    data = json.loads(out)
    assert (data["started_on"], data["production_due"]) == ("2023-08", "2024-09")
    assert (data["signed_on"], data["procedures_on"]) == ("2023-03-01", "2023-05-01")
    _, table, _ = run_cli(db, *args, "--format", "table", lang="zh", today=TODAY)
    assert "2023-08 " in table.replace("│", " ") and "2023-08-01" not in table
    assert "其他包抓领导" in table and "李明" in table and "month_dates" not in table
