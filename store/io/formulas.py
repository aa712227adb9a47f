"""Text a spreadsheet would run as a formula when it opens a CSV file (CSV injection).

OWASP's advice: a cell starting with = + - @, a tab or a carriage return is written with a
single quote in front, which a spreadsheet shows as text. Reading the file back takes that
quote off again, so text goes out and comes back exactly; a text that itself starts with
quotes before such a character gets one quote more, so it too comes back as it was.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _quoted_formula(text: str) -> bool:
    """Quotes, then what would start a formula: a text neutralised() put a quote before."""
    return text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """The text as a CSV cell: never the start of a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) or _quoted_formula(text) else text


def restored(text: str) -> str:
    """A CSV cell's text as it was before neutralised()."""
    return text[1:] if _quoted_formula(text) else text
