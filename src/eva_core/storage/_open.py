"""Open any adapter from one URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from eva_core.storage._json import JsonRepository
from eva_core.storage._memory import MemoryRepository
from eva_core.storage._protocol import InstrumentRepository
from eva_core.storage._sql import SqlRepository

__all__ = ["open_repository"]


def open_repository(url: str) -> InstrumentRepository:
    """Open the repository a URL names.

    * ``memory://``: in this process only;
    * ``json:///path/catalogue.json`` (or ``json:relative/path.json``): one JSON file on local disk;
    * ``sqlite:///path/eva.db``: an embedded SQLite database (``sqlite://`` for one in memory);
    * ``postgresql+psycopg://user@host:5432/db``: a PostgreSQL server (extra ``postgresql``).
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme == "memory":
        return MemoryRepository()
    if scheme == "json":
        parts = urlsplit(url)
        path = unquote(parts.path if parts.netloc in ("", "localhost") else f"//{parts.netloc}{parts.path}")
        if not path:
            raise ValueError(f"{url!r} names no file: use json:///path/catalogue.json")
        return JsonRepository(Path(path))
    if scheme.startswith(("sqlite", "postgresql", "postgres")):
        return SqlRepository(url)
    raise ValueError(
        f"no storage adapter for {url!r}: use memory://, json:///..., sqlite:///... or postgresql+psycopg://..."
    )
