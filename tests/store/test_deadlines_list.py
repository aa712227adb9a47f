"""The deadlines list, on both backends: the nearest to today first whether just passed or
soon due, pages that join up without a gap or a repeat, filters by county, steward and
warning, and a count that says how many there are."""

from __future__ import annotations

from datetime import timedelta

from store.queries.deadlines import DueItem
from store.service import ProjectFilter, Store
from store.warnings import WarningLevel
from tests.conftest import TODAY


def key(item: DueItem) -> tuple[int, str, str]:
    return item.project_id, item.what, item.due.isoformat()


def test_the_nearest_come_first_just_passed_and_soon_due_alike(store: Store) -> None:
    # far overdue projects outnumber a page: the near ones, either side of today, lead
    for number in range(30):
        signed = TODAY - timedelta(days=400)
        store.add_project(
            {
                "name": f"久超期{number:02d}",
                "signed_on": signed,
                "procedures_due": signed + timedelta(days=number),
            }
        )
    for name, days in (("昨天到期", -1), ("明天到期", 1), ("十天后", 10), ("今天到期", 0)):
        store.add_project(
            {
                "name": name,
                "signed_on": TODAY - timedelta(days=30),
                "procedures_due": TODAY + timedelta(days=days),
            }
        )
    first = store.due_items(30, limit=5)
    # the default procedures have no due dates: the stage deadlines alone are due
    assert [item.name for item in first.items[:4]] == ["今天到期", "昨天到期", "明天到期", "十天后"]
    assert first.total == 34 and first.shown == "1-5 of 34"
    every = store.due_items(30, limit=1000).items
    distances = [abs(item.days_left) for item in every]
    assert distances == sorted(distances) and len(every) == 34
    assert all(item.days_left <= 30 for item in every)


def test_pages_join_up_and_filters_narrow(demo_store: Store) -> None:
    every = demo_store.due_items(30, limit=10_000)
    assert len(every.items) == every.total > 500  # more than a page: nothing left out
    pages = [demo_store.due_items(30, offset=start, limit=97) for start in range(0, 700, 97)]
    assert [key(item) for page in pages for item in page.items] == [key(i) for i in every.items]
    assert {page.total for page in pages} == {every.total}
    assert pages[1].shown == f"98-194 of {every.total:,}"
    beyond = demo_store.due_items(30, offset=every.total, limit=10)
    assert beyond.items == [] and beyond.shown == f"none of {every.total:,}"

    county = next(row.county for row in demo_store.list_projects() if row.county)
    by_county = demo_store.due_items(30, filters=ProjectFilter(county=county), limit=10_000)
    projects = {row.id for row in demo_store.list_projects(ProjectFilter(county=county))}
    assert 0 < by_county.total < every.total
    assert [key(i) for i in by_county.items] == [
        key(i) for i in every.items if i.project_id in projects
    ]
    steward = next(item.steward for item in every.items if item.steward)
    by_steward = demo_store.due_items(30, filters=ProjectFilter(steward=steward), limit=10_000)
    assert by_steward.items and {i.steward for i in by_steward.items} == {steward}
    for level in WarningLevel:  # the colour of each date itself
        coloured = demo_store.due_items(30, filters=ProjectFilter(warning=level), limit=10_000)
        assert [key(i) for i in coloured.items] == [
            key(i) for i in every.items if i.warning is level
        ]
