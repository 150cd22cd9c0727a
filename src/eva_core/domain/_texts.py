"""The message catalogue: every text a person reads, by a stable key, in Dutch and in English.

One entry per message: ``"key": ("Dutch", "English")``. Keys are ``<kind>.<code>`` and never change; the
code after the kind is the one programs see (``Problem.code``, ``Exclusion.code``, ``error.code``):

=============== ===========================================================================
``rule.``       what a rule of `eva_core.domain.RULES` asks, one per rule code
``problem.``    a broken rule, said about the field (``problem.<code>``, variants ``problem.<code>.<x>``)
``kind.``       kinds of value, for messages about a value of the wrong type
``exclusion.``  a hard rule that keeps an instrument out of a result, said about the instrument
``reason.``     one part of a score, by reason kind
``quality.``    a point of care in the quality report
``error.``      an `EvaError` by its ``code`` (variants ``error.<code>.<x>``)
``conflict.``   one conflict of a refused batch import
``cli.``        what the ``eva`` command prints
=============== ===========================================================================

Dutch is plain (B1) and says "je" to the reader; placeholders are ``{name}``, with ``{x:euro}``,
``{x:number}``, ``{x:or}`` and ``{n:één|meer}`` as in `eva_core.domain._messages`. Both languages name
the same placeholders (a test checks it). Never put a value of a client profile in a message.
"""

from __future__ import annotations

__all__ = ["TEXTS"]

