"""``eva demo``: the demo catalogue stored, shown per tile and matched for an example client."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eva_core import Actor, ClientCharacteristic, ClientProfile, Criteria, Tile
from eva_core.demo import DEMO_TODAY, demo_catalogue, demo_ratings
from eva_core.search import CatalogueIndex
from eva_core.storage import add_catalogue, open_repository

from ._options import DEMO_DATABASE, Areas, read_areas
from ._render import out, print_matches


def demo(
    database: Annotated[Path, typer.Option(help="The SQLite file to create the demo in.")] = DEMO_DATABASE,
    areas: Areas = None,
) -> None:
    """Store the demo catalogue in an embedded SQLite database and match it for an example client."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    with open_repository(url) as repository:
        added = add_catalogue(repository, demo_catalogue(), label="eva demo")
        for rating in demo_ratings():
            repository.rate(rating, by=Actor(rating.organisation, "eva demo"))
        stored = [s.instrument for s in repository.list()]
    classification = read_areas(areas)
    index = CatalogueIndex(stored, areas=classification)
    published = index.filter(Criteria(published_on=DEMO_TODAY))
    out.print(
        f"Demo catalogue: {added} instruments of {len({i.organisation.id for i in stored})} organisations "
        f"stored in {url}; {len(published)} published on {DEMO_TODAY.isoformat()}."
    )
    per_tile = Counter(t for i in published for t in i.tiles)
    table = Table("Tegel", "Instrumenten", "Voorbeelden", title="Aanbod per tegel")
    for tile in Tile:
        names = sorted(i.name for i in published if tile in i.tiles)
        table.add_row(tile.label, str(per_tile[tile]), ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    out.print(table)
    client = ClientProfile(
        needs={ClientCharacteristic.BASISVAARDIGHEDEN: 2, ClientCharacteristic.SOCIALE_CULTURELE_VAARDIGHEDEN: 1},
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        municipality="GM0344",
        on=DEMO_TODAY,
    )
    out.print(
        "Example client in Utrecht: needs Basisvaardigheden (weight 2) and Sociale en culturele vaardigheden "
        "(weight 1), at the tile Maatschappelijk fit."
        + ("" if classification else " (No area classification found: regional instruments count as elsewhere.)")
    )
    print_matches(index.rank(client, limit=5))
    why_not = index.explain(client, "fietslessen-amersfoort")
    out.print(f"Why not 'Fietslessen'? It {'; it '.join(str(e) for e in why_not.exclusions)}.")
