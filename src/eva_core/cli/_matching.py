"""``eva match`` and ``eva search``: a catalogue ranked for a client, or searched by text within filters.

A client's profile holds special-category data: no message here repeats a value the user typed for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from eva_core.domain import InvalidRecord, UnsupportedFormat, say

from ._options import (
    DEFAULT_SOURCE,
    Areas,
    AsJson,
    Day,
    Mergers,
    Source,
    area_warnings,
    choice,
    needs,
    open_index,
    optional_day,
    read_areas,
)
from ._render import cannot_read, fail, out, print_matches, show

if TYPE_CHECKING:
    from eva_core.domain import ClientProfile


def _problems(error: InvalidRecord) -> list[str]:
    """Each broken rule by field, rule and code: these messages never hold the value."""
    return [f"{p.label}: {p.message} [{p.code}]" for p in error.problems]


@contextmanager
def _client_place() -> Iterator[None]:
    """`area_warnings` for where a client lives: an unknown place is said without repeating it."""
    from eva_core.domain import AreaError

    with area_warnings():
        try:
            yield
        except AreaError as error:  # the candidates are the classification's names, not what was typed
            candidates = [str(c) for c in error.candidates]
            if error.code == "ambiguous-area":
                key = "cli.profile.ambiguous-place"
            elif error.code == "area-mismatch":
                key = "cli.profile.mismatched-place"
            else:
                key = "cli.profile.unknown-place.suggest" if candidates else "cli.profile.unknown-place"
            raise fail(say(key, code=error.code, candidates=candidates)) from None


def _profile_file(path: Path) -> ClientProfile:
    from eva_core.convert import load_profile, parse_json

    if path.exists() and not (path.is_file() or path.is_dir()):  # a device or pipe: reading may never end
        raise fail(say("cli.file.not-a-file", path=str(path)))
    try:
        return load_profile(parse_json(path.read_bytes()))
    except InvalidRecord as error:
        raise fail(say("cli.profile.file-invalid", path=str(path), problems=_problems(error))) from None
    except (json.JSONDecodeError, UnsupportedFormat) as error:  # neither repeats a value: a place, or "too deep"
        raise fail(cannot_read(path, error)) from None
    except ValueError:  # a key twice, NaN: said without the key or value, which may be personal data
        raise fail(say("cli.profile.not-json", path=str(path))) from None
    except OSError as error:
        raise fail(cannot_read(path, error)) from None


def match(  # noqa: PLR0913, PLR0917 - one option per part of the profile
    source: Source = DEFAULT_SOURCE,
    kenmerk: Annotated[
        list[str], typer.Option(help="Een klantkenmerk (sleutel of naam), eventueel =gewicht (herhaal).")
    ] = [],  # noqa: B006
    tegel: Annotated[list[str], typer.Option(help="Een tegel van het werklandschap (herhaal).")] = [],  # noqa: B006
    gemeente: Annotated[
        str | None, typer.Option(help="De gemeente van de klant: CBS-code (GM0344) of naam (Utrecht).")
    ] = None,
    wijk: Annotated[str | None, typer.Option(help="De id van de wijk van de klant.")] = None,
    doelgroep: Annotated[list[str], typer.Option(help="De id van een doelgroep (herhaal).")] = [],  # noqa: B006
    max_kosten: Annotated[float | None, typer.Option(help="De hoogste kosten in euro.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Het hoogste aantal uren per week.")] = None,
    groepsvorm: Annotated[str | None, typer.Option(help="individueel of groep.")] = None,
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Een uitvoeringsvorm (herhaal).")] = [],  # noqa: B006
    gebruikt: Annotated[list[str], typer.Option(help="De id van een instrument dat al is gebruikt (herhaal).")] = [],  # noqa: B006
    datum: Day = None,
    profile: Annotated[
        Path | None, typer.Option("--profiel", help="Een JSON-bestand met het klantprofiel, in plaats van opties.")
    ] = None,
    why_not: Annotated[
        str | None, typer.Option("--waarom-niet", help="Leg uit waarom dit instrument wel of niet past.")
    ] = None,
    limit: Annotated[int, typer.Option("--aantal", help="Hoeveel instrumenten je ziet.")] = 10,
    as_json: AsJson = False,
    areas: Areas = None,
    herindelingen: Mergers = None,
) -> None:
    """Zet de instrumenten op volgorde voor een klant; het profiel geldt alleen voor deze opdracht."""
    from eva_core.convert import converter
    from eva_core.domain import ClientProfile, Criteria, ExecutionForm, GroupForm, Place, Tile

    classification = read_areas(areas, herindelingen)
    if profile is not None:
        client = _profile_file(profile)
    else:
        with _client_place():
            municipality = None if gemeente is None else classification.municipality(gemeente).code
        home = None if municipality is None and wijk is None else Place(district=wijk, municipality=municipality)
        try:
            client = ClientProfile(
                needs=needs(kenmerk),
                tiles=[choice(Tile, t, "--tegel") for t in tegel],
                target_groups=doelgroep,
                used_instruments=gebruikt,
                criteria=Criteria(
                    place=home,
                    max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
                    max_hours_per_week=max_uren,
                    group_forms=[] if groepsvorm is None else [choice(GroupForm, groepsvorm, "--groepsvorm")],
                    execution_forms=[choice(ExecutionForm, f, "--uitvoeringsvorm") for f in uitvoeringsvorm],
                    published_on=optional_day(datum),
                ),
            )
        except InvalidRecord as error:
            raise fail(say("cli.profile.invalid", problems=_problems(error))) from None
    index = open_index(source, classification)
    if why_not is not None:
        if why_not not in index:
            raise fail(say("cli.match.unknown-instrument", id=why_not, source=source))
        with _client_place():
            explanation = index.explain(client, why_not)
        if as_json:
            out.print_json(
                data={
                    "instrument_id": explanation.instrument_id,
                    "score": explanation.score,
                    "included": explanation.included,
                    "reasons": converter.unstructure(explanation.reasons),
                    "exclusions": [{"code": e.code, "message": e.message} for e in explanation.exclusions],
                }
            )
        elif explanation.included:
            reasons = [str(r) for r in explanation.reasons] or [str(say("cli.match.no-reasons"))]
            show(say("cli.match.included", id=why_not, score=explanation.score, reasons=reasons))
        else:
            show(say("cli.match.excluded", id=why_not, exclusions=[str(e) for e in explanation.exclusions]))
        return
    with _client_place():
        found = index.rank(client, limit=limit)
    if as_json:
        out.print_json(
            data=[
                {
                    "id": m.instrument.id,
                    "name": m.instrument.name,
                    "score": m.score,
                    "reasons": converter.unstructure(m.reasons),
                }
                for m in found
            ]
        )
    else:
        print_matches(found)


def search(  # noqa: PLR0913, PLR0917 - one option per filter
    text: Annotated[str, typer.Argument(help="De woorden waarop je zoekt.")],
    source: Source = DEFAULT_SOURCE,
    tegel: Annotated[list[str], typer.Option(help="Alleen deze tegels (herhaal).")] = [],  # noqa: B006
    kenmerk: Annotated[list[str], typer.Option(help="Alleen deze klantkenmerken (herhaal).")] = [],  # noqa: B006
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Alleen deze uitvoeringsvormen (herhaal).")] = [],  # noqa: B006
    doelgroep: Annotated[list[str], typer.Option(help="Alleen voor deze doelgroepen, per id (herhaal).")] = [],  # noqa: B006
    aanbieder: Annotated[list[str], typer.Option(help="Alleen van deze aanbieders, per id (herhaal).")] = [],  # noqa: B006
    gemeente: Annotated[
        str | None, typer.Option(help="Alleen wat in deze gemeente wordt aangeboden: CBS-code of naam.")
    ] = None,
    datum: Annotated[
        str | None, typer.Option(help="Alleen wat op deze dag is gepubliceerd, JJJJ-MM-DD (standaard vandaag).")
    ] = None,
    ongepubliceerd: Annotated[
        bool, typer.Option(help="Ook wat die dag niet gepubliceerd is (concepten, verlopen instrumenten).")
    ] = False,
    max_kosten: Annotated[float | None, typer.Option(help="Alleen wat hoogstens zoveel euro kost.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Alleen wat hoogstens zoveel uur per week vraagt.")] = None,
    limit: Annotated[int, typer.Option("--aantal", help="Hoeveel instrumenten je ziet.")] = 10,
    as_json: AsJson = False,
    areas: Areas = None,
    herindelingen: Mergers = None,
) -> None:
    """Zoek in een catalogus op tekst, binnen filters, met aantallen per tegel."""
    from eva_core.domain import ClientCharacteristic, Criteria, ExecutionForm, Tile

    classification = read_areas(areas, herindelingen)
    with area_warnings():
        place = None if gemeente is None else classification.place(municipality=gemeente)
    try:
        criteria = Criteria(
            tiles=[choice(Tile, t, "--tegel") for t in tegel],
            characteristics=[choice(ClientCharacteristic, k, "--kenmerk") for k in kenmerk],
            execution_forms=[choice(ExecutionForm, f, "--uitvoeringsvorm") for f in uitvoeringsvorm],
            target_groups=doelgroep,
            providers=aanbieder,
            place=place,
            published_on=optional_day(datum),
            max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
            max_hours_per_week=max_uren,
        )
    except InvalidRecord as error:
        raise fail(say("cli.criteria.invalid", problems=_problems(error))) from None
    result = open_index(source, classification).search(
        text, criteria=criteria, limit=limit, include_unpublished=ongepubliceerd
    )
    tiles = result.facets.tiles if result.facets is not None else {}
    if as_json:
        out.print_json(
            data={
                "total": result.total,
                "hits": [
                    {"id": h.instrument.id, "name": h.instrument.name, "relevance": h.relevance} for h in result.hits
                ],
                "facets": {"tiles": {t.key: n for t, n in tiles.items()}},
            }
        )
        return
    table = Table(
        str(say("cli.column.relevance")),
        str(say("cli.column.instrument")),
        str(say("cli.column.summary")),
        title=str(say("cli.search.found", count=result.total)),
    )
    for hit in result.hits:
        table.add_row(
            str(say("cli.relevance", value=round(hit.relevance, 2))), hit.instrument.name, hit.instrument.summary
        )
    out.print(table)
    counts = [say("cli.search.tile-count", tile=t, count=n) for t, n in tiles.items()]
    show(say("cli.search.per-tile", counts=counts))
