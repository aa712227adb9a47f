"""The text a search matches: name, code and investor, plus the name in pinyin and initials."""

from __future__ import annotations

from functools import cache


@cache
def _syllable(character: str) -> str:
    """One character's pinyin (its most common reading); other characters stand as they are."""
    from pypinyin import lazy_pinyin  # heavy dictionaries: import on first write

    return lazy_pinyin(character)[0]


def search_text(name: str, code: str | None, investor: str) -> str:
    # Character by character, cached: a 100,000-row import would spend most of its time in
    # pypinyin's phrase matching otherwise. Initials are the first letter of each syllable.
    syllables = [_syllable(character) for character in name if not character.isspace()]
    full = "".join(syllables)
    initials = "".join(syllable[0] for syllable in syllables if syllable)
    return " ".join(part for part in (name, code or "", investor, full, initials) if part).lower()


def like_pattern(term: str) -> str:
    """A LIKE pattern matching the term anywhere, with its own % and _ taken literally."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
