"""Open any adapter from one URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from eva_core.domain import say
from eva_core.storage._errors import InvalidUrl
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

    A URL that names no store, or could mean two (``json://catalogue.json``: a file here, or at the root?),
    is refused with `InvalidUrl`.
    """
    if "\x00" in unquote(url):  # no file system takes it: Python would raise a bare ValueError
        raise InvalidUrl(say("error.invalid-url.nul"))
    scheme = url.split(":", 1)[0].lower()
    if scheme == "memory":
        return MemoryRepository()
    if scheme == "json":
        return JsonRepository(_json_path(url))
    if scheme.startswith(("sqlite", "postgresql", "postgres")):
        return SqlRepository(url)
    raise InvalidUrl(say("error.invalid-url.scheme", url=url))


def _json_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        root, relative = f"json:///{parts.netloc}{parts.path}", f"json:{parts.netloc}{parts.path}"
        raise InvalidUrl(say("error.invalid-url.ambiguous", url=url, root=root, relative=relative))
    if parts.query or parts.fragment:
        raise InvalidUrl(say("error.invalid-url.query", url=url))
    path = unquote(parts.path)
    if not path:
        raise InvalidUrl(say("error.invalid-url.no-file", url=url))
    return Path(path)
