"""What every command shares: the `Cli` (where the database is, today, who, which language),
the four options every command takes, and `as_command`, which turns a function whose first
parameter is the Cli into a Typer callback that answers a mistake in one line.

Nothing here loads the store: it is imported on the way to `--help`.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, NoReturn

import typer
from typer.exceptions import TyperException

if TYPE_CHECKING:
    from store.labels import Lang
    from store.service import Store

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
# Accepted before the command and after it: each command's signature gets them too.
COMMON_OPTIONS = {"db": DbOption, "today": TodayOption, "user": UserOption, "lang": LangOption}


# What a one-line error begins with, in Chinese and in English.
ERROR_PREFIX = ("错误：", "error: ")


def error_line(message: str, *, chinese: bool = False) -> str:
    """A one-line error as stderr shows it: 错误：… in Chinese, error: … in English."""
    return ERROR_PREFIX[0 if chinese else 1] + message


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

    def labelled(self, label: str, value: str) -> str:
        """A value after its label, joined as the language joins them (项目：开工)."""
        from tui.words import labelled

        return labelled(label, value, self.lang)

    @property
    def in_chinese(self) -> bool:
        """Whether the chosen language is Chinese (not when --lang is itself wrong)."""
        from store.errors import UserError
        from store.labels import Lang

        try:
            return self.lang is Lang.ZH
        except UserError:
            return False

    def failed(self, message: str) -> typer.Exit:
        """Say the one-line error on stderr, begun in the chosen language; the exit to raise
        (code 1)."""
        typer.echo(error_line(message, chinese=self.in_chinese), err=True)
        return typer.Exit(1)

    def said(self, error: Exception) -> str:
        """A user error's line in the chosen language (as written when --lang is itself wrong)."""
        from store.errors import UserError
        from store.labels import said

        try:
            return said(error, self.lang)
        except UserError:
            return str(error)

    def reported(self, error: BaseException) -> str:
        """An unexpected error's line (or a fault of the machine's) in the chosen language,
        as written when --lang is itself wrong."""
        from store.errors import report_words

        chinese, english = report_words(error)
        return chinese if self.in_chinese else english

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def reader_gone() -> NoReturn:
    """The program reading the output stopped early (`investtrack list | head`): nothing went
    wrong here, so nothing is said. Standard output is pointed at the null device so that the
    interpreter's last flush finds no closed pipe either."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)


# A command as written in its area module: the Cli first, then its own arguments and options.
CommandFunction = Callable[Concatenate[Cli, ...], None]


def as_command(function: CommandFunction) -> Callable[..., None]:
    """The Typer callback for a command whose first parameter is the Cli; adds the common
    options and turns a user's mistake into one line on stderr and exit code 1."""
    hints = typing.get_type_hints(function, include_extras=True)
    signature = inspect.signature(function)
    own = [p.replace(annotation=hints[p.name]) for p in list(signature.parameters.values())[1:]]

    @functools.wraps(function)
    def run(ctx: typer.Context, **kwargs: Any) -> None:
        from store.errors import UserError

        options = {key: kwargs.pop(key) for key in COMMON_OPTIONS}
        cli = (ctx.find_root().obj or Cli()).merged(**options)
        try:
            function(cli, **kwargs)
        except UserError as error:
            raise cli.failed(cli.said(error)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except BrokenPipeError:
            reader_gone()
        except Exception as error:  # a fault, or a defect: one line, the rest in a report
            raise cli.failed(cli.reported(error)) from None
        finally:
            cli.close()

    common = [
        inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for key, annotation in COMMON_OPTIONS.items()
    ]
    context = inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )
    # Typer reads the parameters from the signature and annotations: the context, the
    # command's own, then the common options, each resolved (no string annotations left).
    run.__signature__ = signature.replace(parameters=[context, *own, *common])  # type: ignore[attr-defined]
    run.__annotations__ = {
        "ctx": typer.Context,
        **{p.name: p.annotation for p in own},
        **COMMON_OPTIONS,
    }
    return run
