"""Municipalities and arbeidsmarktregio's of one year, the herindelingen since, and finding them by code or name.

CBS publishes the classification each year (*Gebieden in Nederland*, CC BY 4.0), and municipalities merge
almost every year. An `AreaClassification` is one year's list plus the mergers that turned older codes into
its codes, so data that names an abolished code (GM0457 Weesp) still finds its successor (GM0363 Amsterdam),
with a warning, and is never rewritten. Reading files is `eva_core.areas`' job; this module holds and looks up.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import ClassVar

from attrs import field, frozen

from eva_core.domain._errors import EvaError, Problem, Severity
from eva_core.domain._fold import fold
from eva_core.domain._instrument import Instrument
from eva_core.domain._links import District
from eva_core.domain._messages import Message, say
from eva_core.domain._places import Place
from eva_core.domain._record import field_info
from eva_core.domain._rules import is_municipality_code, is_region_code

__all__ = [
    "AmbiguousArea",
    "AreaClassification",
    "AreaError",
    "AreaMismatch",
    "InvalidAreaData",
    "MergedMunicipality",
    "Merger",
    "Municipality",
    "Region",
    "UnknownArea",
]


@frozen
class Region:
    """An arbeidsmarktregio (AMxx)."""

    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@frozen
class Municipality:
    """A municipality (GMxxxx) and the arbeidsmarktregio it lies in."""

    code: str
    name: str
    region: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@frozen
class Merger:
    """A herindeling: on day ``on`` the municipality ``old_code`` stopped existing and went into ``new_code``."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    on: dt.date

    @property
    def said(self) -> Message:
        """The herindeling in words: "GM0457 (Weesp) is op 24 maart 2022 opgegaan in GM0363 (Amsterdam)"."""
        return say(
            "problem.merged-municipality.merger",
            old=self.old_code,
            old_name=self.old_name,
            new=self.new_code,
            new_name=self.new_name,
            day=self.on,
        )

    def __str__(self) -> str:
        return str(self.said)


class AreaError(ValueError, EvaError):
    """A place the classification cannot use. ``code`` says why; ``candidates`` lists what may have been meant."""

    codes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, message: Message, code: str, candidates: Iterable[Municipality | Region] = ()) -> None:
        super().__init__(message)  # str() reads the message in the language current at that moment
        self.code, self.candidates = code, tuple(candidates)

    @property
    def message(self) -> str:
        """What is wrong, in the current language."""
        return str(self.said)

    def __reduce__(self) -> tuple[type[AreaError], tuple[Message, str, tuple[Municipality | Region, ...]]]:
        return (type(self), (self.said, self.code, self.candidates))


class UnknownArea(AreaError):
    """A code or name that is not in the classification (``unknown-municipality``, ``unknown-region``, ...)."""

    codes = ("unknown-municipality", "unknown-region", "unknown-area")


class AmbiguousArea(AreaError):
    """A name that fits more than one area (``ambiguous-area``); ``candidates`` lists them all."""

    codes = ("ambiguous-area",)


class AreaMismatch(AreaError):
    """Levels of one place that do not nest: a municipality outside the given region (``area-mismatch``)."""

    codes = ("area-mismatch",)


class InvalidAreaData(AreaError):
    """A classification or CBS export that cannot be used; the message lists every problem."""

    codes = ("invalid-area-data", "unreadable-area-file", "no-bundled-areas")


class MergedMunicipality(UserWarning):
    """A municipality that a herindeling abolished was named; its successor is used instead."""

    code = "merged-municipality"

    def __init__(self, merger: Merger, message: Message | None = None) -> None:
        """*message* replaces the one that names both municipalities (a client's place is said without them)."""
        said = message or say("problem.merged-municipality.resolved", merger=merger.said, new_name=merger.new_name)
        super().__init__(said)
        self.merger = merger


def _municipalities(items: Iterable[Municipality]) -> Mapping[str, Municipality]:
    return MappingProxyType({item.code: item for item in items})


