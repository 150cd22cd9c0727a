"""The English option names of eva_core 0.x, still understood for one release, but no longer shown.

The options of ``eva`` are Dutch, like the people who use it. A script written for the old names keeps
working: each old name is read as its new one, with a note on standard error. Remove this module (and
``cls=Command`` where commands are registered) in the release after next.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from typer.core import TyperCommand

from eva_core.domain import say

from ._render import note

OLD_OPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "--from": "--uit",
        "--into": "--naar",
        "--output": "--naar",
        "--format": "--formaat",
        "--areas": "--gebieden",
        "--profile": "--profiel",
        "--why-not": "--waarom-niet",
        "--limit": "--aantal",
        "--compare": "--vergelijk",
        "--ending-within": "--eindigt-binnen",
        "--stale-after": "--ongewijzigd-na",
        "--dry-run": "--proef",
        "--label": "--door",
    }
)
"""Old spelling -> new spelling, for every command that has the new one."""


def renamed(args: list[str], known: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """*args* with old option names (also ``--old=value``) replaced by new ones the command *known*s.

    Stops at ``--``, after which everything is an argument. Returns the new arguments and the names replaced.
    """
    result: list[str] = []
    replaced: list[tuple[str, str]] = []
    for position, arg in enumerate(args):
        if arg == "--":
            result += args[position:]
            break
        name, equals, value = arg.partition("=")
        new = OLD_OPTIONS.get(name)
        if new is not None and new in known and name not in known:
            replaced.append((name, new))
            result.append(new + equals + value)
        else:
            result.append(arg)
    return result, replaced


class Command(TyperCommand):
    """A command that still reads the old English option names, and says which new name to use."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # noqa: ANN401 - click's own signature
        known = {name for param in self.params for name in (*param.opts, *param.secondary_opts)}
        args, replaced = renamed(args, known)
        for old, new in dict.fromkeys(replaced):
            note(f"eva: {say('cli.old-option', old=old, new=new)}")
        result: list[str] = super().parse_args(ctx, args)
        return result
