"""Laws of ranking and filtering that hold for any catalogue and any client."""

from collections import Counter

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eva_core import ClientProfile, Criteria, Tile
from eva_core.convert import converter
from eva_core.demo import demo_catalogue
from eva_core.search import CatalogueIndex, _filters, _index, rank
from eva_core.search._matching import exclusions, score
from eva_core.testing import catalogues, client_profiles, criteria

cases = catalogues(max_size=12, lean=True).flatmap(
    lambda items: st.tuples(st.just(items), client_profiles(used=tuple(i.id for i in items[:3])))
)


@given(catalogues(max_size=12, lean=True), criteria())
def test_the_index_filters_exactly_as_the_criteria_say(items, query):
    expected = sorted((i for i in items if query.matches(i)), key=lambda i: i.id)

    assert expected == CatalogueIndex(items).filter(query)


@given(catalogues(max_size=12, lean=True), criteria(), st.sampled_from(Tile))
def test_adding_a_filter_never_adds_results(items, query, tile):
    index = CatalogueIndex(items)
    narrower = attrs.evolve(query, tiles=query.tiles or {tile}, published_on=query.published_on)

    assert {i.id for i in index.filter(narrower)} <= {i.id for i in index.filter(query)}


@given(cases)
def test_the_ranking_agrees_with_the_reference_rules_and_scores(case):
    items, profile = case

    place = CatalogueIndex(items).place(profile)  # where the bundled classification places the client
    reference = {i.id: score(profile, i) for i in items if not exclusions(profile, i, place=place)}
    expected = sorted(reference, key=lambda key: (-reference[key][0], key))

    assert [(key, *reference[key]) for key in expected] == [
        (m.instrument.id, m.score, m.reasons) for m in rank(profile, items, limit=None)
    ]


@given(cases, st.integers(0, 15))
def test_rank_with_a_limit_is_the_prefix_of_the_full_order(case, limit):
    items, profile = case
    index = CatalogueIndex(items)

    assert index.rank(profile, limit=None)[:limit] == index.rank(profile, limit=limit)


@given(cases, st.randoms(use_true_random=False))
def test_rank_does_not_depend_on_input_order(case, rng):
    items, profile = case
    shuffled = list(items)
    rng.shuffle(shuffled)

    assert rank(profile, items, limit=None) == rank(profile, shuffled, limit=None)


@given(cases, st.sampled_from([0.5, 1.0, 4.0]))
def test_raising_a_matched_needs_weight_never_lowers_that_instruments_score(case, extra):
    items, profile = case
    for match in rank(profile, items, limit=None):
        matched = [r.key for r in match.reasons if r.kind == "characteristic"]
        if not matched:
            continue
        needs = dict(profile.needs)
        leaf = next(k for k in needs if k.key == matched[0])
        needs[leaf] += extra
        raised = attrs.evolve(profile, needs=needs)
        after = {m.instrument.id: m.score for m in rank(raised, items, limit=None)}
        assert after[match.instrument.id] >= match.score


@given(cases, st.data())
def test_updating_the_index_per_instrument_equals_building_it_anew(case, data):
    items, profile = case
    index = CatalogueIndex(items)
    if data.draw(st.booleans()):
        index.rank(profile)  # the id order is then kept current rather than made afresh
    gone = data.draw(st.sets(st.sampled_from([i.id for i in items]))) if items else set()
    for instrument_id in sorted(gone):
        index.remove(instrument_id)
    changed = [i.evolve(name=f"{i.name} (nieuw)") for i in items if i.id not in gone][:2]
    added = [i.evolve(id=f"{i.id}-kopie") for i in items[:2]]
    for instrument in [*changed, *added]:
        index.add(instrument)
    kept = {i.id: i for i in items if i.id not in gone} | {i.id: i for i in [*changed, *added]}

    fresh = CatalogueIndex(list(kept.values()))
    assert fresh.rank(profile, limit=None) == index.rank(profile, limit=None)
    assert fresh.filter(Criteria()) == index.filter(Criteria())
    for text in ("werk", "traning ", "coa"):  # a typo and a half-typed word read the words of live rows only
        assert fresh.search(text, limit=None, include_unpublished=True) == index.search(
            text, limit=None, include_unpublished=True
        )


