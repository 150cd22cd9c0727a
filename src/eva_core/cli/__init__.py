"""The ``eva`` command. Needs the ``cli`` extra (typer); the library itself does not."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Entry point of the ``eva`` script."""
    try:
        from eva_core.cli._app import app
    except ImportError as error:  # pragma: no cover - only without the extra
        from eva_core.domain import say

        sys.stderr.write(f"eva: {say('cli.needs-extra', detail=str(error))}\n")
        raise SystemExit(2) from None
    app()
