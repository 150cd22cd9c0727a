"""A synthetic catalogue of any size, built from the demo's instruments with new ids and varied links."""

from __future__ import annotations

import random
from collections.abc import Iterator

from eva_core import ClientCharacteristic, Instrument, Tile
from eva_core.demo import demo_catalogue

LEAVES = ClientCharacteristic.all_leaves()
TILES = tuple(Tile)


def synthetic(size: int, seed: int = 2026) -> Iterator[Instrument]:
    """*size* valid instruments over the demo's organisations, providers and areas."""
    rng = random.Random(seed)
    base = [i for i in demo_catalogue() if i.is_complete]
    for n in range(size):
        template = base[n % len(base)]
        yield template.evolve(
            id=f"{template.id}-{n:07d}",
            name=f"{template.name} {n}",
            tiles=rng.sample(TILES, rng.randint(1, 3)),
            client_characteristics=rng.sample(LEAVES, rng.randint(1, 4)),
            intensity_hours_per_week=rng.randint(0, 40),
        )