@given(cases)
def test_of_instruments_given_with_the_same_id_the_last_one_counts(case):
    items, profile = case
    renamed = [i.evolve(name=f"{i.name} (nieuw)", tiles=[Tile.NAZORG]) for i in items[::2]]
    latest = {i.id: i for i in items} | {i.id: i for i in renamed}

    index, fresh = CatalogueIndex([*items, *renamed]), CatalogueIndex(list(latest.values()))
    assert list(index) == list(fresh) == sorted(latest.values(), key=lambda i: i.id)
    assert index.rank(profile, limit=None) == fresh.rank(profile, limit=None)
    assert index.filter(Criteria()) == fresh.filter(Criteria())


def test_an_empty_profile_on_an_empty_catalogue_ranks_nothing():
    assert [] == rank(ClientProfile(), [])
    assert [] == CatalogueIndex().rank(ClientProfile(), limit=None)


_FACET_VALUES = {
    "tiles": lambda i: i.tiles,
    "characteristics": lambda i: i.client_characteristics,
    "execution_forms": lambda i: i.execution_forms,
    "group_forms": lambda i: i.group_forms,
    "location_types": lambda i: {location.type for location in i.locations},
    "target_groups": lambda i: {group.id for group in i.target_groups},
    "providers": lambda i: {i.provider.id},
    "organisations": lambda i: {i.organisation.id},
}


def _assert_facets_count(found):
    hits = [h.instrument for h in found.hits]
    for name, values in _FACET_VALUES.items():
        assert Counter(value for i in hits for value in values(i)) == dict(getattr(found.facets, name)), name
    for keyed in (found.facets.providers, found.facets.organisations, found.facets.target_groups):
        assert sorted(keyed) == list(keyed)  # in key order


@given(catalogues(max_size=12, lean=True), criteria())
def test_facets_count_every_hit_by_its_values(items, query):
    _assert_facets_count(CatalogueIndex(items).search("", criteria=query, limit=None))


_BIT_WAYS = {  # how `_bit_counts` counts: (numpy's popcount or None as on numpy 1.x, _PLANES_FROM, _MANY, _GROUP_PLANES)
    "bit planes, target groups too": (np.bitwise_count, 10**9, 10**9, 64),
    "bit planes, target groups by bincount": (np.bitwise_count, 10**9, 10**9, 0),
    "bytes": (np.bitwise_count, 0, 10**9, 64),
    "numpy 1.x, per bit": (None, 10**9, 1, 64),
    "numpy 1.x, bytes": (None, 10**9, 10**9, 64),
}


@given(catalogues(max_size=24, lean=True), st.sampled_from(Tile), st.sampled_from(sorted(_BIT_WAYS)))
def test_facets_count_few_hits_and_most_hits_alike(items, tile, way):
    """Most hits are counted as every live row less the rows left out, few hits directly; bits by bit planes
    (numpy 2), by one bincount of their bytes, or per bit (numpy 1.x), as the number of hits decides.
    """
    index = CatalogueIndex(items)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in zip(
            ("_bitwise_count", "_PLANES_FROM", "_MANY", "_GROUP_PLANES"), _BIT_WAYS[way], strict=True
        ):
            patch.setattr(_filters, name, value)
        for query in (Criteria(), Criteria(tiles={tile})):
            _assert_facets_count(index.search("", criteria=query, limit=None, include_unpublished=True))


def _top_keys(counts, size):
    """The pure-Python facet_size rule: the *size* highest counts, ties to the first keys, kept in key order."""
    kept = sorted(sorted(counts.items()), key=lambda pair: -pair[1])[:size]
    return dict(sorted(kept)), sum(counts.values()) - sum(n for _, n in kept)


_KEYED = ("target_groups", "providers", "organisations")


