"""Who a project may be given to: the one rule every door keeps (the CLI's add and assign,
the app's forms, the demo), so a slip of the keyboard never makes a second record of a leader.

- a steward on record who has not retired may be given any project;
- a retired steward takes no new project: refused, naming the day they retired;
- a name merged into another steward's, or renamed, is never made again: refused, naming the
  one it became;
- a name nobody has is most likely a slip (王建果 for 王建国): refused with the stewards it is
  like, unless the user has said to create that steward (a question answered, a flag given).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from store.domain.names import similar_names
from store.errors import UnknownSteward
from store.labels import Refusal


class StewardOnRecord(Protocol):
    """What the rule needs of a steward the database holds."""

    name: str
    retired_on: date | None


class RetiredSteward(Refusal):
    """The steward named has retired: they take no new project."""

    def __init__(self, name: str, retired_on: date) -> None:
        self.name = name
        self.retired_on = retired_on
        super().__init__(
            f"包抓领导 {name} 已于 {retired_on} 离任：请选择其他包抓领导",
            f"steward {name} retired on {retired_on}: choose another steward",
        )


@dataclass(frozen=True)
class Successor:
    """The steward a name became: merged into another, or renamed."""

    name: str
    merged: bool
    on: date


class GoneSteward(Refusal):
    """The name was merged into another steward's or renamed: the one it became is meant."""

    def __init__(self, name: str, became: Successor) -> None:
        how = ("并入", "merged into") if became.merged else ("改名为", "renamed")
        super().__init__(
            f"{name} 已于 {became.on} {how[0]} {became.name}：请写 {became.name}",
            f"{name} was {how[1]} {became.name} on {became.on}: write {became.name}",
        )


def refuse_unassignable(
    name: str,
    on_record: StewardOnRecord | None,
    offered: Callable[[], Iterable[str]],
    *,
    create: bool,
    became: Callable[[], Successor | None] = lambda: None,
) -> None:
    """Raise why no project may be given to the steward named: RetiredSteward; GoneSteward
    for a name that became another's; or UnknownSteward with the names most like it among
    those offered (the stewards not retired), unless create says to make a steward of that
    name. became looks up what a name not on record became (nothing, where none is known)."""
    if on_record is not None:
        if on_record.retired_on is not None:
            raise RetiredSteward(on_record.name, on_record.retired_on)
        return
    successor = became()
    if successor is not None:
        raise GoneSteward(name, successor)
    if not create:
        raise UnknownSteward(name, similar_names(name, offered()))
