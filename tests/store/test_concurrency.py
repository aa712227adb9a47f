"""Two officers and an import on one database at once: nothing fails, nothing is lost."""

from __future__ import annotations

import csv
import json
import multiprocessing
import random
from datetime import date
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy import func, select

from store.checks import check
from store.db.models import History, Project
from store.errors import StaleEdit, UserError
from store.io.importer import import_file
from store.service import ProjectFilter, Store
from tests.conftest import TODAY

SHARED = 12  # few projects, so the writers keep meeting on the same rows
NEW_ROWS = 1_500
WARM_UP = 20  # writes each officer makes before the import starts
AFTER = 20  # writes each officer makes after the import has ended


def officer(target: str, name: str, seed: int, report: Path, ready: Event, imported: Event) -> None:
    """Funds, note edits made on what was read (retried when refused as stale), moves.

    Writes until the import has ended and a few more, so the import always runs between
    an officer's writes, however fast or slow the machine is."""
    store = Store.open(target, today=TODAY, user=name)
    chance = random.Random(seed)
    done = {"funds": 0, "notes": [], "stale": 0, "moves": 0, "during_import": 0}
    writes = after = 0
    while after < AFTER:
        writes += 1
        if writes == WARM_UP:
            ready.set()
        if imported.is_set():
            after += 1
        elif writes >= WARM_UP:  # begun once the import may start: it waits for the import's
            done["during_import"] += 1  # lock, or goes in between its batches, and is kept
        pid = chance.randint(1, SHARED)
        action = chance.random()
        if action < 0.4:
            store.add_funds(pid, date(2024, 6, 1), 1)
            done["funds"] += 1
        elif action < 0.8:
            token = f"{name}-{len(done['notes'])}"
            while True:
                seen = store.project(pid)
                try:
                    store.update_project(
                        pid,
                        {"progress_note": f"{seen.progress_note} {token}".strip()},
                        expected_version=seen.version,
                    )
                    break
                except StaleEdit:
                    done["stale"] += 1  # the other officer was quicker: reload, edit again
            done["notes"].append(token)
        else:
            try:
                if chance.random() < 0.6:
                    store.advance(pid, TODAY)
                else:
                    store.back(pid, "核实有误")
                done["moves"] += 1
            except UserError:
                pass  # already at the last or first stage
    report.write_text(json.dumps(done))


def importer(target: str, sheet: Path, officers_ready: list[Event], imported: Event) -> None:
    for ready in officers_ready:  # start while both officers are writing
        assert ready.wait(timeout=120)
    try:
        summary = import_file(Store.open(target, today=TODAY, user="导入"), sheet)
    finally:
        imported.set()  # the officers stop even when the import failed
    assert not summary.errors and summary.added == NEW_ROWS and summary.updated == SHARED


def test_two_officers_and_an_import_at_once(store: Store, db: str, tmp_path: Path) -> None:
    for number in range(1, SHARED + 1):
        store.add_project(
            {"name": f"共享项目{number}", "code": f"2401-620902-04-01-{number:06d}"},
            steward="王建国",
            create_steward=True,
        )
    header = ["项目名称", "项目代码", "县市区", "签约日期"]
    rows = [
        [f"共享项目{n}", f"2401-620902-04-01-{n:06d}", "玉门市", ""] for n in range(1, SHARED + 1)
    ]
    rows += [
        [f"导入项目{n}", f"2402-620902-04-01-{n:06d}", "肃州区", "2024-03-01"]
        for n in range(NEW_ROWS)
    ]
    sheet = tmp_path / "month.csv"
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])

    fork = multiprocessing.get_context("fork")
    reports = [tmp_path / "a.json", tmp_path / "b.json"]
    ready, imported = [fork.Event(), fork.Event()], fork.Event()
    processes = [
        fork.Process(target=officer, args=(db, "张科长", 1, reports[0], ready[0], imported)),
        fork.Process(target=officer, args=(db, "李科员", 2, reports[1], ready[1], imported)),
        fork.Process(target=importer, args=(db, sheet, ready, imported)),
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0]  # no "database is locked", no error

    done = [json.loads(report.read_text()) for report in reports]
    funds = sum(d["funds"] for d in done)
    with store.reading() as session:
        in_place = session.execute(select(func.sum(Project.funds_in_place_yuan))).scalar()
        logged = session.execute(select(func.count()).where(History.action == "funds")).scalar_one()
        edits = session.execute(
            select(func.count()).where(History.field == "progress_note")
        ).scalar_one()
    assert in_place == funds and logged == funds  # every yuan added is there, and in history
    notes = " ".join(store.project(n).progress_note for n in range(1, SHARED + 1)).split()
    tokens = [token for d in done for token in d["notes"]]
    assert sorted(notes) == sorted(tokens)  # no edit overwrote another
    assert edits == len(tokens)
    assert store.count_projects(ProjectFilter(county="玉门市")) == SHARED
    assert store.count_projects(ProjectFilter(county="肃州区")) == NEW_ROWS
    assert check(store) == (SHARED + NEW_ROWS, [])
    assert all(d["during_import"] > 0 for d in done)  # both kept writing while it ran
