"""The `investtrack` command line. Heavy modules (SQLAlchemy, Textual) load only when used,
so `--help` answers at once.

The options --db, --today, --user and --lang are accepted before the command and after it.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import textwrap
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

if TYPE_CHECKING:
    from store.labels import Lang
    from store.service import ProjectFilter, Store

app = typer.Typer(
    help="investtrack: walk every signed investment project to production (招商引资项目调度).",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
config_app = typer.Typer(help="Per-database settings, such as warning thresholds.")
app.add_typer(config_app, name="config")
db_app = typer.Typer(help="The database itself: schema upgrades.")
app.add_typer(db_app, name="db")
steward_app = typer.Typer(help="Stewards (包抓领导): list, rename, merge, retire.")
app.add_typer(steward_app, name="steward")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="INVESTTRACK_DB",
        help="SQLite file or SQLAlchemy URL [default: ./investtrack.db]",
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option("--today", envvar="INVESTTRACK_TODAY", help="Date taken as today (YYYY-MM-DD)."),
]
UserOption = Annotated[
    str | None, typer.Option("--user", help="Name recorded in history [default: the OS user].")
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", envvar="INVESTTRACK_LANG", help="zh or en [default: from the locale]."),
]
# The filters `list` and `export` share.
StageFilter = Annotated[
    str | None, typer.Option(help="signed/签约, procedures/手续, started/开工, producing/投产")
]
CountyFilter = Annotated[str | None, typer.Option(help="县市区")]
ChainFilter = Annotated[str | None, typer.Option(help="产业链")]
StewardFilter = Annotated[str | None, typer.Option(help="包抓领导")]
WarningFilter = Annotated[str | None, typer.Option(help="blue/蓝, yellow/黄, red/红")]
COMMON_OPTIONS = {"db": DbOption, "today": TodayOption, "user": UserOption, "lang": LangOption}
T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@dataclass
class Cli:
    """What every command knows: where the database is, today, who, which language."""

    db: str | None = None
    today_text: str | None = None
    user: str | None = None
    lang_text: str | None = None
    _store: Store | None = field(default=None, repr=False)

    def merged(self, **options: str | None) -> Cli:
        return Cli(
            db=options.get("db") or self.db,
            today_text=options.get("today") or self.today_text,
            user=options.get("user") or self.user,
            lang_text=options.get("lang") or self.lang_text,
        )

    @property
    def today(self) -> date | None:
        from store.dates import parse_date

        return parse_date(self.today_text) if self.today_text else None

    @property
    def store(self) -> Store:
        if self._store is None:
            from store.service import Store

            self._store = Store.open(self.db, today=self.today, user=self.user)
        return self._store

    @property
    def lang(self) -> Lang:
        from store.labels import default_lang, parse_lang

        return parse_lang(self.lang_text) if self.lang_text else default_lang()

    def word(self, key: str) -> str:
        from store.labels import word

        return word(key, self.lang)

    def said(self, error: Exception) -> str:
        """A user error's line in the chosen language (as written when --lang is itself wrong)."""
        from store.errors import UserError
        from store.labels import said

        try:
            return said(error, self.lang)
        except UserError:
            return str(error)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def command(
    target: typer.Typer = app, name: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command whose first parameter is the Cli; adds the common options and
    turns a user's mistake into one line on stderr and exit code 1."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        hints = typing.get_type_hints(function, include_extras=True)
        signature = inspect.signature(function)
        own = [p.replace(annotation=hints[p.name]) for p in list(signature.parameters.values())[1:]]

        @functools.wraps(function)
        def run(ctx: typer.Context, **kwargs: Any) -> Any:
            from store.errors import UserError, report_line

            options = {key: kwargs.pop(key) for key in COMMON_OPTIONS}
            cli = (ctx.find_root().obj or Cli()).merged(**options)
            try:
                return function(cli, **kwargs)
            except UserError as error:
                raise fail(cli.said(error)) from None
            except (typer.Exit, typer.Abort, TyperException):
                raise
            except Exception as error:  # a fault, or a defect: one line, the rest in a report
                raise fail(report_line(error)) from None
            finally:
                cli.close()

        common = [
            inspect.Parameter(
                key, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
            )
            for key, annotation in COMMON_OPTIONS.items()
        ]
        context = inspect.Parameter(
            "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
        )
        run.__signature__ = signature.replace(parameters=[context, *own, *common])  # type: ignore[attr-defined]
        run.__annotations__ = {
            "ctx": typer.Context,
            **{p.name: p.annotation for p in own},
            **COMMON_OPTIONS,
        }
        target.command(name)(run)
        return function

    return register


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    today: TodayOption = None,
    user: UserOption = None,
    lang: LangOption = None,
) -> None:
    ctx.obj = Cli(db=db, today_text=today, user=user, lang_text=lang)
    if ctx.invoked_subcommand is None:
        open_app(ctx.obj)


def open_app(cli: Cli) -> None:
    """The window first, the database in its first worker: it opens at once however large."""
    from store.errors import UserError

    try:
        cli.today, cli.lang  # noqa: B018  (a bad --today or --lang is a one-line error before any window)
    except UserError as error:
        raise fail(str(error)) from None
    from tui.app import InvestTrackApp

    app = InvestTrackApp(store=lambda: cli.store, lang=cli.lang)
    app.run()
    cli.close()
    if app.error_line:
        typer.echo(f"error: {app.error_line}", err=True)
    if app.return_code:
        raise typer.Exit(app.return_code)


