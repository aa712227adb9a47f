"""The national project code (项目代码), checked softly: old ledgers hold other shapes."""

import re

NATIONAL_CODE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$")


def code_warning(code: str | None) -> tuple[str, str] | None:
    """A warning, in Chinese and in English, for a code that is not the 24-character national
    shape; never a refusal."""
    if not code or NATIONAL_CODE.match(code):
        return None
    return (
        f"项目代码 {code} 不是全国统一的 24 位格式（如 2401-620902-04-01-123456）",
        f"code {code!r} is not the national shape 2401-620902-04-01-123456",
    )
