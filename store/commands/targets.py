"""Setting targets, one at a time or from the office's 任务分解表; every change kept in
targetchange with who, when and the day it takes effect. A steward's targets are kept under
their name: renamed or merged into another, the steward takes them along."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from store.commands.history import Actor
from store.db.models import Target, TargetChange
from store.domain.names import similar_names
from store.domain.targets import split_text, target_figure, unit_kind
from store.io.targets_sheet import TargetSheet
from store.labels import Lang, Refusal, word
from store.money import MAX_YUAN
from store.queries.assessment import unit_names

YEARS = range(2000, 2101)


@dataclass
class TargetsSet:
    """What a set or an import did: targets new, changed and already so."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    units: set[tuple[str, str]] = field(default_factory=set)


def _check(year: int, amount: int) -> None:
    if year not in YEARS:
        raise Refusal(f"年度 {year} 不在 2000–2100 之间", f"year {year} is not in 2000-2100")
    if not 0 <= amount <= MAX_YUAN:
        raise Refusal(f"目标任务 {amount} 须为非负且不超过 1 亿亿", f"target {amount} out of range")


def refuse_unknown(session: Session, kind: str, units: Sequence[tuple[str, str]]) -> None:
    """Units are matched exactly, never guessed: any name no project (or steward) has is
    refused, each with where it was written and the names like it."""
    known = unit_names(session, kind)
    unknown = [(unit, where) for unit, where in units if unit not in known]
    if not unknown:
        return
    lines_zh, lines_en = [], []
    for unit, where in unknown:
        like = similar_names(unit, known)
        place = f"{where}: " if where else ""
        lines_zh.append(f"{place}{unit}" + (f"（是否为 {'、'.join(like)}？）" if like else ""))
        lines_en.append(
            f"{place}{unit}" + (f" (did you mean {' or '.join(like)}?)" if like else "")
        )
    raise Refusal(
        f"没有项目属于这些考核对象（{kind}），未写入任何任务：" + "；".join(lines_zh),
        f"no project has these {kind} names, so no target was written: " + "; ".join(lines_en),
    )


Key = tuple[int, str, str, str]  # year, unit kind, unit, figure


def _standing(session: Session, year: int) -> dict[Key, Target]:
    """The year's targets as they stand, by key: one read for a whole sheet."""
    targets = session.scalars(select(Target).where(col(Target.year) == year))
    return {(t.year, t.unit_kind, t.unit, t.figure): t for t in targets}


def _write(
    session: Session,
    actor: Actor,
    key: Key,
    existing: Target | None,
    change: tuple[int, Sequence[int] | None],
    action: str,
    note: str,
    done: TargetsSet,
    dry_run: bool = False,
) -> None:
    """One target set (change: the amount and the split, None keeping the split it had): a
    new row, a change, or nothing when it is already so; dry_run: counted, not written."""
    amount, split = change
    year, kind, unit, figure = key
    new_split = split_text(split) if split is not None else (existing.split if existing else "")
    done.units.add((kind, unit))
    if existing is not None and existing.amount == amount and existing.split == new_split:
        done.unchanged += 1
        return
    if existing is None:
        done.added += 1
    else:
        done.changed += 1
    if dry_run:
        return
    session.add(
        TargetChange(
            year=year,
            unit_kind=kind,
            unit=unit,
            figure=figure,
            at=datetime.now(UTC),
            effective_on=actor.today,
            user=actor.user,
            action=action,
            old_amount=existing.amount if existing else None,
            new_amount=amount,
            old_split=existing.split if existing else None,
            new_split=new_split,
            note=note,
        )
    )
    if existing is None:
        session.add(
            Target(
                year=year, unit_kind=kind, unit=unit, figure=figure, amount=amount, split=new_split
            )
        )
    else:
        existing.amount, existing.split = amount, new_split
        existing.version += 1
        session.add(existing)