# -- output helpers ---------------------------------------------------------------------------


def console() -> Any:
    """Rich output where text is never read as markup: a name such as "[/]" or "[bold]" is
    printed as written (styles come from Text objects, never from brackets in strings)."""
    from rich.console import Console

    return Console(markup=False)


def money_text(yuan: int | None) -> str:
    from store.money import Unit, format_amount

    return format_amount(yuan, Unit.YI)


def warning_text(cli: Cli, level: str | None) -> Any:
    """A warning as coloured text with a marker, readable in monochrome too."""
    from rich.text import Text

    if not level:
        return Text("")
    style = {
        "red": "bold white on red",
        "yellow": "bold black on yellow",
        "blue": "bold white on blue",
    }
    marker = {"red": "!!!", "yellow": "!!", "blue": "!"}
    return Text(f"{marker[level]} {cli.word(level)}", style=style[level])


def parse_filters(cli: Cli, **options: str | None) -> ProjectFilter:
    from store.service import ProjectFilter
    from store.stages import parse_stage
    from store.warnings import parse_warning

    return ProjectFilter(
        stage=parse_stage(options["stage"]) if options.get("stage") else None,
        county=options.get("county"),
        chain=options.get("chain"),
        steward=cli.store.known_steward(options["steward"]) if options.get("steward") else None,
        warning=parse_warning(options["warning"]) if options.get("warning") else None,
        search=options.get("search"),
        include_withdrawn=bool(options.get("include_withdrawn")),
        withdrawn_only=bool(options.get("withdrawn_only")),
    )


def optional_date(text: str | None) -> date | None:
    from store.dates import parse_date

    return parse_date(text) if text else None


def interactive() -> bool:
    """Whether someone at a terminal can answer a question."""
    return sys.stdin.isatty()


def with_steward_confirmed(cli: Cli, write: Callable[[bool], T], create: bool, flag: str) -> T:
    """write(create) gives a project to a steward. A name nobody has is created only when
    the flag said so or the user, asked at a terminal, says yes; otherwise it is refused in
    one line with the stewards it is like (store.domain.stewards: the rule every door keeps)."""
    from store.errors import UnknownSteward, UserError
    from store.labels import Lang

    zh = cli.lang is Lang.ZH
    try:
        return write(create)
    except UnknownSteward as error:
        if not interactive():
            hint = f"如确需新建，请加 {flag}" if zh else f"add {flag} to create one"
            joint = ("" if zh else " ") if error.similar else ("；" if zh else "; ")
            raise UserError(f"{cli.said(error)}{joint}{hint}") from None
        alike = "、".join(error.similar)
        if zh:
            like = f"（相似：{alike}）" if alike else ""
            question = f"没有名为 {error.name} 的包抓领导{like}。新建包抓领导 {error.name}？"
        else:
            like = f" (like: {alike})" if alike else ""
            question = f"No steward is named {error.name}{like}. Create a new steward {error.name}?"
        if not typer.confirm(question, default=False):
            raise UserError(
                "未保存：没有新建包抓领导" if zh else "nothing saved: no steward was created"
            ) from None
        return write(True)


# -- commands ---------------------------------------------------------------------------------


@command()
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


@command()
def add(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="项目名称 project name")],
    code: Annotated[str | None, typer.Option(help="项目代码 project code")] = None,
    investor: Annotated[str, typer.Option(help="投资方 investor")] = "",
    county: Annotated[str, typer.Option(help="县市区 county")] = "",
    park: Annotated[str, typer.Option(help="园区 park")] = "",
    chain: Annotated[str, typer.Option(help="产业链 industry chain")] = "",
    kind: Annotated[str, typer.Option(help="new/新建 or continuing/续建")] = "new",
    signed_amount: Annotated[str, typer.Option(help="签约额, e.g. 5.2 (亿元), 3000万")] = "0",
    total_investment: Annotated[
        str | None, typer.Option(help="总投资 [default: the signed amount]")
    ] = None,
    signed_on: Annotated[str | None, typer.Option(help="签约日期 [default: today]")] = None,
    procedures_due: Annotated[str | None, typer.Option(help="前期手续办结时限")] = None,
    start_due: Annotated[str | None, typer.Option(help="计划开工日期")] = None,
    production_due: Annotated[str | None, typer.Option(help="计划投产日期")] = None,
    steward: Annotated[
        str | None, typer.Option(help="包抓领导: an existing one (a new name is asked about)")
    ] = None,
    new_steward: Annotated[
        bool, typer.Option("--new-steward", help="Create the --steward named: nobody has it yet")
    ] = False,
) -> None:
    """Add a signed project."""
    from store.codes import code_warning
    from store.money import parse_amount

    signed_yuan = parse_amount(signed_amount)
    values = {
        "name": name,
        "code": code,
        "investor": investor,
        "county": county,
        "park": park,
        "chain": chain,
        "kind": kind,
        "signed_amount_yuan": signed_yuan,
        "total_investment_yuan": parse_amount(total_investment)
        if total_investment
        else signed_yuan,
        "signed_on": optional_date(signed_on),
        "procedures_due": optional_date(procedures_due),
        "start_due": optional_date(start_due),
        "production_due": optional_date(production_due),
    }
    warning = code_warning(code)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    project = with_steward_confirmed(
        cli,
        lambda create: cli.store.add_project(values, steward=steward, create_steward=create),
        new_steward,
        "--new-steward",
    )
    typer.echo(f"added {project.code or '#' + str(project.id)} {project.name}")


