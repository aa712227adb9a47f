"""`investtrack demo` keeps the rules: its office is dated 2024-06-30, so an earlier --today is
refused in one line and nothing is written."""

from __future__ import annotations

from datetime import date

from store.service import Store
from tests.conftest import run_cli


def test_the_demo_is_not_dated_after_today(db: str) -> None:
    code, _, err = run_cli(db, "demo", today=date(2024, 1, 1))
    assert code == 1
    assert err == (
        "error: the demo office is dated 2024-06-30: with --today 2024-01-01 its signings and "
        "funds would lie in the future\n"
    )
    store = Store.open(db)
    assert store.project_count() == 0
    store.close()
