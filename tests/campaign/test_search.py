"""Campaign cases for search and matching (issue 11, items 10 and 12).

A client profile holds special-category personal data. Every public entry point gets a profile full of
marker values, and everything a person or a log could see is scanned for them: reprs, strings, log
records, exception texts and the CLI's output. Hostile values are refused with a typed error that names
the field and the rule, never the value. The one-off `rank`/`explain` helpers apply the settings they are
given, also with an index.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import pickle
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from eva_core import ClientCharacteristic, ClientProfile, Criteria, Provider, Tile, explain, rank
from eva_core.cli._app import app
from eva_core.convert import load_profile
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import (
    AreaClassification,
    District,
    EvaError,
    GroupForm,
    InvalidCriteria,
    InvalidProfile,
    MergedMunicipality,
    Municipality,
    Place,
    Region,
    TargetGroup,
    UnknownArea,
)
from eva_core.search import CatalogueIndex, Weights
from eva_core.storage import add_catalogue, open_repository
from tests.helpers import ORGANISATION, an_instrument

runner = CliRunner()

MARKERS = {
    "municipality": "GM1680",  # Aa en Hunze: no instrument of the demo names it
    "district": "wijk-bsn-123456782",
    "target_group": "doelgroep-bsn-223456781",
    "used": "gebruikt-bsn-323456780",
    "provider": "aanbieder-bsn-423456789",
    "organisation": "organisatie-bsn-523456788",
    "costs": "7391.37",
    "hours": "157",
    "days": "739.25",
}
"""Values no instrument or message of the demo holds: if one shows up, it came from the profile."""
BSN = "BSN123456782"


def leaks(*texts: object) -> list[str]:
    said = " ".join(str(t) for t in texts)
    return [marker for marker in (*MARKERS.values(), BSN) if marker in said]


def marker_profile(day: dt.date = DEMO_TODAY) -> ClientProfile:
    return ClientProfile(
        needs={ClientCharacteristic.PSYCHOSOCIAAL: 3, ClientCharacteristic.BASISVAARDIGHEDEN: 2},
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        target_groups=[MARKERS["target_group"]],
        used_instruments=[MARKERS["used"]],
        criteria=Criteria(
            place=Place(district=MARKERS["district"], municipality=MARKERS["municipality"]),
            max_costs=Decimal(MARKERS["costs"]),
            max_hours_per_week=int(MARKERS["hours"]),
            max_duration_days=float(MARKERS["days"]),
            group_forms=[GroupForm.INDIVIDUEEL],
            published_on=day,
        ),
    )


def marker_criteria() -> Criteria:
    return Criteria(
        providers=[MARKERS["provider"]],
        organisations=[MARKERS["organisation"]],
        target_groups=[MARKERS["target_group"]],
        place=Place(municipality=MARKERS["municipality"]),
        published_on=DEMO_TODAY,
    )


@pytest.fixture(scope="module")
def index():
    return CatalogueIndex(demo_catalogue())


def test_every_entry_point_keeps_the_profile_out_of_reprs_strings_and_logs(index, caplog):
    caplog.set_level(logging.DEBUG)
    profile = marker_profile()
    lenient = ClientProfile(needs=profile.needs, target_groups=profile.target_groups, criteria=Criteria())

    seen: list[object] = [profile, profile.criteria, marker_criteria(), [profile], {"p": profile}]
    for client in (profile, lenient):
        matches = index.rank(client, limit=None) + rank(client, demo_catalogue(), limit=5)
        explanations = [index.explain(client, i) for i in demo_catalogue()[:10]]
        explanations.append(explain(client, demo_catalogue()[0]))
        found = [index.search("training", profile=client, limit=None), index.search("", profile=client)]
        seen += [*matches, *explanations, *found]
        seen += [r for m in matches for r in m.reasons] + [e for x in explanations for e in x.exclusions]
        seen += [h for f in found for h in f.hits] + [f.facets for f in found]
    seen.append(index.search("coaching", criteria=marker_criteria()))

    assert any(m.reasons for m in index.rank(lenient))  # the scan saw reasons, not only empty results
    assert [] == leaks(*[repr(x) for x in seen], *[str(x) for x in seen])
    assert [] == leaks(*[r.getMessage() for r in caplog.records], *[repr(r.args) for r in caplog.records])


@pytest.mark.parametrize(
    ("place", "error_type", "code"),
    [
        (Place(municipality=BSN), UnknownArea, "unknown-area"),
        (Place(municipality="GM9999"), UnknownArea, "unknown-municipality"),
        (Place(municipality="Aa en Hunzee"), UnknownArea, "unknown-area"),
    ],
)
def test_a_client_place_the_classification_refuses_is_never_repeated(index, place, error_type, code):
    typed = place.municipality
    profile = ClientProfile(criteria=Criteria(place=place, published_on=DEMO_TODAY))
    calls = [
        lambda: index.rank(profile),
        lambda: index.explain(profile, demo_catalogue()[0]),
        lambda: index.search("coaching", profile=profile),
        lambda: index.place(profile),
        lambda: rank(profile, demo_catalogue()),
        lambda: explain(profile, demo_catalogue()[0]),
    ]
    for call in calls:
        with pytest.raises(error_type) as caught:
            call()

        assert code == caught.value.code
        error = caught.value
        texts = [str(error), repr(error), error.message, repr(error.args), str(error.__context__), str(error.__cause__)]
        assert [] == [t for t in texts if typed in t]
        assert pickle.loads(pickle.dumps(error)).code == code


def test_a_client_in_an_abolished_municipality_is_warned_about_without_naming_it(index):
    profile = ClientProfile(criteria=Criteria(place=Place(municipality="GM0457"), published_on=DEMO_TODAY))
    calls = [
        lambda: index.rank(profile),
        lambda: index.explain(profile, demo_catalogue()[0]),
        lambda: rank(profile, demo_catalogue()),
    ]
    said = []
    for call in calls:
        with pytest.warns(MergedMunicipality) as caught:
            call()
        said += list(caught)

    assert {"GM0457"} == {w.message.merger.old_code for w in said}  # kept as data, for the professional's screen
    texts = [str(w.message) for w in said]  # what a service that logs its warnings would log
    assert [] == [t for t in texts if "GM0457" in t or "Weesp" in t or "Amsterdam" in t or "GM0363" in t]


def test_reprs_of_matches_and_explanations_show_only_ids_and_scores(index):
    client = ClientProfile(needs=[ClientCharacteristic.PSYCHOSOCIAAL], criteria=Criteria(published_on=DEMO_TODAY))
    [match] = index.rank(client, limit=1)
    explanation = index.explain(client, match.instrument)

    assert f"Match(instrument_id={match.instrument.id!r}, score={match.score!r})" == repr(match) == str(match)
    assert repr(explanation).startswith(f"Explanation(instrument_id={match.instrument.id!r}, score=")
    assert "Psychosociale" not in repr(match) + repr(explanation)
    assert "Psychosociale" in str(match.reasons[0])  # the reasons stay data for the professional's screen


@pytest.mark.parametrize(
    ("values", "path", "code"),
    [
        ({"needs": BSN}, "$.needs", "unknown-choice"),
        ({"needs": {ClientCharacteristic.PRAKTISCH: BSN}}, "$.needs", "type"),
        ({"needs": {ClientCharacteristic.PRAKTISCH: -123456782.0}}, "$.needs", "negative"),
        ({"needs": {ClientCharacteristic.PRAKTISCH: float("nan")}}, "$.needs", "type"),
        ({"needs": [ClientCharacteristic.PRAKTISCH, BSN]}, "$.needs", "unknown-choice"),
        ({"tiles": [BSN]}, "$.tiles", "unknown-choice"),
        ({"tiles": BSN}, "$.tiles", "type"),
        ({"target_groups": BSN}, "$.target_groups", "type"),
        ({"target_groups": [123456782]}, "$.target_groups", "type"),
        ({"used_instruments": [BSN * 30]}, "$.used_instruments", "type"),
        ({"criteria": BSN}, "$.criteria", "type"),
    ],
)
def test_a_profile_refuses_a_wrong_value_by_field_and_rule(values, path, code):
    with pytest.raises(InvalidProfile) as caught:
        ClientProfile(**values)

    error = caught.value
    assert [(path, code)] == [(p.path, p.code) for p in error.problems]
    assert isinstance(error, EvaError)
    assert [] == leaks(error, repr(error), error.args, *error.exceptions, pickle.loads(pickle.dumps(error)))


@pytest.mark.parametrize(
    ("values", "path", "code"),
    [
        ({"max_costs": BSN}, "$.max_costs", "type"),
        ({"max_costs": Decimal(-123456782)}, "$.max_costs", "negative"),
        ({"max_costs": float("inf")}, "$.max_costs", "type"),
        ({"place": BSN}, "$.place", "type"),
        ({"max_hours_per_week": BSN}, "$.max_hours_per_week", "type"),
        ({"max_hours_per_week": 123456782}, "$.max_hours_per_week", "too-many-hours"),
        ({"min_hours_per_week": True}, "$.min_hours_per_week", "type"),
        ({"max_duration_days": BSN}, "$.max_duration_days", "type"),
        ({"published_on": BSN}, "$.published_on", "type"),
        ({"published_on": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, "$.published_on", "type"),
        ({"group_forms": [BSN]}, "$.group_forms", "unknown-choice"),
        ({"providers": [123456782]}, "$.providers", "type"),
    ],
)
def test_criteria_refuse_a_wrong_value_by_part_and_rule(values, path, code):
    with pytest.raises(InvalidCriteria) as caught:
        Criteria(**values)

    assert [(path, code)] == [(p.path, p.code) for p in caught.value.problems]
    assert [] == leaks(caught.value, repr(caught.value), caught.value.args, *caught.value.exceptions)


def test_every_broken_field_is_reported_at_once():
    with pytest.raises(InvalidCriteria) as caught:
        Criteria(place=BSN, max_costs=BSN, tiles=[BSN])

    assert ["$.tiles", "$.place", "$.max_costs"] == [p.path for p in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "paths"),
    [
        ({BSN: 1, "needs": {"praktisch": 1}}, ["$"]),
        ({"needs": {BSN: 2}}, ["$.needs"]),
        ({"needs": {"praktisch": BSN}}, ["$.needs"]),
        ({"tiles": [BSN]}, ["$.tiles"]),
        ({"criteria": {"place": {"municipality": 123456782}}}, ["$.criteria.place.municipality"]),
        ({"criteria": {"max_costs": BSN, BSN: 2}}, ["$.criteria.max_costs", "$.criteria"]),
        ({"criteria": {"published_on": BSN}}, ["$.criteria.published_on"]),
        ({"target_groups": [123456782]}, ["$.target_groups"]),
        ([BSN], ["$"]),
        (BSN, ["$"]),
    ],
)
def test_load_profile_names_fields_and_rules_but_never_values_or_unknown_keys(data, paths):
    with pytest.raises(InvalidProfile) as caught:
        load_profile(data)

    assert paths == [p.path for p in caught.value.problems]
    assert [] == leaks(caught.value, repr(caught.value), *[repr(p) for p in caught.value.problems])


def test_load_profile_reads_what_the_attributes_say():
    profile = load_profile(
        {
            "needs": {"praktisch": 2},
            "tiles": ["werk_fit"],
            "target_groups": ["jong"],
            "criteria": {"place": {"municipality": "GM0344"}, "max_costs": "250.00", "published_on": "2026-11-28"},
        }
    )

    assert {ClientCharacteristic.PRAKTISCH: 2.0} == dict(profile.needs)
    expected = Criteria(place=Place(municipality="GM0344"), max_costs=Decimal(250), published_on=DEMO_TODAY)
    assert expected == profile.criteria


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('campaign') / 'eva.db'}"
    with open_repository(url) as repository:
        add_catalogue(repository, demo_catalogue(), label="campaign")
    return url


def test_the_cli_shows_nothing_of_a_marker_profile(demo_url, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    options = ["--gemeente", MARKERS["municipality"], "--wijk", MARKERS["district"], "--doelgroep"]
    options += [MARKERS["target_group"], "--gebruikt", MARKERS["used"], "--max-kosten", MARKERS["costs"]]
    options += ["--max-uren", MARKERS["hours"], "--kenmerk", "psychosociaal=3", "--datum", "2026-11-28"]
    profile_file = tmp_path / "client.json"
    profile_file.write_text(
        json.dumps(
            {
                "needs": {"psychosociaal": 3},
                "target_groups": [MARKERS["target_group"]],
                "used_instruments": [MARKERS["used"]],
                "criteria": {"place": {"municipality": MARKERS["municipality"], "district": MARKERS["district"]}},
            }
        )
    )

    runs = [
        ["match", *options],
        ["match", *options, "--json"],
        ["match", *options, "--waarom-niet", "fietslessen-amersfoort"],
        ["match", *options, "--waarom-niet", "jobcoaching-utrecht", "--json"],
        ["match", "--profiel", str(profile_file), "--json"],
        ["search", "coaching", "--gemeente", MARKERS["municipality"], "--aanbieder", MARKERS["provider"]],
    ]
    for arguments in runs:
        result = runner.invoke(app, [*arguments, "--uit", demo_url])

        assert 0 == result.exit_code, result.output
        assert [] == leaks(result.output)
    assert [] == leaks(*[r.getMessage() for r in caplog.records], *[repr(r.args) for r in caplog.records])


@pytest.mark.parametrize(
    "arguments",
    [
        ["--gemeente", BSN],
        ["--max-kosten", BSN],
        ["--max-uren", BSN],
        ["--tegel", BSN],
        ["--kenmerk", BSN],
        ["--kenmerk", f"praktisch={BSN}"],
        ["--groepsvorm", BSN],
        ["--uitvoeringsvorm", BSN],
        ["--datum", BSN],
    ],
)
def test_cli_errors_about_the_profile_name_the_option_not_the_value(demo_url, arguments):
    result = runner.invoke(app, ["match", *arguments, "--uit", demo_url])

    assert result.exit_code in {1, 2}  # 2: a value of the wrong type, refused before the command runs
    assert result.output.startswith("eva: ")
    assert 1 == result.output.count("eva: ")  # one message (the console may wrap it)
    assert "Traceback" not in result.output
    assert [] == leaks(result.output)


def test_a_broken_profile_file_is_named_without_its_values_or_keys(demo_url, tmp_path):
    profile = tmp_path / "client.json"
    profile.write_text(json.dumps({"needs": {BSN: 1}, BSN: 2, "criteria": {"place": {"municipality": 123456782}}}))

    result = runner.invoke(app, ["match", "--uit", demo_url, "--profiel", str(profile)])

    assert 1 == result.exit_code
    assert "het klantprofiel klopt niet" in result.output
    assert "Behoeften" in result.output
    assert [] == leaks(result.output)


# Item 12: the one-off helpers apply the settings they are given, also with an index.

YOUNG = TargetGroup("jong", "Jongeren", ORGANISATION.id)


def test_rank_with_an_index_applies_the_weights_it_is_given():
    items = [an_instrument(id="a", client_characteristics=[ClientCharacteristic.WERKERVARING]), an_instrument(id="b")]
    client = ClientProfile(needs=[ClientCharacteristic.WERKERVARING], criteria=Criteria(published_on=DEMO_TODAY))
    heavy = Weights(characteristic=100)

    expected = rank(client, items, weights=heavy)
    assert [("a", 100.0), ("b", 0.0)] == [(m.instrument.id, m.score) for m in expected]
    assert expected == rank(client, CatalogueIndex(items), weights=heavy)
    assert [("a", 1.0), ("b", 0.0)] == [(m.instrument.id, m.score) for m in rank(client, CatalogueIndex(items))]


def test_rank_and_explain_with_an_index_apply_strict_target_groups_and_areas():
    elsewhere = AreaClassification(  # a classification in which Zeist lies in another region
        2021, [Municipality("GM0355", "Zeist", "AM01")], [Region("AM01", "Elders"), Region("AM13", "Midden-Utrecht")]
    )
    for_young = an_instrument(id="voor-jongeren", target_groups=[YOUNG])
    regional = an_instrument(id="regionaal", available_regions=["AM13"])
    index = CatalogueIndex([for_young, regional])
    client = ClientProfile(
        target_groups=["statushouders"], criteria=Criteria(place=Place(municipality="GM0355"), published_on=DEMO_TODAY)
    )

    assert ["regionaal", "voor-jongeren"] == [m.instrument.id for m in rank(client, index)]  # Zeist lies in AM13
    assert ["regionaal"] == [m.instrument.id for m in rank(client, index, strict_target_groups=True)]
    assert ["voor-jongeren"] == [m.instrument.id for m in rank(client, index, areas=elsewhere)]
    assert ["target-group"] == [
        e.code for e in explain(client, "voor-jongeren", index=index, strict_target_groups=True).exclusions
    ]
    assert not explain(client, "regionaal", index=index, areas=elsewhere).included
    assert not index.strict_target_groups  # the index itself keeps its own settings
    assert index.areas is not elsewhere


@pytest.mark.parametrize("rating", [math.nan, math.inf, -math.inf])
def test_a_rating_that_is_no_finite_number_is_refused_by_name(rating):
    """A NaN score sorts nowhere: with a third of 300 instruments rated NaN, ``rank(limit=3)`` found none of them
    while ``limit=None`` found all 300, so limit=k was no prefix. Ratings, like weights, are finite numbers.
    """
    items = [an_instrument(id=f"instrument-{n:03d}") for n in range(300)]
    ratings = {i.id: rating for i in items[::3]} | {"instrument-001": 3.5}

    with pytest.raises(ValueError, match="'instrument-000'") as caught:
        CatalogueIndex(items, ratings=ratings, weights=Weights(rating=1.0))
    assert "eindig getal" in str(caught.value)
    assert [
        m.instrument.id
        for m in CatalogueIndex(items, ratings={"instrument-001": 3.5}, weights=Weights(rating=1.0)).rank(
            ClientProfile(), limit=3
        )
    ] == ["instrument-001", "instrument-000", "instrument-002"]


def test_a_facet_size_keeps_the_first_keys_where_counts_tie():
    """Of equal counts at the cut, the first keys stay, in key order; the rest are summed in ``others``.

    The Hypothesis law over random counts catches a reversed tie-break under the CI profile but not always
    under the 20 examples of the dev profile: this case always does.
    """
    providers = {key: Provider(id=f"aanbieder-{key}", name=f"Aanbieder {key}") for key in "dcba"}
    items = [an_instrument(id=f"i-{key}", provider=p) for key, p in providers.items()]
    items.append(an_instrument(id="i-x", provider=providers["c"]))  # c: 2, and a, b, d: 1 each

    found = CatalogueIndex(items).search("", include_unpublished=True, facet_size=2).facets

    assert ["aanbieder-a", "aanbieder-c"] == list(found.providers)
    assert {"aanbieder-a": 1, "aanbieder-c": 2} == found.providers
    assert {"providers": 2} == found.others


@pytest.mark.parametrize("query", ["loopbaancoatching", "loopbaancoaching", "loopbaanc", "loopbaan coatchin"])
def test_a_text_search_after_updates_equals_one_on_a_new_index(query):
    """A process that followed an update and one started after it give the same hits (issue 12: updating equals
    rebuilding). The vocabulary kept the words of replaced and removed instruments, so a typo or a half-typed
    word was expanded to a word no live instrument has, whose parts then matched others: "loopbaancoatching"
    found 15 instruments in the one and none in the other.
    """
    catalogue = demo_catalogue()
    followed = CatalogueIndex(catalogue)
    followed.search(query)  # what queries keep is made before the updates
    coaching = next(i for i in catalogue if i.id == "loopbaancoaching-utrecht")
    followed.add(coaching.evolve(name="Begeleiding"))
    followed.remove(next(i for i in catalogue if i.id != coaching.id and "coach" in i.name.lower()).id)
    started = CatalogueIndex(list(followed))

    for settings in ({}, {"facets": False, "limit": 3}, {"profile": ClientProfile()}):
        assert started.search(query, include_unpublished=True, **settings) == followed.search(
            query, include_unpublished=True, **settings
        )


def _followed_and_started(items, gone):
    """An index that removed *gone* after a search, and one built from what is left (a process started later)."""
    followed = CatalogueIndex(items)
    followed.search("woord")
    for instrument_id in gone:
        followed.remove(instrument_id)
    return followed, CatalogueIndex(list(followed))


def test_a_word_only_removed_instruments_had_is_not_indexed_so_a_typo_finds_its_neighbours():
    """'taak' has postings only in a dead row: as in a new index, it is not found, and stands for 'taal'."""
    items = [an_instrument(id="taak", name="Taak"), an_instrument(id="taal", name="Taal")]
    followed, started = _followed_and_started(items, ["taak"])

    assert ["taal"] == [hit.instrument.id for hit in started.search("taak ", include_unpublished=True).hits]
    assert started.search("taak ", include_unpublished=True) == followed.search("taak ", include_unpublished=True)


def test_a_half_typed_word_stands_for_fifty_words_of_live_instruments():
    """A removed instrument's word took one of the 50 places of a half-typed word in the index that followed."""
    words = [f"woord{a}{b}" for a in "abc" for b in "abcdefghijklmnopq"][:51]  # 51 words, in sorted order
    items = [an_instrument(id=f"instrument-{n:02d}", name=f"Training {word}") for n, word in enumerate(words)]
    followed, started = _followed_and_started(items, ["instrument-00"])

    assert "instrument-50" in [
        hit.instrument.id for hit in started.search("woord", limit=None, include_unpublished=True).hits
    ]
    assert started.search("woord", limit=None, include_unpublished=True) == followed.search(
        "woord", limit=None, include_unpublished=True
    )


def test_a_district_only_a_removed_instrument_named_no_longer_places_a_client():
    """The index placed a client's district by the instruments that name it, removed ones included: a process
    that followed the removal ranked instruments for a client that a process started after it left out.
    """
    weesp = an_instrument(id="weesp", available_districts=[District("weesp-centrum", "Centrum", "GM0457")])
    everywhere = an_instrument(id="overal")
    client = ClientProfile(criteria=Criteria(place=Place(district="weesp-centrum"), published_on=DEMO_TODAY))
    followed = CatalogueIndex([weesp, everywhere])
    followed.remove("weesp")
    started = CatalogueIndex([everywhere])

    assert started.place(client) == followed.place(client)
    assert started.rank(client, limit=None) == followed.rank(client, limit=None)
