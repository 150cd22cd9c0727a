"""The ranking's fast paths against the reference rules, with weights whose sums depend on the order of adding."""

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eva_core import ClientCharacteristic, ClientProfile, Criteria, Tile
from eva_core.areas import AreaClassification
from eva_core.demo import DEMO_TODAY
from eva_core.domain import Municipality, Place, Region
from eva_core.search import CatalogueIndex, Weights, _index, explain
from eva_core.search._index import _evolved
from eva_core.search._matching import LEAVES, exclusions, score
from eva_core.testing import catalogues, client_profiles, criteria, places
from tests.helpers import an_instrument

# 0.1 + 0.2 + 0.7 is not 0.7 + 0.2 + 0.1 in floating point: only adding in the reference's order gives its sums.
_points = st.sampled_from([0.0, -0.0, 0.1, 0.2, 0.3, 0.7, 1.0, 1e-9, 3.3]) | st.floats(0, 100, allow_subnormal=False)
_weights = st.builds(Weights, characteristic=_points, tile=_points, target_group=_points, rating=_points)


@st.composite
def _weighted_cases(draw):
    items = draw(catalogues(max_size=12, lean=True))
    profile = draw(client_profiles(used=tuple(i.id for i in items[:3])))
    needs = draw(st.dictionaries(st.sampled_from(ClientCharacteristic), _points, max_size=8))
    ratings = draw(st.dictionaries(st.sampled_from([i.id for i in items] or ["none"]), st.floats(1, 5)))
    return items, attrs.evolve(profile, needs=needs), draw(_weights), ratings


@given(_weighted_cases())
def test_the_ranking_adds_every_score_as_the_reference_does(case):
    items, profile, weights, ratings = case
    index = CatalogueIndex(items, weights=weights, ratings=ratings)

    place = index.place(profile)
    reference = {
        i.id: score(profile, i, weights, ratings.get(i.id)) for i in items if not exclusions(profile, i, place=place)
    }
    expected = sorted(reference, key=lambda key: (-reference[key][0], key))

    assert [(key, repr(reference[key][0]), reference[key][1]) for key in expected] == [
        (m.instrument.id, repr(m.score), m.reasons) for m in index.rank(profile, limit=None)
    ]  # repr: a score of -0.0 would be written as such


@given(_weighted_cases(), st.integers(1, 12))
def test_the_scores_of_some_rows_are_those_rows_scores_of_all(case, every):
    items, profile, weights, ratings = case
    index = CatalogueIndex(items, weights=weights, ratings=ratings)
    rows = np.arange(len(items))

    assert repr(index._scores(profile, rows[::every]).tolist()) == repr(index._scores(profile, rows)[::every].tolist())


def test_a_profile_that_needs_every_leaf_scores_each_combination():
    profile = ClientProfile(needs={leaf: 0.1 * n for n, leaf in enumerate(LEAVES)})
    instruments = [
        an_instrument(id=f"instrument-{n}", client_characteristics=LEAVES[n:] + LEAVES[: n // 3])
        for n in range(len(LEAVES))
    ]
    index = CatalogueIndex(instruments)

    assert [score(profile, i)[0] for i in instruments] == index._scores(profile, np.arange(len(instruments))).tolist()


@given(criteria(), places() | st.none(), st.dates() | st.none())
def test_placed_criteria_equal_the_evolved_criteria(query, place, day):
    changes = {"place": place, "published_on": day or query.published_on}
    made = _evolved(query, **changes)

    assert made == attrs.evolve(query, **changes)
    assert type(made) is Criteria
    assert repr(made) == repr(attrs.evolve(query, **changes))
    assert hash(made) == hash(attrs.evolve(query, **changes))  # a cached or derived field would show here


def test_a_weight_of_minus_zero_scores_zero_not_minus_zero():
    """-0.0 passes as a weight of zero or more; the reference adds it to 0.0, which gives 0.0."""
    instrument = an_instrument()
    profile = ClientProfile(tiles=[next(t for t in Tile if t not in instrument.tiles)])
    weights = Weights(tile=-0.0)

    (match,) = CatalogueIndex([instrument], weights=weights).rank(profile, limit=None)
    assert repr(score(profile, instrument, weights)[0]) == repr(match.score) == "0.0"


_MANY = [an_instrument(id=f"instrument-{n:03d}") for n in range(300)]


@given(
    st.permutations(range(300)),  # the rows' order is not the ids' order
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.25]), min_size=300, max_size=300)  # many ties
    | st.dictionaries(st.integers(0, 299), st.sampled_from([0.5, 1.0, 3.25]), max_size=12).map(
        lambda few: [few.get(n, 0.0) for n in range(300)]  # most tie at the lowest score, a few above it
    ),
    st.lists(st.booleans(), min_size=300, max_size=300).filter(any),  # which rows are given
    st.integers(1, 12),
    st.tuples(st.sampled_from([4, 64]), st.sampled_from([2, 1024])),  # rows per place to narrow from, stretch
)
def test_the_top_is_the_best_rows_by_score_then_id_however_it_is_found(order, values, chosen, limit, narrowing):
    """Narrowing by a sample, ties at the lowest score and the walk in id order all give the full sort's top."""
    index = CatalogueIndex([_MANY[n] for n in order], text=False)
    rows = np.flatnonzero(chosen)
    scores = np.array(values)[rows]
    expected = sorted(
        zip(rows.tolist(), scores.tolist(), strict=True), key=lambda r: (-r[1], index._rows.live(r[0]).id)
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_SAMPLE", narrowing[0])
        patch.setattr(_index, "_STRETCH", narrowing[1])
        assert index._top(rows, scores, limit) == expected[:limit]
        assert index._top(rows, scores, None) == expected


def test_a_few_rows_above_a_floor_that_most_rows_share_come_first():
    index = CatalogueIndex(_MANY, text=False)
    rows = np.arange(0, 300, 2)  # 150 rows, more than 4 per place: narrowed by a sample
    values = np.zeros(300)
    values[[4, 10, 50]] = [1.0, 3.25, 0.5]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_SAMPLE", 4)
        top = index._top(rows, values[rows], 5)

    assert [(10, 3.25), (4, 1.0), (50, 0.5), (0, 0.0), (2, 0.0)] == top


def test_a_why_not_names_places_by_the_classification_of_that_query():
    """The names of a classification's codes are kept per classification: a view with other areas has its own."""
    elsewhere = AreaClassification(  # Zeist in a region of its own; the instrument's region named otherwise
        2021, [Municipality("GM0355", "Zeist", "AM02")], [Region("AM01", "Ergens anders"), Region("AM02", "Thuis")]
    )
    regional = an_instrument(id="regionaal", available_regions=["AM01"])
    index = CatalogueIndex([regional])
    client = ClientProfile(criteria=Criteria(place=Place(municipality="GM0355"), published_on=DEMO_TODAY))

    def outside(**settings):
        (found,) = explain(client, "regionaal", index=index, **settings).exclusions
        return found.message

    assert "Midden-Utrecht" not in outside()
    assert outside() == outside()  # kept, the same
    assert "Ergens anders" in outside(areas=elsewhere, strict_target_groups=False)
    assert "Ergens anders" not in outside()
