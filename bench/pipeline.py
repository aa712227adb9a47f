"""Spread an imported bench ledger over the whole pipeline, as a year of dispatch would leave
it: stage moves with history, procedures done, monthly funds, problems, withdrawals and
spring resumptions. Written with plain SQL, since the point is the figures' reads."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta

TODAY = date(2024, 6, 30)
DEADLINE_OF = {"signed": 0, "procedures": 1, "started": 2, "producing": None}


def _month_starts(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def spread_over_the_pipeline(path: str, seed: int = 3) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC).isoformat(sep=" ")
    connection = sqlite3.connect(path)
    projects = connection.execute(
        "SELECT id, signed_on, stage, kind, procedures_due, start_due, production_due FROM project"
    ).fetchall()
    updates, history, done, records, problems = [], [], [], [], []
    for pid, signed_text, imported_stage, kind, *dues in projects:
        signed = date.fromisoformat(signed_text)
        # imported at procedures: its history already says so, dated the signing day
        dates = [signed, signed] if imported_stage == "procedures" else [signed]
        for low, high in ((20, 90), (30, 150), (90, 300))[len(dates) - 1 :]:
            entered = dates[-1] + timedelta(days=rng.randrange(low, high))
            if entered > TODAY or rng.random() < 0.3:
                break
            dates.append(entered)
        stage = ["signed", "procedures", "started", "producing"][len(dates) - 1]
        withdrawn = signed + timedelta(days=20) if rng.random() < 0.02 else None
        due_index = DEADLINE_OF[stage]
        deadline = None if withdrawn or due_index is None else dues[due_index]
        resumed = None
        if kind == "continuing" and len(dates) >= 3 and rng.random() < 0.8:
            resumed = date(2024, 2, 15) + timedelta(days=rng.randrange(60))
        padded = [d.isoformat() for d in dates[1:]] + [None] * (4 - len(dates))
        for position, entered in enumerate(dates[1:], 1):
            if position == 1 and imported_stage == "procedures":
                continue
            old = ["signed", "procedures", "started"][position - 1]
            new = ["procedures", "started", "producing"][position - 1]
            history.append((pid, now, entered.isoformat(), "advance", "stage", old, new))
        if withdrawn:
            history.append(
                (
                    pid,
                    now,
                    withdrawn.isoformat(),
                    "withdraw",
                    "withdrawn_on",
                    None,
                    withdrawn.isoformat(),
                )
            )
        if len(dates) >= 2:
            finished = dates[1]
            done.append((min(finished, TODAY).isoformat(), pid, rng.randrange(6, 12)))
        funds = 0
        if len(dates) >= 3:
            for month in _month_starts(dates[2], TODAY):
                amount = rng.randrange(1, 50) * 1_000_000
                funds += amount
                records.append((pid, month.isoformat(), amount, amount * 2, ""))
        if rng.random() < 0.3:
            raised = signed + timedelta(days=rng.randrange(10, 200))
            if raised <= TODAY:
                resolved = raised + timedelta(days=rng.randrange(5, 90))
                solved = resolved <= TODAY and rng.random() < 0.8
                problems.append(
                    (
                        pid,
                        raised.isoformat(),
                        "用地",
                        "用地指标",
                        "resolved" if solved else "open",
                        resolved.isoformat() if solved else None,
                    )
                )
        updates.append(
            (
                stage,
                *padded,
                withdrawn and withdrawn.isoformat(),
                withdrawn and "企业退出",
                deadline,
                resumed and resumed.isoformat(),
                funds,
                pid,
            )
        )
    with connection:
        connection.executemany(
            "UPDATE project SET stage = ?, procedures_on = ?, started_on = ?, producing_on = ?,"
            " withdrawn_on = ?, withdraw_reason = ?, deadline = ?, resumed_on = ?,"
            " funds_in_place_yuan = ? WHERE id = ?",
            updates,
        )
        connection.executemany(
            "INSERT INTO history (project_id, at, effective_on, user, action, field, old_value,"
            " new_value, note) VALUES (?, ?, ?, 'bench', ?, ?, ?, ?, '')",
            history,
        )
        connection.executemany(
            "UPDATE procedure SET done_on = ? WHERE project_id = ? AND position < ?", done
        )
        connection.executemany(
            "INSERT INTO dispatchrecord (project_id, month, funds_in_place_yuan,"
            " investment_completed_yuan, note) VALUES (?, ?, ?, ?, ?)",
            records,
        )
        connection.executemany(
            "INSERT INTO problem (project_id, raised_on, category, text, owner, status,"
            " resolved_on, version) VALUES (?, ?, ?, ?, '', ?, ?, 1)",
            problems,
        )
        connection.execute(
            "UPDATE project SET procedures_done = (SELECT count(*) FROM procedure"
            " WHERE project_id = project.id AND required AND done_on IS NOT NULL)"
        )
    connection.close()
