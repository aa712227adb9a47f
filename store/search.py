"""The text a search matches: name, code and investor, plus the name in pinyin and initials."""

from __future__ import annotations


def search_text(name: str, code: str | None, investor: str) -> str:
    from pypinyin import Style, lazy_pinyin  # heavy dictionaries: import on first write

    full = "".join(lazy_pinyin(name))
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return " ".join(part for part in (name, code or "", investor, full, initials) if part).lower()


def like_pattern(term: str) -> str:
    """A LIKE pattern matching the term anywhere, with its own % and _ taken literally."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