@command()
def show(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every field of one project, its countdown and warning."""
    from rich.table import Table

    from store.codes import code_warning
    from store.models import Project, month_fields

    store = cli.store
    project = store.project(code)
    row = store.project_row(project.id or 0)
    steward = store.steward_of(project)
    data = project.model_dump(exclude={"search_text"})
    data.update(row.to_json())
    data["steward"] = steward.name if steward else None
    data["land_mu"] = str(project.land_mu) if project.land_mu is not None else None
    data = {
        key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()
    }
    for key in month_fields(project.month_dates):  # known only to the month: 2023-08
        data[key] = project.date_text(key)
    check_format(format, ("table", "json"))
    if format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, title=project.name)
    # the fields in the order of the project's form, then where it stands; not the internals
    left_out = {
        "id",
        "version",
        "steward_id",
        "procedures_required",
        "procedures_done",
        "month_dates",  # the dates it names show as 2023-08
    }
    countdown = ["deadline", "days_left", "working_days_left", "warning"]
    hidden = left_out | set(countdown)  # the countdown comes last
    shown = [key for key in Project.model_fields if key in data and key not in hidden]
    shown.insert(shown.index("stage") + 1, "steward")
    for key in [*shown, *countdown]:
        value = data.get(key)
        if key.endswith("_yuan"):
            value = f"{money_text(value)} 亿元" if value is not None else ""
        elif key in ("stage", "kind"):
            value = cli.word(value)
        table.add_row(
            cli.word(key.removesuffix("_yuan")),
            warning_text(cli, value) if key == "warning" else "" if value is None else str(value),
        )
    table.add_row(
        cli.word("procedures_done"), f"{project.procedures_done}/{project.procedures_required}"
    )
    console().print(table)
    warning = code_warning(project.code)
    if warning:
        typer.echo(f"warning: {warning}", err=True)


def check_format(chosen: str, allowed: tuple[str, ...]) -> None:
    from store.errors import UserError

    if chosen not in allowed:
        raise UserError(f"unknown format {chosen!r}: use {' or '.join(allowed)}")


LIST_COLUMNS = [
    "code",
    "name",
    "county",
    "chain",
    "stage",
    "steward",
    "signed_amount_yuan",
    "funds_in_place_yuan",
    "deadline",
    "days_left",
    "working_days_left",
    "warning",
]
NARROW_COLUMNS = [
    "name",
    "stage",
    "steward",
    "signed_amount_yuan",
    "deadline",
    "days_left",
    "warning",
]
NARROWEST_COLUMNS = ["name", "stage", "signed_amount_yuan", "days_left", "warning"]
COUNTDOWN_COLUMNS = {"deadline", "days_left", "working_days_left", "warning"}
CONTENT_WIDTH = {"stage": 10, "deadline": 10, "days_left": 5, "warning": 7, "signed_amount_yuan": 7}


@command(name="list")
def list_projects(
    cli: Cli,
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    search: Annotated[
        str | None, typer.Option(help="Name, code, investor or pinyin (jqnd)")
    ] = None,
    include_withdrawn: Annotated[bool, typer.Option(help="Show withdrawn projects too.")] = False,
    withdrawn: Annotated[
        bool, typer.Option(help="Only the withdrawn projects, with the date they left.")
    ] = False,
    sort: Annotated[str, typer.Option(help="deadline, name, signed_amount, ...")] = "deadline",
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
) -> None:
    """List projects with their deadlines, countdowns and warnings."""
    import csv

    from store.labels import Lang

    check_format(format, ("table", "csv", "json"))
    filters = parse_filters(
        cli,
        stage=stage,
        county=county,
        chain=chain,
        steward=steward,
        warning=warning,
        search=search,
        include_withdrawn=include_withdrawn,
        withdrawn_only=withdrawn,
    )
    rows = cli.store.iter_projects(filters, sort=sort, pinyin=cli.lang is Lang.ZH)
    if format == "json":
        typer.echo(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return
    if format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=row_keys())
        writer.writeheader()
        writer.writerows(row.to_json() for row in rows)
        return
    from rich.table import Table

    out = console()
    # as many columns as leave the name room: an 80-column terminal keeps the countdown
    columns = (
        LIST_COLUMNS
        if out.width >= 150
        else NARROW_COLUMNS
        if out.width >= 100
        else NARROWEST_COLUMNS
    )
    if withdrawn:  # no countdown runs for them: the date they left instead
        columns = [key for key in columns if key not in COUNTDOWN_COLUMNS] + ["withdrawn_on"]
    from rich.cells import cell_len

    table = Table(caption_justify="left", expand=True)
    for key in columns:
        label = cli.word(key.removesuffix("_yuan"))
        table.add_column(
            label,
            justify="right" if key.endswith(("_yuan", "left")) else "left",
            overflow="ellipsis",
            no_wrap=True,
            ratio=1 if key == "name" else None,
            min_width=10 if key == "name" else max(cell_len(label), CONTENT_WIDTH.get(key, 4)),
        )
    count = 0
    for row in rows:
        data = row.to_json()
        cells = []
        for key in columns:
            value = data[key]
            if key.endswith("_yuan"):
                cells.append(money_text(value))
            elif key == "stage":
                cells.append(cli.word(value))
            elif key == "warning":
                cells.append(warning_text(cli, value))
            else:
                cells.append("" if value is None else str(value))
        table.add_row(*cells)
        count += 1
    table.caption = f"{count} projects, amounts in 亿元" + (
        f"; {filters.describe()}" if filters.describe() else ""
    )
    out.print(table)


def row_keys() -> list[str]:
    from dataclasses import fields

    from store.service import ProjectRow

    return [f.name for f in fields(ProjectRow)]


@command()
def advance(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    on: Annotated[
        str | None, typer.Option(help="Date the next stage began [default: today]")
    ] = None,
    note: Annotated[str, typer.Option(help="Note kept in history")] = "",
) -> None:
    """Move a project forward one stage."""
    project = cli.store.advance(code, optional_date(on), note)
    typer.echo(
        f"{project.code or project.name}: {cli.word(project.stage)} ({getattr(project, project.stage + '_on')})"
    )


@command()
def back(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    reason: Annotated[str, typer.Option(help="Why the earlier move was wrong (required)")],
) -> None:
    """Correct a move: one stage back, with a reason."""
    project = cli.store.back(code, reason)
    typer.echo(f"{project.code or project.name}: back to {cli.word(project.stage)}")


@command()
def withdraw(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    reason: Annotated[str, typer.Option(help="Why the project left (required)")],
    on: Annotated[str | None, typer.Option(help="Date [default: today]")] = None,
) -> None:
    """Withdraw a project (终止/退出): it leaves the pipeline, never the records."""
    project = cli.store.withdraw(code, reason, optional_date(on))
    typer.echo(f"{project.code or project.name}: withdrawn on {project.withdrawn_on}")


@command()
def reinstate(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    reason: Annotated[str, typer.Option(help="Why the withdrawal is undone (required)")],
) -> None:
    """Undo a withdrawal: the project is back at the stage it left; history keeps both."""
    project = cli.store.reinstate(code, reason)
    typer.echo(f"{project.code or project.name}: reinstated at {cli.word(project.stage)}")


@command()
def resume(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    on: Annotated[str | None, typer.Option(help="Date [default: today]")] = None,
) -> None:
    """Record a continuing project's resumption (复工) this year."""
    project = cli.store.resume(code, optional_date(on))
    typer.echo(f"{project.code or project.name}: resumed on {project.resumed_on}")


@command()
def assign(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    steward_name: Annotated[str, typer.Argument(help="The steward (an existing one)")],
    note: Annotated[str, typer.Option(help="Note kept in history")] = "",
    new: Annotated[
        bool,
        typer.Option("--new", "--new-steward", help="Create the steward: the name is nobody's yet"),
    ] = False,
) -> None:
    """Make a steward (包抓领导) answer for a project."""
    project = with_steward_confirmed(
        cli, lambda create: cli.store.assign(code, steward_name, note, create=create), new, "--new"
    )
    typer.echo(f"{project.code or project.name}: steward {steward_name.strip()}")


@command(steward_app, name="list")
def steward_list(
    cli: Cli,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every steward with their active projects, late and warned (the leaders'
    responsibility list); the retired listed apart."""
    from dataclasses import asdict

    from rich.cells import cell_len

    from store.labels import Lang
    from store.warnings import WarningLevel

    check_format(format, ("table", "json"))
    stewards = cli.store.stewards(pinyin=cli.lang is Lang.ZH)
    if format == "json":
        data = []
        for steward in stewards:
            entry = asdict(steward)
            entry["warnings"] = {level.value: n for level, n in steward.warnings.items()}
            entry["retired_on"] = steward.retired_on.isoformat() if steward.retired_on else None
            data.append(entry)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    out = console()
    levels = ("red", "yellow", "blue")
    # an 80-column terminal keeps the names and counts whole, without level and phone
    details = ("title", "unit", "level", "phone") if out.width >= 110 else ("title", "unit")
    for retired in (False, True):
        shown = [s for s in stewards if (s.retired_on is not None) == retired]
        if retired and not shown:
            break
        table = Table(title=cli.word("retired") if retired else None, title_justify="left")
        # names and counts whole; title, unit and phone give way on a narrow terminal
        table.add_column(cli.word("steward"), no_wrap=True)
        for key in details:
            table.add_column(cli.word(key), overflow="ellipsis", no_wrap=True)
        if retired:
            table.add_column(cli.word("retired_on"), no_wrap=True)
        for key in ("projects", "late", *levels):
            label = cli.word(key)
            table.add_column(label, justify="right", no_wrap=True, min_width=cell_len(label))
        for steward in shown:
            table.add_row(
                steward.name,
                *[getattr(steward, key) for key in details],
                *([str(steward.retired_on)] if retired else []),
                f"{steward.projects:,}",
                f"{steward.late:,}",
                *[f"{steward.warnings[WarningLevel(level)]:,}" for level in levels],
            )
        out.print(table)


@command(steward_app, name="rename")
def steward_rename(
    cli: Cli,
    old: Annotated[str, typer.Argument(help="The steward's name now")],
    new: Annotated[str, typer.Argument(help="The name it becomes")],
) -> None:
    """Correct a steward's name; each of their projects records it in its history."""
    changed = cli.store.rename_steward(old, new)
    typer.echo(f"steward {old.strip()} is now {new.strip()} ({changed} projects)")


@command(steward_app, name="merge")
def steward_merge(
    cli: Cli,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The steward that goes")],
    target: Annotated[str, typer.Argument(metavar="INTO", help="The steward that stays")],
) -> None:
    """Two records of one leader become one: every project of FROM (withdrawn ones too)
    moves to INTO, each move in the project's history; FROM is removed."""
    moved = cli.store.merge_stewards(source, target)
    typer.echo(f"steward {source.strip()} merged into {target.strip()} ({moved} projects moved)")


@command(steward_app, name="retire")
def steward_retire(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="The steward")],
    undo: Annotated[bool, typer.Option(help="Offer the steward for assignments again")] = False,
) -> None:
    """Retire a steward who answers for no active project: offered for no new assignment,
    listed apart; their withdrawn projects keep them in the records."""
    steward = cli.store.retire_steward(name, undo=undo)
    typer.echo(
        f"steward {steward.name} "
        + (f"retired on {steward.retired_on}" if steward.retired_on else "is offered again")
    )


