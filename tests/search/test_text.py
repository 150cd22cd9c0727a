"""Dutch full-text search: folding, stemming, compounds, field weights, prefixes, filters and facets."""

import datetime as dt

import numpy as np
import pytest

from eva_core import ClientCharacteristic, ClientProfile, Criteria, Tile
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import Place
from eva_core.search import CatalogueIndex, analyze, fold
from tests.helpers import an_instrument

DEMO_DAY = Criteria(published_on=DEMO_TODAY)


@pytest.fixture(scope="module")
def index():
    return CatalogueIndex(demo_catalogue())


def names(result):
    return [h.instrument.name for h in result.hits]


def test_folding_removes_accents_and_case():
    assert "orientatie op de arbeidsmarkt" == fold("Oriëntatie op de Arbeidsmarkt")
    assert analyze("Oriëntatie") == analyze("orientatie") == analyze("ORIËNTATIE")


def test_stemming_finds_plurals_and_compounds_with_hyphens():
    assert analyze("taaltrainingen") == analyze("Taaltraining")
    assert set(analyze("reïntegratie")) <= set(analyze("re-integratie"))
    assert set(analyze("re-integratie")) & set(analyze("reintegratie"))


def test_a_plural_query_finds_the_singular(index):
    found = names(index.search("taaltrainingen", criteria=DEMO_DAY))

    assert {"Flankerende taaltraining", "Taaltraining op de werkvloer"} == set(found[:2])


@pytest.mark.parametrize("query", ["re-integratie", "reïntegratie", "reintegratie", "RE-INTEGRATIE"])
def test_hyphen_and_diaeresis_variants_find_the_same(query):
    index = CatalogueIndex(
        [
            an_instrument(id="a", name="Re-integratie na ziekte"),
            an_instrument(id="b", name="Reïntegratie voor jongeren"),
            an_instrument(id="c", name="Iets anders"),
        ]
    )

    assert {"a", "b"} == {h.instrument.id for h in index.search(query).hits}


def test_a_match_in_the_name_outranks_one_in_the_summary():
    index = CatalogueIndex(
        [
            an_instrument(id="in-summary", name="Werkplaats", summary="Je oefent met fietsen en andere dingen."),
            an_instrument(id="in-name", name="Fietsen", summary="Je oefent in het verkeer met een docent."),
        ]
    )

    assert ["in-name", "in-summary"] == [h.instrument.id for h in index.search("fietsen").hits]


def test_the_last_word_may_be_half_typed(index):
    assert "Basistraining sollicitatievaardigheden" in names(index.search("sollicitatievaa", criteria=DEMO_DAY))
    assert [] == names(index.search("sollicitatievaa ", criteria=DEMO_DAY))  # a space ends the word


@pytest.mark.parametrize(
    "query", ["coaching", "taal training", "loopbaancoatching", "wer", "werknemersvaardigheden sollicit", "xyz"]
)
def test_relevance_adds_each_terms_contribution_in_term_order(query):
    """One bincount over all postings (in bincount's own types) equals adding term by term, from 0, in float64."""
    index = CatalogueIndex(demo_catalogue())
    index.remove(demo_catalogue()[0].id)  # a dead row: its postings are skipped
    text, alive, dead = index._text, index._rows.columns["alive"], index._rows.dead
    expected = np.zeros(len(alive))
    for term, weight in sorted(text.query(query).items()):
        if term in text._terms:
            rows, impacts = text._impact(term, alive, len(index), dead)
            for row, impact in zip(
                rows.tolist(), (impacts if weight == 1.0 else weight * impacts).tolist(), strict=True
            ):
                expected[row] += impact

    assert np.array_equal(expected, text.scores(query, alive, len(index), dead))


def test_search_combines_with_filters_and_counts_facets(index):
    everything = index.search("training", criteria=DEMO_DAY, limit=None)
    werk_fit = index.search("training", criteria=Criteria(tiles=[Tile.WERK_FIT], published_on=DEMO_TODAY), limit=None)

    assert {h.instrument.id for h in werk_fit.hits} <= {h.instrument.id for h in everything.hits}
    assert all(Tile.WERK_FIT in h.instrument.tiles for h in werk_fit.hits)
    assert everything.facets.tiles[Tile.WERK_FIT] == werk_fit.total
    assert sum(everything.facets.organisations.values()) == everything.total


def test_search_with_a_profile_keeps_only_eligible_instruments_ordered_by_score(areas):
    index = CatalogueIndex(demo_catalogue(), areas=areas)
    in_amersfoort = ClientProfile(
        needs=[ClientCharacteristic.PRAKTISCH],
        criteria=Criteria(place=Place(municipality="GM0307"), published_on=DEMO_TODAY),
    )
    in_utrecht = ClientProfile(
        needs=[ClientCharacteristic.PRAKTISCH],
        criteria=Criteria(place=Place(municipality="GM0344"), published_on=DEMO_TODAY),
    )

    found = index.search("fiets", profile=in_amersfoort)

    assert {"Verstrekking van fiets of laptop", "Fietslessen"} == set(names(found))
    assert [1.0, 1.0] == [h.score for h in found.hits]
    assert [] == names(index.search("fiets", profile=in_utrecht))


def test_queries_with_search_syntax_or_nothing_in_them_are_harmless(index):
    for query in ['"', "*", "NEAR(", "a OR b", "-", "de het een", "😀", "x" * 10_000]:
        result = index.search(query)
        assert result.total >= 0


def test_an_empty_query_lists_by_id_within_the_criteria(index):
    result = index.search("", criteria=Criteria(published_on=dt.date(2026, 11, 28)), limit=5)

    ids = [h.instrument.id for h in result.hits]
    assert sorted(ids) == ids
    assert 43 == result.total


def test_text_search_finds_what_is_published_today_unless_asked_otherwise():
    expired = an_instrument(id="verlopen", name="Fietsles", publish_until=dt.date.today() - dt.timedelta(days=1))  # noqa: DTZ011
    concept = an_instrument(id="concept", name="Fietsles", publish=False)
    current = an_instrument(id="actueel", name="Fietsles")
    index = CatalogueIndex([expired, concept, current])

    assert ["actueel"] == [h.instrument.id for h in index.search("fietsles").hits]
    assert {"actueel", "concept", "verlopen"} == {
        h.instrument.id for h in index.search("fietsles", include_unpublished=True).hits
    }
