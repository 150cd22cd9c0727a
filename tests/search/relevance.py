"""A judged relevance set for Dutch text search: the demo catalogue plus instruments written for it, and queries.

Each query lists the instruments a professional would want to see for it (any order); queries with an empty
set must find nothing. The queries cover inflections, compounds both ways, typos, accents, multi-word
queries and nonsense. `evaluate` gives MRR and recall@5 over the queries with judged instruments, and the
share of the must-find-nothing queries that found nothing. bench/relevance.py prints the figures per
analyzer; tests/search/test_relevance.py asserts a floor.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable

from attrs import frozen

from eva_core import ClientCharacteristic, ExecutionForm, Instrument, Tile
from eva_core.demo import demo_catalogue
from tests.helpers import an_instrument

_WRITTEN = [
    # id, name, summary, method
    (
        "re-integratie-na-ziekte",
        "Re-integratietraject na langdurige ziekte",
        "Na een lange periode van ziekte werk je stap voor stap aan je terugkeer naar werk.",
        "Een re-integratiecoach maakt met je een plan en bouwt de uren langzaam op.",
    ),
    (
        "reintegratie-jongeren",
        "Reïntegratie voor jongeren zonder startkwalificatie",
        "Jongeren zonder diploma krijgen begeleiding naar school of werk.",
        "Wekelijks gesprek met een jongerencoach en een stage bij een leerbedrijf.",
    ),
    (
        "orientatie-zorg",
        "Oriëntatie op werken in de zorg",
        "Je maakt kennis met beroepen in de zorg en loopt een dag mee.",
        "Drie bijeenkomsten en een meeloopdag in een verpleeghuis.",
    ),
    (
        "beroepsorientatie-techniek",
        "Beroepsoriëntatie techniek",
        "Ontdek welke technische beroepen bij je passen: installatietechniek, metaal en elektro.",
        "Praktijkopdrachten in de werkplaats van een opleidingsbedrijf.",
    ),
    (
        "schuldenpreventie",
        "Preventie van schulden voor werkzoekenden",
        "Je leert je geldzaken op orde houden zodat er geen nieuwe schulden ontstaan.",
        "Groepsbijeenkomsten over budgetteren, rekeningen en toeslagen.",
    ),
    (
        "schuldeisers-bemiddeling",
        "Bemiddeling met schuldeisers",
        "Een schuldhulpverlener regelt een betalingsregeling met al je schuldeisers.",
        "Je levert je papieren aan; de schuldhulpverlener doet de rest.",
    ),
    (
        "nederlandse-taal-nt2",
        "Cursus Nederlandse taal (NT2)",
        "Een cursus Nederlands als tweede taal voor anderstaligen, gericht op werk.",
        "Twee lessen per week in een kleine groep met een NT2-docent.",
    ),
    (
        "taalcoach-vrijwilliger",
        "Taalcoach aan huis",
        "Een vrijwillige taalcoach oefent thuis met je Nederlands praten.",
        "Eén keer per week een uur oefenen met gesprekken uit het dagelijks leven.",
    ),
    (
        "sollicitatiegesprek-oefenen",
        "Oefenen met sollicitatiegesprekken",
        "Je oefent sollicitatiegesprekken met echte werkgevers en krijgt tips.",
        "Rollenspel met video-opname en nabespreking.",
    ),
    (
        "solliciteren-met-beperking",
        "Solliciteren met een arbeidsbeperking",
        "Hoe vertel je een werkgever over je beperking? Je leert solliciteren op je eigen manier.",
        "Vijf bijeenkomsten met ervaringsdeskundigen.",
    ),
    (
        "heftruck-reachtruck",
        "Cursus heftruck en reachtruck",
        "Je haalt het certificaat voor heftruck en reachtruck voor werk in een magazijn of distributiecentrum.",
        "Twee praktijkdagen en een examen.",
    ),
    (
        "magazijnmedewerker-opleiding",
        "Opleiding magazijnmedewerker",
        "Een korte opleiding tot magazijnmedewerker met een stage bij een logistiek bedrijf.",
        "Acht weken les en praktijk, daarna een baangarantie bij goed resultaat.",
    ),
    (
        "vrijwilligerswerk-vacaturebank",
        "Vrijwilligerswerk via de vacaturebank",
        "Vind vrijwilligerswerk dat bij je past, als eerste stap naar betaald werk.",
        "Een consulent zoekt met je in de vacaturebank voor vrijwilligers.",
    ),
    (
        "digitaal-vaardig",
        "Digitaal vaardig: werken met de computer",
        "Je leert e-mailen, documenten maken en veilig internetten.",
        "Een computercursus in het wijkcentrum, in je eigen tempo.",
    ),
    (
        "werkfit-traject",
        "Werkfit-traject",
        "Een traject om je werkfit te maken: ritme, werknemersvaardigheden en belastbaarheid.",
        "Zes maanden, drie dagdelen per week in een leerwerkbedrijf.",
    ),
    (
        "participatieplaats",
        "Participatieplaats met behoud van uitkering",
        "Je doet onbetaald werk met behoud van uitkering om ervaring op te doen.",
        "Maximaal een jaar, met begeleiding van een participatiecoach.",
    ),
    (
        "loopbaanadvies-50plus",
        "Loopbaanadvies voor 50-plussers",
        "Loopbaanbegeleiding voor werkzoekenden van vijftig jaar en ouder.",
        "Gesprekken met een loopbaanadviseur en een netwerkbijeenkomst.",
    ),
    (
        "netwerken-training",
        "Training netwerken en LinkedIn",
        "Je leert je netwerk gebruiken om werk te vinden, ook online met LinkedIn.",
        "Twee workshops en persoonlijke feedback op je profiel.",
    ),
    (
        "kinderopvangtoeslag-hulp",
        "Hulp bij kinderopvang en toeslagen",
        "Je krijgt hulp bij het regelen van kinderopvang en het aanvragen van toeslagen.",
        "Een consulent helpt met de formulieren.",
    ),
    (
        "verslavingszorg-werk",
        "Werk en verslaving",
        "Begeleiding naar werk voor mensen die herstellen van een verslaving.",
        "Samen met de verslavingszorg maak je een plan voor dagbesteding en werk.",
    ),
    (
        "psychische-klachten-ips",
        "IPS: werk bij psychische klachten",
        "Individuele plaatsing en steun (IPS) helpt mensen met psychische klachten aan betaald werk.",
        "Een IPS-trajectbegeleider zoekt snel werk en blijft je steunen.",
    ),
    (
        "ondernemen-vanuit-uitkering",
        "Starten als zelfstandig ondernemer vanuit een uitkering",
        "Onderzoek of je een eigen bedrijf kunt starten, met een voorbereidingsperiode.",
        "Een bedrijfsadviseur beoordeelt je ondernemingsplan.",
    ),
    (
        "rijbewijs-b",
        "Rijbewijs B voor werk",
        "Een bijdrage in je rijlessen als je een rijbewijs nodig hebt voor een baan.",
        "Je krijgt een voucher voor een rijschool.",
    ),
    (
        "kledingbank-sollicitatie",
        "Kleding voor je sollicitatie",
        "Je kiest gratis nette kleding voor een sollicitatiegesprek of je eerste werkdag.",
        "Een afspraak bij de kledingbank met een stylist.",
    ),
    (
        "arbeidsmarktregio-banenmarkt",
        "Banenmarkt in de arbeidsmarktregio",
        "Op de banenmarkt ontmoet je werkgevers uit de regio met vacatures.",
        "Twee keer per jaar, met workshops over solliciteren.",
    ),
    (
        "werkgeversbenadering",
        "Werkgeversbenadering door een accountmanager",
        "Een accountmanager benadert werkgevers voor jou en zoekt een passende vacature.",
        "Jobhunting op maat.",
    ),
    (
        "jobhunter",
        "Jobhunter voor statushouders",
        "Een jobhunter zoekt werk voor statushouders en begeleidt de eerste maanden.",
        "Intensieve bemiddeling en nazorg op de werkplek.",
    ),
    (
        "gezondheid-leefstijl",
        "Gezonde leefstijl en bewegen",
        "Je werkt aan je gezondheid met sport, voeding en slaap, zodat werk beter lukt.",
        "Een leefstijlcoach en wekelijks sporten in een groep.",
    ),
    (
        "rouw-verlies",
        "Omgaan met verlies en rouw",
        "Steun als je iemand verloren hebt en werken even niet lukt.",
        "Gesprekken met een rouwbegeleider.",
    ),
    (
        "administratie-thuis",
        "Thuisadministratie op orde",
        "Een vrijwilliger helpt je je administratie thuis te ordenen.",
        "Een paar huisbezoeken met een ordner en een overzicht.",
    ),
]


def extra_instruments() -> list[Instrument]:
    """The instruments written for the relevance set, valid and published."""
    return [
        an_instrument(
            id=f"rel-{key}",
            name=name,
            summary=summary,
            aim="Je komt dichter bij werk.",
            method=method,
            execution_forms=[ExecutionForm.COACHING],
            tiles=[Tile.ORIENTATIE],
            client_characteristics=[ClientCharacteristic.BASIS_WERKNEMERSVAARDIGHEDEN],
        )
        for key, name, summary, method in _WRITTEN
    ]


def catalogue() -> list[Instrument]:
    """The demo catalogue's published instruments and the written ones."""
    return [i for i in demo_catalogue() if i.is_complete] + extra_instruments()