@command()
def funds(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    month: Annotated[str | None, typer.Option(help="The month to set or delete: 2024-03")] = None,
    amount: Annotated[
        str | None, typer.Option(help="The month's funds in place (到位资金): 2亿, 3000万")
    ] = None,
    completed: Annotated[
        str | None, typer.Option(help="The month's investment completed [default: as recorded]")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Progress note [default: as recorded]")] = None,
    delete: Annotated[bool, typer.Option(help="Remove the month's record")] = False,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """A project's funds in place month by month; --month with --amount sets that month,
    replacing what was recorded, --delete removes it (both kept in history)."""
    from store.dates import parse_month
    from store.errors import UserError
    from store.money import parse_amount

    check_format(format, ("table", "json"))
    setting = amount is not None or completed is not None or note is not None
    if (setting or delete) and month is None:
        raise UserError("--month names the month to set or delete (2024-03)")
    if month is not None and setting == delete:
        raise UserError("--month takes --amount (to set the month) or --delete, one of them")
    if setting and amount is None:
        raise UserError("--amount is the month's funds in place: it is needed to set the month")
    store = cli.store
    if month is not None:
        chosen = parse_month(month)
        if delete:
            changes = store.delete_month(code, chosen)
        else:
            changes = store.set_month(
                code,
                chosen,
                parse_amount(amount or "0"),
                parse_amount(completed) if completed is not None else None,
                note,
            )
        typer.echo(f"{chosen:%Y-%m}: {month_changes_text(cli, changes) or 'unchanged'}")
    records = store.dispatch_records(code)
    if format == "json":
        typer.echo(
            json.dumps(
                [
                    {
                        "month": f"{r.month:%Y-%m}",
                        "funds_in_place_yuan": r.funds_in_place_yuan,
                        "investment_completed_yuan": r.investment_completed_yuan,
                        "note": r.note,
                    }
                    for r in records
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from rich.table import Table

    table = Table(caption="amounts in 亿元", caption_justify="left")
    for key in ("month", "funds_month", "completed_month", "note"):
        table.add_column(cli.word(key), justify="right" if "_" in key else "left")
    for r in records:
        table.add_row(
            f"{r.month:%Y-%m}",
            money_text(r.funds_in_place_yuan),
            money_text(r.investment_completed_yuan),
            r.note,
        )
    table.add_row(
        cli.word("total"),
        money_text(sum(r.funds_in_place_yuan for r in records)),
        money_text(sum(r.investment_completed_yuan for r in records)),
        "",
        style="bold",
    )
    console().print(table)


def month_changes_text(cli: Cli, changes: list[Any]) -> str:
    """A month's changes as one line: 当月到位资金 1.0000 -> 2.0000, ..."""
    from store.labels import change_words
    from store.service import history_value

    shown = []
    for change in changes:
        was, now = history_value(change.old), history_value(change.new)
        _, field, old, new = change_words("funds", change.field, was, now, cli.lang)
        shown.append(f"{field} {old or '-'} -> {new or '-'}")
    return ", ".join(shown)


@command()
def deadlines(
    cli: Cli,
    within: Annotated[
        int, typer.Option(help="Days ahead: due within them, or overdue", min=0)
    ] = 30,
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    page: Annotated[int, typer.Option(help="Which page, nearest first", min=1)] = 1,
    limit: Annotated[int, typer.Option(help="Items a page", min=1)] = 500,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Stage deadlines and procedures' due dates, overdue or due soon: the nearest to today
    first, just passed or soon to come alike; a page at a time, saying which."""
    check_format(format, ("table", "json"))
    filters = parse_filters(
        cli, stage=stage, county=county, chain=chain, steward=steward, warning=warning
    )
    due = cli.store.due_items(within, filters=filters, offset=(page - 1) * limit, limit=limit)
    if format == "json":
        data = {
            "total": due.total,
            "offset": due.offset,
            "items": [
                {
                    **{key: getattr(item, key) for key in vars(item)},
                    "due": item.due.isoformat(),
                    "warning": item.warning.value if item.warning else None,
                }
                for item in due.items
            ],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.cells import cell_len
    from rich.table import Table

    out = console()
    # the name takes what is left; an 80-column terminal keeps the date, countdown and warning
    keys = ["deadline", "days_left", "warning", "name", "note", "steward", "code"]
    keys = keys if out.width >= 130 else keys[:-1] if out.width >= 100 else keys[:5]
    table = Table(caption_justify="left", expand=True)
    for key in keys:
        label = cli.word(key)
        table.add_column(
            label,
            justify="right" if key == "days_left" else "left",
            overflow="ellipsis",
            no_wrap=True,
            ratio=1 if key == "name" else None,
            min_width={"name": 10, "note": 12}.get(
                key, max(cell_len(label), CONTENT_WIDTH.get(key, 4))
            ),
        )
    for item in due.items:
        cells = {
            "deadline": str(item.due),
            "days_left": str(item.days_left),
            "warning": warning_text(cli, item.warning.value if item.warning else None),
            "name": item.name,
            "note": item.what if item.is_procedure else cli.word(item.what),
            "steward": item.steward or "",
            "code": item.code or "",
        }
        table.add_row(*[cells[key] for key in keys])
    table.caption = (
        f"showing {due.shown}: overdue or due within {within} days, nearest first"
        + (f"; {filters.describe()}" if filters.describe() else "")
        + (f"; --page {page + 1} for the next" if due.offset + len(due.items) < due.total else "")
    )
    out.print(table)


@command()
def history(
    cli: Cli,
    code: Annotated[str, typer.Argument(help="Project code, #id or exact name")],
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every recorded change of a project: who, when, old and new value."""
    check_format(format, ("table", "json"))
    entries = cli.store.history(code)
    keys = ["at", "effective_on", "user", "action", "field", "old_value", "new_value", "note"]
    if format == "json":
        data = [
            {
                key: str(getattr(entry, key))
                if key in ("at", "effective_on")
                else getattr(entry, key)
                for key in keys
            }
            for entry in entries
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from store.labels import change_words

    table = Table()
    # who recorded it and how go under when: the table fits an 80-column terminal
    when = " / ".join(cli.word(key) for key in ("when", "user", "action"))
    table.add_column(when, min_width=10)
    for key in ("effective_on", "field", "old", "new_value", "note"):
        table.add_column(cli.word(key), no_wrap=key == "effective_on")
    for entry in entries:
        action, field, old, new = change_words(
            entry.action, entry.field, entry.old_value, entry.new_value, cli.lang
        )
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M} {entry.user} {action}",
            str(entry.effective_on),
            field,
            old,
            new,
            entry.note,
        )
    console().print(table)


@command(name="import")
def import_(
    cli: Cli,
    path: Annotated[str, typer.Argument(help="A .csv (UTF-8, BOM or GBK), .xlsx or .xls sheet")],
    encoding: Annotated[
        str | None, typer.Option(help="Force the CSV encoding (utf-8, gb18030 ...)")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The sheet to read [default: the first, or 项目台账]")
    ] = None,
    on_conflict: Annotated[
        str, typer.Option(help="A project already there: update, skip or error")
    ] = "update",
    skip_invalid: Annotated[
        bool, typer.Option(help="Write the good rows even when some are bad")
    ] = False,
    dry_run: Annotated[bool, typer.Option(help="Validate and report; write nothing")] = False,
    errors: Annotated[
        str | None, typer.Option(help="Write the error report to this CSV file")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --errors file.")] = False,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Name a column's field by hand: 'HEADER=field' (field unused leaves it out); "
            "repeatable",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(help="yi, wan or yuan: the unit of amounts the sheet states nowhere"),
    ] = None,
    save_mapping: Annotated[
        bool,
        typer.Option(help="Keep the --map mappings in the database for later imports"),
    ] = False,
) -> None:
    """Import projects from the office's own sheet; all or nothing unless --skip-invalid.
    --dry-run shows how each column is read and which rows are refused, writing nothing."""
    from pathlib import Path

    from rich.progress import Progress

    from store.db import database_files
    from store.io.files import Protected, check_target
    from store.io.importer import ImportOptions, import_file, write_errors
    from store.io.office_words import read_map_option
    from store.money import parse_unit

    check_format(format, ("table", "json"))
    guarded = [Protected(Path(path), "the sheet being imported"), *database_files(cli.store.engine)]
    if errors:  # refused before the import, not after its work is done
        check_target(errors, overwrite=overwrite, protected=guarded)
    options = ImportOptions(
        encoding=encoding,
        on_conflict=on_conflict,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        mapping=dict(read_map_option(text) for text in mapping or []),
        unit=parse_unit(unit) if unit else None,
        save_mapping=save_mapping,
    )
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"importing {path}", total=None)
        summary = import_file(
            cli.store, path, options, lambda rows: bar.update(task, completed=rows), sheet=sheet
        )
    if errors:
        write_errors(summary, errors, overwrite=overwrite, protected=guarded)
    if format == "json":
        typer.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        show_import_summary(cli, summary, dry_run, save_mapping)
    if summary.errors and not skip_invalid:
        raise typer.Exit(1)


def show_import_summary(cli: Cli, summary: Any, dry_run: bool, save_mapping: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from store.money import Unit

    out = console()
    if len(summary.sheets) > 1 or any(s.status != "read" for s in summary.sheets):
        sheets = Table(title="sheets")
        for name in ("sheet", "read", "project rows", "note"):
            sheets.add_column(name)
        for used in summary.sheets:
            sheets.add_row(used.name, used.status, str(used.rows), used.note)
        out.print(sheets)
    several = len({column.sheet for column in summary.columns}) > 1
    columns = Table(title="columns: the field each fills (--map 'HEADER=field' names one)")
    for name in ("sheet", "column", "header", "fills", "unit", "from")[0 if several else 1 :]:
        columns.add_column(name)
    for column in summary.columns:
        fills = (
            Text("unused", "dim")
            if column.field is None
            else Text("numbering, not read", "dim")
            if column.field == "skip"
            else f"{cli.word(column.field.removesuffix('_yuan'))} ({column.field})"
        )
        unit = Unit(column.unit).label_zh if column.unit else ""
        cells = [column.letter, " ".join(column.header.split()), fills, unit]
        columns.add_row(*([column.sheet] if several else []), *cells, column.source)
    if summary.columns:
        out.print(columns)
    for passed in summary.passed:
        if passed.shape != "total":
            out.print(
                f"passed over {passed.shape.replace('_', ' ')} row {passed.row}"
                + (f" of {passed.sheet}" if passed.sheet else "")
                + f": {passed.text}",
                highlight=False,
            )
    for note in summary.notes:
        out.print(f"note: {note}", highlight=False)
    for issue in summary.errors[:50]:
        out.print(Text.assemble(("error", "red"), f" {issue.line()}"), highlight=False)
    if len(summary.errors) > 50:
        out.print(
            f"... and {len(summary.errors) - 50} more errors (--errors FILE.csv writes them all)"
        )
    for issue in summary.warnings[:20]:
        out.print(Text.assemble(("warning", "yellow"), f" {issue.line()}"), highlight=False)
    if summary.total_rows:
        rows = summary.total_rows
        out.print(
            f"skipped total rows (合计/小计): row{'s' * (len(rows) > 1)} {', '.join(map(str, rows))}"
        )
    table = Table(
        title=f"{summary.file}: {'dry run, nothing written' if dry_run else 'written' if summary.written else 'nothing written'}"
    )
    # what was done, or what would have been: the same counts either way
    done = ("added", "updated") if summary.written else ("would add", "would update")
    for name in ("rows", *done, "unchanged", "skipped", "errors"):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(v)
            for v in (
                summary.rows,
                summary.added,
                summary.updated,
                summary.unchanged,
                summary.skipped,
                len(summary.errors),
            )
        )
    )
    out.print(table)
    if summary.written and not (summary.added or summary.updated):
        out.print("nothing changed: every row matches the database")
    for saved in summary.mappings_saved:
        out.print(f"kept for later imports: {saved}", highlight=False)
    if save_mapping and not summary.written:
        out.print("the --map mappings were not kept: nothing was written")
    if summary.errors and not summary.written and not dry_run:
        out.print(
            "nothing written: correct the rows named above and import again, "
            "or add --skip-invalid to write the valid rows only"
        )


@command()
def export(
    cli: Cli,
    path: Annotated[str, typer.Argument(help="File to write (.xlsx, or .csv/.json with --format)")],
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    as_of: Annotated[
        str | None, typer.Option(help="Write the ledger and figures as they stood on this date")
    ] = None,
    unit: Annotated[str, typer.Option(help="yi (亿元) or wan (万元)")] = "yi",
    format: Annotated[
        str, typer.Option("--format", help="xlsx, csv or json (csv/json: the ledger only)")
    ] = "xlsx",
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write the workbook the office reports upward (or the ledger as CSV/JSON)."""
    from rich.progress import Progress

    from store.exporter import ExportOptions
    from store.exporter import export as write_export
    from store.money import parse_unit

    options = ExportOptions(
        filters=parse_filters(
            cli, stage=stage, county=county, chain=chain, steward=steward, warning=warning
        ),
        lang=cli.lang,
        unit=parse_unit(unit),
        as_of=optional_date(as_of),
        format=format,
    )
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("exporting", total=None)
        written = write_export(
            cli.store,
            path,
            options,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            overwrite=overwrite,
        )
    typer.echo(str(written))


# The figure table's rows: figure, kind (labelled with the full names of store.labels).
STATS_FIGURES = [
    ("projects", "count"),
    ("signed_count", "count"),
    ("signed_amount_yuan", "money"),
    ("total_investment_yuan", "money"),
    ("funds_in_period_yuan", "money"),
    ("funds_cumulative_yuan", "money"),
    ("completed_in_period_yuan", "money"),
    *[(rate, "rate") for rate in ("start_rate", "resumption_rate", "funds_rate")],
    *[(rate, "rate") for rate in ("completion_rate", "procedure_rate", "problem_rate")],
]
# The grouped tables' columns, narrow headings (English over Chinese) that fit 80 columns;
# a figure ranked by that is not among them is added.
GROUPED_HEADINGS = {
    "projects": "Projects\n项目",
    "signed_count": "Signed\n签约",
    "signed_amount_yuan": "Signed\n签约额",
    "funds_in_period_yuan": "Funds\n到位",
    "completed_in_period_yuan": "Completed\n完成投资",
    "start_rate": "Start\n开工率",
    "resumption_rate": "Resumed\n复工率",
    "funds_rate": "Funds\n到位率",
    "completion_rate": "Completion\n完成率",
    "procedure_rate": "Procedures\n手续办结率",
    "problem_rate": "Problems\n问题办结率",
}


@command()
def stats(
    cli: Cli,
    period: Annotated[
        str | None, typer.Option(help="2024, 2024Q1 or 2024-03 [default: this year to date]")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Start of the period (with --to)")
    ] = None,
    to: Annotated[str | None, typer.Option(help="End of the period (with --from)")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Figures as they stood on this date [default: today]")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Group by county, chain, steward or stage")] = None,
    rank: Annotated[
        str | None,
        typer.Option(
            help="Rank the groups by a figure, highest first (start_rate, signed_amount_yuan, "
            "stage_started, warning_red ...)"
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """The office's figures for a period, as of a date, grouped and ranked."""
    from store.errors import UserError
    from store.figures import COUNTED, change_text, compute, parse_period, period_between
    from store.labels import Lang, word

    check_format(format, ("table", "json"))
    if period and (from_ or to):
        raise UserError("give --period or --from/--to, not both")
    if bool(from_) != bool(to):
        raise UserError("--from and --to go together")
    chosen = parse_period(period) if period else None
    if from_ and to:
        chosen = period_between(optional_date(from_), optional_date(to))  # type: ignore[arg-type]
    if rank and not by:
        raise UserError("--rank needs --by: it orders the groups")
    figures = compute(cli.store, chosen, optional_date(as_of), by=by)
    groups = figures.ranked(rank) if rank else figures.groups
    if format == "json":
        data = figures.to_json()
        data["groups"] = [group.to_json() for group in groups]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    def cell(group: Any, key: str, kind: str) -> str:
        value = group.value_of(key)
        if kind == "rate":
            return value.percent()
        return money_text(value) if kind == "money" else f"{value:,}"

    def both(*keys: str) -> str:  # English, then Chinese
        return (
            f"{' '.join(word(k, Lang.EN) for k in keys)} {''.join(word(k, Lang.ZH) for k in keys)}"
        )

    title = f"{figures.period.label} ({figures.period.start}..{figures.period.end}), as of {figures.as_of}"
    before = figures.prior_period_json()
    if before:
        title += f"\nyear before: {before['from']}..{before['to']} as of {before['as_of']}"
    out = console()
    total = Table(
        title=title, caption="amounts in 亿元; n/a: nothing to divide by", caption_justify="left"
    )
    for header in ("Figure\n指标", "Value\n本期", "Year before\n上年同期", "Change\n同比"):
        total.add_column(header, justify="left" if header.startswith("Figure") else "right")
    compared = figures.year_on_year()

    def change_shown(key: str, kind: str) -> str:
        if key not in compared:  # no year before was computed
            return ""
        return change_text(compared[key]["change"], rate=kind == "rate")

    def label(key: str) -> str:
        if key in COUNTED:  # a warning colour's or a stage's count
            table_name, name = COUNTED[key]
            return both(table_name.removesuffix("s"), name)
        return both(key.removesuffix("_yuan"))

    for key, kind in [*STATS_FIGURES, *((key, "count") for key in COUNTED)]:
        total.add_row(
            label(key),
            cell(figures.total, key, kind),
            cell(figures.prior, key, kind) if figures.prior else "",
            change_shown(key, kind),
        )
    out.print(total)
    if not by:
        return
    # Counts and amounts, then rates: two tables of six or seven columns fit an 80-column
    # terminal whole, where one of twelve would cut names and values short.
    names = [group.group if by != "stage" else cli.word(group.group) for group in groups]
    kinds = dict(STATS_FIGURES)
    grouped = [(key, heading, kinds[key]) for key, heading in GROUPED_HEADINGS.items()]
    counts = [c for c in grouped if c[2] != "rate"]
    if rank and rank not in GROUPED_HEADINGS:  # the figure ranked by, shown too
        key = COUNTED[rank][1] if rank in COUNTED else rank.removesuffix("_yuan")
        english = "\n".join(textwrap.wrap(word(key, Lang.EN).capitalize(), 10))
        kind = "money" if rank.endswith("_yuan") else "count"
        counts.append((rank, f"{english}\n{word(key, Lang.ZH)}", kind))
    for part, columns in (
        ("counts and amounts", counts),
        ("rates", [c for c in grouped if c[2] == "rate"]),
    ):
        table = Table(
            title=f"by {by}, {part}" + (f", ranked by {rank}" if rank else ""),
            title_justify="left",
        )
        table.add_column(cli.word(by), no_wrap=True)
        for _, heading, _ in columns:
            table.add_column(heading, justify="right", no_wrap=True)
        for name, group in zip(names, groups, strict=True):
            table.add_row(name, *[cell(group, key, kind) for key, _, kind in columns])
        out.print(table)


@command(config_app, name="set")
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


@command(config_app, name="list")
def config_list(cli: Cli) -> None:
    """Show every setting of this database."""
    for key, value in sorted(cli.store.settings().items()):
        typer.echo(f"{key} = {value}")


@command(db_app, name="upgrade")
def db_upgrade(cli: Cli) -> None:
    """Bring the database schema to the newest revision (after a backup copy for SQLite)."""
    from store.db import current_revision, head_revision, make_engine, redact, upgrade

    engine = make_engine(cli.db or _default_db())
    before = current_revision(engine)
    backup = upgrade(engine)
    typer.echo(
        f"{redact(str(engine.url))}: {before or 'empty'} -> {head_revision()}"
        + (f" (backup {backup})" if backup else "")
    )
    engine.dispose()


@command()
def backup(
    cli: Cli,
    target: Annotated[str, typer.Argument(help="The copy to write (.db)")],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Copy the SQLite database consistently, even while officers and imports use it."""
    from pathlib import Path

    from store.db import backup as backup_database

    written = backup_database(cli.store.engine, Path(target), overwrite=overwrite)
    typer.echo(f"{written} ({written.stat().st_size / 1_048_576:.1f} MB)")


@command()
def check(
    cli: Cli,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
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
        typer.echo(
            json.dumps(
                {"projects": checked, "findings": [f.to_json() for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
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


def _default_db() -> str:
    import os

    from store.db import DEFAULT_DB

    return os.environ.get("INVESTTRACK_DB") or DEFAULT_DB


def main() -> None:
    """Console entry point: Ctrl-C ends quietly; an error no command caught is one line."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        from store.errors import report_line

        typer.echo(f"error: {report_line(error)}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
