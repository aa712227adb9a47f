"""`investtrack check`: exit code 0 and a one-line tally for a sound office, 1 and the findings
(as JSON when asked) once a state no door lets in is planted."""

from __future__ import annotations

import json

from sqlalchemy import text

from store.service import Store
from tests.conftest import run_cli


def test_cli_check_exit_code_and_json(demo_db: str) -> None:
    code, out, _ = run_cli(demo_db, "check")
    assert code == 0 and "200 projects checked, 0 problems found" in out
    store = Store.open(demo_db)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE project SET stage = 'producing' WHERE id = 5"))
    store.close()
    code, out, _ = run_cli(demo_db, "check", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["projects"] == 200 and {f["rule"] for f in report["findings"]} >= {"history"}
