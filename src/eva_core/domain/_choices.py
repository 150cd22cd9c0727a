"""The format's choice lists: tiles, client characteristics and the smaller lists of Stap 1 and Stap 2.

Every member's value is its stable key (what JSON stores); the official Dutch term is its ``label``.
The order of definition is the order the handreiking presents them in, and ``order`` makes it explicit.
Descriptions are our own summaries; the example instrument names are the handreiking's.
"""

from __future__ import annotations

import enum
import unicodedata
from typing import Self, TypeVar

from eva_core.domain._errors import EvaError
from eva_core.domain._messages import say

__all__ = [
    "Choice",
    "ClientCharacteristic",
    "ContactRole",
    "DurationUnit",
    "ExecutionForm",
    "GroupForm",
    "IgmConcept",
    "LocationType",
    "NotAChoice",
    "Tile",
    "WanbergConcept",
]


C = TypeVar("C", bound="Choice")


def _member(cls: type[C], key: str, label: str, description: str) -> C:
    # Enum swaps a base's __new__ for its own once the class exists, so subclasses share this instead.
    member = object.__new__(cls)
    member._value_ = key
    member.label = label
    member.description = description
    return member


class NotAChoice(ValueError, EvaError):
    """A text that is no key (or label) of a choice list; the message names the list (``not-a-choice``)."""

    code = "not-a-choice"

    def __str__(self) -> str:
        return str(self.said)


class Choice(enum.Enum):
    """One entry of a closed list: a stable key (the value) and the official Dutch label."""

    _value_: str
    label: str
    description: str

    def __new__(cls, key: str, label: str, description: str = "") -> Self:
        return _member(cls, key, label, description)

    @property
    def key(self) -> str:
        """The stable key, as stored in JSON."""
        return self._value_

    @property
    def order(self) -> int:
        """Position in the handreiking's own order, starting at 1."""
        return type(self)._member_names_.index(self.name) + 1

    @classmethod
    def from_key(cls, key: str) -> Self:
        """The member whose stable key is *key*; raise `NotAChoice` (a ValueError) for any other text."""
        member = cls._value2member_map_.get(key)
        if not isinstance(member, cls):
            raise NotAChoice(say("error.not-a-choice.key", value=key, list=say(f"choice.{cls.__name__}")))
        return member

    @classmethod
    def from_label(cls, text: str) -> Self:
        """Find a member by its key or its Dutch label, ignoring case, surrounding space and Unicode form.

        For spreadsheets and forms, where people type the label; JSON takes the key only.
        """
        wanted = unicodedata.normalize("NFC", " ".join(text.split())).casefold()  # "e" + U+0308 is "ë"
        for member in cls:
            if wanted in (member.key.casefold(), member.label.casefold()):
                return member
        raise NotAChoice(say("error.not-a-choice", value=text, list=say(f"choice.{cls.__name__}")))

    def __str__(self) -> str:
        return self.label


