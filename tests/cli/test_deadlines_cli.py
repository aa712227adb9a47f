"""`investtrack deadlines`: pages of the deadlines list that join up, filtered by colour, as
JSON and as a table that says which rows it shows and how to see the next."""

from __future__ import annotations

import json
from datetime import date

from tests.conftest import TODAY, run_cli


def test_the_command_pages_and_says_which(demo_db: str) -> None:
    def deadlines(*args: str) -> tuple[int, str]:
        code, out, _ = run_cli(demo_db, "deadlines", *args, today=TODAY)
        return code, out

    code, out = deadlines("--format", "json", "--limit", "10000")
    every = json.loads(out)
    assert code == 0 and every["total"] == len(every["items"]) > 500
    code, out = deadlines("--format", "json", "--page", "3", "--limit", "20")
    page = json.loads(out)
    assert (page["offset"], page["total"]) == (40, every["total"])
    assert page["items"] == every["items"][40:60]
    assert date.fromisoformat(page["items"][0]["due"])  # dates as ISO text
    code, out = deadlines("--limit", "5")
    assert code == 0 and f"showing 1-5 of {every['total']:,}" in " ".join(out.split())
    assert "--page 2 for the next" in " ".join(out.split())
    code, out = deadlines("--warning", "red", "--format", "json", "--limit", "10000")
    assert {item["warning"] for item in json.loads(out)["items"]} == {"red"}