def set_target(
    session: Session,
    actor: Actor,
    year: int,
    kind: str,
    unit: str,
    figure: str,
    amount: int,
    split: Sequence[int] | None = None,
) -> TargetsSet:
    """`target set`: one unit's year target of one figure (split: twelve monthly shares;
    None keeps the split it had, evenly for a new target)."""
    kind, figure = unit_kind(kind), target_figure(figure)
    _check(year, amount)
    refuse_unknown(session, kind, [(unit, "")])
    done = TargetsSet()
    key = (year, kind, unit, figure)
    existing = _standing(session, year).get(key)
    _write(session, actor, key, existing, (amount, split), "set", "", done)
    return done


def import_targets(
    session: Session, actor: Actor, sheet: TargetSheet, year: int, dry_run: bool = False
) -> TargetsSet:
    """Every target a read 任务分解表 holds, all or nothing: one unknown unit and none is
    written. dry_run: what it would do, nothing written."""
    for table in sheet.tables:
        refuse_unknown(session, table.kind, [(row.unit, row.where) for row in table.rows])
    done = TargetsSet()
    standing = _standing(session, year)
    for table in sheet.tables:
        for row in table.rows:
            for figure, amount in row.amounts.items():
                _check(year, amount)
                key = (year, table.kind, row.unit, figure)
                change = (amount, None)
                note = sheet.name
                _write(
                    session, actor, key, standing.get(key), change, "import", note, done, dry_run
                )
    return done


def follow_steward(session: Session, actor: Actor, old: str, new: str, action: str) -> int:
    """The targets set on steward old (of every year) move to the name new, their history
    with them, each move logged as a change taking effect today (action: steward rename or
    steward merge); in the caller's transaction. Where new has a target of the same year
    and figure, the two are one leader's and their amounts must agree (new's split stays):
    refused, nothing moved, when they differ. Returns how many targets moved."""
    steward = col(Target.unit_kind) == "steward"
    moving = list(session.scalars(select(Target).where(steward, col(Target.unit) == old)))
    held = {
        (target.year, target.figure): target
        for target in session.scalars(select(Target).where(steward, col(Target.unit) == new))
    }
    _refuse_different(old, new, moving, held)
    session.execute(
        update(TargetChange)
        .where(col(TargetChange.unit_kind) == "steward", col(TargetChange.unit) == old)
        .values(unit=new)
    )
    for target in moving:
        session.add(
            TargetChange(
                year=target.year,
                unit_kind="steward",
                unit=new,
                figure=target.figure,
                at=datetime.now(UTC),
                effective_on=actor.today,
                user=actor.user,
                action=action,
                old_amount=target.amount,
                new_amount=target.amount,
                old_split=target.split,
                new_split=target.split,
                note=f"{old} → {new}",
            )
        )
        if (target.year, target.figure) in held:
            session.delete(target)
        else:
            target.unit = new
            target.version += 1
    return len(moving)


def _refuse_different(
    old: str, new: str, moving: Sequence[Target], held: dict[tuple[int, str], Target]
) -> None:
    """Two records of one leader with different targets of a year and figure: the office
    says which stands (`target set`) before they become one."""
    pairs = [(target, held.get((target.year, target.figure))) for target in moving]
    different = [(a, b) for a, b in pairs if b is not None and a.amount != b.amount]
    if not different:
        return
    zh = "；".join(
        f"{a.year} 年{word(a.figure, Lang.ZH)} {a.amount} 与 {b.amount}" for a, b in different
    )
    en = "; ".join(f"{a.year} {a.figure} {a.amount} and {b.amount}" for a, b in different)
    raise Refusal(
        f"包抓领导 {old} 与 {new} 的目标任务不一致（{zh}）："
        f"请先用 `investtrack target set` 把 {old} 的任务设为与 {new} 相同",
        f"stewards {old} and {new} have different targets ({en}): set {old}'s alike with "
        "`investtrack target set` first",
    )
