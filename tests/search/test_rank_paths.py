"""The ranking's fast paths against the reference rules, with weights whose sums depend on the order of adding."""

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from eva_core import ClientCharacteristic, ClientProfile, Criteria
from eva_core.search import CatalogueIndex, Weights
from eva_core.search._index import _evolved
from eva_core.search._matching import LEAVES, exclusions, score
from eva_core.testing import catalogues, client_profiles, criteria, places
from tests.helpers import an_instrument

# 0.1 + 0.2 + 0.7 is not 0.7 + 0.2 + 0.1 in floating point: only adding in the reference's order gives its sums.
_points = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.7, 1.0, 1e-9, 3.3]) | st.floats(0, 100, allow_subnormal=False)
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

    assert [(key, *reference[key]) for key in expected] == [
        (m.instrument.id, m.score, m.reasons) for m in index.rank(profile, limit=None)
    ]


@given(_weighted_cases(), st.integers(1, 12))
def test_the_scores_of_some_rows_are_those_rows_scores_of_all(case, every):
    items, profile, weights, ratings = case
    index = CatalogueIndex(items, weights=weights, ratings=ratings)
    rows = np.arange(len(items))

    assert index._scores(profile, rows[::every]).tolist() == index._scores(profile, rows)[::every].tolist()


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
