"""The one area rule, `Place.offers`, and everything derived from it agree for any catalogue and any place.

Derived: the index's area mask (filters and the ranking's hard rule), the SQL where clause over the rows
`area_keys` writes, the `outside-area` exclusion and the coverage analysis. (Every adapter's ``query`` is
checked against `Criteria.matches`, with places, by the contract suite.) The documented cases are in
tests/unit/test_areas.py.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eva_core import ClientProfile, Criteria
from eva_core.analysis import available_in
from eva_core.areas import bundled_areas
from eva_core.domain import Place
from eva_core.search import CatalogueIndex
from eva_core.search._matching import exclusions
from eva_core.storage import SqlRepository, add_catalogue
from eva_core.testing import places
from eva_core.testing._strategies import DISTRICTS, FORMER_MUNICIPALITIES, MUNICIPALITIES, REGIONS
from tests.helpers import an_instrument

# A store per example is slow; a quarter of the profile's examples still walks every kind of place.
_rule = settings(max_examples=max(10, settings.default.max_examples // 4), deadline=None)
_codes = ["GM0344", "GM0307", "GM0193", "GM0363", "AM13", "AM18"]


@st.composite
def catalogues(draw: st.DrawFn) -> tuple:
    """Instruments that differ where the rule looks: their areas (from the small world) and publication."""
    size = draw(st.integers(0, 10))
    return tuple(
        an_instrument(
            id=f"i{n}",
            publish=draw(st.booleans()),
            available_regions=draw(st.frozensets(st.sampled_from(REGIONS), max_size=1)),
            available_municipalities=draw(
                st.frozensets(st.sampled_from(MUNICIPALITIES + FORMER_MUNICIPALITIES), max_size=2)
            ),
            available_districts=draw(st.lists(st.sampled_from(DISTRICTS), max_size=2, unique_by=lambda d: d.id)),
        )
        for n in range(size)
    )


@pytest.fixture(scope="module")
def new_sqlite(tmp_path_factory):
    template = tmp_path_factory.mktemp("area-rule") / "template.db"
    SqlRepository(f"sqlite:///{template}").close()

    def make():
        path = Path(tempfile.mkdtemp(prefix="eva-area-")) / "eva.db"
        shutil.copy(template, path)
        return SqlRepository(f"sqlite:///{path}")

    return make


@_rule
@given(items=catalogues(), place=places(), code=st.sampled_from(_codes))
def test_the_index_sql_and_coverage_find_what_the_rule_offers(new_sqlite, items, place, code):
    expected = sorted(i.id for i in items if place.offers(i))
    repository = new_sqlite()
    add_catalogue(repository, items, label="area rule")

    assert expected == [i.id for i in CatalogueIndex(items, text=False).filter(Criteria(place=place))]
    assert expected == [s.id for s in repository.query(Criteria(place=place))]
    repository.close()

    areas = bundled_areas()
    area = areas.place(region=code) if code.startswith("AM") else areas.place(municipality=code)
    assert [area.offers(i) for i in items] == [available_in(i, code, areas) for i in items]


@_rule
@given(
    items=catalogues(),
    municipality=st.none() | st.sampled_from(MUNICIPALITIES),
    district=st.none() | st.sampled_from(DISTRICTS),
)
def test_a_client_is_kept_out_exactly_where_the_rule_says(items, municipality, district):
    if district is not None and municipality not in (None, district.municipality):
        municipality = None  # a district lies in its own municipality: places nest
    profile = ClientProfile(
        criteria=Criteria(place=Place(district=None if district is None else district.id, municipality=municipality))
    )
    index = CatalogueIndex(items, text=False)
    place = index.place(profile)

    here = {i.id for i in items if i.is_published(profile.day()) and (place is None or place.offers(i))}
    outside = {i.id for i in items if any(e.code == "outside-area" for e in exclusions(profile, i, place=place))}

    assert here == {m.instrument.id for m in index.rank(profile, limit=None)}
    assert outside == {i.id for i in items if place is not None and not place.offers(i)}


@_rule
@given(items=catalogues(), code=st.sampled_from(MUNICIPALITIES))
def test_a_place_made_by_hand_finds_no_more_than_the_resolved_one(items, code):
    """Filling in what contains a place (its region, merged codes) only ever adds instruments."""
    resolved = bundled_areas().place(municipality=code)

    assert {i.id for i in items if Place(municipality=code).offers(i)} <= {i.id for i in items if resolved.offers(i)}