def _regions(items: Iterable[Region]) -> Mapping[str, Region]:
    return MappingProxyType({item.code: item for item in items})


def _mergers(items: Iterable[Merger]) -> Mapping[str, Merger]:
    return MappingProxyType({item.old_code: item for item in items})


_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("’‘`´", "''''")


def _key(text: str) -> str:
    """How names compare: no case, no accents, one kind of apostrophe, single spaces."""
    return _SPACES.sub(" ", fold(text).translate(_QUOTES)).strip()


def _kind_of(area: Municipality | Region | Merger) -> type[Municipality | Region]:
    """An abolished municipality's name counts as a municipality's."""
    return Municipality if isinstance(area, Merger) else type(area)


@frozen
class AreaClassification:
    """The municipalities and arbeidsmarktregio's of one year, and the herindelingen that led to them.

    Build one with `eva_core.areas` (the bundled CBS data, or a CBS export you supply). Codes are
    CBS codes (GM0344, AM13); names are written as CBS writes them ("'s-Gravenhage").
    """

    year: int
    municipalities: Mapping[str, Municipality] = field(converter=_municipalities)
    regions: Mapping[str, Region] = field(converter=_regions)
    mergers: Mapping[str, Merger] = field(default=(), converter=_mergers)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if problems := list(self._problems()):
            raise InvalidAreaData(
                say("error.invalid-area-data", year=str(self.year), problems=tuple(problems)), "invalid-area-data"
            )

    def _problems(self) -> Iterator[Message]:
        key = "error.invalid-area-data."
        for code, municipality in self.municipalities.items():
            if not is_municipality_code(code):
                yield say(key + "municipality-code", code=code)
            if municipality.region not in self.regions:
                yield say(key + "unknown-region", code=code, region=municipality.region)
        yield from (say(key + "region-code", code=code) for code in self.regions if not is_region_code(code))
        for code in self.mergers:
            if code in self.municipalities:
                yield say(key + "abolished-listed", code=code)
            elif self._follow(code) not in self.municipalities:
                yield say(key + "successor-unknown", code=code)

    def _follow(self, code: str) -> str | None:
        seen = set()
        while code in self.mergers and code not in seen:
            seen.add(code)
            code = self.mergers[code].new_code
        return None if code in seen else code

    # Looking up

    def successor(self, code: str) -> str | None:
        """The municipality an abolished code now belongs to, or None when *code* was not abolished."""
        return self._follow(code) if code in self.mergers else None

    def former_codes(self, code: str) -> frozenset[str]:
        """The codes a herindeling merged into municipality *code*, directly or through other mergers."""
        return self._former.get(code, frozenset())

    @cached_property
    def _former(self) -> Mapping[str, frozenset[str]]:
        former: dict[str, set[str]] = {}
        for old in self.mergers:
            current = self._follow(old)
            if current is not None:
                former.setdefault(current, set()).add(old)
        return {code: frozenset(codes) for code, codes in former.items()}

    def region_of(self, municipality: str) -> str | None:
        """The arbeidsmarktregio code of a municipality (or of an abolished code's successor), or None."""
        found = self.municipalities.get(self.successor(municipality) or municipality)
        return None if found is None else found.region

    def name_of(self, code: str) -> str | None:
        """The name of a municipality, region or abolished municipality code, or None when unknown."""
        found = self.municipalities.get(code) or self.regions.get(code)
        if found is not None:
            return found.name
        merger = self.mergers.get(code)
        return None if merger is None else merger.old_name

    def municipalities_in(self, region: str) -> tuple[Municipality, ...]:
        """The municipalities of one arbeidsmarktregio, by code."""
        return tuple(sorted((m for m in self.municipalities.values() if m.region == region), key=lambda m: m.code))

    def municipality(self, text: str) -> Municipality:
        """The municipality with this CBS code or name, in any case and with or without accents.

        An abolished code or name gives its successor and warns `MergedMunicipality`, naming both.

        Raises:
            UnknownArea: no municipality has this code or name; ``candidates`` holds close names.
            AmbiguousArea: the name fits several municipalities ("Bergen"); ``candidates`` holds them all.
        """
        found = self._find(text, Municipality)
        assert isinstance(found, Municipality)  # noqa: S101 - _find returns the kind asked for
        return found

    def region(self, text: str) -> Region:
        """The arbeidsmarktregio with this CBS code or name; raises like `municipality`."""
        found = self._find(text, Region)
        assert isinstance(found, Region)  # noqa: S101 - _find returns the kind asked for
        return found

    def area(self, text: str) -> Municipality | Region:
        """A municipality or an arbeidsmarktregio by code or name; a name both carry ("Amersfoort") is ambiguous."""
        return self._find(text, None)

    def _find(self, text: str, kind: type[Municipality | Region] | None) -> Municipality | Region:
        code = text.strip().upper()
        year = str(self.year)
        if kind is not Region and is_municipality_code(code):
            return self._current(code)
        if kind is not Municipality and is_region_code(code):
            if code in self.regions:
                return self.regions[code]
            raise UnknownArea(say("error.unknown-region", value=code, year=year), "unknown-region")
        found = self._names.get(_key(text), [])
        if not found:
            found = [a for name, areas in self._names.items() if name.startswith(_key(text) + " (") for a in areas]
        found = [a for a in dict.fromkeys(found) if kind is None or _kind_of(a) is kind]
        if len(found) == 1:
            return self._current(found[0].old_code) if isinstance(found[0], Merger) else found[0]
        if found:
            candidates = [self._current(a.old_code, warn=False) if isinstance(a, Merger) else a for a in found]
            shown = tuple(
                say("error.ambiguous-area.municipality", name=a.name, code=a.code)
                if isinstance(a, Municipality)
                else say("error.ambiguous-area.region", name=a.name, code=a.code)
                for a in candidates
            )
            raise AmbiguousArea(
                say("error.ambiguous-area", value=text.strip(), candidates=shown), "ambiguous-area", candidates
            )
        close = difflib.get_close_matches(_key(text), list(self._names), n=5, cutoff=0.75)
        suggestions = [a for name in close for a in self._names[name] if not isinstance(a, Merger)]
        suggestions = [a for a in suggestions if kind is None or _kind_of(a) is kind]
        message = (
            say("error.unknown-area.suggest", value=text.strip(), year=year, candidates=tuple(map(str, suggestions)))
            if suggestions
            else say("error.unknown-area", value=text.strip(), year=year)
        )
        raise UnknownArea(message, "unknown-area", suggestions)

    def _current(self, code: str, *, warn: bool = True) -> Municipality:
        if code in self.municipalities:
            return self.municipalities[code]
        successor = self.successor(code)
        if successor is not None:
            if warn:
                warnings.warn(MergedMunicipality(self.mergers[code]), stacklevel=4)
            return self.municipalities[successor]
        raise UnknownArea(say("error.unknown-municipality", value=code, year=str(self.year)), "unknown-municipality")

    @cached_property
    def _names(self) -> Mapping[str, list[Municipality | Region | Merger]]:
        names: dict[str, list[Municipality | Region | Merger]] = {}
        items: list[Municipality | Region] = [*self.municipalities.values(), *self.regions.values()]
        for item in items:
            names.setdefault(_key(item.name), []).append(item)
        for merger in self.mergers.values():
            names.setdefault(_key(merger.old_name), []).append(merger)
        return names

    # Places and checks

    def place(
        self,
        *,
        municipality: str | None = None,
        district: str | None = None,
        region: str | None = None,
        district_municipality: str | None = None,
    ) -> Place:
        """The place these levels name, with everything `Place.keys` needs filled in.

        *municipality* and *region* are codes or names (see `municipality`); *district* is a district id of the
        catalogue, and *district_municipality* the municipality the catalogue says it lies in, when known.

        Raises:
            UnknownArea, AmbiguousArea: as `municipality` and `region` do.
            AreaMismatch: the levels do not nest (a municipality outside the region, a district elsewhere).
        """
        found = None if municipality is None else self.municipality(municipality)
        if district is not None and district_municipality is not None:
            home = self._home(district_municipality)
            if found is not None and home is not None and home.code != found.code:
                raise AreaMismatch(
                    say("error.area-mismatch.district", district=district, home=str(home), given=str(found)),
                    "area-mismatch",
                )
            found = found or home
        wide = None if region is None else self.region(region)
        if found is not None:
            if wide is not None and wide.code != found.region:
                raise AreaMismatch(say("error.area-mismatch", inner=str(found), outer=str(wide)), "area-mismatch")
            return Place(district, found.code, found.region, self.former_codes(found.code))
        if wide is not None and district is None:
            inside = {m.code for m in self.municipalities_in(wide.code)}
            inside |= {old for code in inside for old in self.former_codes(code)}
            return Place(region=wide.code, region_municipalities=inside)
        return Place(district, region=None if wide is None else wide.code)

    def _home(self, code: str) -> Municipality | None:
        """Where a catalogue's district lies, silently: the catalogue's own data is checked by `problems`."""
        current = self.successor(code) or code
        return self.municipalities.get(current)

    def problems(self, instrument: Instrument) -> tuple[Problem, ...]:
        """What this classification finds wrong in *instrument*'s areas, without changing it.

        Unknown codes are errors; abolished municipality codes are warnings that name the successor.
        """
        found: list[Problem] = []
        year = str(self.year)
        label = field_info(Instrument, "available_regions").label
        found += [
            Problem(
                "$.available_regions", label, "unknown-region", say("problem.unknown-region", value=code, year=year)
            )
            for code in sorted(instrument.available_regions)
            if code not in self.regions
        ]
        label = field_info(Instrument, "available_municipalities").label
        found += [
            p
            for code in sorted(instrument.available_municipalities)
            if (p := self._municipality_problem(code, "$.available_municipalities", label)) is not None
        ]
        label = field_info(District, "municipality").label
        found += [
            p
            for index, district in enumerate(instrument.available_districts)
            if (
                p := self._municipality_problem(
                    district.municipality, f"$.available_districts[{index}].municipality", label
                )
            )
            is not None
        ]
        return tuple(found)

    def _municipality_problem(self, code: str, path: str, label: str) -> Problem | None:
        if code in self.municipalities:
            return None
        if code in self.mergers and self.successor(code) is not None:
            merger = self.mergers[code]
            message = say("problem.merged-municipality", merger=merger.said, new=merger.new_code)
            return Problem(path, label, "merged-municipality", message, Severity.WARNING)
        message = say("problem.unknown-municipality", value=code, year=str(self.year))
        return Problem(path, label, "unknown-municipality", message)

    # Deriving a later year

    def after(self, mergers: Iterable[Merger], *, year: int, source: str = "") -> AreaClassification:
        """The classification of *year*: this one with *mergers* applied (old codes go, new codes come).

        A new municipality lies in the region of its predecessors; the mergers are kept, so old codes still
        resolve. Raises `InvalidAreaData` when predecessors of one new municipality lie in different regions.
        """
        applied = {m.old_code: m for m in mergers}
        municipalities = {code: m for code, m in self.municipalities.items() if code not in applied}
        problems = []
        for new_code in sorted({m.new_code for m in applied.values()} - set(municipalities)):
            parts = [m for m in applied.values() if m.new_code == new_code]
            regions = {self.municipalities[m.old_code].region for m in parts if m.old_code in self.municipalities}
            if len(regions) != 1:
                problems.append(say("error.invalid-area-data.regions-of-new", code=new_code))
                continue
            municipalities[new_code] = Municipality(new_code, parts[0].new_name, regions.pop())
        if problems:
            raise InvalidAreaData(
                say("error.invalid-area-data", year=str(year), problems=tuple(problems)), "invalid-area-data"
            )
        return AreaClassification(
            year,
            municipalities.values(),
            self.regions.values(),
            [*self.mergers.values(), *applied.values()],
            source or self.source,
        )
