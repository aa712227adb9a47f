"""The office's settings: each stored one, or its default. Warning thresholds come from here,
and the date a demo database counts as today."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from store.db.models import Setting
from store.domain.leads import LIMIT_DEFAULTS as LEAD_LIMIT_DEFAULTS
from store.domain.supervision import SUPERVISION_SETTINGS
from store.warnings import Thresholds

SETTING_DEFAULTS: dict[str, str] = {
    "warning.blue_within_days": "15",
    "warning.red_after_days": "30",
    "office.name": "招商引资项目调度",
    # the office's own province and city: funds are 省外 or 市外省内 by the investor's origin
    "office.province": "",
    "office.city": "",
    # supervision: the reply deadline and the health rules' thresholds
    **SUPERVISION_SETTINGS,
    # leads: the time limit of each stage before signing
    **LEAD_LIMIT_DEFAULTS,
}
DEMO_TODAY_KEY = "demo.today"


def setting(session: Session, key: str) -> str | None:
    """The stored value, else the default; None for a key with neither."""
    stored = session.get(Setting, key)
    return stored.value if stored else SETTING_DEFAULTS.get(key)


def settings(session: Session) -> dict[str, str]:
    """Every setting: the defaults, overridden by what is stored."""
    stored = {s.key: s.value for s in session.scalars(select(Setting))}
    return SETTING_DEFAULTS | stored


def thresholds(session: Session) -> Thresholds:
    """The warning thresholds the office has set."""
    values = settings(session)
    return Thresholds(
        blue_within_days=int(values["warning.blue_within_days"]),
        red_after_days=int(values["warning.red_after_days"]),
    )
