"""Snapshots of the main screens over the demo office at a fixed today (look at the report
before accepting a change: `pytest tests/tui/test_snapshots.py --snapshot-update`)."""

from __future__ import annotations

import pytest

from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY
from tests.tui.test_app import settle
from tui.app import InvestTrackApp

# The app's own behaviour does not depend on the database; the store's tests cover both.
pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)


@pytest.fixture
def demo_app(demo_db: str) -> InvestTrackApp:
    return InvestTrackApp(store=Store.open(demo_db, today=TODAY, user="测试员"), lang=Lang.ZH)


@pytest.mark.parametrize(
    "keys",
    [(), ("l",), ("s",), ("d",), ("f",), ("l", "enter")],
    ids=["board", "ledger", "stewards", "deadlines", "dashboard", "project"],
)
def test_screen(snap_compare, demo_app: InvestTrackApp, keys: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=run_before)
