"""``eva demo``: the demo catalogue stored, shown per tile and matched for an example client."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eva_core.domain import EvaError, say

from ._options import DEMO_DATABASE, Areas, Mergers, read_areas
from ._render import cannot_write, fail, out, print_matches, show


def _replaceable(database: Path, demo_ids: set[str]) -> None:
    """Fail unless *database* is missing, empty, or an earlier demo: eva demo replaces nothing else (#11).

    A folder, a device, another file or a database with instruments of its own would be lost.
    """
    if not database.exists():
        return
    if database.is_dir():
        raise fail(say("cli.file.is-folder", path=str(database)))
    if not database.is_file():
        raise fail(say("cli.file.not-a-file", path=str(database)))
    try:
        with database.open("rb") as file:
            head = file.read(len(_SQLITE))
        if not head:
            return
        if head == _SQLITE:
            connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                ids = {row[0] for row in connection.execute("SELECT id FROM eva_instrument")}
            finally:
                connection.close()
            if ids <= demo_ids:
                return
    except (OSError, sqlite3.Error):
        pass  # unreadable, damaged, not eva's: not replaced either
    raise fail(say("cli.demo.not-a-demo", path=str(database)))


_SQLITE = b"SQLite format 3\x00"


def demo(
    database: Annotated[
        Path, typer.Option("--database", help="Het SQLite-bestand waarin de demo komt.")
    ] = DEMO_DATABASE,
    areas: Areas = None,
    herindelingen: Mergers = None,
) -> None:
    """Zet de democatalogus in een SQLite-bestand, toon het aanbod per tegel en zoek voor een voorbeeldklant."""
    from eva_core.demo import DEMO_TODAY, demo_catalogue, demo_ratings
    from eva_core.domain import ClientCharacteristic, ClientProfile, Criteria, Place, Tile
    from eva_core.search import CatalogueIndex
    from eva_core.storage import Actor, add_catalogue, open_repository

    _replaceable(database, {i.id for i in demo_catalogue()})
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
            stale.unlink(missing_ok=True)
        url = f"sqlite:///{database}"
        with open_repository(url) as repository:
            added = add_catalogue(repository, demo_catalogue(), label="eva demo")
            for rating in demo_ratings():
                repository.rate(rating, by=Actor(rating.organisation, "eva demo"))
            stored = [s.instrument for s in repository.list()]
    except EvaError as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(cannot_write(database, error)) from None
    index = CatalogueIndex(stored, areas=read_areas(areas, herindelingen))
    published = index.filter(Criteria(published_on=DEMO_TODAY))
    organisations = len({i.organisation.id for i in stored})
    show(say("cli.demo.stored", added=added, organisations=organisations, url=url))
    show(say("cli.demo.published", count=len(published), day=DEMO_TODAY))
    per_tile = Counter(t for i in published for t in i.tiles)
    table = Table(
        str(say("cli.column.tile")),
        str(say("cli.column.instruments")),
        str(say("cli.column.examples")),
        title=str(say("cli.demo.per-tile")),
    )
    for tile in Tile:
        names = sorted(i.name for i in published if tile in i.tiles)
        table.add_row(tile.label, str(per_tile[tile]), ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    out.print(table)
    wanted = {ClientCharacteristic.BASISVAARDIGHEDEN: 2, ClientCharacteristic.SOCIALE_CULTURELE_VAARDIGHEDEN: 1}
    client = ClientProfile(
        needs=wanted,
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        criteria=Criteria(place=Place(municipality="GM0344"), published_on=DEMO_TODAY),
    )
    needs = [say("cli.demo.need", label=need, weight=weight) for need, weight in wanted.items()]
    show(say("cli.demo.client", place="Utrecht", needs=needs, tile=Tile.MAATSCHAPPELIJK_FIT))
    print_matches(index.rank(client, limit=5))
    why_not = index.explain(client, "fietslessen-amersfoort")
    show(say("cli.demo.why-not", name="Fietslessen", exclusions=[str(e) for e in why_not.exclusions]))
