"""Options shared by commands, and turning option values into eva_core objects (or one ``eva:`` line)."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from eva_core.domain import EvaError, say

from ._render import fail, note

if TYPE_CHECKING:
    from eva_core.areas import AreaClassification
    from eva_core.domain import Choice, ClientCharacteristic
    from eva_core.search import CatalogueIndex

ChoiceT = TypeVar("ChoiceT", bound="Choice")

DEMO_DATABASE = Path(".eva-demo") / "eva.db"
"""Where ``eva demo`` stores its catalogue, and so where the other commands read by default."""
DEFAULT_SOURCE = f"sqlite:///{DEMO_DATABASE}"

Source = Annotated[str, typer.Option("--uit", help="De catalogus: het adres van een opslag, zoals sqlite:///eva.db.")]
"""``--uit URL``; give it the default `DEFAULT_SOURCE`."""
Areas = Annotated[
    Path | None,
    typer.Option(
        "--gebieden",
        help="Een CBS-export 'Gebieden in Nederland' (CSV of JSON) van een later jaar; zonder deze optie de "
        "meegeleverde indeling van 2023.",
    ),
]
Mergers = Annotated[
    Path | None,
    typer.Option("--herindelingen", help="Bij --gebieden: de herindelingen sinds 2023 (JSON of CSV)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Geef het resultaat als JSON.")]
Day = Annotated[str | None, typer.Option("--datum", help="De dag, als JJJJ-MM-DD (standaard vandaag).")]


def read_areas(export: Path | None = None, mergers: Path | None = None) -> AreaClassification:
    """The bundled classification, or the CBS export the user gave (with its herindelingen)."""
    from eva_core.areas import AreaError, bundled_areas, load_cbs

    if export is None:
        if mergers is not None:
            raise fail(say("cli.areas.mergers-alone"))
        return bundled_areas()
    try:
        return load_cbs(export, mergers=() if mergers is None else mergers)
    except AreaError as error:
        raise fail(str(error)) from None


@contextmanager
def area_warnings() -> Iterator[None]:
    """Say what the area classification had to say about the places named within this block.

    An abolished municipality is said on standard error, once, with the one used instead; an area that cannot
    be used (GM9999, an ambiguous name) is one ``eva:`` line and exit 1.
    """
    from eva_core.areas import AreaError, MergedMunicipality

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MergedMunicipality)
        try:
            yield
        except AreaError as error:
            raise fail(str(error)) from None
        finally:
            merged = [w.message.merger for w in caught if isinstance(w.message, MergedMunicipality)]
            for merger in dict.fromkeys(merged):  # on the professional's own screen: both municipalities by name
                said = say("problem.merged-municipality.resolved", merger=merger.said, new_name=merger.new_name)
                note(say("cli.areas.merged", detail=said))


def demo_made(url: str) -> None:
    """Without ``--uit`` the demo's database is read: say how to make it when it is not there yet."""
    if url == DEFAULT_SOURCE and not DEMO_DATABASE.exists():
        raise fail(say("cli.no-demo-yet", path=str(DEMO_DATABASE)))


def open_index(url: str, areas: AreaClassification | None) -> CatalogueIndex:
    """An index over every instrument stored at *url*."""
    from eva_core.search import CatalogueIndex
    from eva_core.storage import open_repository

    demo_made(url)
    try:
        with open_repository(url) as repository:
            return CatalogueIndex([s.instrument for s in repository.list()], areas=areas)
    except (EvaError, ValueError) as error:
        raise fail(str(error)) from None


def choice(kind: type[ChoiceT], text: str, option: str) -> ChoiceT:
    """The member of *kind* whose key or label is *text*, given with *option*.

    The error does not repeat *text*: a profile's options may be special-category data.
    """
    try:
        return kind.from_label(text)
    except ValueError:
        keys = ", ".join(m.key for m in kind)
        what = say(f"choice.{kind.__name__}")
        raise fail(say("cli.unknown-choice", option=option, kind=what, choices=keys)) from None


def needs(values: list[str]) -> dict[ClientCharacteristic, float]:
    """``--kenmerk KEY[=WEIGHT]`` values as weighted client characteristics."""
    from eva_core.domain import ClientCharacteristic

    weighted: dict[ClientCharacteristic, float] = {}
    for value in values:
        key, _, weight = value.partition("=")
        try:
            weighted[choice(ClientCharacteristic, key, "--kenmerk")] = float(weight) if weight else 1.0
        except ValueError:
            raise fail(say("cli.weight-not-a-number", option="--kenmerk")) from None
    return weighted


def optional_day(datum: str | None) -> dt.date | None:
    """``--datum`` as a date, if given."""
    try:
        return dt.date.fromisoformat(datum) if datum else None
    except ValueError:
        raise fail(say("cli.not-a-day.unquoted", option="--datum")) from None  # a profile's day: never echoed


def day(datum: str | None) -> dt.date:
    """``--datum`` as a date, today if not given."""
    return optional_day(datum) or dt.date.today()  # noqa: DTZ011 - a calendar day
