"""Arguments and options several commands take, and how their text is read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from store.service import ProjectFilter
    from tui.cli.context import Cli

ProjectArgument = Annotated[str, typer.Argument(help="Project code, #id or exact name")]
FormatOption = Annotated[str, typer.Option("--format", help="table or json")]
# The filters `list`, `deadlines` and `export` share.
StageFilter = Annotated[
    str | None, typer.Option(help="signed/签约, procedures/手续, started/开工, producing/投产")
]
CountyFilter = Annotated[str | None, typer.Option(help="县市区")]
ChainFilter = Annotated[str | None, typer.Option(help="产业链")]
StewardFilter = Annotated[str | None, typer.Option(help="包抓领导")]
WarningFilter = Annotated[str | None, typer.Option(help="blue/蓝, yellow/黄, red/红")]


def parse_filters(
    cli: Cli,
    *,
    stage: str | None = None,
    county: str | None = None,
    chain: str | None = None,
    steward: str | None = None,
    warning: str | None = None,
    search: str | None = None,
    include_withdrawn: bool = False,
    withdrawn_only: bool = False,
) -> ProjectFilter:
    from store.service import ProjectFilter
    from store.stages import parse_stage
    from store.warnings import parse_warning

    return ProjectFilter(
        stage=parse_stage(stage) if stage else None,
        county=county,
        chain=chain,
        steward=cli.store.known_steward(steward) if steward else None,
        warning=parse_warning(warning) if warning else None,
        search=search,
        include_withdrawn=include_withdrawn,
        withdrawn_only=withdrawn_only,
    )


def optional_date(text: str | None) -> date | None:
    from store.dates import parse_date

    return parse_date(text) if text else None


def optional_deadline(text: str | None) -> date | None:
    """A deadline as typed; a month alone (2027年1月) means its last day."""
    from store.dates import parse_deadline

    return parse_deadline(text) if text else None


def check_format(chosen: str, allowed: tuple[str, ...]) -> None:
    from store.labels import Refusal

    if chosen not in allowed:
        raise Refusal(
            f"未知的格式 {chosen!r}：可用 {'、'.join(allowed)}",
            f"unknown format {chosen!r}: use {' or '.join(allowed)}",
        )