TEXTS: dict[str, tuple[str, str]] = {
    # What each rule asks (RULES); shown in the docs and in `eva` help.
    "rule.required": (
        "Een verplicht veld (met * in het format) heeft een waarde die niet leeg is.",
        "A required field (marked * in the format) has a value that is not blank.",
    ),
    "rule.required-to-publish": (
        "Een instrument dat je publiceert, heeft minstens één tegel en één klantkenmerk.",
        "An instrument to be published links at least one tile and one client characteristic.",
    ),
    "rule.type": (
        "Een waarde heeft het soort dat het format vraagt (tekst, heel getal, datum, ...).",
        "A value has the type the format asks for (text, whole number, date, ...).",
    ),
    "rule.unknown-field": (
        "Een document bevat alleen velden die het format kent.",
        "A document holds only fields the format knows.",
    ),
    "rule.unknown-choice": (
        "Een keuze staat in de lijst van het format (een tegel, een uitvoeringsvorm, ...).",
        "A choice is one of the format's list (a tile, an execution form, ...).",
    ),
    "rule.control-character": (
        "Tekst bevat geen onzichtbare stuurtekens, C0 of C1 (tab en nieuwe regels mogen wel).",
        "Text holds no invisible control characters, C0 or C1 (tab and line breaks are fine).",
    ),
    "rule.surrogate": (
        "Tekst bevat geen losse UTF-16-surrogaten: dat zijn geen tekens, en geen opslag kan ze bewaren.",
        "Text holds no lone UTF-16 surrogates: they are no character, and no store keeps them.",
    ),
    "rule.bidi-control": (
        "Tekst bevat geen tekens die de leesrichting van wat volgt omkeren (U+202A-U+202E, U+2066-U+2069).",
        "Text holds no characters that reorder what follows (U+202A-U+202E, U+2066-U+2069).",
    ),
    "rule.too-long": (
        "Tekst blijft binnen de grens van het veld (Samenvatting: 500 tekens; de veldentabellen noemen elke grens).",
        "Text stays within its field's limit (Samenvatting: 500 characters; the field tables list each).",
    ),
    "rule.id-format": (
        "Een id bestaat uit letters, cijfers, '.', '_' en '-', en begint met een letter of cijfer.",
        "An id is letters, digits, '.', '_' and '-', and starts with a letter or digit.",
    ),
    "rule.too-large": (
        "Een bedrag of een totale duur blijft binnen de grens van het veld (de veldentabellen noemen die).",
        "An amount or a total duration stays within its field's limit (the field tables list it).",
    ),
    "rule.negative": (
        "Getallen (duur, intensiteit, kosten) zijn niet negatief.",
        "Numbers (duration, intensity, costs) are not negative.",
    ),
    "rule.too-many-hours": (
        "De intensiteit is hoogstens 168 uur, het aantal uren in een week.",
        "Intensity is at most 168 hours, the hours in a week.",
    ),
    "rule.duration-pair": (
        "De totale duur en de eenheid ervan staan er allebei of allebei niet.",
        "Total duration and its unit are given together or not at all.",
    ),
    "rule.cents": ("Kosten zijn in euro's, hoogstens tot op de cent.", "Costs are in euros, to the cent at most."),
    "rule.email": ("Een e-mailadres is goed geschreven.", "An e-mail address is well formed."),
    "rule.phone": (
        "Een telefoonnummer is een Nederlands of internationaal nummer.",
        "A phone number is a Dutch or international number.",
    ),
    "rule.url": ("Een link is een volledig http(s)-adres.", "A link is an absolute http(s) address."),
    "rule.postcode": (
        "Een postcode is vier cijfers en twee letters (1234 AB).",
        "A postcode is four digits and two letters (1234 AB).",
    ),
    "rule.municipality-code": (
        "Een gemeente is een CBS-code: GM en vier cijfers.",
        "A municipality is a CBS code GM followed by four digits.",
    ),
    "rule.region-code": (
        "Een arbeidsmarktregio is een CBS-code: AM en twee cijfers.",
        "An arbeidsmarktregio is a CBS code AM followed by two digits.",
    ),
    "rule.unknown-municipality": (
        "Met een gebiedsindeling: een gemeentecode staat erin, of is opgegaan in een gemeente die erin staat.",
        "With an area classification: a municipality code is in it, or was merged into one that is.",
    ),
    "rule.unknown-region": (
        "Met een gebiedsindeling: de code van een arbeidsmarktregio staat erin.",
        "With an area classification: an arbeidsmarktregio code is in it.",
    ),
    "rule.merged-municipality": (
        "Met een gebiedsindeling: een gemeente die bij een herindeling is opgeheven, telt als haar opvolger.",
        "With an area classification: a municipality a herindeling abolished counts as its successor.",
    ),
    "rule.publish-window": (
        "'Publiceer tot en met' ligt niet vóór 'Publiceer vanaf'; beide dagen tellen mee.",
        "'Publiceer tot en met' does not lie before 'Publiceer vanaf'; both days are included.",
    ),
    "rule.group-characteristic": (
        "Een instrument koppelt subkenmerken, nooit de groepen 5, 8 en 10 zelf.",
        "Instruments link sub-characteristics, never the groups 5, 8 and 10.",
    ),
    "rule.foreign-target-group": (
        "Een doelgroep hoort bij de eigen organisatie van het instrument.",
        "A target group belongs to the instrument's own organisation.",
    ),
    "rule.duplicate": ("Een lijst noemt hetzelfde niet twee keer.", "A list does not name the same item twice."),
    "rule.score-range": (
        "Een score in een beoordeling is een heel getal van 1 tot en met 5.",
        "A rating's score is a whole number from 1 to 5.",
    ),
    "rule.explanation-required": (
        "Bij een score van 1 of 5 hoort een toelichting.",
        "A rating's score of 1 or 5 comes with an explanation of that score.",
    ),
    "rule.general-target-group": (
        "Noem een doelgroep liever niet 'algemeen': zonder doelgroep is het instrument voor iedereen.",
        "A target group called 'algemeen' is strongly advised against: no target group means everyone.",
    ),
    "rule.eva-unreadable": (
        "Een export van Eva is JSON die te lezen is.",
        "An export of Eva's back end is JSON that can be read.",
    ),
    "rule.eva-field-unmapped": (
        "Een veld uit de export van Eva dat geen plaats heeft in het format, wordt gemeld en niet ingelezen.",
        "A key of Eva's export that has no place in the format is reported, not read.",
    ),
    "rule.eva-field-derived": (
        "Een veld dat Eva uit andere velden uitrekent (of uit eigen vaste lijsten haalt), wordt gemeld en niet "
        "ingelezen.",
        "A key Eva works out from other keys (or its own reference data) is reported, not read.",
    ),
    "rule.eva-value-translated": (
        "Een waarde uit een oudere lijst van Eva wordt ingelezen als de keuze die de omzetting van Eva zelf eraan gaf.",
        "A value from Eva's older lists is read as the format's choice e-core's migration gave it.",
    ),
    # A broken rule, said about the field: "<label> (<path>): <message>".
    "problem.required": ("is verplicht en mag niet leeg zijn", "is required and may not be blank"),
    "problem.required-to-publish": (
        "koppel er minstens één voordat je het instrument publiceert",
        "link at least one before publishing",
    ),
    "problem.type": (
        "verwacht {expected}, maar dit is {got}",
        "expected {expected}, got {got}",
    ),
    "problem.unknown-field": ("'{field}' is geen veld van het format", "'{field}' is not a field of the format"),
    "problem.unknown-choice": (
        "'{value}' staat niet in de lijst; kies uit {choices:or}",
        "'{value}' is not on the list; choose from {choices:or}",
    ),
    "problem.control-character": (
        "bevat het onzichtbare stuurteken {character}; haal het weg",
        "holds the invisible control character {character}; remove it",
    ),
    "problem.too-long": (
        "mag hoogstens {limit} tekens lang zijn, maar is er {length}",
        "at most {limit} characters, got {length}",
    ),
    "problem.surrogate": (
        "bevat een ongeldig teken (een losse UTF-16-surrogaat); typ de tekst opnieuw of plak hem als platte tekst",
        "holds an invalid character (a lone UTF-16 surrogate); type the text again or paste it as plain text",
    ),
    "problem.bidi-control": (
        "bevat het onzichtbare teken {character}, dat de leesrichting omkeert; haal het weg",
        "holds the invisible character {character}, which reverses the reading direction; remove it",
    ),
    "problem.id-format": (
        "een id bestaat uit letters, cijfers, '.', '_' en '-', en begint met een letter of cijfer",
        "an id is letters, digits, '.', '_' and '-', and starts with a letter or digit",
    ),
    "problem.too-large": ("mag hoogstens {limit} zijn, maar is {value}", "at most {limit}, got {value}"),
    "problem.too-large.amount": (
        "mag hoogstens {limit:euro} zijn, maar is {value:euro}",
        "at most {limit:euro}, got {value:euro}",
    ),
    "problem.negative": ("mag niet negatief zijn, maar is {value}", "may not be negative, got {value}"),
    "problem.too-many-hours": (
        "mag hoogstens {limit} uur per week zijn, maar is {hours}",
        "at most {limit} hours a week, got {hours}",
    ),
    "problem.duration-pair": (
        "vul de totale duur en de eenheid ervan allebei in",
        "give the total duration and its unit together",
    ),
    "problem.cents": ("mag hoogstens tot op de cent gaan, maar is {value}", "to the cent at most, got {value}"),
    "problem.email": ("'{value}' is geen goed e-mailadres", "'{value}' is not a well-formed e-mail address"),
    "problem.phone": ("'{value}' is geen goed telefoonnummer", "'{value}' is not a phone number"),
    "problem.url": (
        "'{value}' is geen volledig webadres (begin met https://)",
        "'{value}' is not an absolute web address (start with https://)",
    ),
    "problem.postcode": ("'{value}' is geen postcode zoals 1234 AB", "'{value}' is not a postcode such as 1234 AB"),
    "problem.municipality-code": (
        "'{value}' is geen gemeentecode zoals GM0344",
        "'{value}' is not a municipality code such as GM0344",
    ),
    "problem.region-code": (
        "'{value}' is geen code van een arbeidsmarktregio zoals AM18",
        "'{value}' is not an arbeidsmarktregio code such as AM18",
    ),
    "problem.unknown-municipality": (
        "{value} is geen gemeente in de CBS-indeling {year}",
        "{value} is not a municipality in the CBS classification {year}",
    ),
    "problem.unknown-region": (
        "{value} is geen arbeidsmarktregio in de CBS-indeling {year}",
        "{value} is not an arbeidsmarktregio in the CBS classification {year}",
    ),
    "problem.merged-municipality": (
        "{merger}; het instrument geldt daar. Gebruik {new} als je het bewerkt",
        "{merger}; the instrument applies there. Use {new} when you edit it",
    ),
    "problem.merged-municipality.merger": (
        "{old} ({old_name}) is op {day} opgegaan in {new} ({new_name})",
        "{old} ({old_name}) was merged into {new} ({new_name}) on {day}",
    ),
    "problem.merged-municipality.resolved": (
        "{merger}: eva_core gebruikt {new_name}.",
        "{merger}: eva_core uses {new_name}.",
    ),
    "problem.merged-municipality.client": (
        "de gemeente van de klant is bij een herindeling opgegaan in een andere; eva_core gebruikt de nieuwe gemeente",
        "the client's municipality was merged into another; eva_core uses the new municipality",
    ),
    "problem.publish-window": ("{until} ligt vóór {start}", "{until} lies before {start}"),
    "problem.group-characteristic": (
        "koppel de subkenmerken van {groups}, niet de groep zelf",
        "link the sub-characteristics of {groups}, not the group itself",
    ),
    "problem.foreign-target-group": (
        "doelgroep '{group}' hoort bij een andere organisatie",
        "target group '{group}' belongs to another organisation",
    ),
    # Cells of a spreadsheet (eva_core.tabular, eva_core.files).
    "problem.empty-header": (
        "deze kolom heeft geen kop; samengevoegde koppen worden niet gelezen",
        "this column has no header; merged headers are not read",
    ),
    "problem.type.formula": (
        "een formule zonder berekende waarde; open het bestand in Excel en sla het opnieuw op",
        "a formula without a calculated value; open the file in Excel and save it again",
    ),
    "problem.type.json-cell": (
        "'{value}' is geen naam, id of JSON zoals eva_core het schrijft",
        "'{value}' is no name, id or JSON as eva_core writes it",
    ),
    "problem.unknown-key": (
        "{keys:or} staat niet op het blad {sheet} (kolom Sleutel)",
        "{keys:or} is not on the sheet {sheet} (column Sleutel)",
    ),
    "problem.comma-list": (
        "'{value}': zet ; tussen de waarden, geen komma",
        "'{value}': separate the values with ;, not with a comma",
    ),
    "problem.unknown-choice.cell": (
        "'{value}' staat niet in de keuzelijst van {list} (zie het blad Keuzelijsten)",
        "'{value}' is not on the list of {list} (see the sheet Keuzelijsten)",
    ),
    "problem.type.version": (
        "'{value}' is geen versie; laat de kolom Versie staan zoals eva export hem schreef",
        "'{value}' is no version; leave the column Versie as eva export wrote it",
    ),
    "problem.type.yes-no": ("schrijf ja of nee, niet '{value}'", "write ja or nee, not '{value}'"),
    "problem.type.moment": (
        "verwacht een dag, maar dit is een tijdstip ({value})",
        "expected a day, got a moment ({value})",
    ),
    "problem.type.date-cell": (
        "schrijf een datum als d-m-jjjj (1-3-2025) of jjjj-mm-dd, of gebruik een datumcel; niet '{value}'",
        "write a date as d-m-yyyy (1-3-2025) or yyyy-mm-dd, or use a date cell; not '{value}'",
    ),
    "problem.type.amount-cell": (
        "schrijf een bedrag als 1.234,56 of 1234,56; niet '{value}'",
        "write an amount as 1.234,56 or 1234,56; not '{value}'",
    ),
    # A client profile's fields (and a query's parts): said without the value, which may be personal data.
    "problem.type.choice-list": ("moet een lijst van keuzes zijn", "must be a list of choices"),
    "problem.unknown-choice.listed": (
        "noemt iets dat niet in de lijst staat; kies uit {choices:or}",
        "names something that is not on the list; choose from {choices:or}",
    ),
    "problem.unknown-choice.anonymous": (
        "noemt iets dat niet in de lijst staat",
        "names something that is not on the list",
    ),
    "problem.type.id-list": (
        "moet een lijst van id's zijn, elk tekst van 1 tot {limit} tekens",
        "must be a list of ids, each text of 1 to {limit} characters",
    ),
    "problem.type.id": (
        "moet een id zijn: tekst van 1 tot {limit} tekens",
        "must be an id: text of 1 to {limit} characters",
    ),
    "problem.type.date": ("moet een datum zijn", "must be a date"),
    "problem.type.place": (
        "moet een plaats zijn (een Place, bijvoorbeeld van AreaClassification.place)",
        "must be a place (a Place, for example from AreaClassification.place)",
    ),
    "problem.type.amount": ("moet een bedrag in euro's zijn", "must be an amount in euros"),
    "problem.type.days": ("moet een aantal dagen zijn", "must be a number of days"),
    "problem.type.hours": ("moet een heel aantal uren zijn", "must be a whole number of hours"),
    "problem.negative.unsigned": ("mag niet negatief zijn", "may not be negative"),
    "problem.too-many-hours.limit": ("mag hoogstens {limit} uur per week zijn", "at most {limit} hours a week"),
    "problem.unknown-choice.needs": (
        "moet klantkenmerken noemen, met of zonder gewicht",
        "must name client characteristics, with or without a weight",
    ),
    "problem.type.weight": ("een gewicht moet een eindig getal zijn", "a weight must be a finite number"),
    "problem.negative.weight": ("een gewicht mag niet negatief zijn", "a weight may not be negative"),
    "problem.type.criteria": ("moet een Criteria zijn", "must be a Criteria"),
    "problem.type.object": ("moet een object zijn", "must be an object"),
    "problem.type.value": ("heeft niet het juiste soort waarde", "has the wrong kind of value"),
    "problem.type.range": (
        "moet een heel getal van {low} tot en met {high} zijn, maar is {value}",
        "must be a whole number from {low} to {high}, got {value}",
    ),
    "problem.unknown-field.count": (
        "heeft {count} {count:onbekend veld|onbekende velden}",
        "has {count} unknown {count:field|fields}",
    ),
    "problem.duplicate.anonymous": ("noemt iets twee keer", "names something twice"),
    "problem.duplicate": ("'{value}' staat er twee keer in", "'{value}' is listed twice"),
    "problem.duplicate.id": (
        "id '{id}' wordt ook gebruikt door {at}",
        "id '{id}' is also used by {at}",
    ),
    "problem.type.no-such-day": ("'{value}' is geen dag van de kalender", "'{value}' is not a day in the calendar"),
    "problem.unknown-choice.label": (
        "'{value}' is geen sleutel; bedoel je '{key}'?",
        "'{value}' is not a key; did you mean '{key}'?",
    ),
    "problem.score-range": ("een score is 1 tot en met 5, maar is {score}", "a score is 1 to 5, got {score}"),
    "problem.explanation-required": ("licht een score van {score} toe", "explain a score of {score}"),
    "problem.general-target-group": (
        "noem een doelgroep liever niet 'algemeen': zonder doelgroep is het instrument al voor iedereen",
        "better not call a target group 'algemeen': without a target group the instrument is for everyone",
    ),
    "problem.eva-unreadable": (
        "is geen JSON die eva_core kan lezen: {detail}",
        "is no JSON eva_core can read: {detail}",
    ),
    "problem.eva-unreadable.too-deep": ("is te diep genest om te lezen", "is nested too deeply to read"),
    "problem.eva-field-unmapped": (
        "'{field}' heeft geen plaats in het Instrumentenformat 2023 en is niet ingelezen ({count} keer)",
        "'{field}' has no place in the Instrumentenformat 2023 and was not read ({count} {count:time|times})",
    ),
    "problem.eva-field-derived": (
        "Eva rekent {fields} zelf uit (uit andere velden of uit vaste lijsten); eva_core leest ze niet in "
        "({count} keer)",
        "Eva works out {fields} itself (from other fields or fixed lists); eva_core does not read them "
        "({count} {count:time|times})",
    ),
    "problem.eva-value-translated": (
        "'{value}' uit Eva is ingelezen als '{choice}' ({count} keer)",
        "'{value}' from Eva was read as '{choice}' ({count} {count:time|times})",
    ),
    # The format's choice lists, by the class that holds them, as a message names one.
    "choice.Tile": ("tegel", "tile"),
    "choice.ClientCharacteristic": ("klantkenmerk", "client characteristic"),
    "choice.ExecutionForm": ("uitvoeringsvorm", "execution form"),
    "choice.GroupForm": ("groepsvorm", "group form"),
    "choice.DurationUnit": ("eenheid van duur", "unit of duration"),
    "choice.LocationType": ("soort locatie", "type of location"),
    "choice.ContactRole": ("rol van een contact", "contact role"),
    "choice.IgmConcept": ("begrip uit het IGM-model", "concept of the IGM model"),
    "choice.WanbergConcept": ("begrip uit het model van Wanberg", "concept of Wanberg's model"),
    "error.json.duplicate-key": (
        "de sleutel '{key}' staat twee keer in één object",
        "the key '{key}' appears twice in one object",
    ),
    "error.json.not-a-number": ("{name} is geen getal in JSON", "{name} is not a JSON number"),
    "error.invalid-json": ("dit is geen geldige JSON", "this is not valid JSON"),
    "error.invalid-json.syntax": (
        "dit is geen geldige JSON (regel {line}, kolom {column})",
        "this is not valid JSON (line {line}, column {column})",
    ),
    "error.invalid-json.encoding": (
        "dit is geen tekst in UTF-8, UTF-16 of UTF-32, dus geen JSON",
        "this is no UTF-8, UTF-16 or UTF-32 text, so no JSON",
    ),
    "error.not-a-choice": ("'{value}' staat niet in de lijst: geen {list}", "'{value}' is not on the list: no {list}"),
    "error.not-a-choice.key": (
        "'{value}' is geen sleutel van een {list}",
        "'{value}' is not the key of a {list}",
    ),
    # Kinds of value, for "expected <kind>, got <kind>".
    "kind.text": ("tekst", "text"),
    "kind.flag": ("ja of nee (true of false)", "true or false"),
    "kind.whole": ("een geheel getal", "a whole number"),
    "kind.amount": ('een bedrag in euro\'s, zoals "12.50"', 'an amount in euros such as "12.50"'),
    "kind.date": ("een datum als JJJJ-MM-DD", "a date as YYYY-MM-DD"),
    "kind.choice": ("een sleutel uit de lijst {name}", "a key of the list {name}"),
    "kind.record": ("een object {name}", "an object {name}"),
    "kind.list": ("een lijst", "a list"),
    "kind.object": ("een object", "an object"),
    "kind.number": ("een getal", "a number"),
    "kind.null": ("niets (null)", "nothing (null)"),
    "kind.other": ("een waarde van het soort {name}", "a value of the type {name}"),
    # Hard rules that keep an instrument out, said about the instrument ("... wordt alleen aangeboden in X").
    "exclusion.not-published": ("staat niet op publiceren", "is not marked for publication"),
    "exclusion.incomplete": (
        "is niet compleet: er ontbreekt een tegel of een klantkenmerk",
        "is not complete: it lacks a tile or a client characteristic",
    ),
    "exclusion.not-yet-published": ("wordt pas gepubliceerd vanaf {day}", "is published only from {day}"),
    "exclusion.no-longer-published": ("werd gepubliceerd tot en met {day}", "was published until {day}"),
    "exclusion.outside-area": ("wordt alleen aangeboden in {places}", "is offered only in {places}"),
    "exclusion.outside-area.region": ("regio {name}", "region {name}"),
    "exclusion.outside-area.district": ("wijk {name}", "district {name}"),
    "exclusion.outside-area.more": ("nog {count} andere", "{count} more"),
    "exclusion.too-expensive": ("kost {costs:euro}, meer dan het maximum", "costs {costs:euro}, more than the maximum"),
    "exclusion.too-intensive": (
        "vraagt {hours} uur per week, meer dan het maximum",
        "takes {hours} hours a week, more than the maximum",
    ),
    "exclusion.group-form": ("wordt alleen aangeboden als {offered:or}", "is offered only as {offered:or}"),
    "exclusion.execution-form": ("wordt alleen uitgevoerd als {offered:or}", "is carried out only as {offered:or}"),
    "exclusion.already-used": ("is al gebruikt", "was already used"),
    "exclusion.target-group": ("is alleen bedoeld voor {groups:or}", "is meant only for {groups:or}"),
    "exclusion.target-group.unnamed": (
        "noemt geen van de gevraagde doelgroepen",
        "names none of the asked target groups",
    ),
    "exclusion.too-cheap": ("kost {costs:euro}, minder dan het minimum", "costs {costs:euro}, less than the minimum"),
    "exclusion.not-intensive-enough": (
        "vraagt {hours} uur per week, minder dan het minimum",
        "takes {hours} hours a week, less than the minimum",
    ),
    "exclusion.duration": ("duurt korter of langer dan gevraagd", "lasts shorter or longer than asked"),
    "exclusion.tile": ("hoort bij geen van de gevraagde tegels", "belongs to none of the asked tiles"),
    "exclusion.characteristic": (
        "werkt aan geen van de gevraagde klantkenmerken",
        "works on none of the asked client characteristics",
    ),
    "exclusion.location-type": (
        "heeft geen locatie van het gevraagde soort",
        "has no location of the asked type",
    ),
    "exclusion.provider": ("wordt aangeboden door {provider}", "is offered by {provider}"),
    "exclusion.organisation": ("is van {organisation}", "belongs to {organisation}"),
    # Parts of a score, said about the instrument.
    "reason.characteristic": ("werkt aan {label} (+{points})", "works on {label} (+{points})"),
    "reason.tile": ("past in tegel {label} (+{points})", "fits the tile {label} (+{points})"),
    "reason.target_group": ("is bedoeld voor {label} (+{points})", "is meant for {label} (+{points})"),
    "reason.nothing-asked-for": (
        "voldoet aan alle harde eisen, maar werkt aan geen van de gevraagde kenmerken of tegels",
        "meets every hard rule, but works on none of the asked characteristics or tiles",
    ),
    "reason.rating": (
        "wordt door professionals beoordeeld met {rating:.1f} (+{points})",
        "is rated {rating:.1f} by professionals (+{points})",
    ),
    # The quality report: points of care, said about the instrument.
    "quality.incomplete": (
        "mist een tegel of klantkenmerk, dus professionals zien het niet",
        "lacks a tile or client characteristic, so professionals never see it",
    ),
    "quality.publication-ended": ("de publicatie is voorbij ({day})", "its publication has ended ({day})"),
    "quality.publication-ending": ("de publicatie eindigt binnenkort ({day})", "its publication ends soon ({day})"),
    "quality.no-contact": ("noemt geen contactpersoon", "names no contact person"),
    "quality.costs-unexplained": ("noemt kosten zonder toelichting", "gives costs without an explanation"),
    "quality.likely-duplicate": (
        "lijkt op '{other}' van organisatie '{organisation}'",
        "looks like '{other}' of organisation '{organisation}'",
    ),
    "quality.stale": (
        "is lang niet gewijzigd (laatst op {day})",
        "has not changed for a long time (last on {day})",
    ),
    # Coverage of an area (analysis).
    "coverage.heatmap-title": (
        "Aanbod in {area} op {day}: instrumenten per tegel en klantkenmerk",
        "Offer in {area} on {day}: instruments per tile and client characteristic",
    ),
    "coverage.heatmap-scale": ("instrumenten", "instruments"),
    # The HSDS export: names and descriptions of what Eva has no text for.
    "hsds.taxonomy.eva-tegels": ("Tegels van het werklandschap", "Tiles of the werklandschap"),
    "hsds.taxonomy.eva-tegels.about": (
        "De negen tegels van het werklandschap uit het Instrumentenformat 2023: waar een klant staat op de route "
        "naar werk of meedoen.",
        "The nine tiles of the werklandschap of the Instrumentenformat 2023: where a client stands on the route "
        "to work or participation.",
    ),
    "hsds.taxonomy.eva-klantkenmerken": ("Klantkenmerken", "Client characteristics"),
    "hsds.taxonomy.eva-klantkenmerken.about": (
        "De veranderbare kenmerken van een klant waar een instrument aan werkt (Instrumentenformat 2023).",
        "The changeable characteristics of a client that an instrument works on (Instrumentenformat 2023).",
    ),
    "hsds.taxonomy.eva-uitvoeringsvorm": ("Uitvoeringsvormen", "Execution forms"),
    "hsds.taxonomy.eva-uitvoeringsvorm.about": (
        "Hoe een instrument wordt uitgevoerd (Instrumentenformat 2023).",
        "How an instrument is carried out (Instrumentenformat 2023).",
    ),
    "hsds.taxonomy.eva-groepsvorm": ("Groep of individueel", "Group or individual"),
    "hsds.taxonomy.eva-groepsvorm.about": (
        "Of een instrument in een groep of individueel wordt gegeven.",
        "Whether an instrument is given in a group or individually.",
    ),
    "hsds.taxonomy.eva-locatietype": ("Soorten locaties", "Kinds of location"),
    "hsds.taxonomy.eva-locatietype.about": (
        "Wat voor plek een locatie van uitvoering is.",
        "What kind of place a location of execution is.",
    ),
    "hsds.taxonomy.eva-doelgroepen": ("Doelgroepen", "Target groups"),
    "hsds.taxonomy.eva-doelgroepen.about": (
        "Groepen klanten voor wie een instrument vooral bedoeld is, zoals organisaties ze in Eva maken.",
        "Groups of clients an instrument is especially meant for, as organisations make them in Eva.",
    ),
    "hsds.taxonomy.eva-organisaties": ("Organisaties in Eva", "Organisations in Eva"),
    "hsds.taxonomy.eva-organisaties.about": (
        "De gemeentelijke organisatie waarvan het instrument in Eva staat.",
        "The municipal organisation whose catalogue in Eva holds the instrument.",
    ),
    "hsds.organisation.about": (
        "Gemeentelijke organisatie die dit instrument aanbiedt aan haar klanten.",
        "Municipal organisation that offers this instrument to its clients.",
    ),
    "hsds.provider.about": (
        "{name} voert instrumenten voor werk en meedoen uit.",
        "{name} carries out instruments for work and participation.",
    ),
    "hsds.everywhere": ("Heel Nederland", "All of the Netherlands"),
    "hsds.region": ("Arbeidsmarktregio {name}", "Labour market region {name}"),
    "hsds.municipality": ("Gemeente {name}", "Municipality {name}"),
    "hsds.district.about": ("Wijk in {municipality} ({code})", "District in {municipality} ({code})"),
    # The page for professionals (eva serve, /pagina). Never a value of the client's profile in these texts.
    "page.title": ("Instrumenten zoeken voor een klant", "Find instruments for a client"),
    "page.skip": ("Naar de inhoud", "Skip to the content"),
    "page.intro": (
        "Vul in wat je weet over je klant. Alles is vrij te laten. Het profiel wordt niet bewaard: het gaat alleen "
        "mee met deze vraag.",
        "Fill in what you know about your client. Every part may stay empty. The profile is not kept: it only "
        "travels with this request.",
    ),
    "page.key.intro": (
        "Deze pagina is voor professionals. Geef je API-sleutel om te beginnen.",
        "This page is for professionals. Give your API key to begin.",
    ),
    "page.key.label": ("API-sleutel", "API key"),
    "page.key.hint": (
        "De sleutel begint met eva_. Je browser bewaart hem voor deze pagina tot je afmeldt.",
        "The key starts with eva_. Your browser keeps it for this page until you sign out.",
    ),
    "page.key.submit": ("Verder", "Continue"),
    "page.key.wrong": (
        "Dit is geen geldige sleutel van een professional.",
        "This is not a valid key of a professional.",
    ),
    "page.key.needed": (
        "Geef eerst een geldige sleutel van een professional.",
        "First give a valid key of a professional.",
    ),
    "page.sign-out": ("Afmelden", "Sign out"),
    "page.profile": ("Profiel van je klant", "Your client's profile"),
    "page.tiles": ("Tegels van het werklandschap", "Tiles of the werklandschap"),
    "page.tiles.hint": ("Kies de tegels waar je klant nu staat.", "Choose the tiles where your client stands now."),
    "page.needs": ("Klantkenmerken", "Client characteristics"),
    "page.needs.hint": (
        "Kies per kenmerk hoe belangrijk het is. Kies je niets, dan telt het niet mee.",
        "Choose how much each characteristic matters. If you choose nothing, it does not count.",
    ),
    "page.weight.none": ("telt niet mee", "does not count"),
    "page.weight.1": ("1: een beetje", "1: a little"),
    "page.weight.2": ("2: belangrijk", "2: important"),
    "page.weight.3": ("3: heel belangrijk", "3: very important"),
    "page.where-when": ("Waar en wanneer", "Where and when"),
    "page.municipality": ("Gemeente van je klant", "Your client's municipality"),
    "page.municipality.hint": (
        "Naam of CBS-code, zoals Utrecht of GM0344. Leeg: alle gemeenten.",
        "Name or CBS code, such as Utrecht or GM0344. Empty: every municipality.",
    ),
    "page.day": ("Datum", "Day"),
    "page.day.hint": ("Leeg: vandaag.", "Empty: today."),
    "page.search": ("Zoeken op tekst", "Search by text"),
    "page.text": ("Zoekwoorden", "Search words"),
    "page.text.hint": (
        "Bijvoorbeeld taal of jobcoach. Leeg: alle instrumenten die passen.",
        "For example taal or jobcoach. Empty: every instrument that fits.",
    ),
    "page.facet.execution-forms": ("Uitvoeringsvorm", "Execution form"),
    "page.facet.group-forms": ("Groep of individueel", "Group or individual"),
    "page.facet.tiles": ("Per tegel", "Per tile"),
    "page.facet.characteristics": ("Per klantkenmerk", "Per client characteristic"),
    "page.submit": ("Zoek instrumenten", "Find instruments"),
    "page.why-not": ("Waarom (niet)?", "Why (not)?"),
    "page.why-not.label": ("Instrument", "Instrument"),
    "page.why-not.id-hint": ("Het id van het instrument.", "The instrument's id."),
    "page.why-not.submit": ("Leg uit", "Explain"),
    "page.explain": ("Waarom?", "Why?"),
    "page.explain-this": ("Waarom {name}?", "Why {name}?"),
    "page.explanation": ("Uitleg: {name}", "Explanation: {name}"),
    "page.explanation.included": (
        "Dit instrument past bij het profiel, met {score:number} punten:",
        "This instrument fits the profile, with {score:number} points:",
    ),
    "page.explanation.excluded": (
        "Dit instrument valt af voor dit profiel:",
        "This instrument is left out for this profile:",
    ),
    "page.results": ("Instrumenten die passen", "Instruments that fit"),
    "page.results.count": (
        "{total} {total:instrument past|instrumenten passen}; je ziet er {shown}.",
        "{total} {total:instrument fits|instruments fit}; you see {shown}.",
    ),
    "page.score": ("{score:number} punten", "{score:number} points"),
    "page.reasons": ("Waarom het past:", "Why it fits:"),
    "page.no-reasons": ("het profiel vraagt nog niets", "the profile asks for nothing yet"),
    "page.coverage": ("Aanbod in {area} op {day}", "Offer in {area} on {day}"),
    "page.coverage.intro": (
        "Hoeveel gepubliceerde instrumenten er zijn per klantkenmerk en tegel. Een 0 is een gat in het aanbod.",
        "How many published instruments there are per client characteristic and tile. A 0 is a gap in the offer.",
    ),
    "page.coverage.caption": (
        "{empty} van de 126 vakjes {empty:is|zijn} leeg.",
        "{empty} of the 126 cells {empty:is|are} empty.",
    ),
    "page.coverage.corner": ("Klantkenmerk", "Client characteristic"),
    "page.bad-day": (
        "Die datum kan ik niet lezen. Gebruik de datumkiezer.",
        "That day cannot be read. Use the date picker.",
    ),
    "page.unknown-municipality": (
        "Die gemeente ken ik niet. Kies een naam uit de lijst of gebruik de CBS-code.",
        "That municipality is unknown. Choose a name from the list or use the CBS code.",
    ),
    "page.bad-profile": ("Het profiel klopt niet. Kijk de velden na.", "The profile is not right. Check the fields."),
    "page.unknown-instrument": (
        "Dat instrument staat niet in de catalogus.",
        "That instrument is not in the catalogue.",
    ),
    # Errors by code, and what they say around the problems they carry.
    "error.needs-extra": (
        "{what} heeft {package} nodig: pip install 'eva_core[{extra}]'",
        "{what} needs {package}: pip install 'eva_core[{extra}]'",
    ),
    "error.invalid-criteria": ("de zoekvraag klopt niet", "the query is not valid"),
    "error.problem-count": ("{count} {count:probleem|problemen}", "{count} {count:problem|problems}"),
    "error.invalid-record": ("{record} klopt niet", "invalid {record}"),
    "error.invalid-catalogue": ("de instrumenten kloppen niet", "invalid catalogue"),
    "error.invalid-profile": (
        "het cliëntprofiel is niet te lezen; kijk naar: {parts}",
        "the client profile cannot be read; look at: {parts}",
    ),
    "error.invalid-profile.object": ("het profiel als geheel (een object)", "the profile as a whole (an object)"),
    "error.invalid-profile.unknown": (
        "{count} {count:onbekend veld|onbekende velden}",
        "{count} {count:unknown field|unknown fields}",
    ),
    "error.invalid-profile.other": ("een waarde die niet klopt", "a value that is not right"),
    "error.unsupported-format": (
        "dit is geen document met instrumenten dat eva_core kan lezen",
        "this is no instrument document eva_core can read",
    ),
    "error.unsupported-format.document": (
        "verwacht een document met instrumenten (een object), maar dit is {got}",
        "expected an instrument document (an object), got {got}",
    ),
    "error.unsupported-format.format": (
        "dit is geen document met instrumenten: 'format' is '{format}'",
        "not an instrument document: 'format' is '{format}'",
    ),
    "error.unsupported-format.version": (
        "'version' moet een geheel getal vanaf 1 zijn, maar is '{version}'",
        "'version' must be a whole number from 1, got '{version}'",
    ),
    "error.unsupported-format.newer": (
        "dit document heeft formatversie {version}; deze eva_core leest tot en met versie {supported}, "
        "werk eva_core bij",
        "this document has format version {version}; this eva_core reads up to {supported}, upgrade it",
    ),
    "error.unsupported-format.keys": (
        "onbekende sleutels bovenaan het document: {keys}",
        "unknown top-level keys: {keys}",
    ),
    "error.unsupported-format.instruments": (
        "'instruments' moet een lijst zijn, maar is {got}",
        "'instruments' must be a list, got {got}",
    ),
    "error.unsupported-format.too-deep": (
        "de JSON is te diep genest om te lezen: lijsten of objecten zitten te vaak in elkaar",
        "the JSON is nested too deeply to read: lists or objects sit inside each other too often",
    ),
    "error.facet-size": (
        "facet_size is {size}: geef 1 of meer sleutels per facet, of None voor alle",
        "facet_size is {size}: give 1 or more keys per facet, or None for all of them",
    ),
    "error.offset": (
        "offset is {offset}: tel vanaf 0 de treffers die overgeslagen worden",
        "offset is {offset}: count the hits to skip from 0",
    ),
    "error.rating-not-finite": (
        "de waardering van instrument '{instrument}' is geen eindig getal",
        "the rating of instrument '{instrument}' is not a finite number",
    ),
    "error.unknown-language": (
        "'{language}' is geen taal van eva_core; kies {choices:or}",
        "'{language}' is not a language of eva_core; choose {choices:or}",
    ),
    "error.unreadable-file": ("het bestand is niet te lezen", "the file cannot be read"),
    "error.unreadable-file.encoding": (
        "{path} is niet te lezen als {encoding}; kies een andere codering of sla het op als 'CSV UTF-8'",
        "{path} cannot be read as {encoding}; choose another encoding or save it as 'CSV UTF-8'",
    ),
    "error.unreadable-file.ambiguous": (
        "van {path} is niet zeker welke codering het heeft; sla het in Excel op als 'CSV UTF-8' "
        "(of geef de codering op, bijvoorbeeld cp1252)",
        "cannot tell the encoding of {path} for sure; save it in Excel as 'CSV UTF-8' "
        "(or give the encoding, e.g. cp1252)",
    ),
    "error.unreadable-file.not-text": (
        "{path} is geen tekstbestand; sla het op als 'CSV UTF-8' of als Excel-werkmap (.xlsx)",
        "{path} is no text file; save it as 'CSV UTF-8' or as an Excel workbook (.xlsx)",
    ),
    "error.unreadable-file.csv": (
        "{path} is geen goede CSV (regel {line}: {detail})",
        "{path} is no valid CSV (line {line}: {detail})",
    ),
    "error.unreadable-file.not-a-workbook": (
        "{path} is geen Excel-werkmap (.xlsx) die eva_core kan lezen",
        "{path} is no Excel workbook (.xlsx) eva_core can read",
    ),
    "error.unreadable-file.save-as-xlsx": (
        "{path}: sla het bestand op als Excel-werkmap (.xlsx) of als 'CSV UTF-8'",
        "{path}: save the file as an Excel workbook (.xlsx) or as 'CSV UTF-8'",
    ),
    "error.unreadable-file.json": (
        "{path} is niet te lezen als JSON ({detail})",
        "cannot read {path} as JSON ({detail})",
    ),
    "error.unreadable-file.not-a-file": (
        "{path} is geen gewoon bestand (maar een apparaat of pipe): sla het eerst op als bestand",
        "{path} is not a regular file (but a device or pipe): save it as a file first",
    ),
    "error.unreadable-file.no-sheet": (
        "{path} heeft geen zichtbaar werkblad",
        "{path} has no visible worksheet",
    ),
    "error.file-too-large": ("het bestand is te groot om te lezen", "the file is too large to read"),
    "error.file-too-large.bytes": (
        "{path} is te groot: eva_core leest hoogstens {limit:number} bytes (uitgepakt)",
        "{path} is too large: eva_core reads at most {limit:number} bytes (uncompressed)",
    ),
    "error.file-too-large.token": (
        "{path} heeft één stuk tekst of commentaar van meer dan {limit:number} bytes; dat is geen werkmap van Excel",
        "{path} holds one text or comment of more than {limit:number} bytes; no Excel workbook does",
    ),
    "error.file-too-large.rows": (
        "{path} heeft meer dan {limit:number} rijen; splits het bestand",
        "{path} has more than {limit:number} rows; split the file",
    ),
    "error.file-too-large.columns": (
        "{path} heeft een waarde voorbij kolom {limit:number}; haal wat rechts staat weg",
        "{path} has a value beyond column {limit:number}; remove what is to the right",
    ),
    "error.file-too-large.cells": (
        "{path} heeft meer dan {limit:number} cellen met een waarde; splits het bestand",
        "{path} has more than {limit:number} cells with a value; split the file",
    ),
    "error.invalid-page": ("page en per_page beginnen bij 1", "page and per_page start at 1"),
    "error.hsds-paging": (
        "page begint bij 1 en per_page ligt tussen 1 en {limit}.",
        "page starts at 1 and per_page lies between 1 and {limit}.",
    ),
    # What is stored: the kinds of record, as messages name them.
    "record.instrument": ("instrument", "instrument"),
    "record.organisation": ("organisatie", "organisation"),
    "record.provider": ("aanbieder", "provider"),
    "record.contact_person": ("contactpersoon", "contact person"),
    "record.address": ("adres", "address"),
    "record.district": ("wijk", "district"),
    "record.target_group": ("doelgroep", "target group"),
    "record.rating": ("beoordeling", "rating"),
    "record.weights": ("de gewichten van de rangschikking", "the ranking's weights"),
    # Storage: what a repository refuses. Nothing was written in any of these cases.
    "error.not-found": ("{what} '{id}' bestaat niet", "there is no {what} '{id}'"),
    "error.not-found.rating": (
        "er is geen beoordeling van '{id}' door '{professional}' van organisatie '{organisation}'",
        "there is no rating of '{id}' by '{professional}' of organisation '{organisation}'",
    ),
    "error.conflict": ("dit botst met wat er al staat; er is niets opgeslagen", "this clashes with what is stored"),
    "error.conflict.driver": (
        "{where}: de wijziging botst met wat er al staat; er is niets opgeslagen [{detail}]",
        "{where}: the change clashes with what is stored; nothing was written [{detail}]",
    ),
    "error.stale-version": (
        "{what} '{id}' is intussen gewijzigd (versie {actual}, niet {expected}): "
        "laad het opnieuw en doe je wijziging nog eens",
        "{what} '{id}' is at version {actual}, not {expected}: reload it and apply the change again",
    ),
    "error.already-exists": ("{what} '{id}' bestaat al", "{what} '{id}' already exists"),
    "error.already-exists.taken": ("het id '{id}' is al in gebruik", "the id '{id}' is taken"),
    "error.already-exists.twice": (
        "het id '{id}' staat twee keer in deze wijziging",
        "the id '{id}' is given twice in this change",
    ),
    "error.already-exists.differs": (
        "{what} '{id}' staat al opgeslagen, met andere gegevens",
        "{what} '{id}' is registered with other content",
    ),
    "error.already-exists.twice-differs": (
        "{what} '{id}' staat twee keer in deze wijziging, met andere gegevens",
        "{what} '{id}' is given twice in this change, with other content",
    ),
    "error.already-exists.driver": (
        "{where}: een id is al in gebruik; er is niets opgeslagen [{detail}]",
        "{where}: an id is taken; nothing was written [{detail}]",
    ),
    "error.batch-refused": (
        "er is niets opgeslagen: {count} {count:conflict|conflicten}",
        "nothing was written: {count} {count:conflict|conflicts}",
    ),
    "error.batch-refused.line": ("- {message} [{code}]", "- {message} [{code}]"),
    "error.forbidden": (
        "organisatie '{organisation}' mag dit niet wijzigen: het hoort bij een andere organisatie",
        "organisation '{organisation}' may not change this: it belongs to another organisation",
    ),
    "error.forbidden.instrument": (
        "organisatie '{by}' mag instrument '{id}' van organisatie '{owner}' niet opslaan",
        "organisation '{by}' may not write instrument '{id}' of organisation '{owner}'",
    ),
    "error.forbidden.rating": (
        "organisatie '{by}' mag geen beoordeling opslaan die voor '{owner}' is gemaakt",
        "organisation '{by}' may not store a rating made for '{owner}'",
    ),
    "error.forbidden.shared": (
        "{what} '{id}' is gedeeld: alleen een beheerder van gedeelde gegevens registreert het",
        "{what} '{id}' is shared: only a curator registers shared master data",
    ),
    "error.forbidden.register": (
        "organisatie '{by}' mag {what} '{id}' van '{owner}' niet registreren",
        "organisation '{by}' may not register {what} '{id}' of '{owner}'",
    ),
    "error.forbidden.change-shared": (
        "{what} '{id}' is gedeeld en alleen een beheerder wijzigt het; '{by}' mag het niet wijzigen",
        "{what} '{id}' is shared (only a curator changes it); '{by}' may not change it",
    ),
    "error.forbidden.change-owned": (
        "{what} '{id}' is van '{owner}'; '{by}' mag het niet wijzigen",
        "{what} '{id}' is owned by '{owner}'; '{by}' may not change it",
    ),
    "error.forbidden.move": (
        "{what} '{id}' kan niet naar een andere eigenaar",
        "{what} '{id}' cannot move to another owner",
    ),
    "error.unknown-reference": (
        "instrument '{id}' verwijst naar gegevens die niet kloppen: {missing}",
        "instrument '{id}' links unknown master data: {missing}",
    ),
    "error.unknown-reference.not-registered": (
        "{what} '{id}' is niet geregistreerd",
        "{what} '{id}' is not registered",
    ),
    "error.unknown-reference.differs": (
        "{what} '{id}' wijkt af van wat geregistreerd is",
        "{what} '{id}' differs from the registered one",
    ),
    "error.in-use": (
        "{what} '{id}' is nog gekoppeld aan {count} {count:instrument|instrumenten}: {shown}",
        "{what} '{id}' is linked by {count} {count:instrument|instruments}: {shown}",
    ),
    "error.unstorable": (
        "de opslag kan een waarde van deze wijziging niet bewaren (te lang, te groot of met tekens die niet mogen); "
        "er is niets opgeslagen",
        "the store cannot hold a value of this change (too long, too large or with characters it refuses); "
        "nothing was written",
    ),
    "error.unstorable.driver": (
        "{where} kan een waarde van deze wijziging niet bewaren (te lang, te groot of met tekens die niet mogen); "
        "er is niets opgeslagen [{detail}]",
        "{where} cannot hold a value of this change (too long, out of range, or characters it refuses); "
        "nothing was written [{detail}]",
    ),
    "error.unstorable.surrogate": (
        "{path} kan geen tekst bewaren die geen geldige Unicode is (een los surrogaatteken); er is niets opgeslagen",
        "{path} cannot hold text that is not valid Unicode (a lone surrogate); nothing was written",
    ),
    "error.invalid-url": (
        "'{url}' is geen adres van een opslag die eva_core kent",
        "'{url}' is no address of a store eva_core knows",
    ),
    "error.url-not-shown": ("dit adres", "this URL"),
    "error.invalid-cursor": (
        "'{cursor}' is geen cursor van deze opslag: gebruik een cursor die de opslag zelf gaf, of begin opnieuw",
        "'{cursor}' is no cursor of this store: use one the store handed out, or start again",
    ),
    "error.invalid-url.database": (
        "{url} is geen database-adres dat eva_core kan gebruiken ({detail})",
        "{url} is no database URL eva_core can use ({detail})",
    ),
    "error.invalid-url.scheme": (
        "eva_core kent geen opslag voor '{url}': gebruik memory://, json:///..., sqlite:///... of "
        "postgresql+psycopg://...",
        "no storage adapter for '{url}': use memory://, json:///..., sqlite:///... or postgresql+psycopg://...",
    ),
    "error.invalid-url.ambiguous": (
        "'{url}' kan twee plaatsen betekenen: schrijf {root} voor een bestand vanaf de hoofdmap, of {relative} "
        "voor een bestand vanaf deze map",
        "'{url}' is ambiguous: write {root} for a file at the root, or {relative} for one relative to this folder",
    ),
    "error.invalid-url.query": (
        "'{url}' heeft een vraag (?) of een fragment (#), en die neemt een JSON-opslag niet",
        "'{url}' has a query or fragment, which a JSON store does not take",
    ),
    "error.invalid-url.nul": (
        "het adres van de opslag bevat een nul-teken (NUL, %00); typ het opnieuw",
        "the store's address holds a NUL character (%00); type it again",
    ),
    "error.invalid-url.no-file": (
        "'{url}' noemt geen bestand: gebruik json:///pad/catalogus.json",
        "'{url}' names no file: use json:///path/catalogue.json",
    ),
    "error.store-error": ("de opslag is niet te gebruiken: {detail}", "the store cannot be used: {detail}"),
    "error.store-error.driver": ("{where} is niet te gebruiken [{detail}]", "{where} cannot be used [{detail}]"),
    "error.store-error.path": ("{path} is niet te gebruiken ({detail})", "{path} cannot be used ({detail})"),
    "error.store-error.path-write": (
        "{path} is niet te gebruiken ({detail}); er is niets opgeslagen",
        "{path} cannot be used ({detail}); nothing was written",
    ),
    "error.store-error.version": (
        "{path} heeft opslagversie {version}; deze eva_core leest versie 1 tot en met {newest}: werk eva_core bij",
        "{path} has store version {version}; this eva_core reads 1 to {newest}: upgrade eva_core",
    ),
    "error.corrupt-store": (
        "{path} is beschadigd ({detail}); eva_core heeft het niet aangeraakt",
        "{path} is damaged ({detail}); eva_core left it untouched",
    ),
    "error.corrupt-store.driver": (
        "{where} is beschadigd; eva_core heeft het niet aangeraakt [{detail}]",
        "{where} is damaged; eva_core left it untouched [{detail}]",
    ),
    "error.corrupt-store.check": (
        "{path} komt niet door de {check} ({count} {count:probleem|problemen}, het eerste: {first}); "
        "eva_core heeft het niet aangeraakt: zet een reservekopie terug",
        "{path} fails its {check} ({count} {count:problem|problems}, first: {first}); "
        "it was left as it is: restore a backup",
    ),
    "error.corrupt-store.full-check": ("volledige controle", "integrity check"),
    "error.corrupt-store.quick-check": ("snelle controle", "quick check"),
    "error.corrupt-store.truncated": ("geen opslag van eva_core, of afgebroken", "not an eva_core store, or truncated"),
    "error.corrupt-store.header": ("de kop is niet te lezen: {detail}", "unreadable header: {detail}"),
    "error.corrupt-store.not-a-store": ("geen opslag van eva_core", "not an eva_core store"),
    "error.corrupt-store.checksum": ("de controlesom klopt niet", "checksum does not match"),
    "error.corrupt-store.content": ("de inhoud klopt niet: {detail}", "invalid content: {detail}"),
    "error.corrupt-store.too-deep": ("te diep genest", "nested too deeply"),
    "error.schema-mismatch": (
        "de database {where} hoort bij een andere versie van eva_core ({detail})",
        "the database {where} belongs to another version of eva_core ({detail})",
    ),
    "error.schema-mismatch.newer": (
        "{where} heeft schema {revision}, gemaakt door een nieuwere eva_core: werk eva_core bij",
        "{where} has schema {revision}, made by a newer eva_core: upgrade eva_core",
    ),
    "error.schema-mismatch.no-version": (
        "{where} heeft tabellen van eva, maar geen schemaversie",
        "{where} has eva tables but no schema version",
    ),
    "error.schema-mismatch.older": (
        "{where} heeft een ouder schema ({revision}): voer eva db upgrade uit",
        "{where} has an older schema ({revision}): run eva db upgrade",
    ),
    "error.store-busy": (
        "{path} is te lang bezet door een andere schrijver; probeer het zo nog eens",
        "{path} is locked by another writer; try again shortly",
    ),
    "error.store-busy.driver": (
        "{where} is bezet: een andere schrijver hield het te lang vast [{detail}]",
        "{where} is busy: another writer held it too long [{detail}]",
    ),
    "error.store-unavailable": (
        "{path} is niet te openen of niet te bereiken ({detail})",
        "{path} cannot be opened or reached ({detail})",
    ),
    "error.store-unavailable.driver": (
        "{where} is niet te openen of niet te bereiken [{detail}]",
        "{where} cannot be opened or reached [{detail}]",
    ),
    "error.store-unavailable.no-driver": (
        "het stuurprogramma voor {url} is niet geïnstalleerd ({name}): installeer eva_core[postgresql]",
        "the driver for {url} is not installed ({name}): install eva_core[postgresql]",
    ),
    "error.store-unavailable.folder": (
        "{path} is een map: noem het JSON-bestand van de opslag",
        "{path} is a folder: name the JSON file of the store",
    ),
    "error.store-unavailable.lock-folder": (
        "{path} is een map, maar eva_core gebruikt die naam als slot van de opslag: verwijder of hernoem de map",
        "{path} is a folder, but eva_core uses that name as the store's lock: remove or rename the folder",
    ),
    "error.store-unavailable.not-a-file": (
        "{path} is geen gewoon bestand (maar een apparaat, pipe of socket): noem het JSON-bestand van de opslag",
        "{path} is not a regular file (but a device, pipe or socket): name the store's JSON file",
    ),
    "error.store-unavailable.under-file": (
        "{path} ligt onder een bestand, niet onder een map",
        "{path} lies under a file, not a folder",
    ),
    "error.store-unavailable.no-read": (
        "{path} mag niet gelezen worden ({detail})",
        "{path} may not be read ({detail})",
    ),
    "error.read-only": (
        "{path} mag alleen gelezen worden; er is niets opgeslagen",
        "{path} may only be read; nothing was written",
    ),
    "error.read-only.driver": (
        "{where} mag gelezen worden, maar niet geschreven; er is niets opgeslagen [{detail}]",
        "{where} may be read but not written; nothing was written [{detail}]",
    ),
    "error.read-only.file": (
        "{path} is alleen-lezen: maak het schrijfbaar om het te wijzigen; er is niets opgeslagen",
        "{path} is read-only: make it writable to change it; nothing was written",
    ),
    "error.read-only.here": (
        "{path} mag hier niet geschreven worden ({detail}); er is niets opgeslagen",
        "{path} may not be written here ({detail}); nothing was written",
    ),
    "error.store-full": (
        "{path} kan niet groeien: de schijf of de grens voor bestanden is vol; er is niets opgeslagen",
        "{path} cannot grow: the disk or the file size limit is full; nothing was written",
    ),
    "error.store-full.detail": (
        "{path} kan niet groeien: de schijf of de grens voor bestanden is vol ({detail}); er is niets opgeslagen",
        "{path} cannot grow: the disk or the file size limit is full ({detail}); nothing was written",
    ),
    "error.store-full.driver": (
        "{where} is vol: de schijf of de grens voor bestanden is bereikt; er is niets opgeslagen [{detail}]",
        "{where} is full: the disk or the file size limit is reached; nothing was written [{detail}]",
    ),
    # Areas: a place the area classification cannot use, or area data that cannot be read.
    "error.unknown-municipality": (
        "{value} is geen gemeente in de CBS-indeling {year}. "
        "Geef de naam van de gemeente (zoals Utrecht) of een code uit die indeling.",
        "{value} is not a municipality in the CBS classification {year}. "
        "Give the municipality's name (such as Utrecht) or a code of that classification.",
    ),
    "error.unknown-region": (
        "{value} is geen arbeidsmarktregio in de CBS-indeling {year}. "
        "Geef de naam of een code uit die indeling, zoals AM13 (Midden-Utrecht).",
        "{value} is not an arbeidsmarktregio in the CBS classification {year}. "
        "Give the name or a code of that classification, such as AM13 (Midden-Utrecht).",
    ),
    "error.unknown-area": (
        "'{value}' staat niet in de CBS-indeling {year}.",
        "'{value}' is not in the CBS classification {year}.",
    ),
    "error.unknown-area.suggest": (
        "'{value}' staat niet in de CBS-indeling {year}. Bedoel je {candidates:or}?",
        "'{value}' is not in the CBS classification {year}. Did you mean {candidates:or}?",
    ),
    "error.client-place": (
        "de gemeente of wijk van de klant staat niet (eenduidig) in de gebiedsindeling [{code}]",
        "the client's municipality or district is not (unambiguously) in the area classification [{code}]",
    ),
    "error.ambiguous-area": (
        "'{value}' past bij meer dan één gebied: {candidates:or}. Kies er één, bijvoorbeeld met de code.",
        "'{value}' fits more than one area: {candidates:or}. Choose one, for example by its code.",
    ),
    "error.ambiguous-area.municipality": ("gemeente {name} ({code})", "municipality {name} ({code})"),
    "error.ambiguous-area.region": ("arbeidsmarktregio {name} ({code})", "arbeidsmarktregio {name} ({code})"),
    "error.area-mismatch": (
        "{inner} ligt niet in arbeidsmarktregio {outer}.",
        "{inner} does not lie in the arbeidsmarktregio {outer}.",
    ),
    "error.area-mismatch.district": (
        "Wijk '{district}' ligt in {home}, niet in {given}.",
        "District '{district}' lies in {home}, not in {given}.",
    ),
    "error.invalid-area-data": (
        "De gebiedsindeling {year} klopt niet: {problems}.",
        "The area classification {year} is broken: {problems}.",
    ),
    "error.invalid-area-data.municipality-code": (
        "'{code}' is geen gemeentecode zoals GM0344",
        "'{code}' is not a municipality code such as GM0344",
    ),
    "error.invalid-area-data.region-code": (
        "'{code}' is geen regiocode zoals AM13",
        "'{code}' is not a region code such as AM13",
    ),
    "error.invalid-area-data.unknown-region": (
        "gemeente {code} ligt in een onbekende arbeidsmarktregio '{region}'",
        "municipality {code} lies in an unknown arbeidsmarktregio '{region}'",
    ),
    "error.invalid-area-data.abolished-listed": (
        "{code} is opgeheven maar staat nog in de lijst van gemeenten",
        "{code} was abolished but is still in the list of municipalities",
    ),
    "error.invalid-area-data.successor-unknown": (
        "de opvolger van {code} staat niet in de lijst van gemeenten",
        "the successor of {code} is not in the list of municipalities",
    ),
    "error.invalid-area-data.regions-of-new": (
        "{code} heeft voorgangers in verschillende arbeidsmarktregio's",
        "{code} has predecessors in different arbeidsmarktregio's",
    ),
    "error.invalid-area-data.no-year": (
        "Het jaar van de gebiedsindeling staat niet in de bestandsnaam {file}: geef het op (year=...).",
        "The file name {file} does not say the classification's year: give it (year=...).",
    ),
    "error.invalid-area-data.no-rows": ("{file} bevat geen rijen.", "{file} holds no rows."),
    "error.invalid-area-data.not-json": (
        "{file} is geen geldige JSON (regel {line}, kolom {column}).",
        "{file} is not valid JSON (line {line}, column {column}).",
    ),
    "error.invalid-area-data.too-deep": (
        "{file} is te diep genest om te lezen: lijsten of objecten zitten te vaak in elkaar.",
        "{file} is nested too deeply to read: lists or objects sit inside each other too often.",
    ),
    "error.invalid-area-data.not-records": (
        "{file} is geen lijst van records (of CBS' 'value').",
        "{file} is not a list of records (or CBS' 'value').",
    ),
    "error.invalid-area-data.not-csv": ("{file} is geen leesbaar CSV-bestand.", "{file} is not a readable CSV file."),
    "error.invalid-area-data.encoding": (
        "{file} is geen tekstbestand in UTF-8 of Windows-1252.",
        "{file} is not a text file in UTF-8 or Windows-1252.",
    ),
    "error.invalid-area-data.no-municipality-column": (
        "{file} heeft geen kolom met gemeentecodes (GMxxxx); verwacht een CBS-export van Gebieden in Nederland.",
        "{file} has no column of municipality codes (GMxxxx); expected a CBS export of Gebieden in Nederland.",
    ),
    "error.invalid-area-data.no-region-column": (
        "{file} heeft geen kolom met arbeidsmarktregiocodes (AMxx); verwacht een CBS-export van Gebieden in Nederland.",
        "{file} has no column of arbeidsmarktregio codes (AMxx); expected a CBS export of Gebieden in Nederland.",
    ),
    "error.invalid-area-data.no-names": (
        "{file} heeft geen kolom met de namen bij kolom '{column}'.",
        "{file} has no column with the names for column '{column}'.",
    ),
    "error.invalid-area-data.merger-missing": (
        "{file}, rij {row}: {keys:or} ontbreekt",
        "{file}, row {row}: {keys:or} is missing",
    ),
    "error.invalid-area-data.merger-date": (
        "{file}, rij {row}: '{value}' is geen datum als JJJJ-MM-DD",
        "{file}, row {row}: '{value}' is not a date as YYYY-MM-DD",
    ),
    "error.invalid-area-data.merger-code": (
        "{file}, rij {row}: '{value}' is geen gemeentecode",
        "{file}, row {row}: '{value}' is not a municipality code",
    ),
    "error.unreadable-area-file": ("{path} is niet te lezen ({detail}).", "{path} cannot be read ({detail})."),
    "error.unreadable-area-file.not-found": ("{path} bestaat niet.", "{path} does not exist."),
    "error.unreadable-area-file.not-a-file": (
        "{path} is geen gewoon bestand (maar een apparaat of pipe).",
        "{path} is not a regular file (but a device or pipe).",
    ),
    "error.no-bundled-areas": (
        "eva_core heeft geen gebiedsindeling {year} aan boord (wel {years}); lees een CBS-export met load_cbs.",
        "eva_core ships no area classification of {year} (it has {years}); read a CBS export with load_cbs.",
    ),
    # One conflict of a refused batch import.
    "conflict.id-twice": (
        "id '{id}' staat twee keer in het bestand (ook op plaats {other})",
        "instrument id '{id}' is given twice (also at position {other})",
    ),
    "conflict.id-taken": ("id '{id}' is al in gebruik", "instrument id '{id}' is taken"),
    "conflict.forbidden": (
        "instrument '{id}' hoort bij organisatie '{organisation}', en voor die organisatie schrijft deze import niet",
        "instrument '{id}' belongs to organisation '{organisation}', for which this import does not write",
    ),
    "conflict.foreign-owner": (
        "instrument '{id}' hoort bij organisatie '{owner}', niet bij '{organisation}'",
        "instrument '{id}' belongs to organisation '{owner}', not to '{organisation}'",
    ),
    "conflict.stale-version": (
        "instrument '{id}' is intussen gewijzigd (versie {actual}, niet {expected}): "
        "iemand heeft het veranderd nadat het gelezen is",
        "instrument '{id}' is at version {actual}, not {expected}: someone changed it since it was read",
    ),
    "conflict.stale-version.removed": (
        "instrument '{id}' werd verwacht in versie {expected}, maar het is verwijderd",
        "instrument '{id}' was expected at version {expected}, but it has been removed",
    ),
    "conflict.unknown-reference": (
        "instrument '{id}' verwijst naar gegevens die niet bestaan: {missing}",
        "instrument '{id}' links master data that does not exist: {missing}",
    ),
    "conflict.reference-differs": (
        "instrument '{id}' koppelt {what} '{ref}', maar die {why}",
        "instrument '{id}' links {what} '{ref}', which {why}",
    ),
    "conflict.master-differs": ("{what} '{ref}' {why}", "{what} '{ref}' {why}"),
    "conflict.why.registered": (
        "staat al opgeslagen met andere gegevens",
        "is registered with other content",
    ),
    "conflict.why.elsewhere": (
        "staat elders in deze import met andere gegevens",
        "is given with other content elsewhere in this import",
    ),
    "conflict.master-forbidden": ("{reason}", "{reason}"),
    # The eva command. Help texts are Dutch beside the options they describe; what a command prints is here.
    "cli.old-option": (
        "let op: {old} heet nu {new}; de oude naam verdwijnt in een volgende versie",
        "note: {old} is now called {new}; the old name goes away in a next version",
    ),
    "cli.needs-extra": (
        "de opdrachtregel heeft de extra 'cli' nodig: pip install 'eva_core[cli]' ({detail})",
        "the command line needs the 'cli' extra: pip install 'eva_core[cli]' ({detail})",
    ),
    "cli.usage.line": ("{message} (zie {command} --help)", "{message} (see {command} --help)"),
    "cli.usage.no-such-option": ("de optie {option} bestaat hier niet", "there is no option {option} here"),
    "cli.usage.no-such-option-close": (
        "de optie {option} bestaat hier niet; bedoel je {close:or}?",
        "there is no option {option} here; did you mean {close:or}?",
    ),
    "cli.usage.no-such-command": (
        "eva kent de opdracht '{name}' niet; kies uit: {commands}",
        "eva has no command '{name}'; choose from: {commands}",
    ),
    "cli.usage.no-such-command-close": (
        "eva kent de opdracht '{name}' niet; bedoel je {close:or}?",
        "eva has no command '{name}'; did you mean {close:or}?",
    ),
    "cli.usage.missing": ("{name} ontbreekt", "{name} is missing"),
    "cli.usage.needs-value": ("na {option} hoort een waarde", "{option} needs a value"),
    "cli.usage.bad-value": (
        "de waarde bij {name} klopt niet: geef {kind}",
        "the value of {name} is wrong: give {kind}",
    ),
    "cli.usage.kind.whole-number": ("een heel getal", "a whole number"),
    "cli.usage.kind.number": ("een getal", "a number"),
    "cli.usage.kind.path": ("een bestaand bestand of een bestaande map", "an existing file or folder"),
    "cli.usage.kind.yes-no": ("ja of nee", "yes or no"),
    "cli.usage.kind.other": ("een andere waarde", "another value"),
    "cli.usage.extra-arguments": (
        "er staat te veel op de regel: {arguments}",
        "unexpected extra arguments: {arguments}",
    ),
    "cli.usage.other": ("de opdracht klopt niet ({detail})", "the command is not right ({detail})"),
    "cli.file.not-found": ("{path} bestaat niet", "{path} does not exist"),
    "cli.file.no-access": ("je hebt geen toegang tot {path}", "you have no access to {path}"),
    "cli.file.is-folder": ("{path} is een map, geen bestand", "{path} is a folder, not a file"),
    "cli.file.unreadable": ("{path} is niet te lezen ({detail})", "cannot read {path} ({detail})"),
    "cli.file.not-json": (
        "{path} is geen geldige JSON: kijk op regel {line}, teken {column}",
        "{path} is not valid JSON: see line {line}, character {column}",
    ),
    "cli.file.not-a-spreadsheet": (
        "{path} is niet te lezen als spreadsheet ({detail})",
        "cannot read {path} as a spreadsheet ({detail})",
    ),
    "cli.file.not-a-file": (
        "{path} is geen gewoon bestand (maar een apparaat of pipe)",
        "{path} is not a regular file (but a device or pipe)",
    ),
    "cli.file.no-folder": ("de map van {path} bestaat niet", "the folder of {path} does not exist"),
    "cli.file.no-write": ("je mag {path} niet schrijven", "you may not write {path}"),
    "cli.file.full": (
        "{path} past niet: de schijf is vol of het bestand mag niet groter worden",
        "{path} does not fit: the disk is full or the file may not grow",
    ),
    "cli.file.unwritable": ("{path} is niet te schrijven ({detail})", "cannot write {path} ({detail})"),
    "cli.areas.mergers-alone": (
        "--herindelingen hoort bij --gebieden: geef ook de CBS-export",
        "--herindelingen goes with --gebieden: give the CBS export too",
    ),
    "cli.areas.merged": ("eva: let op: {detail}", "eva: note: {detail}"),
    "cli.unknown-choice": (
        "bij {option} hoort een {kind}; kies uit: {choices}",
        "{option} takes a {kind}; choose from: {choices}",
    ),
    "cli.weight-not-a-number": (
        "{option}: het gewicht na = moet een getal zijn",
        "{option}: the weight after = must be a number",
    ),
    "cli.not-a-day.unquoted": (
        "{option} is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld 2025-03-01",
        "{option} is not a date; write it as YYYY-MM-DD, for example 2025-03-01",
    ),
    "cli.profile.unknown-place": (
        "de gemeente of wijk van de klant staat niet in de CBS-indeling; geef de naam van de gemeente (zoals "
        "Utrecht) of haar CBS-code (zoals GM0344) [{code}]",
        "the client's municipality or district is not in the CBS classification; give the municipality's name "
        "(such as Utrecht) or its CBS code (such as GM0344) [{code}]",
    ),
    "cli.profile.unknown-place.suggest": (
        "de gemeente van de klant staat niet in de CBS-indeling; bedoel je {candidates:or}? [{code}]",
        "the client's municipality is not in the CBS classification; did you mean {candidates:or}? [{code}]",
    ),
    "cli.profile.ambiguous-place": (
        "de gemeente van de klant is niet eenduidig; bedoel je {candidates:or}? [{code}]",
        "the client's municipality is ambiguous; did you mean {candidates:or}? [{code}]",
    ),
    "cli.profile.mismatched-place": (
        "de wijk en de gemeente van de klant passen niet bij elkaar [{code}]",
        "the client's district and municipality do not fit together [{code}]",
    ),
    "cli.profile.invalid": ("het klantprofiel klopt niet: {problems}", "the client profile is not valid: {problems}"),
    "cli.profile.file-invalid": (
        "{path}: het klantprofiel klopt niet: {problems}",
        "{path}: the client profile is not valid: {problems}",
    ),
    "cli.profile.not-json": (
        "{path} is geen geldig JSON-bestand (een sleutel staat er twee keer in, of er staat NaN in)",
        "{path} is not valid JSON (a key is there twice, or it holds NaN)",
    ),
    "cli.criteria.invalid": ("de zoekvraag klopt niet: {problems}", "the query is not valid: {problems}"),
    "cli.not-a-day": (
        "{option} '{text}' is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld 2025-03-01",
        "{option} '{text}' is not a date; write it as YYYY-MM-DD, for example 2025-03-01",
    ),
    "cli.column.score": ("Score", "Score"),
    "cli.column.instrument": ("Instrument", "Instrument"),
    "cli.column.instruments": ("Instrumenten", "Instruments"),
    "cli.column.provider": ("Aanbieder", "Provider"),
    "cli.column.organisation": ("Organisatie", "Organisation"),
    "cli.column.why": ("Waarom", "Why"),
    "cli.column.field": ("Veld", "Field"),
    "cli.column.rule": ("Regel", "Rule"),
    "cli.column.problem": ("Probleem", "Problem"),
    "cli.column.tile": ("Tegel", "Tile"),
    "cli.column.examples": ("Voorbeelden", "Examples"),
    "cli.column.relevance": ("Relevantie", "Relevance"),
    "cli.column.summary": ("Samenvatting", "Summary"),
    "cli.column.client-characteristic": ("Klantkenmerk", "Client characteristic"),
    "cli.column.point": ("Punt", "Point"),
    "cli.column.explanation": ("Toelichting", "Explanation"),
    "cli.score": ("{score}", "{score}"),
    "cli.relevance": ("{value:.2f}", "{value:.2f}"),
    "cli.matches.title": ("Best passende instrumenten", "Best matching instruments"),
    "cli.matches.no-preference": ("(geen voorkeur opgegeven)", "(no preference given)"),
    "cli.report.errors": ("Fouten ({count})", "Errors ({count})"),
    "cli.report.warnings": ("Waarschuwingen ({count})", "Warnings ({count})"),
    "cli.report.row": ("rij {row}", "row {row}"),
    "cli.report.summary": (
        "{file}: {errors} {errors:fout|fouten}, {warnings} {warnings:waarschuwing|waarschuwingen}.",
        "{file}: {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}.",
    ),
    "cli.demo.not-a-demo": (
        "{path} bestaat al en is geen democatalogus van eva; eva demo vervangt alleen een eigen demo, "
        "kies een ander bestand met --database",
        "{path} exists and is no eva demo catalogue; eva demo only replaces its own demo, "
        "choose another file with --database",
    ),
    "cli.demo.stored": (
        "Democatalogus: {added} {added:instrument|instrumenten} van {organisations} "
        "{organisations:organisatie|organisaties}, opgeslagen in {url}.",
        "Demo catalogue: {added} {added:instrument|instruments} of {organisations} "
        "{organisations:organisation|organisations}, stored in {url}.",
    ),
    "cli.demo.published": (
        "Op {day} {count:is|zijn} er {count} gepubliceerd.",
        "On {day}, {count} {count:is|are} published.",
    ),
    "cli.demo.per-tile": ("Aanbod per tegel", "Offer per tile"),
    "cli.demo.need": ("{label} (gewicht {weight})", "{label} (weight {weight})"),
    "cli.demo.client": (
        "Voorbeeld: een klant in {place} werkt aan {needs}, in de tegel {tile}.",
        "Example: a client in {place} works on {needs}, in the tile {tile}.",
    ),
    "cli.demo.why-not": (
        "Waarom staat '{name}' er niet bij? Het instrument {exclusions}.",
        "Why is '{name}' not there? The instrument {exclusions}.",
    ),
    "cli.match.unknown-instrument": (
        "er is geen instrument '{id}' in {source}",
        "there is no instrument '{id}' in {source}",
    ),
    "cli.match.no-reasons": ("geen van je voorkeuren past", "none of the preferences matched"),
    "cli.match.included": (
        "{id} staat in het resultaat met score {score}: {reasons}.",
        "{id} is in the result with score {score}: {reasons}.",
    ),
    "cli.match.excluded": (
        "{id} staat niet in het resultaat. Het instrument {exclusions}.",
        "{id} is left out. The instrument {exclusions}.",
    ),
    "cli.search.found": ("{count} gevonden", "{count} found"),
    "cli.search.tile-count": ("{tile} {count}", "{tile} {count}"),
    "cli.search.per-tile": ("Per tegel: {counts}.", "Per tile: {counts}."),
    "cli.coverage.title": ("Aanbod in {area} op {day}", "Offer in {area} on {day}"),
    "cli.coverage.gaps": (
        "{empty} lege {empty:cel|cellen}, {single} met maar één aanbieder.",
        "{empty} empty {empty:cell|cells}, {single} served by one provider.",
    ),
    "cli.coverage.second": ("Het tweede getal is van {area}.", "The second number is for {area}."),
    "cli.coverage.heatmap-written": ("De heatmap staat in {path}.", "Wrote the heatmap to {path}."),
    "cli.quality.title": ("{count} {count:aandachtspunt|aandachtspunten}", "{count} {count:point|points} of care"),
    "cli.import.reading": ("{file} lezen", "reading {file}"),
    "cli.import.importing": ("importeren", "importing"),
    "cli.import.refused": (
        "er is niets geïmporteerd: {count} {count:fout|fouten} in {file}",
        "nothing imported: {count} {count:error|errors} in {file}",
    ),
    "cli.import.checking": ("controleren", "checking"),
    "cli.import.written": ("instrumenten geschreven", "instruments written"),
    "cli.import.checked": ("instrumenten gecontroleerd", "instruments checked"),
    "cli.import.remove-needs-update": (
        "--verwijder-ontbrekend kan alleen samen met --bijwerken",
        "--verwijder-ontbrekend only works with --bijwerken",
    ),
    "cli.import.summary": (
        "{into}: {added} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd, {removed} verwijderd; "
        "{warnings} {warnings:waarschuwing|waarschuwingen}, {skipped} {skipped:voorbeeldrij|voorbeeldrijen} "
        "overgeslagen.",
        "{into}: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed; "
        "{warnings} {warnings:warning|warnings}, {skipped} example {skipped:row|rows} skipped.",
    ),
    "cli.import.dry-run.summary": (
        "Proef voor {into}: {added} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd, {removed} verwijderd; "
        "{warnings} {warnings:waarschuwing|waarschuwingen}, {skipped} {skipped:voorbeeldrij|voorbeeldrijen} "
        "overgeslagen. Er is niets geschreven.",
        "Dry run for {into}: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed; "
        "{warnings} {warnings:warning|warnings}, {skipped} example {skipped:row|rows} skipped. Nothing was written.",
    ),
    "cli.export.writing": (
        "{count} {count:instrument|instrumenten} schrijven",
        "writing {count} {count:instrument|instruments}",
    ),
    "cli.report.instrument": ("instrument {row}", "instrument {row}"),
    "cli.report.cell": ("rij {row}, kolom {column}", "row {row}, column {column}"),
    "cli.import.failed": ("er is niets geïmporteerd: {detail}", "nothing imported: {detail}"),
    "cli.export.unknown-format": (
        "--formaat '{value}': kies json, csv, xlsx of hsds",
        "--formaat '{value}': choose json, csv, xlsx or hsds",
    ),
    "cli.export.xlsx-needs-file": ("--formaat xlsx heeft --naar BESTAND nodig", "--formaat xlsx needs --naar FILE"),
    "cli.export.done": (
        "{count} {count:instrument|instrumenten} geschreven naar {path}.",
        "Wrote {count} {count:instrument|instruments} to {path}.",
    ),
    "cli.template.done": (
        "Het importbestand staat in {path}: vul één rij per instrument in en gebruik dan eva import.",
        "Wrote the import template to {path}: fill in one row per instrument, then use eva import.",
    ),
    "cli.db.checked": ("{url}: in orde, geen beschadiging gevonden.", "{url}: sound, no damage found."),
    "cli.db.upgraded": ("{url}: schema op revisie {revision}.", "{url}: schema at revision {revision}."),
    # The HTTP service (eva serve, extra server): its errors by code, and the titles of its problem bodies.
    "error.not-json": (
        "De inhoud van het verzoek is geen geldige JSON (of noemt een sleutel twee keer, of bevat NaN).",
        "The request body is not valid JSON (or names a key twice, or holds NaN).",
    ),
    "error.no-key": (
        "Geef een geldige API-sleutel mee, als 'Authorization: Bearer SLEUTEL'.",
        "Send a valid API key, as 'Authorization: Bearer KEY'.",
    ),
    "error.rate-limited": (
        "Te veel verzoeken met deze sleutel. Wacht even en probeer het dan opnieuw.",
        "Too many requests with this key. Wait a moment, then try again.",
    ),
    "error.role": (
        "Een sleutel met de rol {role} mag dit niet; daarvoor is de rol {needed} nodig.",
        "A key with the role {role} may not do this; it takes the role {needed}.",
    ),
    "error.not-ready": (
        "De service is nog niet klaar: de catalogus wordt geladen of de opslag is niet bereikbaar.",
        "The service is not ready: the catalogue is loading or the store cannot be reached.",
    ),
    "error.invalid-parameter": (
        "Een parameter in het adres heeft een verkeerde waarde.",
        "A parameter in the address has a wrong value.",
    ),
    "error.internal": (
        "Er ging iets mis in de service. Er is niets veranderd door dit verzoek.",
        "Something went wrong in the service. This request changed nothing.",
    ),
    "error.http.404": ("Dit adres bestaat niet in de service.", "The service has no such address."),
    "error.http.405": ("Deze methode kan niet op dit adres.", "This method is not allowed at this address."),
    "error.http.413": ("Het verzoek is te groot.", "The request is too large."),
    "error.id-mismatch": (
        "Het id in het adres en het id in de inhoud zijn niet hetzelfde.",
        "The id in the address and the id in the body differ.",
    ),
    "error.invalid-key-file": (
        "Het sleutelbestand {path} is niet te lezen ({detail}).",
        "The key file {path} cannot be read ({detail}).",
    ),
    "error.invalid-key-file.duplicate": (
        "Er is al een sleutel met de naam {id}.",
        "There is a key named {id} already.",
    ),
    "error.invalid-key-file.id": (
        "Een sleutelnaam heeft alleen kleine letters, cijfers en streepjes (hoogstens 63 tekens).",
        "A key name has only lower-case letters, digits and hyphens (at most 63 characters).",
    ),
    "cli.serve.no-extra": (
        "eva serve heeft de extra 'server' nodig: pip install 'eva_core[server]'",
        "eva serve needs the extra 'server': pip install 'eva_core[server]'",
    ),
    "cli.serve.demo-key": (
        "Sleutel {role} ({organisation}): {key}",
        "Key {role} ({organisation}): {key}",
    ),
    "cli.serve.listening": (
        "De service luistert op {url} (OpenAPI: {url}/schema/openapi.json). Stop met Ctrl+C.",
        "The service listens on {url} (OpenAPI: {url}/schema/openapi.json). Stop with Ctrl+C.",
    ),
    "cli.serve.no-keys": (
        "{path} bestaat nog niet: maak een sleutel met eva key. Tot dan antwoorden alleen /health en /ready.",
        "{path} does not exist yet: make a key with eva key. Until then only /health and /ready answer.",
    ),
    "cli.key.unknown-role": ("--rol: kies {choices:or}", "--rol: choose {choices:or}"),
    "cli.key.made": (
        "Sleutel {name} staat in {path}. Bewaar hem nu: hij wordt niet nog eens getoond.",
        "Key {name} is in {path}. Keep it now: it is not shown again.",
    ),
    "service.status.400": ("Verkeerd verzoek", "Bad request"),
    "service.status.401": ("Geen geldige sleutel", "No valid key"),
    "service.status.403": ("Niet toegestaan", "Forbidden"),
    "service.status.404": ("Niet gevonden", "Not found"),
    "service.status.405": ("Methode niet toegestaan", "Method not allowed"),
    "service.status.409": ("Conflict met wat is opgeslagen", "Conflict with what is stored"),
    "service.status.413": ("Verzoek te groot", "Request too large"),
    "service.status.415": ("Soort inhoud niet ondersteund", "Content type not supported"),
    "service.status.422": ("Gegevens kloppen niet", "Invalid data"),
    "service.status.429": ("Te veel verzoeken", "Too many requests"),
    "service.status.500": ("Fout in de service", "Service error"),
    "service.status.503": ("Service niet beschikbaar", "Service unavailable"),
    "service.status.507": ("Opslag vol", "Store full"),
    "service.openapi.summary": (
        "Instrumenten in het Eva Instrumentenformat 2023: beheren, matchen, zoeken en volgen.",
        "Instruments in the Eva Instrumentenformat 2023: manage, match, search and follow.",
    ),
    "cli.no-demo-yet": (
        "er is nog geen catalogus in {path}: maak de democatalogus met eva demo, of geef een opslag met --uit",
        "there is no catalogue in {path} yet: make the demo catalogue with eva demo, or give a store with --uit",
    ),
    # The frame of `eva --help` (the texts beside each option are in the code, in Dutch).
    "cli.help.usage": ("Gebruik:", "Usage:"),
    "cli.help.options-metavar": ("[OPTIES]", "[OPTIONS]"),
    "cli.help.command-metavar": ("OPDRACHT [ARGUMENTEN]...", "COMMAND [ARGS]..."),
    "cli.help.arguments": ("Argumenten", "Arguments"),
    "cli.help.options": ("Opties", "Options"),
    "cli.help.commands": ("Opdrachten", "Commands"),
    "cli.help.default": ("[standaard: {value}]", "[default: {value}]"),
    "cli.help.required": ("[verplicht]", "[required]"),
    "cli.help.help-option": ("Toon deze hulp en stop.", "Show this message and exit."),
}
