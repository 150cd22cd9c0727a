"""``eva match`` and ``eva search``: a catalogue ranked for a client, or searched by text within filters."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eva_core import ClientCharacteristic, ClientProfile, Criteria, ExecutionForm, GroupForm, Tile, parse_json
from eva_core.convert import converter, load_profile

from ._options import DEFAULT_SOURCE, Areas, AsJson, Day, Source, choice, needs, open_index, optional_day, read_areas
from ._render import fail, out, print_matches


def _profile_file(path: Path) -> ClientProfile:
    try:
        return load_profile(parse_json(path.read_bytes()))
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise fail(f"{path}: {error}") from None


def match(  # noqa: PLR0913, PLR0917 - one option per part of the profile
    source: Source = DEFAULT_SOURCE,
    kenmerk: Annotated[list[str], typer.Option(help="A client characteristic, optionally =weight (repeat).")] = [],  # noqa: B006
    tegel: Annotated[list[str], typer.Option(help="A tile of the werklandschap (repeat).")] = [],  # noqa: B006
    gemeente: Annotated[str | None, typer.Option(help="Municipality code, e.g. GM0344.")] = None,
    wijk: Annotated[str | None, typer.Option(help="District id.")] = None,
    doelgroep: Annotated[list[str], typer.Option(help="Target group id (repeat).")] = [],  # noqa: B006
    max_kosten: Annotated[float | None, typer.Option(help="Maximum costs in euros.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Maximum hours per week.")] = None,
    groepsvorm: Annotated[str | None, typer.Option(help="individueel or groep.")] = None,
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Execution form (repeat).")] = [],  # noqa: B006
    gebruikt: Annotated[list[str], typer.Option(help="Id of an instrument already used (repeat).")] = [],  # noqa: B006
    datum: Day = None,
    profile: Annotated[
        Path | None, typer.Option(help="A JSON file with the client profile instead of options.")
    ] = None,
    why_not: Annotated[str | None, typer.Option("--why-not", help="Explain this instrument instead.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 10,
    as_json: AsJson = False,
    areas: Areas = None,
) -> None:
    """Rank a catalogue for a client given as options; the profile is used for this run only."""
    day = optional_day(datum)
    client = (
        _profile_file(profile)
        if profile is not None
        else ClientProfile(
            needs=needs(kenmerk),
            tiles=[choice(Tile, t) for t in tegel],
            municipality=gemeente,
            district=wijk,
            target_groups=doelgroep,
            max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
            max_hours_per_week=max_uren,
            group_form=None if groepsvorm is None else choice(GroupForm, groepsvorm),
            execution_forms=[choice(ExecutionForm, f) for f in uitvoeringsvorm],
            used_instruments=gebruikt,
            on=day,
        )
    )
    index = open_index(source, read_areas(areas))
    if why_not is not None:
        if why_not not in index:
            raise fail(f"no instrument {why_not!r} in {source}")
        explanation = index.explain(client, why_not)
        if as_json:
            out.print_json(data=converter.unstructure(explanation))
        elif explanation.included:
            out.print(
                f"{why_not} is in the result with score {explanation.score:g}: "
                + ("; ".join(str(r) for r in explanation.reasons) or "no preferences matched")
            )
        else:
            out.print(f"{why_not} is left out: it " + "; it ".join(str(e) for e in explanation.exclusions) + ".")
        return
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
    text: Annotated[str, typer.Argument(help="Words to search for, in Dutch.")],
    source: Source = DEFAULT_SOURCE,
    tegel: Annotated[list[str], typer.Option(help="Only these tiles (repeat).")] = [],  # noqa: B006
    kenmerk: Annotated[list[str], typer.Option(help="Only these client characteristics (repeat).")] = [],  # noqa: B006
    uitvoeringsvorm: Annotated[list[str], typer.Option(help="Only these execution forms (repeat).")] = [],  # noqa: B006
    doelgroep: Annotated[list[str], typer.Option(help="Only for these target group ids (repeat).")] = [],  # noqa: B006
    aanbieder: Annotated[list[str], typer.Option(help="Only these provider ids (repeat).")] = [],  # noqa: B006
    gemeente: Annotated[str | None, typer.Option(help="Only instruments available in this municipality.")] = None,
    datum: Annotated[str | None, typer.Option(help="Only instruments published on this day (YYYY-MM-DD).")] = None,
    max_kosten: Annotated[float | None, typer.Option(help="Only instruments costing at most this.")] = None,
    max_uren: Annotated[int | None, typer.Option(help="Only instruments of at most these hours a week.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 10,
    as_json: AsJson = False,
    areas: Areas = None,
) -> None:
    """Search a catalogue by text, within filters, with facet counts."""
    classification = read_areas(areas)
    day = optional_day(datum)
    criteria = Criteria(
        tiles=[choice(Tile, t) for t in tegel],
        characteristics=[choice(ClientCharacteristic, k) for k in kenmerk],
        execution_forms=[choice(ExecutionForm, f) for f in uitvoeringsvorm],
        target_groups=doelgroep,
        providers=aanbieder,
        municipality=gemeente,
        region=classification.region_of(gemeente) if classification and gemeente else None,
        published_on=day,
        max_costs=None if max_kosten is None else Decimal(str(max_kosten)),
        max_hours_per_week=max_uren,
    )
    result = open_index(source, classification).search(text, criteria=criteria, limit=limit)
    if as_json:
        out.print_json(
            data={
                "total": result.total,
                "hits": [
                    {"id": h.instrument.id, "name": h.instrument.name, "relevance": h.relevance} for h in result.hits
                ],
                "facets": {"tiles": {t.key: n for t, n in result.facets.tiles.items()}},
            }
        )
        return
    table = Table("Relevantie", "Instrument", "Samenvatting", title=f"{result.total} gevonden")
    for hit in result.hits:
        table.add_row(f"{hit.relevance:.2f}", hit.instrument.name, hit.instrument.summary)
    out.print(table)
    out.print("Per tegel: " + ", ".join(f"{t.label} {n}" for t, n in result.facets.tiles.items()))
