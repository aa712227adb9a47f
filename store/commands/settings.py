"""The office's settings written: the known ones (store.queries.settings), the demo's date,
and an office's own header and stage words (store.io.office_words), each checked first.
"""

from __future__ import annotations

from sqlmodel import Session

from store.db.models import Setting
from store.domain.leads import LIMIT_KEYS as LEAD_LIMIT_KEYS
from store.domain.leads import check_limit
from store.domain.supervision import SUPERVISION_SETTINGS, rules_from
from store.io import office_words
from store.labels import Refusal
from store.queries.settings import DEMO_TODAY_KEY, SETTING_DEFAULTS


def set_setting(session: Session, key: str, value: str) -> None:
    """Store a setting; an unknown key, or a warning threshold not a whole number of days
    (zero or more), is refused."""
    taught = office_words.setting(key, value)  # an office's own header or stage word
    if taught is not None:
        key, value = taught
    elif key not in SETTING_DEFAULTS and key != DEMO_TODAY_KEY:
        known = ", ".join(sorted(SETTING_DEFAULTS))
        raise Refusal(
            f"未知的设置 {key!r}：可用 {known}、import.header.<表头> 和 import.stage.<用词>",
            f"unknown setting {key!r}: known settings are {known}, "
            "import.header.<header> and import.stage.<word>",
        )
    if key.startswith("warning."):
        try:
            days = int(value)
        except ValueError:
            raise Refusal(
                f"{key} 须为整数天数，而不是 {value!r}",
                f"{key} takes a whole number of days, not {value!r}",
            ) from None
        if days < 0:
            raise Refusal(f"{key} 须为 0 天或以上", f"{key} must be zero or more days")
    if key in SUPERVISION_SETTINGS:  # refused here, not when the rules are next read
        rules_from({key: value})
    if key in LEAD_LIMIT_KEYS:  # a lead's time limit: whole days, one or more
        value = str(check_limit(key, value))
    session.merge(Setting(key=key, value=value))
