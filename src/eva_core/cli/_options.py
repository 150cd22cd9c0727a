"""Options shared by commands, and turning option values into eva_core objects (or one ``eva:`` line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import ArgumentError

from eva_core import ClientCharacteristic, EvaError
from eva_core.domain import Choice
from eva_core.search import AreaClassification, CatalogueIndex
from eva_core.storage import open_repository

from ._render import fail

ChoiceT = TypeVar("ChoiceT", bound=Choice)

DEMO_DATABASE = Path(".eva-demo") / "eva.db"
"""Where ``eva demo`` stores its catalogue, and so where the other commands read by default."""
DEFAULT_SOURCE = f"sqlite:///{DEMO_DATABASE}"
REFERENCE = Path("..") / "shared" / "reference"

Source = Annotated[str, typer.Option("--from", help="The catalogue: a repository URL.")]
"""``--from URL``; give it the default `DEFAULT_SOURCE`."""
Areas = Annotated[
    Path | None,
    typer.Option(
        "--areas",
        help="Folder with a CBS export: cbs-<year>-gemeenten.json and cbs-<year>-arbeidsmarktregios.json.",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Day = Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD (default today).")]


def read_areas(folder: Path | None) -> AreaClassification | None:
    """The area classification in *folder* (the newest CBS year there), or beside the checkout, or none."""
    folder = folder if folder is not None else (REFERENCE if REFERENCE.is_dir() else None)
    if folder is None:
        return None
    municipalities = sorted(folder.glob("cbs-*-gemeenten.json"))
    if not municipalities:
        raise fail(f"no cbs-<year>-gemeenten.json in {folder}")
    source = municipalities[-1]
    year = int(source.name.split("-")[1])
    try:
        return AreaClassification.from_json(source, folder / f"cbs-{year}-arbeidsmarktregios.json", year=year)
    except (OSError, ValueError, KeyError) as error:
        raise fail(f"cannot read the area classification in {folder}: {error}") from None


def open_index(url: str, areas: AreaClassification | None) -> CatalogueIndex:
    """An index over every instrument stored at *url*."""
    try:
        with open_repository(url) as repository:
            return CatalogueIndex([s.instrument for s in repository.list()], areas=areas)
    except (EvaError, ValueError, ArgumentError) as error:
        raise fail(str(error)) from None


def choice(kind: type[ChoiceT], text: str) -> ChoiceT:
    """The member of *kind* whose key or label is *text*."""
    try:
        return kind.from_label(text)
    except ValueError:
        keys = ", ".join(m.key for m in kind)
        raise fail(f"{text!r} is not a {kind.__name__}; choose from {keys}") from None


def needs(values: list[str]) -> dict[ClientCharacteristic, float]:
    """``--kenmerk KEY[=WEIGHT]`` values as weighted client characteristics."""
    weighted: dict[ClientCharacteristic, float] = {}
    for value in values:
        key, _, weight = value.partition("=")
        try:
            weighted[choice(ClientCharacteristic, key)] = float(weight) if weight else 1.0
        except ValueError:
            raise fail(f"--kenmerk {value!r}: the weight after = must be a number") from None
    return weighted


def optional_day(datum: str | None) -> dt.date | None:
    """``--datum`` as a date, if given."""
    try:
        return dt.date.fromisoformat(datum) if datum else None
    except ValueError:
        raise fail(f"--datum {datum!r} is not a date as YYYY-MM-DD") from None


def day(datum: str | None) -> dt.date:
    """``--datum`` as a date, today if not given."""
    return optional_day(datum) or dt.date.today()  # noqa: DTZ011 - a calendar day
