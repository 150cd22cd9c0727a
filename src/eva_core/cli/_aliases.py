"""The English option names of eva_core 0.x, still understood for one release, but no longer shown.

The options of ``eva`` are Dutch, like the people who use it. A script written for the old names keeps
working: each old name is read as its new one, with a note on standard error (`_usage.Command` does it).
Remove this module and its use in the release after next.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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