@frozen
class Query:
    """One query, what kind of difficulty it shows, and the instruments judged relevant (empty: find nothing)."""

    text: str
    kind: str
    relevant: frozenset[str]


def _q(text: str, kind: str, *relevant: str) -> Query:
    return Query(text, kind, frozenset(r if not r.startswith("~") else f"rel-{r[1:]}" for r in relevant))


QUERIES = [
    # Inflections: plurals, verbs and nouns.
    _q(
        "cursussen",
        "inflection",
        "vca-cursus-utrecht",
        "~nederlandse-taal-nt2",
        "~heftruck-reachtruck",
        "~digitaal-vaardig",
    ),
    _q(
        "trainingen",
        "inflection",
        "werknemersvaardigheden-training",
        "empowerment-amersfoort",
        "mindfulness-amersfoort",
    ),
    _q(
        "solliciteren",
        "inflection",
        "sollicitatietraining-utrecht",
        "~solliciteren-met-beperking",
        "~sollicitatiegesprek-oefenen",
        "~kledingbank-sollicitatie",
    ),
    _q(
        "sollicitatie",
        "inflection",
        "sollicitatietraining-utrecht",
        "~sollicitatiegesprek-oefenen",
        "~kledingbank-sollicitatie",
        "~solliciteren-met-beperking",
    ),
    _q("schuld", "inflection", "schuldhulpverlening-utrecht", "~schuldenpreventie", "~schuldeisers-bemiddeling"),
    _q("schulden", "inflection", "schuldhulpverlening-utrecht", "~schuldenpreventie", "~schuldeisers-bemiddeling"),
    _q("oriëntaties", "inflection", "~orientatie-zorg", "~beroepsorientatie-techniek"),
    _q(
        "werkgever",
        "inflection",
        "speeddate-werkgevers-utrecht",
        "werkgeversservicepunt-zwolle",
        "duurzame-inzetbaarheid-zwolle",
        "~werkgeversbenadering",
    ),
    _q(
        "vaardigheid",
        "inflection",
        "digitale-vaardigheden-utrecht",
        "werknemersvaardigheden-training",
        "sollicitatietraining-utrecht",
        "e-learning-21e-eeuw",
    ),
    _q(
        "coaches",
        "inflection",
        "loopbaancoaching-utrecht",
        "wandelcoaching-amersfoort",
        "ondernemerscoach-zwolle",
        "inkomenscoach-zwolle",
    ),
    _q("plekken", "inflection", "werkervaringsplek-schakel", "werkplekaanpassing-utrecht"),
    _q(
        "begeleiding",
        "inflection",
        "stress-sensitieve-begeleiding",
        "dagbesteding-zwolle",
        "~reintegratie-jongeren",
        "~verslavingszorg-werk",
    ),
    _q("stages", "inflection", "snuffelstage-amersfoort", "~magazijnmedewerker-opleiding", "~reintegratie-jongeren"),
    _q(
        "taallessen",
        "inflection",
        "~nederlandse-taal-nt2",
        "taaltraining-werk-utrecht",
        "flankerende-taaltraining-utrecht",
    ),
    # Compounds: a part finds the whole, and separate words find the compound.
    _q(
        "coaching",
        "compound-part",
        "jobcoaching-utrecht",
        "loopbaancoaching-utrecht",
        "jobcoaching-amersfoort",
        "ondernemerscoach-zwolle",
        "wandelcoaching-amersfoort",
    ),
    _q(
        "taal",
        "compound-part",
        "taaltraining-werk-utrecht",
        "flankerende-taaltraining-utrecht",
        "~nederlandse-taal-nt2",
        "~taalcoach-vrijwilliger",
    ),
    _q("werknemers", "compound-part", "werknemersvaardigheden-training", "~werkfit-traject"),
    _q("ervaring", "compound-part", "werkervaringsplek-schakel", "jobcoaching-amersfoort", "~participatieplaats"),
    _q("diagnostiek", "compound-part", "psychodiagnostiek-utrecht"),
    _q("subsidie", "compound-part", "loonkostensubsidie-utrecht"),
    _q("hulpverlening", "compound-part", "schuldhulpverlening-utrecht"),
    _q("aanpassing", "compound-part", "werkplekaanpassing-utrecht"),
    _q("opvang", "compound-part", "makelaar-kinderopvang", "~kinderopvangtoeslag-hulp"),
    _q("markt", "compound-part", "~arbeidsmarktregio-banenmarkt"),
    _q("truck", "compound-part", "heftruckdiploma-utrecht", "~heftruck-reachtruck"),
    _q("taal training", "compound-split", "taaltraining-werk-utrecht", "flankerende-taaltraining-utrecht"),
    _q("loopbaan coaching", "compound-split", "loopbaancoaching-utrecht", "~loopbaanadvies-50plus"),
    _q("schuld hulp", "compound-split", "schuldhulpverlening-utrecht"),
    _q("werk ervaring plek", "compound-split", "werkervaringsplek-schakel"),
    _q("job coach", "compound-split", "jobcoaching-utrecht", "jobcoaching-amersfoort"),
    _q("kinder opvang", "compound-split", "makelaar-kinderopvang", "~kinderopvangtoeslag-hulp"),
    _q("loopbaancoach", "compound-join", "loopbaancoaching-utrecht", "~loopbaanadvies-50plus"),
    _q("sollicitatiecursus", "compound-join", "sollicitatietraining-utrecht", "~sollicitatiegesprek-oefenen"),
    _q("computercursus", "compound-join", "~digitaal-vaardig", "digitale-vaardigheden-utrecht"),
    _q("werkplek", "compound-join", "werkplekaanpassing-utrecht", "werkervaringsplek-schakel", "jobcoaching-utrecht"),
    _q("budgetcoaching", "compound-join", "budgetcoach-overvecht", "~schuldenpreventie"),
    # Typos.
    _q("vaardigheidstrainng", "typo", "digitale-vaardigheden-utrecht"),
    _q("loopbaancoatching", "typo", "loopbaancoaching-utrecht"),
    _q("werkervaringplek", "typo", "werkervaringsplek-schakel"),
    _q("sollicitatietrainig", "typo", "sollicitatietraining-utrecht"),
    _q("schuldhulpverleneing", "typo", "schuldhulpverlening-utrecht"),
    _q("mindfullness", "typo", "mindfulness-amersfoort"),
    _q("heftruk", "typo", "heftruckdiploma-utrecht", "~heftruck-reachtruck"),
    _q("empowermenttrainig", "typo", "empowerment-amersfoort"),
    _q("psychodiagnostisch onderzoek", "phrase", "psychodiagnostiek-utrecht"),
    _q("kinderopvnag", "typo", "makelaar-kinderopvang", "~kinderopvangtoeslag-hulp"),
    # Accents and hyphens.
    _q("orientatie", "accent", "~orientatie-zorg", "~beroepsorientatie-techniek"),
    _q("ORIËNTATIE ZORG", "accent", "~orientatie-zorg"),
    _q("reintegratie", "accent", "~re-integratie-na-ziekte", "~reintegratie-jongeren"),
    _q("re-integratie", "accent", "~re-integratie-na-ziekte", "~reintegratie-jongeren"),
    _q("reïntegratie", "accent", "~re-integratie-na-ziekte", "~reintegratie-jongeren"),
    _q("e-learning", "accent", "e-learning-21e-eeuw"),
    # Several words.
    _q(
        "werk zoeken met een beperking",
        "multi-word",
        "~solliciteren-met-beperking",
        "werkplekaanpassing-utrecht",
        "loonkostensubsidie-utrecht",
    ),
    _q("fiets leren", "multi-word", "fietslessen-amersfoort"),
    _q("hulp bij geld", "multi-word", "schuldhulpverlening-utrecht", "budgetcoach-overvecht", "~schuldenpreventie"),
    _q(
        "nederlands leren op het werk",
        "multi-word",
        "taaltraining-werk-utrecht",
        "flankerende-taaltraining-utrecht",
        "~nederlandse-taal-nt2",
    ),
    _q("eigen bedrijf starten", "multi-word", "ondernemerscoach-zwolle", "~ondernemen-vanuit-uitkering"),
    _q("werk bij psychische klachten", "multi-word", "~psychische-klachten-ips"),
    _q("statushouders werk", "multi-word", "werken-in-nederland-statushouders", "~jobhunter"),
    _q("stress en geldzorgen", "multi-word", "stress-sensitieve-begeleiding"),
    _q("cv maken", "multi-word", "cv-training-individueel", "sollicitatietraining-utrecht"),
    _q("rijles", "multi-word", "~rijbewijs-b"),
    # Must find nothing.
    _q("paardrijden", "nothing"),
    _q("vliegtuigbouw", "nothing"),
    _q("xqzv", "nothing"),
    _q("quantumfysica", "nothing"),
    _q("tandarts", "nothing"),
    _q("belastingaangifte buitenland", "nothing"),
]


def evaluate(search: Callable[[str], list[str]], queries: Iterable[Query] = QUERIES) -> dict[str, float]:
    """MRR and recall@5 of *search* (query text -> ranked ids), and the share of must-find-nothing queries passed."""
    ranks, recalls, empty = [], [], []
    for query in queries:
        found = search(query.text)
        if not query.relevant:
            empty.append(float(not found))
            continue
        first = next((n for n, found_id in enumerate(found, start=1) if found_id in query.relevant), None)
        ranks.append(0.0 if first is None else 1.0 / first)
        recalls.append(len(query.relevant & set(found[:5])) / min(len(query.relevant), 5))
    return {
        "mrr": statistics.fmean(ranks or [1.0]),
        "recall@5": statistics.fmean(recalls or [1.0]),
        "nothing": statistics.fmean(empty or [1.0]),
        "queries": float(len(ranks) + len(empty)),
    }


def by_kind(search: Callable[[str], list[str]]) -> dict[str, dict[str, float]]:
    """`evaluate` per kind of query."""
    kinds = sorted({q.kind for q in QUERIES})
    return {kind: evaluate(search, [q for q in QUERIES if q.kind == kind]) for kind in kinds}
