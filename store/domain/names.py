"""Names that look or sound alike: the stewards a mistyped name most likely meant.

Officers type leaders' names in a hurry and through pinyin input methods, so a slip is a
character left out or added (王建 for 王建国), a homophone picked from the candidate list
(王建果), or the pinyin itself typed (wangjianguo). Two names are alike when their characters
are one edit apart for every three (rounded up), or their pinyin one edit apart for every
five letters, or one holds the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one character."""
    if len(first) < len(second):
        first, second = second, first
    previous = list(range(len(second) + 1))
    for row, letter in enumerate(first, 1):
        current = [row]
        for column, other in enumerate(second, 1):
            current.append(
                min(
                    previous[column] + 1,
                    current[column - 1] + 1,
                    previous[column - 1] + (letter != other),
                )
            )
        previous = current
    return previous[-1]


@cache
def spoken(name: str) -> str:
    """The name in toneless pinyin, lower case, without spaces: 王建国 -> wangjianguo."""
    from pypinyin import lazy_pinyin  # heavy dictionaries: loaded on first use

    return "".join(lazy_pinyin("".join(name.split()))).lower()


def initials(name: str) -> str:
    """The first letter of each syllable: 王建国 -> wjg."""
    from pypinyin import lazy_pinyin

    return "".join(syllable[:1] for syllable in lazy_pinyin("".join(name.split()))).lower()


def matches(typed: str, name: str) -> bool:
    """Whether a name answers a search as typed: part of the name, of its pinyin or of its
    initials (王, jiang, wjg all find 王建国)."""
    term = "".join(typed.split()).lower()
    return term in name.lower() or term in spoken(name) or term in initials(name)


def likeness(typed: str, known: str) -> tuple[int, int] | None:
    """How far apart (pinyin edits, character edits), or None when not alike at all."""
    typed, known = "".join(typed.split()), "".join(known.split())
    if not typed or not known:
        return None
    characters = edit_distance(typed.lower(), known.lower())
    sounds = edit_distance(spoken(typed), spoken(known))
    contained = typed in known or known in typed
    if contained or characters <= -(-len(known) // 3) or sounds <= max(1, len(spoken(known)) // 5):
        return sounds, characters
    return None


def similar_names(typed: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The known names most like the typed one, nearest first; none when nothing is alike."""
    ranked = sorted(
        (distance, name)
        for name in known
        if name != typed and (distance := likeness(typed, name)) is not None
    )
    return [name for _, name in ranked[:limit]]