class Tile(Choice):
    """The nine tiles of the werklandschap: where in the route to work or participation a client stands.

    The landscape is not a flow chart: a client's route combines tiles in any order, repeating where needed.
    """

    subtitle: str
    examples: tuple[str, ...]

    def __new__(cls, key: str, label: str, subtitle: str, description: str, examples: tuple[str, ...]) -> Self:
        member = _member(cls, key, label, description)
        member.subtitle = subtitle
        member.examples = examples
        return member

    MELDING = (
        "melding",
        "Melding",
        "start",
        "Eerste contact: iemand vraagt de gemeente om hulp bij werk of meedoen, vaak samen met een "
        "aanvraag voor inkomen. Laagdrempelig, persoonlijk, en alert op andere problemen.",
        (),
    )
    DIAGNOSTIEK = (
        "diagnostiek",
        "Diagnostiek",
        "opstellen klantbeeld",
        "In een paar gesprekken breng je samen met de klant in kaart wat er speelt en wat kan. "
        "Dat wordt het klantbeeld, dat je bijstelt zodra er iets verandert.",
        (
            "Uitvraag levensgebieden en persoonskenmerken",
            "Gevalideerde diagnose-instrumenten",
            "Opstellen plan van aanpak en perspectief",
            "Klantprofiel aanpassen na interventies",
        ),
    )
    ORIENTATIE = (
        "orientatie",
        "Oriëntatie",
        "op de arbeidsmarkt",
        "Uitzoeken welk werk of welke loopbaan past en welke kansen de arbeidsmarkt nu biedt, "
        "stap voor stap, met testen, stages en gesprekken.",
        (
            "Testen (competenties, capaciteiten en leervermogen, affiniteiten, beroepen)",
            "Mogelijkheden van functies en bedrijven zoeken",
            "Begeleidingsgesprekken",
            "Werkervaringsplekken",
            "Stages",
        ),
    )
    MAATSCHAPPELIJK_FIT = (
        "maatschappelijk_fit",
        "Maatschappelijk fit",
        "meedoen, in balans zijn en participeren",
        "De basis op orde brengen om mee te kunnen doen: geldzaken, basisvaardigheden, gezondheid. "
        "Soms een opstap naar werk, soms is meedoen zelf het doel.",
        (
            "Basisvaardigheden (taal, rekenen, sociale vaardigheden en digitale vaardigheden)",
            "Schuldhulp",
            "Voedselbank",
            "Voorzieningencheck",
            "Stress-sensitieve begeleiding",
            "Vrijwilligerswerk",
            "Dagbesteding",
            "Mantelzorg",
        ),
    )
    WERK_FIT = (
        "werk_fit",
        "Werk fit",
        "klaar voor werk",
        "De klant sterker maken voor betaald werk of een opleiding: vaardigheden, motivatie, "
        "volharding en het oplossen van belemmeringen, in haalbare stappen.",
        (
            "Werknemersvaardigheden",
            "Vakvaardigheden",
            "Sollicitatievaardigheden",
            "Presentatievaardigheden",
            "Jobcoaching",
            "Opvang voor zorgtaken",
        ),
    )
    OPLEIDEN = (
        "opleiden",
        "Opleiden",
        "kwalificeren",
        "Leren voor een diploma, certificaat of praktijkverklaring, of werken en leren tegelijk.",
        (
            "Certificaat (VCA, heftruck etc.)",
            "Kwalificatie (mbo, aangepast mbo, BBL, BOL)",
            "Leerwerktrajecten",
            "Praktijk leren in het mbo (praktijkverklaring)",
            "Open- en Edu-badges",
        ),
    )
    BEMIDDELING = (
        "bemiddeling",
        "Bemiddeling",
        "kandidaten en vacatures koppelen",
        "Klant en werkgever bij elkaar brengen, ook voor vacatures die er straks komen, "
        "met oog voor talenten en bedrijfscultuur in plaats van alleen diploma's.",
        (
            "Speeddates",
            "Verkennend gesprek",
            "Sollicitatiegesprek",
            "Ondersteunende begeleiding tijdens gesprek",
            "Werkgevers Service Punt (WSP)",
        ),
    )
    PLAATSING = (
        "plaatsing",
        "Plaatsing",
        "werkelijk aan de slag",
        "Afspreken met werkgever en klant welke voorzieningen een plaatsing laten slagen, "
        "welke risico's er zijn en hoe de nazorg loopt.",
        ("Praktijkroute", "Loonkostensubsidie (LKS)", "Werkplekaanpassing", "Jobcoaching"),
    )
    NAZORG = (
        "nazorg",
        "Nazorg",
        "voor duurzame plaatsing",
        "Steun na de start, voor klant, werkgever of collega's, van even nabellen tot vaste begeleiding, "
        "en op tijd ingrijpen als het werk dreigt te stoppen.",
        ("Jobcoaching", "Ondersteuning werkgever", "Instrumenten duurzame inzetbaarheid (DI)"),
    )