@given(catalogues(max_size=24, lean=True), criteria(), st.integers(1, 4))
def test_a_facet_size_keeps_the_keys_with_the_most_hits_and_sums_the_others(items, query, size):
    index = CatalogueIndex(items)
    whole = index.search("", criteria=query, limit=None, include_unpublished=True)
    cut = index.search("", criteria=query, limit=None, include_unpublished=True, facet_size=size)
    _assert_facets_count(whole)
    assert cut.hits == whole.hits
    others = {}
    for name in _KEYED:
        expected, left = _top_keys(dict(getattr(whole.facets, name)), size)
        assert dict(getattr(cut.facets, name)) == expected, name
        assert list(getattr(cut.facets, name)) == sorted(expected), name  # in key order
        if left:
            others[name] = left
    assert dict(cut.facets.others) == others
    assert attrs.evolve(cut.facets, target_groups={}, providers={}, organisations={}, others={}) == attrs.evolve(
        whole.facets, target_groups={}, providers={}, organisations={}
    )  # the enumerated facets stay whole


@given(st.lists(st.integers(0, 3), max_size=30), st.integers(1, 31))
def test_the_highest_counts_are_picked_as_the_oracle_picks_them(values, size):
    """Many ties: of equal counts at the last place, the first keys stay."""
    counts = {f"key-{n:02d}": value for n, value in enumerate(values) if value}
    found = np.array(list(counts.values()), dtype=np.int64)
    if size < len(found):
        kept = _filters._highest(found, size)
        keys = np.array(list(counts))[kept].tolist()
        assert dict(zip(keys, found[kept].tolist(), strict=True)) == _top_keys(counts, size)[0]


@given(catalogues(max_size=12, lean=True), criteria())
def test_a_facet_size_of_every_key_or_more_is_no_facet_size(items, query):
    index = CatalogueIndex(items)
    whole = index.search("", criteria=query, limit=None)
    size = max(1, *(len(getattr(whole.facets, name)) for name in _KEYED))
    for more in (size, size + 1):
        assert index.search("", criteria=query, limit=None, facet_size=more) == whole
    assert whole.facets.others == {}
    assert "others" not in converter.unstructure(whole)["facets"]


@pytest.mark.parametrize("size", [0, -1])
def test_a_facet_size_below_one_is_refused(size):
    with pytest.raises(ValueError, match="facet_size"):
        CatalogueIndex(demo_catalogue()).search("coaching", facet_size=size)


@given(cases, st.data())
def test_facets_after_updates_equal_the_facets_of_a_new_index(case, data):
    """Facets keep counts and tables per generation of the rows: an update must make them anew."""
    items, _ = case
    index = CatalogueIndex(items)
    queries = [Criteria(), *(Criteria(tiles={t}) for t in (Tile.WERK_FIT, Tile.NAZORG))]

    def searched(where):
        return [where.search("", criteria=q, limit=None, include_unpublished=True, facet_size=s) for q in queries
                for s in (None, 1)]  # fmt: skip

    searched(index)  # fill the caches
    gone = data.draw(st.sets(st.sampled_from([i.id for i in items]))) if items else set()
    for instrument_id in sorted(gone):
        index.remove(instrument_id)
    moved = [
        i.evolve(
            tiles=[Tile.NAZORG],
            provider=items[-1].provider,
            organisation=items[-1].organisation,
            target_groups=items[-1].target_groups,
        )
        for i in items[:3]
        if i.id not in gone
    ]
    for instrument in moved:
        index.add(instrument)
    kept = {i.id: i for i in items if i.id not in gone} | {i.id: i for i in moved}

    assert searched(index) == searched(CatalogueIndex(list(kept.values())))


@given(
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.25]), min_size=20, max_size=47),  # many ties
    st.integers(min_value=1, max_value=4),  # more than 4 rows per place: always narrowed
)
def test_narrowing_to_contenders_picks_the_same_top(values, limit):
    """`_top` keeps only rows a sample cannot rule out; ties at the last place are decided by id all the same."""
    index = CatalogueIndex(demo_catalogue(), text=False)
    rows = np.arange(len(values))
    scores = np.array(values)
    whole = index._top(rows, scores, limit)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_SAMPLE", 4)  # narrow from 4 rows per place on, with a sample of one per place
        assert index._top(rows, scores, limit) == whole


_QUERIES = st.sampled_from(["werk", "taal coaching", "fiets sport zorg", "wer", "schulden leren buurt jong"])


