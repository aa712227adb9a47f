"""Snapshots of the main screens over the demo office at a fixed today, in both languages, at
the narrow terminal an officer's laptop gives (80x24), a common one (100x30) and a wide one
(160x48). Look at the report before accepting a change:
`pytest tests/tui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest

from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY
from tests.tui.test_app import settle
from tui.app import InvestTrackApp

# The app's own behaviour does not depend on the database; the store's tests cover both.
pytestmark = pytest.mark.sqlite_only
SIZES = {"80x24": (80, 24), "100x30": (100, 30), "160x48": (160, 48)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN], ids=["zh", "en"])
@pytest.mark.parametrize(
    "keys",
    [(), ("l",), ("s",), ("d",), ("f",), ("l", "enter"), ("j",), ("k",), ("y",)],
    ids=[
        "board",
        "ledger",
        "stewards",
        "deadlines",
        "dashboard",
        "project",
        "leads",
        "assessment",
        "supervision",
    ],
)
def test_screen(snap_compare, demo_db: str, keys: tuple[str, ...], lang: Lang, size: str) -> None:  # type: ignore[no-untyped-def]
    app = InvestTrackApp(store=Store.open(demo_db, today=TODAY, user="测试员"), lang=lang)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