class IgmConcept(Choice):
    """Concepts of the integrative behaviour model (IGM, after Blonk 2018) behind the client characteristics."""

    ATTITUDE = ("attitude", "Attitude", "Wat iemand verwacht dat werken oplevert of kost.")
    SOCIALE_NORM = ("sociale_norm", "Sociale druk en steun", "Wat anderen doen en van iemand verwachten.")
    EIGEN_EFFECTIVITEIT = (
        "eigen_effectiviteit",
        "Geloof in eigen kunnen (self-efficacy)",
        "Vertrouwen dat het lukt, ook als het moeilijk wordt.",
    )
    VAARDIGHEDEN = ("vaardigheden", "Vaardigheden", "Werkzoek-, vak- en werknemersvaardigheden.")
    ZELFREGULERING = (
        "zelfregulering",
        "Zelfregulering",
        "Doelen stellen, tegenslag opvangen, een plan B maken, jezelf volgen en terugkijken.",
    )
    BELEMMERINGEN = ("belemmeringen", "Belemmeringen", "Wat de stap van willen naar doen in de weg zit.")
    DOEL = ("doel", "Doel: baan", "Het perspectief waar zoeken naar toe werkt.")


class WanbergConcept(Choice):
    """Concepts of Wanberg, Hough and Song's (2002) vulnerability model that the IGM's barriers borrow."""

    MENSELIJK_KAPITAAL = ("menselijk_kapitaal", "Menselijk kapitaal", "Opleiding, ervaring en vaardigheden.")
    SOCIAAL_KAPITAAL = ("sociaal_kapitaal", "Sociaal kapitaal", "Een netwerk dat meedenkt en helpt.")
    ECONOMISCHE_BELONING = ("economische_beloning", "Economische beloning", "Financiële druk om te werken.")
    BELEMMERINGEN = (
        "belemmeringen",
        "Belemmeringen",
        "Fysieke, psychische, verstandelijke of praktische beperkingen.",
    )
    DISCRIMINATIE = ("discriminatie", "Discriminatie", "Werkgevers die kandidaten ongelijk behandelen.")
    VRAAG_ARBEIDSMARKT = (
        "vraag_arbeidsmarkt",
        "Vraag naar arbeidskrachten",
        "Hoeveel werk werkgevers bieden.",
    )


