"""The database itself: its settings, its schema, its soundness, and a demo office to fill it."""

from __future__ import annotations

from typing import Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format
from tui.cli.render import echo_json


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
    from store.errors import UserError

    if cli.today and cli.today < DEMO_TODAY:
        raise UserError(
            f"the demo office is dated {DEMO_TODAY}: with --today {cli.today} its signings and "
            "funds would lie in the future"
        )
    store = cli.store
    existing = store.project_count()
    if existing and not replace:
        raise UserError(
            f"the database already has {existing} projects: use --replace to start over"
        )
    if existing:
        store.clear()
    written = build_demo(store, projects=projects, seed=seed)
    typer.echo(
        f"demo office written: {written} projects, dated {DEMO_TODAY} "
        f"(the demo counts down from that date unless --today says otherwise)"
    )


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
    typer.echo(
        f"{redact(str(engine.url))}: {before or 'empty'} -> {head_revision()}"
        + (f" (backup {backup})" if backup else "")
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
    consistent with its dates, derived columns, and every project's history ending in its
    current state."""
    from store.checks import check as check_database
    from store.checks import rebuild_search_index

    check_format(output, ("table", "json"))
    if rebuild_search:
        rebuild_search_index(cli.store)
    checked, findings = check_database(cli.store)
    if output == "json":
        echo_json({"projects": checked, "findings": [f.to_json() for f in findings]})
    else:
        problems = [finding for finding in findings if not finding.unchecked]
        for finding in problems:
            typer.echo(f"{finding.project or '(database)'}: {finding.rule}: {finding.detail}")
        for finding in findings:
            if finding.unchecked:
                typer.echo(finding.detail, err=True)
        unchecked = len(findings) - len(problems)
        typer.echo(
            f"{checked} projects checked, {len(problems)} problems found"
            + (f", {unchecked} checks could not be made" if unchecked else "")
        )
    if findings:  # broken, or not shown sound
        raise typer.Exit(1)
