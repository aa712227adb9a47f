"""The office's settings written: the known ones (store.queries.settings), the demo's date,
and an office's own header and stage words (store.io.office_words), each checked first.
"""

from __future__ import annotations

from sqlmodel import Session

from store.db.models import Setting
from store.errors import UserError
from store.io import office_words
from store.queries.settings import DEMO_TODAY_KEY, SETTING_DEFAULTS


def set_setting(session: Session, key: str, value: str) -> None:
    """Store a setting; an unknown key, or a warning threshold not a whole number of days
    (zero or more), is refused."""
    taught = office_words.setting(key, value)  # an office's own header or stage word
    if taught is not None:
        key, value = taught
    elif key not in SETTING_DEFAULTS and key != DEMO_TODAY_KEY:
        known = ", ".join(sorted(SETTING_DEFAULTS))
        raise UserError(
            f"unknown setting {key!r}: known settings are {known}, "
            "import.header.<header> and import.stage.<word>"
        )
    if key.startswith("warning."):
        try:
            days = int(value)
        except ValueError:
            raise UserError(f"{key} takes a whole number of days, not {value!r}") from None
        if days < 0:
            raise UserError(f"{key} must be zero or more days")
    session.merge(Setting(key=key, value=value))
