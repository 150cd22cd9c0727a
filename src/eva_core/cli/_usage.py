"""Mistakes in how ``eva`` is called, said in Dutch as one ``eva:`` line, instead of click's English panel.

Click reports an unknown option, a missing value or a value of the wrong kind with an English text. The
command classes here catch those while the arguments are parsed and say them from the catalogue; the
value the user typed is never repeated (it may be part of a client profile). Exit code 2, as click uses.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from eva_core.domain import Message, say

from ._aliases import renamed
from ._render import fail, note

_KINDS: dict[object, str] = {int: "whole-number", float: "number", Path: "path", bool: "yes-no"}


def _name(param: Any) -> str:  # noqa: ANN401 - a click parameter
    """``--naar`` for an option, ``FILE`` for an argument."""
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    if opts:
        return str(max(opts, key=len))
    return str(getattr(param, "human_readable_name", None) or getattr(param, "name", "") or "").upper()


def _kind(command: Any, param: Any) -> str:  # noqa: ANN401 - click objects
    """What kind of value *param* of *command* takes, from the type hint of the command's function."""
    try:
        hint = typing.get_type_hints(command.callback).get(param.name)
    except (NameError, TypeError):  # pragma: no cover - every command's hints resolve
        return "other"
    while typing.get_origin(hint) in (list, typing.Union, types.UnionType):
        hint = next((a for a in typing.get_args(hint) if a is not type(None)), None)
    return _KINDS.get(hint, "other")


def dutch(error: typer.TyperException, command: Any = None) -> Message | None:  # noqa: ANN401, PLR0911 - one case per kind of mistake
    """What *error* means, in the catalogue's words; None for "show the help" (no arguments at all)."""
    kind = type(error).__name__
    param = getattr(error, "param", None)
    if kind == "NoArgsIsHelpError":
        return None
    if kind == "NoSuchOption":
        option = str(getattr(error, "option_name", ""))
        close = sorted(getattr(error, "possibilities", None) or ())
        if close:
            return say("cli.usage.no-such-option-close", option=option, close=close)
        return say("cli.usage.no-such-option", option=option)
    if kind == "MissingParameter" and param is not None:
        return say("cli.usage.missing", name=_name(param))
    if kind == "BadOptionUsage":
        return say("cli.usage.needs-value", option=str(getattr(error, "option_name", "")))
    if isinstance(error, typer.BadParameter) and param is not None:
        what = _kind(command, param)
        return say("cli.usage.bad-value", name=_name(param), kind=say(f"cli.usage.kind.{what}"))
    text = getattr(error, "message", "") or str(error)
    if text.startswith("Got unexpected extra argument"):
        return say("cli.usage.extra-arguments", arguments=text.rpartition("(")[2].rstrip(")"))
    return say("cli.usage.other", detail=text)


def _stop(error: typer.TyperException, ctx: Any) -> typer.Exit:  # noqa: ANN401 - a click context
    message = dutch(error, ctx.command)
    if message is None:
        raise error
    return fail(say("cli.usage.line", message=message, command=ctx.command_path), code=2)


_METAVARS = {"[OPTIONS]": "cli.help.options-metavar", "COMMAND [ARGS]...": "cli.help.command-metavar"}


def _usage(command: TyperCommand | TyperGroup, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click objects
    """The usage line, ``Gebruik: eva match [OPTIES]``, from the catalogue."""
    pieces = [str(say(_METAVARS[p])) if p in _METAVARS else p for p in command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{say('cli.help.usage')} ")


def _help_option(option: Any) -> Any:  # noqa: ANN401 - a click option, or None
    if option is not None:
        option.help = str(say("cli.help.help-option"))
    return option


def _frame() -> None:
    """The panel titles and notes typer's help prints around ours, from the catalogue (typer reads them late)."""
    from typer import rich_utils  # only when help is shown: it loads rich's Markdown

    rich_utils.ARGUMENTS_PANEL_TITLE = str(say("cli.help.arguments"))
    rich_utils.OPTIONS_PANEL_TITLE = str(say("cli.help.options"))
    rich_utils.COMMANDS_PANEL_TITLE = str(say("cli.help.commands"))
    rich_utils.DEFAULT_STRING = str(say("cli.help.default", value="{}"))
    rich_utils.REQUIRED_LONG_STRING = str(say("cli.help.required"))


class Command(TyperCommand):
    """A command that reads the old English option names and says its usage errors and help frame in Dutch."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click's own signature
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:  # noqa: ANN401 - click's own signature
        return _help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click's own signature
        _frame()
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # noqa: ANN401 - click's own signature
        known = {name for param in self.params for name in (*param.opts, *param.secondary_opts)}
        args, replaced = renamed(args, known)
        for old, new in dict.fromkeys(replaced):
            note(f"eva: {say('cli.old-option', old=old, new=new)}")
        try:
            result: list[str] = super().parse_args(ctx, args)
        except typer.Exit:
            raise
        except typer.TyperException as error:
            raise _stop(error, ctx) from None
        return result


class Group(TyperGroup):
    """The ``eva`` group: an unknown command is one Dutch line, with the closest names; its help frame is Dutch."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click's own signature
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:  # noqa: ANN401 - click's own signature
        return _help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: ANN401 - click's own signature
        _frame()
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # noqa: ANN401 - click's own signature
        try:
            result: list[str] = super().parse_args(ctx, args)
        except typer.Exit:
            raise
        except typer.TyperException as error:
            raise _stop(error, ctx) from None
        return result

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:  # noqa: ANN401
        try:
            return super().resolve_command(ctx, args)
        except typer.Exit:
            raise
        except typer.TyperException as error:
            if type(error).__name__ != "UsageError" or not args:
                raise _stop(error, ctx) from None
            close = difflib.get_close_matches(args[0], list(self.commands))
            if close:
                message = say("cli.usage.no-such-command-close", name=args[0], close=close)
            else:
                message = say("cli.usage.no-such-command", name=args[0], commands=", ".join(sorted(self.commands)))
            raise fail(say("cli.usage.line", message=message, command=ctx.command_path), code=2) from None
