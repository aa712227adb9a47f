"""A command line the parser refuses (an unknown command or option, an argument missing, a
value of the wrong kind), told in Chinese in one line to a user who chose Chinese; English
keeps the parser's own usage block and words.

The store's words load only once there is something to tell, so `--help` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import TYPE_CHECKING

import typer

# Typer parses with its own copy of click: its refusals are the classes of that copy.
from typer._click import exceptions as refused
from typer._click.core import Parameter

from tui.cli.context import error_line

if TYPE_CHECKING:
    from store.labels import Lang

# The parser's words for the refusals it raises without a class of their own (or, for a bad
# use of an option, without saying which).
MISSING_COMMAND = "Missing command."
NO_SUCH_COMMAND = "No such command "
EXTRA_ARGUMENTS = "Got unexpected extra argument(s) ("
TAKES_NO_VALUE = "does not take a value"


def asked_lang(args: Sequence[str]) -> Lang:
    """The language the command line asks for (its last --lang), else the environment's or
    the locale's; English when the one asked for is unknown. Read from the words alone: the
    parser may refuse a line before it reads the line's options."""
    from store.errors import UserError
    from store.labels import Lang, default_lang, parse_lang

    asked = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            asked = args[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    try:
        return parse_lang(asked) if asked else default_lang()
    except UserError:
        return Lang.EN


def in_asked_language(pair: tuple[str, str]) -> str:
    """One of a (Chinese, English) pair, in the language this command line asks for."""
    from store.labels import pick

    return pick(pair, asked_lang(sys.argv[1:]))


def tell_refused(error: refused.UsageError) -> None:
    """The refusal on stderr: one line of Chinese when Chinese was chosen, else the parser's
    usage block and words (and a command group named alone shows its help either way)."""
    from store.labels import Lang

    if asked_lang(sys.argv[1:]) is Lang.ZH and not isinstance(error, refused.NoArgsIsHelpError):
        typer.echo(error_line(chinese_line(error), chinese=True), err=True)
    else:
        error.show()


def chinese_line(error: refused.UsageError) -> str:
    """The refusal in one line of Chinese, naming where the command's usage is shown."""
    where = f"；用法见 {error.ctx.command_path} --help" if error.ctx else ""
    return what_was_wrong(error) + where


def what_was_wrong(error: refused.UsageError) -> str:
    if isinstance(error, refused.NoSuchOption):
        return f"没有 {error.option_name} 这个选项" + guessed(error.possibilities)
    if isinstance(error, refused.MissingParameter):
        kind = "选项" if error.param and error.param.param_type_name == "option" else "参数"
        return f"缺少{kind} {named(error.param)}"
    if isinstance(error, refused.BadParameter):
        return f"{named(error.param)} 的值无效{expected(error.param)}"
    if isinstance(error, refused.BadOptionUsage):  # raised before any context is made
        needs = "不带值" if TAKES_NO_VALUE in error.message else "须跟一个值"
        return f"选项 {error.option_name} {needs}"
    message = error.message
    if message == MISSING_COMMAND:
        return "缺少子命令"
    if message.startswith(NO_SUCH_COMMAND):
        quoted = message.removeprefix(NO_SUCH_COMMAND)  # 'name'. Did you mean ...
        name = quoted[1:].partition(quoted[:1])[0]
        commands = getattr(error.ctx.command, "commands", {}) if error.ctx else {}
        return f"没有 {name} 这个命令" + guessed(get_close_matches(name, list(commands)))
    if message.startswith(EXTRA_ARGUMENTS):
        return f"多余的参数：{message.removeprefix(EXTRA_ARGUMENTS).removesuffix(')')}"
    return "命令行有误"


def guessed(possibilities: Sequence[str] | None) -> str:
    return f"（是否要用 {' 或 '.join(possibilities)}？）" if possibilities else ""


def named(param: Parameter | None) -> str:
    """An option by its longest name (--reason); an argument as the usage line shows it."""
    if param is None:
        return "参数"
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return param.metavar or (param.name or "").upper()


def expected(param: Parameter | None) -> str:
    """What the value should have been, where the parameter's type says it."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if annotation is int:
        least = getattr(param, "min", None)
        return "：应为整数" if least is None else f"：应为不小于 {least} 的整数"
    if annotation is float:
        return "：应为数字"
    return ""
