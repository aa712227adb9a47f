"""An office's own words, taught once and kept in the database's settings, so the next
monthly import needs no flags:

- `import.header.<header>` = field: a column header the reading does not know, or reads
  otherwise than the office means (`investtrack import FILE --map '挂点领导=steward'
  --save-mapping`); the field `unused` leaves such a column out;
- `import.stage.<word>` = stage: a stage word of the office's own (`investtrack config set
  import.stage.推进中 procedures`).

Keys hold the header and the word as the readers compare them (normalise_header,
normal_stage_word), so 联系 领导 and 联系领导 are one key. A column named by its letter
(--map 'F=steward') is not kept: a letter is one sheet's layout, not the office's words.
"""

from __future__ import annotations

from collections.abc import Mapping

from store.domain.headers import FIELDS, normalise_header
from store.domain.vocabulary import normal_stage_word
from store.labels import Refusal
from store.stages import Stage, parse_stage

HEADER_KEY = "import.header."
STAGE_KEY = "import.stage."
UNUSED = "unused"
KEY_LENGTH = 100  # the settings table's key column


def mapped_field(value: str) -> str:
    """A field a column can be named to fill (--map, import.header.*), or `unused`."""
    field = value.strip()
    if field == UNUSED or field in FIELDS - {"skip"}:
        return field
    known = ", ".join(sorted(FIELDS - {"skip"}))
    raise Refusal(
        f"未知的字段 {value!r}：可用 {known}，或 {UNUSED}（不导入）",
        f"unknown field {value!r}: use one of {known}, or {UNUSED}",
    )


def header_setting(header: str, field: str) -> tuple[str, str]:
    """The settings key and value keeping a header's field."""
    normal = normalise_header(header)
    if not normal:
        raise Refusal("指定须在“=”前写表头", "a mapping needs the header's text before '='")
    return _key(HEADER_KEY + normal), mapped_field(field)


def stage_setting(word: str, stage: str) -> tuple[str, str]:
    """The settings key and value keeping an office's stage word."""
    normal = normal_stage_word(word)
    if not normal:
        raise Refusal(
            "import.stage. 之后须写阶段用语", "a stage word is needed after import.stage."
        )
    return _key(STAGE_KEY + normal), parse_stage(stage).value


def setting(key: str, value: str) -> tuple[str, str] | None:
    """An import.* setting as kept (key normalised, value checked); None for other keys."""
    if key.startswith(HEADER_KEY):
        return header_setting(key.removeprefix(HEADER_KEY), value)
    if key.startswith(STAGE_KEY):
        return stage_setting(key.removeprefix(STAGE_KEY), value)
    return None


def read_map_option(text: str) -> tuple[str, str]:
    """--map 'HEADER=field' or 'F=field': the header as written (or the column's letters)
    and the field."""
    header, separator, field = text.rpartition("=")
    if not separator or not header.strip():
        raise Refusal(
            f"--map {text!r}：请写成 '<表头>=<字段>' 或 '<列字母>=<字段>'，"
            "如 '联系领导=steward'、'F=steward'",
            f"--map {text!r}: write it as '<header>=<field>' or '<column letter>=<field>', "
            "e.g. '联系领导=steward' or 'F=steward'",
        )
    return header.strip(), mapped_field(field)


def saved_headers(settings: Mapping[str, str]) -> dict[str, str]:
    """The kept header mappings: normalised header -> field ('' for unused)."""
    return {
        key.removeprefix(HEADER_KEY): "" if value == UNUSED else value
        for key, value in settings.items()
        if key.startswith(HEADER_KEY)
    }


def saved_stages(settings: Mapping[str, str]) -> dict[str, Stage]:
    """The kept stage words: normalised word -> stage."""
    return {
        key.removeprefix(STAGE_KEY): Stage(value)
        for key, value in settings.items()
        if key.startswith(STAGE_KEY)
    }


def _key(key: str) -> str:
    if len(key) > KEY_LENGTH:
        raise Refusal(
            f"{key!r} 超过设置项名称的长度上限（{KEY_LENGTH} 个字符）",
            f"{key!r} is longer than a setting's key holds ({KEY_LENGTH} characters)",
        )
    return key