@given(catalogues(max_size=24, lean=True), _QUERIES, st.integers(1, 6), st.sampled_from([4, 64]))
def test_a_text_search_with_a_limit_finds_the_top_of_every_hit_and_counts_them_all(items, text, limit, sample):
    """Without facets or a profile, only the hits a sample cannot rule out are listed: the same top and total
    as every hit in order (limit None lists them all), and with facets the same top, total and facets.
    """
    index = CatalogueIndex(items)
    whole = index.search(text, limit=None, include_unpublished=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_SAMPLE", sample)  # 4: a sample of every 4th row or so, not all of them
        bare = index.search(text, limit=limit, include_unpublished=True, facets=False)
        counted = index.search(text, limit=limit, include_unpublished=True)

    assert (bare.hits, bare.total, bare.facets) == (whole.hits[:limit], whole.total, None)
    assert (counted.hits, counted.total, counted.facets) == (whole.hits[:limit], whole.total, whole.facets)


@given(
    cases,
    st.tuples(st.sampled_from(["", "werk", "taal coaching", "wer"]), st.booleans()),
    st.integers(0, 6),
    st.integers(0, 6),
    st.sampled_from([4, 64]),
)
def test_a_page_of_a_search_is_the_slice_of_the_whole_order(case, asked, offset, limit, sample):
    """``offset`` pages without changing the order, the total or the facets, with or without text and profile."""
    (items, profile), (text, with_profile) = case, asked
    index = CatalogueIndex(items)
    options = {"profile": profile if with_profile else None, "include_unpublished": True}
    whole = index.search(text, limit=None, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_SAMPLE", sample)
        page = index.search(text, limit=limit, offset=offset, **options)
        bare = index.search(text, limit=limit, offset=offset, facets=False, **options)

    assert (page.hits, page.total, page.facets) == (whole.hits[offset : offset + limit], whole.total, whole.facets)
    assert (bare.hits, bare.total) == (whole.hits[offset : offset + limit], whole.total)


@pytest.mark.parametrize("text", ["", "werk"])
def test_pages_of_the_demo_catalogue_follow_each_other(text):
    index = CatalogueIndex(demo_catalogue())
    whole = index.search(text, limit=None, facets=False)
    pages = [index.search(text, limit=3, offset=start, facets=False).hits for start in range(0, whole.total + 3, 3)]

    assert [hit for page in pages for hit in page] == list(whole.hits)
    assert whole.total > 6


def test_a_negative_offset_is_refused():
    with pytest.raises(ValueError, match="offset is -1"):
        CatalogueIndex(demo_catalogue(), text=False).search(offset=-1)


@given(cases, st.sampled_from(["", "werk", "taal coaching", "wer"]), st.integers(0, 6))
def test_a_search_with_a_profile_orders_by_score_then_relevance_then_id(case, text, limit):
    items, profile = case
    index = CatalogueIndex(items)
    whole = index.search(text, profile=profile, limit=None)
    ids = {hit.instrument.id: n for n, hit in enumerate(sorted(whole.hits, key=lambda h: h.instrument.id))}

    assert list(whole.hits) == sorted(whole.hits, key=lambda h: (-h.score, -h.relevance, ids[h.instrument.id]))
    assert index.search(text, profile=profile, limit=limit).hits == whole.hits[:limit]


@pytest.mark.parametrize(
    ("scores", "relevance", "expected"),
    [
        ([0.1 + 0.2, 0.3, 0.0], [1.0, 5.0, 9.0], [0, 1, 2]),  # 0.30000000000000004 beats 0.3 whatever the relevance
        ([1e10, 1e10, 1e10], [0.25, 0.5, 0.25], [1, 0, 2]),  # beside large scores relevance still orders ties
        ([2.0, 1.0, 2.0, 1.0], [0.0, 3.0, 1.0, 2.0], [2, 0, 1, 3]),
    ],
)
@pytest.mark.parametrize("limit", [None, 1, 2, 3])
def test_the_score_decides_alone_and_relevance_only_among_equal_scores(scores, relevance, expected, limit):
    index = CatalogueIndex(demo_catalogue(), text=False)
    rows = np.arange(len(scores))
    chosen = index._top_by_score(rows, np.array(scores), np.array(relevance), limit)

    assert chosen == expected[:limit]
