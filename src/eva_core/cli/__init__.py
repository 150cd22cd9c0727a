"""The ``eva`` command. Needs the ``cli`` extra (typer); the library itself does not."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Entry point of the ``eva`` script."""
    try:
        from eva_core.cli._app import app  # noqa: PLC0415 - typer is an optional extra
    except ImportError as error:  # pragma: no cover - only without the extra
        sys.stderr.write(f"eva: the command line needs the 'cli' extra: pip install 'eva_core[cli]' ({error})\n")
        raise SystemExit(2) from None
    app()
