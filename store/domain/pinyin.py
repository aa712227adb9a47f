"""Chinese text by its sound: the pinyin a search matches, and the order an officer knows.

An office lists names, counties and stewards by pinyin, syllable by syllable as a dictionary
does (安 an before 昂 ang, whatever follows), not by code point (敦 U+6566 before 阿 U+963F).
The database sorts by a stored key made here, so a page of 100,000 projects comes in that
order on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

# The text columns kept with a pinyin sort key beside them (<field>_key), on projects; a
# steward's name has one too.
SORTED_PROJECT_FIELDS = ("name", "county", "chain")


@cache
def syllable(character: str) -> str:
    """One character's pinyin (its most common reading); other characters stand as they are."""
    from pypinyin import lazy_pinyin  # heavy dictionaries: import on first use

    return lazy_pinyin(character)[0]


def load_dictionaries() -> None:
    """Loads pypinyin's dictionaries now (half a second), not at the first Chinese text."""
    syllable("中")


@lru_cache(maxsize=4096)  # counties, chains and stewards repeat row after row; names do not
def sort_key(text: str) -> str:
    """The key a text sorts by: its syllables in lower case, one space between each, a run of
    other characters (Latin letters, digits) kept as one word. The space sorts before every
    letter, so a shorter syllable comes first: "an zhi" < "ang zhi". Compared byte by byte
    (the column's collation is C on PostgreSQL)."""
    words: list[str] = []
    run = ""
    for character in text:
        if character.isspace():
            continue
        sound = syllable(character)
        if sound == character:  # no reading: part of a word of other characters
            run += character
            continue
        if run:
            words.append(run)
            run = ""
        words.append(sound)
    if run:
        words.append(run)
    return " ".join(words).lower()


def project_sort_keys(values: Mapping[str, str]) -> dict[str, str]:
    """The sort key columns of a project's row, from its name, county and chain."""
    return {f"{field}_key": sort_key(values[field] or "") for field in SORTED_PROJECT_FIELDS}
