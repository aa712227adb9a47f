"""The database itself: its settings, its schema, its soundness, and a demo office to fill it."""

from __future__ import annotations

from typing import Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format
from tui.cli.render import Lines, echo_json, refusal, said

SAID: Lines = {
    "demo_dated": (
        "示范数据的日期为 {day}：以 --today {today} 为今天，其签约和资金将晚于今天",
        "the demo office is dated {day}: with --today {today} its signings and funds would lie "
        "in the future",
    ),
    "demo_over": (
        "数据库已有 {count} 个项目：如要重新开始，请加 --replace",
        "the database already has {count} projects: use --replace to start over",
    ),
    "demo_written": (
        "示范数据已写入：{count} 个项目，日期为 {day}（倒计时从该日起算，--today 可另行指定）",
        "demo office written: {count} projects, dated {day} "
        "(the demo counts down from that date unless --today says otherwise)",
    ),
    "empty": ("空", "empty"),
    "backed_up": ("（已备份至 {path}）", " (backup {path})"),
    "checked": (
        "已检查 {count} 个项目，发现 {problems} 个问题",
        "{count} projects checked, {problems} problems found",
    ),
    "unchecked": ("，{count} 项检查未能进行", ", {count} checks could not be made"),
}


def demo(
    cli: Cli,
    projects: Annotated[int, typer.Option(help="How many projects.", min=1)] = 200,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same office.")
    ] = 7,
    replace: Annotated[
        bool, typer.Option(help="Replace the projects already in the database.")
    ] = False,
) -> None:
    """Fill the database with a realistic demo office (Gansu's real projects and generated ones)."""
    from store.demo import DEMO_TODAY, build_demo

    if cli.today and cli.today < DEMO_TODAY:
        raise refusal(SAID, "demo_dated", day=DEMO_TODAY, today=cli.today)
    store = cli.store
    existing = store.project_count()
    if existing and not replace:
        raise refusal(SAID, "demo_over", count=existing)
    if existing:
        store.clear()
    written = build_demo(store, projects=projects, seed=seed)
    typer.echo(said(cli, SAID, "demo_written", count=written, day=DEMO_TODAY))


def config_set(
    cli: Cli,
    key: Annotated[
        str,
        typer.Argument(
            help="warning.blue_within_days, warning.red_after_days, office.name, "
            "import.header.<header>, import.stage.<word>"
        ),
    ],
    value: Annotated[str, typer.Argument()],
) -> None:
    """Change a setting of this database. import.header.<header> = field and
    import.stage.<word> = stage teach the import an office's own words."""
    cli.store.set_setting(key, value)
    typer.echo(f"{key} = {value}")


def config_list(cli: Cli) -> None:
    """Show every setting of this database."""
    for key, value in sorted(cli.store.settings().items()):
        typer.echo(f"{key} = {value}")


def db_upgrade(cli: Cli) -> None:
    """Bring the database schema to the newest revision (after a backup copy for SQLite)."""
    from store.db.engine import current_revision, head_revision, make_engine, redact, upgrade

    engine = make_engine(cli.db or default_db())
    before = current_revision(engine)
    backup = upgrade(engine)
    was = before or said(cli, SAID, "empty")
    typer.echo(
        f"{redact(str(engine.url))}: {was} -> {head_revision()}"
        + (said(cli, SAID, "backed_up", path=backup) if backup else "")
    )
    engine.dispose()


def default_db() -> str:
    """The database named by the environment, else the file in the working directory."""
    import os

    from store.db.engine import DEFAULT_DB

    return os.environ.get("INVESTTRACK_DB") or DEFAULT_DB


def check(
    cli: Cli,
    output: FormatOption = "table",
    rebuild_search: Annotated[
        bool, typer.Option("--rebuild-search", help="build the search index again first")
    ] = False,
) -> None:
    """Check the database: SQLite's integrity check, the search index, dates in order, stage
    consistent with its dates, derived columns, every project's history ending in its
    current state, and each lead's stage, dates and project."""
    from store.checks import check as check_database
    from store.checks import rebuild_search_index

    check_format(output, ("table", "json"))
    if rebuild_search:
        rebuild_search_index(cli.store)
    checked, findings = check_database(cli.store)
    if output == "json":
        echo_json({"projects": checked, "findings": [f.to_json(cli.lang) for f in findings]})
    else:
        problems = [finding for finding in findings if not finding.unchecked]
        for finding in problems:
            typer.echo(finding.line(cli.lang))
        for finding in findings:
            if finding.unchecked:
                typer.echo(finding.in_language(cli.lang), err=True)
        unchecked = len(findings) - len(problems)
        typer.echo(
            said(cli, SAID, "checked", count=checked, problems=len(problems))
            + (said(cli, SAID, "unchecked", count=unchecked) if unchecked else "")
        )
    if findings:  # broken, or not shown sound
        raise typer.Exit(1)
