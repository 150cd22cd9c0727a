"""A realistic search workload of any size: thousands of providers, hundreds of organisations, Zipf queries.

The demo catalogue (47 instruments, a handful of providers) is too small to show where time goes. This
generator keeps the demo's texts as templates and varies what a real catalogue varies: 3,000 providers,
400 organisations with 30 target groups between them, the CBS municipalities and regions, names made of
compound words, a sentence from a bank per summary, and links drawn per instrument. Queries are 1 to 3
words drawn Zipf-weighted from the catalogue's own vocabulary.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from eva_core import ClientCharacteristic, ExecutionForm, Instrument, Organisation, Provider, Tile
from eva_core.areas import bundled_areas
from eva_core.demo import demo_catalogue
from eva_core.domain import GroupForm, TargetGroup
from eva_core.search import fold

LEAVES = ClientCharacteristic.all_leaves()
TILES = tuple(Tile)
FORMS = tuple(ExecutionForm)

_TOPICS = [
    "taal", "werk", "loopbaan", "sollicitatie", "schuld", "budget", "job", "werknemer", "computer", "heftruck",
    "magazijn", "zorg", "techniek", "groen", "vrijwilligers", "leer", "praktijk", "kinder", "gezondheid", "stress",
    "participatie", "ondernemer", "netwerk", "reintegratie", "jongeren", "inkomen", "vervoer", "beroep",
]  # fmt: skip
_KINDS = [
    "training", "coaching", "cursus", "traject", "begeleiding", "workshop", "advies", "stage", "plek", "project",
    "diagnostiek", "onderzoek", "ondersteuning", "aanpak", "programma", "opleiding", "hulp", "bemiddeling",
]  # fmt: skip
_FOR = [
    "voor statushouders", "voor jongeren", "voor 50-plussers", "in de wijk", "op de werkvloer", "met behoud van "
    "uitkering", "voor ondernemers", "in kleine groepen", "op maat", "online", "voor nieuwkomers", "na ziekte", "",
]  # fmt: skip
_SENTENCES = [
    "Je werkt aan je eigen doelen met een vaste begeleider.",
    "De bijeenkomsten zijn in een kleine groep, dichtbij huis.",
    "Samen met een coach maak je een plan voor de komende maanden.",
    "Na afloop krijg je een certificaat dat werkgevers herkennen.",
    "Je oefent in de praktijk bij een leerbedrijf in de regio.",
    "Een consulent helpt je met formulieren, toeslagen en afspraken.",
    "Het traject duurt drie maanden en is gratis voor deelnemers.",
    "Je leert omgaan met stress en geldzorgen, stap voor stap.",
    "Werkgevers uit de buurt vertellen over hun vacatures.",
    "De trainer spreekt ook Arabisch, Tigrinya en Engels.",
    "Je bouwt werkervaring op in de zorg, de techniek of de logistiek.",
    "Met een jobcoach op de werkplek houd je je baan.",
    "Je krijgt een laptop te leen om thuis te oefenen.",
    "Online lessen wisselen af met gesprekken op locatie.",
    "Ervaringsdeskundigen delen hoe zij weer aan het werk kwamen.",
    "Je sluit af met een gesprek over de volgende stap.",
]


def _areas() -> tuple[list[str], list[str]]:
    areas = bundled_areas()
    return sorted(areas.municipalities), sorted(areas.regions)


def organisations(count: int = 400) -> list[Organisation]:
    return [Organisation(id=f"org-{n:03d}", name=f"Gemeente {n:03d}") for n in range(count)]


def providers(count: int = 3000, seed: int = 11) -> list[Provider]:
    rng = random.Random(seed)
    kinds = ["Stichting", "Re-integratiebureau", "Werkbedrijf", "Coachpraktijk", "Opleidingscentrum", "Zorggroep"]
    return [
        Provider(
            id=f"aanbieder-{n:04d}",
            name=f"{rng.choice(kinds)} {rng.choice(_TOPICS).capitalize()}{rng.choice(_KINDS)} {n}",
            website=f"https://aanbieder{n}.example.nl",
        )
        for n in range(count)
    ]


def instruments(size: int, seed: int = 2026) -> Iterator[Instrument]:
    """*size* valid, published instruments over 3,000 providers, 400 organisations and 30 target groups."""
    rng = random.Random(seed)
    base = [i for i in demo_catalogue() if i.is_complete]
    orgs, provs = organisations(), providers()
    groups = [TargetGroup(f"doelgroep-{n:02d}", f"Doelgroep {n}", orgs[n * 13].id) for n in range(30)]
    groups_of: dict[str, list[TargetGroup]] = {}
    for group in groups:
        groups_of.setdefault(group.organisation, []).append(group)
    municipalities, regions = _areas()
    for n in range(size):
        template = base[n % len(base)]
        organisation = orgs[
            min(int(rng.paretovariate(1.2)) - 1, len(orgs) - 1) if rng.random() < 0.3 else rng.randrange(len(orgs))
        ]
        topic, kind = rng.choice(_TOPICS), rng.choice(_KINDS)
        place = rng.random()
        yield template.evolve(
            id=f"{template.id}-{n:07d}",
            organisation=organisation,
            provider=provs[rng.randrange(len(provs))],
            name=f"{topic.capitalize()}{kind} {rng.choice(_FOR)}".strip(),
            summary=f"{template.summary} {rng.choice(_SENTENCES)}"[:500],
            tiles=rng.sample(TILES, rng.randint(1, 3)),
            client_characteristics=rng.sample(LEAVES, rng.randint(1, 4)),
            execution_forms=rng.sample(FORMS, rng.randint(1, 2)),
            group_forms=rng.sample(list(GroupForm), rng.randint(0, 2)),
            intensity_hours_per_week=rng.choice([None, rng.randint(1, 40)]),
            target_groups=rng.sample(
                groups_of.get(organisation.id, []), min(1, len(groups_of.get(organisation.id, [])))
            ),
            available_municipalities=rng.sample(municipalities, 2) if place < 0.5 else [],
            available_regions=[rng.choice(regions)] if 0.5 <= place < 0.8 else [],
            available_districts=[],
            contacts=[],
            locations=[],
            publish_from=None,
            publish_until=None,
        )


_WORD = re.compile(r"[^\W\d_]{3,}")


def queries(items: list[Instrument], count: int = 200, seed: int = 5) -> list[str]:
    """*count* queries of 1 to 3 words, drawn Zipf-weighted (by rank of frequency) from names and summaries."""
    rng = random.Random(seed)
    counts = Counter(w for i in items[:20_000] for w in _WORD.findall(fold(f"{i.name} {i.summary}")))
    vocabulary = [word for word, _ in counts.most_common(3000) if len(word) > 3]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(vocabulary))]
    return [" ".join(rng.choices(vocabulary, weights, k=rng.randint(1, 3))) for _ in range(count)]