class ClientCharacteristic(Choice):
    """The changeable characteristics of a client that an instrument works on (klantkenmerken).

    Ten characteristics, numbered as in the handreiking; three of them (5, 8, 10) are groups whose
    sub-characteristics are the ones instruments link to, so there are 14 leaves.
    """

    number: str
    parent_key: str | None
    examples: tuple[str, ...]
    igm: tuple[IgmConcept, ...]
    wanberg: tuple[WanbergConcept, ...]

    def __new__(  # noqa: PLR0913, PLR0917 - each member is one row of the handreiking's table
        cls,
        key: str,
        number: str,
        label: str,
        parent_key: str | None,
        description: str,
        examples: tuple[str, ...],
        igm: tuple[IgmConcept, ...] = (),
        wanberg: tuple[WanbergConcept, ...] = (),
    ) -> Self:
        member = _member(cls, key, label, description)
        member.number = number
        member.parent_key = parent_key
        member.examples = examples
        member.igm = igm
        member.wanberg = wanberg
        return member

    BEROEPSKEUZE = (
        "beroepskeuze",
        "1",
        "Beroepskeuze, beroepsvoorkeur en beroepsoriëntatie",
        None,
        "Ontdekken welk beroep past en hoe de arbeidsmarkt eruitziet.",
        (
            "Competentietesten",
            "Capaciteitentesten",
            "Loopbaancoaching",
            "Training kennis- en sollicitatiecentrum",
            "In-Werkweek",
            "Snuffelstage via uitzendbureau",
        ),
        (IgmConcept.DOEL,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    WILLEN_EN_GELOOF = (
        "willen_en_geloof",
        "2",
        "Willen en geloof in eigen kunnen",
        None,
        "Motivatie om te zoeken of mee te doen, gevoed door vertrouwen in jezelf, wat werk je oplevert "
        "en wat mensen om je heen doen.",
        ("Proefplaatsing", "Empowermenttraining", "Interne/externe jobcoaching"),
        (IgmConcept.ATTITUDE, IgmConcept.SOCIALE_NORM, IgmConcept.EIGEN_EFFECTIVITEIT),
        (WanbergConcept.ECONOMISCHE_BELONING,),
    )
    SOCIALE_STEUN = (
        "sociale_steun",
        "3",
        "Sociale steun en netwerk",
        None,
        "Mensen om de klant heen die praktisch of emotioneel helpen bij zoeken, vinden en houden van werk.",
        (
            "Sociale kaart",
            "Training netwerken",
            "Jobcoaching",
            "Empowermenttraining",
            "Sociaal casemanager",
            "Meehelpen in een buurthuis",
        ),
        (IgmConcept.SOCIALE_NORM,),
        (WanbergConcept.SOCIAAL_KAPITAAL,),
    )
    ZELFREGIE = (
        "zelfregie",
        "4",
        "Zelfregie/zelfsturing",
        None,
        "Richting geven aan je leven: doelen kiezen, bijsturen na tegenslag en een plan B bedenken.",
        ("Coaching", "Empowermenttraining", "Workshop daklozen"),
        (IgmConcept.ZELFREGULERING,),
    )
    AANDACHTSPUNTEN = (
        "aandachtspunten",
        "5",
        "Aandachtspunten klant",
        None,
        "Psychosociale, lichamelijke en praktische zaken die meedoen of werken lastig maken.",
        (),
        (IgmConcept.BELEMMERINGEN,),
        (WanbergConcept.BELEMMERINGEN,),
    )
    PSYCHOSOCIAAL = (
        "psychosociaal",
        "5.1",
        "Psychosociale aandachtspunten",
        "aandachtspunten",
        "Gevoelens, gedachten, stress en omgang met anderen die het functioneren beïnvloeden.",
        (
            "Verdiepende diagnose-instrumenten",
            "Psychodiagnostiek",
            "Training samenwerken",
            "(Wandel)coaching",
            "Sociaal casemanager",
            "Mindfulnesstraining",
        ),
        (IgmConcept.BELEMMERINGEN,),
        (WanbergConcept.BELEMMERINGEN,),
    )
    LICHAMELIJK = (
        "lichamelijk",
        "5.2",
        "Lichamelijke aandachtspunten",
        "aandachtspunten",
        "Fysieke beperkingen in belastbaarheid, bewegen, zintuigen of tempo, en een ongezonde leefstijl.",
        (
            "Belastbaarheidsonderzoek/keuring",
            "Werkplekaanpassing",
            "Leer-werktrajecten",
            "Inzet hulpmiddelen",
            "Arbo-advies",
            "Arbeidsdeskundig advies",
        ),
        (IgmConcept.BELEMMERINGEN,),
        (WanbergConcept.BELEMMERINGEN,),
    )
    PRAKTISCH = (
        "praktisch",
        "5.3",
        "Praktische aandachtspunten",
        "aandachtspunten",
        "Praktische zaken zoals kinderopvang, zorgtaken, vervoer, schulden, justitie, wonen en verslaving.",
        (
            "Uitkomen met inkomen (STMR)",
            "Schuldhulpverlening",
            "Inkomenscoach training on the job",
            "Budgetbeheer",
            "Training 'Jij en je zorgverzekering'",
            "Werknemerscheck",
            "Sociaal casemanager",
            "Sociaal raadsman/vrouw",
            "Makelaar kinderopvang",
            "Verstrekking van fiets of laptop",
        ),
        (IgmConcept.BELEMMERINGEN,),
        (WanbergConcept.BELEMMERINGEN, WanbergConcept.ECONOMISCHE_BELONING),
    )
    BASISVAARDIGHEDEN = (
        "basisvaardigheden",
        "6",
        "Basisvaardigheden",
        None,
        "Nederlands lezen, schrijven, verstaan en spreken, rekenen en digitale vaardigheden.",
        (
            "Taalondersteuning voor mensen met een lage leerbaarheid",
            "Flankerende taaltraining",
            "Leren communiceren in een groep",
            "E-learning gericht op het versterken van basisvaardigheden",
            "Digitale vaardigheidstraining",
        ),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    SOCIALE_CULTURELE_VAARDIGHEDEN = (
        "sociale_culturele_vaardigheden",
        "7",
        "Sociale en culturele vaardigheden",
        None,
        "Communiceren, samenwerken en afspraken nakomen, en goed omgaan met mensen met een andere achtergrond.",
        (
            "Training voor statushouders over werken in Nederland",
            "Sociale vaardigheidstraining",
            "Vrijwilligerswerk",
            "Werkervaringsplek",
            "Wonen in Nederland",
            "Fietslessen",
        ),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    WERKNEMERSVAARDIGHEDEN = (
        "werknemersvaardigheden",
        "8",
        "Werknemersvaardigheden",
        None,
        "Wat een werknemer nodig heeft om goed te functioneren, nu en in de toekomst.",
        (),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    BASIS_WERKNEMERSVAARDIGHEDEN = (
        "basis_werknemersvaardigheden",
        "8.1",
        "Basis werknemersvaardigheden",
        "werknemersvaardigheden",
        "Werktempo, ritme, doorzetten, nauwkeurig en zelfstandig werken, weten hoe het op het werk gaat.",
        ("Training werknemersvaardigheden", "Leer-werktrajecten", "Werkervaringsplek", "Coaching"),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    TOEKOMSTIGE_WERKNEMERSVAARDIGHEDEN = (
        "toekomstige_werknemersvaardigheden",
        "8.2",
        "Toekomstige werknemersvaardigheden",
        "werknemersvaardigheden",
        "Vaardigheden voor de 21e eeuw: kritisch en creatief denken, problemen oplossen, mediawijsheid.",
        ("Training gericht op het versterken van toekomstige werknemersvaardigheden",),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    SOLLICITATIEVAARDIGHEDEN = (
        "sollicitatievaardigheden",
        "9",
        "Sollicitatievaardigheden",
        None,
        "Werk zoeken, netwerk en sociale media inzetten, cv en brief schrijven, een gesprek voeren "
        "en jezelf goed presenteren.",
        (
            "Basistraining sollicitatievaardigheden",
            "E-learning sollicitatievaardigheden",
            "Cv-training (individueel/in een groep)",
            "Video pitch",
            "Training 'Presenteer jezelf'",
        ),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    VAKVAARDIGHEDEN = (
        "vakvaardigheden",
        "10",
        "Vakvaardigheden",
        None,
        "Kennis en kunde voor een vak: papieren halen en ervaring opdoen.",
        (),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    DIPLOMEREN_CERTIFICEREN = (
        "diplomeren_certificeren",
        "10.1",
        "Diplomeren, certificeren en praktijkverklaring",
        "vakvaardigheden",
        "Een diploma, een branchecertificaat of een praktijkverklaring halen, ook voor leidinggeven en veilig werken.",
        ("VCA-cursus", "EVC", "Heftruckdiploma", "Lasdiploma", "Inburgering", "Opleiding ICT"),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )
    WERKERVARING = (
        "werkervaring",
        "10.2",
        "Werkervaring",
        "vakvaardigheden",
        "Ervaring opdoen in een branche, ook zonder diploma of via vrijwilligerswerk.",
        (
            "Leer-werktrajecten/werkervaringsplekken in verschillende branches",
            "Vrijwilligerswerk",
            "Stages",
        ),
        (IgmConcept.VAARDIGHEDEN,),
        (WanbergConcept.MENSELIJK_KAPITAAL,),
    )

    @property
    def parent(self) -> ClientCharacteristic | None:
        """The group this sub-characteristic belongs to, or None at the top level."""
        return None if self.parent_key is None else ClientCharacteristic.from_key(self.parent_key)

    @property
    def children(self) -> tuple[ClientCharacteristic, ...]:
        """The sub-characteristics of a group, in order; empty for every other characteristic."""
        return _CHILDREN[self]

    @property
    def is_group(self) -> bool:
        """True for 5, 8 and 10, which instruments do not link to directly."""
        return bool(_CHILDREN[self])

    @property
    def is_leaf(self) -> bool:
        """True for the 14 characteristics that instruments link to."""
        return not _CHILDREN[self]

    @property
    def leaves(self) -> frozenset[ClientCharacteristic]:
        """The leaves this characteristic stands for: its children if a group, else itself."""
        return _LEAVES[self]

    @classmethod
    def top_level(cls) -> tuple[ClientCharacteristic, ...]:
        """The ten numbered characteristics, groups included."""
        return tuple(c for c in cls if c.parent_key is None)

    @classmethod
    def all_leaves(cls) -> tuple[ClientCharacteristic, ...]:
        """The 14 characteristics instruments link to, in the handreiking's order."""
        return tuple(c for c in cls if c.is_leaf)


_CHILDREN: dict[ClientCharacteristic, tuple[ClientCharacteristic, ...]] = {
    parent: tuple(c for c in ClientCharacteristic if c.parent_key == parent.key) for parent in ClientCharacteristic
}
_LEAVES: dict[ClientCharacteristic, frozenset[ClientCharacteristic]] = {
    c: frozenset(_CHILDREN[c]) if _CHILDREN[c] else frozenset({c}) for c in ClientCharacteristic
}


class ExecutionForm(Choice):
    """How an instrument is carried out (Uitvoeringsvorm); an instrument has one or more."""

    BIJSCHOLING = ("bijscholing", "(Bij)scholing", "Kennis of vaardigheden bijspijkeren.")
    VRIJWILLIGERSWERK = (
        "vrijwilligerswerk",
        "(Vrijwilligers)werk",
        "Meedoen of ervaring opdoen door te werken.",
    )
    BEMIDDELING = ("bemiddeling", "Bemiddeling", "Klant en werkgever met elkaar in contact brengen.")
    COACHING = ("coaching", "Coaching", "Persoonlijke begeleiding door een coach.")
    LEERWERKTRAJECT = ("leerwerktraject", "Leerwerktraject", "Leren en werken gecombineerd.")
    MATERIELE_ONDERSTEUNING = (
        "materiele_ondersteuning",
        "Materiele ondersteuning",
        "Spullen of voorzieningen, zoals een fiets, laptop of aangepaste werkplek.",
    )
    ONDERZOEK = ("onderzoek", "Onderzoek", "Onderzoek naar mogelijkheden, belastbaarheid of situatie.")
    OPLEIDING = ("opleiding", "Opleiding", "Een opleiding die tot een diploma of certificaat leidt.")
    SUBSIDIE_VOUCHER = ("subsidie_voucher", "Subsidie/Voucher", "Geld of een tegoed voor klant of werkgever.")
    TOLKEN_VERTALEN = ("tolken_vertalen", "Tolken/Vertalen", "Hulp bij taal in gesprekken of documenten.")
    VERWIJZING = ("verwijzing", "Verwijzing", "Doorverwijzen naar een andere organisatie of voorziening.")
    VRAGENLIJST = ("vragenlijst", "Vragenlijst", "Een test of vragenlijst die de klant invult.")


class DurationUnit(Choice):
    """The unit of an instrument's total duration (Totale duur (eenheid))."""

    UUR = ("uur", "Uren")
    DAG = ("dag", "Dagen")
    WEEK = ("week", "Weken")
    MAAND = ("maand", "Maanden")


class LocationType(Choice):
    """What kind of place an instrument is carried out at."""

    ADRES = ("adres", "Adres", "Een vast adres.")
    AANBIEDER = ("aanbieder", "Aanbieder", "Bij de aanbieder.")
    WERKGEVER = ("werkgever", "Werkgever", "Op de werkplek bij een werkgever.")
    GEMEENTE = ("gemeente", "Gemeente", "Bij de gemeente.")
    KLANT_THUIS = ("klant_thuis", "Klant thuis", "Bij de klant thuis.")


class GroupForm(Choice):
    """Whether an instrument is offered in a group, individually, or (linking both) either way."""

    INDIVIDUEEL = ("individueel", "Individueel")
    GROEP = ("groep", "Groep")


class ContactRole(Choice):
    """Whether a contact person works for the organisation (intern) or elsewhere (extern)."""

    INTERN = ("intern", "Intern")
    EXTERN = ("extern", "Extern")
