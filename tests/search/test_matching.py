"""Ranking and explaining: every hard rule, the score, partial profiles and the area classification."""

import datetime as dt
from decimal import Decimal

import pytest

from eva_core import ClientCharacteristic as C
from eva_core import ClientProfile, Criteria, ExecutionForm, Tile, explain, rank
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import District, DurationUnit, GroupForm, InvalidRecord, LocationType, Place, TargetGroup
from eva_core.search import CatalogueIndex, Weights
from tests.helpers import ORGANISATION, an_instrument

DAY = dt.date(2025, 6, 1)
ON_DAY = Criteria(published_on=DAY)


def living_in(municipality, district=None):
    place = Place(district=district, municipality=municipality)
    return ClientProfile(criteria=Criteria(published_on=DAY, place=place))


def codes(result):
    return [e.code for e in result.exclusions]


def test_an_empty_profile_still_ranks_everything_published_by_id():
    catalogue = demo_catalogue()

    matches = rank(ClientProfile(criteria=Criteria(published_on=DEMO_TODAY)), catalogue, limit=None)

    published = sorted(i.id for i in catalogue if i.is_published(DEMO_TODAY))
    assert published == [m.instrument.id for m in matches]
    assert {0.0} == {m.score for m in matches}


def test_score_adds_weighted_needs_tiles_and_target_group():
    instrument = an_instrument(
        client_characteristics=[C.BASISVAARDIGHEDEN, C.PRAKTISCH],
        tiles=[Tile.WERK_FIT, Tile.NAZORG],
        target_groups=[TargetGroup("jong", "Jongeren", ORGANISATION.id)],
    )
    profile = ClientProfile(
        needs={C.BASISVAARDIGHEDEN: 2.0, C.AANDACHTSPUNTEN: 1.5},
        tiles=[Tile.WERK_FIT],
        target_groups=["jong"],
        criteria=ON_DAY,
    )

    [match] = rank(profile, [instrument], weights=Weights(characteristic=1.0, tile=0.25, target_group=0.75))

    assert 2.0 + 1.5 + 0.25 + 0.75 == match.score
    assert [
        ("characteristic", "praktisch", 1.5),
        ("characteristic", "basisvaardigheden", 2.0),
        ("tile", "werk_fit", 0.25),
        ("target_group", "jong", 0.75),
    ] == [(r.kind, r.key, r.points) for r in match.reasons]


def test_a_group_need_stands_for_all_its_leaves():
    profile = ClientProfile(needs=[C.VAKVAARDIGHEDEN], criteria=ON_DAY)

    assert {C.DIPLOMEREN_CERTIFICEREN: 1.0, C.WERKERVARING: 1.0} == dict(profile.needs)
    assert 1.0 == rank(profile, [an_instrument(client_characteristics=[C.WERKERVARING])])[0].score


@pytest.mark.parametrize(
    ("changes", "profile", "code"),
    [
        ({"publish": False}, {}, "not-published"),
        ({"publish": False, "tiles": []}, {}, "incomplete"),
        ({"publish_from": DAY + dt.timedelta(days=1)}, {}, "not-yet-published"),
        ({"publish_until": DAY - dt.timedelta(days=1)}, {}, "no-longer-published"),
        ({"available_municipalities": ["GM0307"]}, {"place": Place(municipality="GM0344")}, "outside-area"),
        ({"total_costs": Decimal("950.01")}, {"max_costs": Decimal(950)}, "too-expensive"),
        ({"total_costs": Decimal("9.99")}, {"min_costs": Decimal(10)}, "too-cheap"),
        ({"intensity_hours_per_week": 9}, {"max_hours_per_week": 8}, "too-intensive"),
        ({"intensity_hours_per_week": 2}, {"min_hours_per_week": 4}, "not-intensive-enough"),
        ({"total_duration_value": 3, "total_duration_unit": DurationUnit.WEEK}, {"max_duration_days": 20}, "duration"),
        ({"group_forms": [GroupForm.GROEP]}, {"group_forms": [GroupForm.INDIVIDUEEL]}, "group-form"),
        ({}, {"execution_forms": [ExecutionForm.OPLEIDING]}, "execution-form"),
        ({}, {"tiles": [Tile.WERK_FIT]}, "tile"),
        ({}, {"characteristics": [C.PRAKTISCH]}, "characteristic"),
        ({}, {"location_types": [LocationType.KLANT_THUIS]}, "location-type"),
        ({}, {"target_groups": ["jong"]}, "target-group"),
        ({}, {"providers": ["elders"]}, "provider"),
        ({}, {"organisations": ["elders"]}, "organisation"),
    ],
)
def test_each_hard_rule_excludes_and_is_explained(changes, profile, code):
    instrument = an_instrument(**changes)
    client = ClientProfile(criteria=Criteria(published_on=DAY, **profile))

    assert [] == rank(client, [instrument])
    assert code in codes(explain(client, instrument))
    assert not explain(client, instrument).included


def test_an_instrument_already_used_is_excluded():
    client = ClientProfile(used_instruments=["jobcoaching"], criteria=ON_DAY)

    assert [] == rank(client, [an_instrument()])
    assert ["already-used"] == codes(explain(client, an_instrument()))


def test_a_boundary_value_is_not_an_exclusion():
    instrument = an_instrument(
        total_costs=Decimal(950), intensity_hours_per_week=8, publish_from=DAY, publish_until=DAY
    )
    client = ClientProfile(criteria=Criteria(published_on=DAY, max_costs=Decimal(950), max_hours_per_week=8))

    assert [instrument] == [m.instrument for m in rank(client, [instrument])]
    assert explain(client, instrument).included


def test_explain_lists_every_rule_at_once():
    instrument = an_instrument(publish=False, total_costs=Decimal(100), intensity_hours_per_week=20)
    client = ClientProfile(
        used_instruments=["jobcoaching"],
        criteria=Criteria(published_on=DAY, max_costs=Decimal(50), max_hours_per_week=4),
    )

    assert ["not-published", "too-expensive", "too-intensive", "already-used"] == codes(explain(client, instrument))


def test_an_instrument_without_areas_is_available_everywhere(areas):
    client = living_in("GM0193")

    assert 1 == len(rank(client, [an_instrument()], areas=areas))


def test_a_region_includes_its_municipalities_through_the_classification(areas):
    regional = an_instrument(available_regions=["AM13"])

    assert 1 == len(rank(living_in("GM0355"), [regional], areas=areas))  # Zeist
    assert 0 == len(rank(living_in("GM0307"), [regional], areas=areas))  # Amersfoort
    assert 1 == len(rank(living_in("GM0355"), [regional]))  # the bundled classification


def test_a_district_counts_where_the_client_lives():
    local = an_instrument(available_districts=[District("overvecht", "Overvecht", "GM0344")])

    assert 1 == len(rank(living_in("GM0344", district="overvecht"), [local]))
    assert 0 == len(rank(living_in("GM0344", district="zuilen"), [local]))
    assert 1 == len(rank(living_in("GM0344"), [local]))  # the district may be theirs
    assert 1 == len(rank(living_in(None, district="overvecht"), [local]))


def test_an_outside_area_exclusion_names_the_instruments_places(areas):
    elsewhere = an_instrument(available_municipalities=["GM0307", "GM0327"])

    [exclusion] = explain(living_in("GM0344"), elsewhere, areas=areas).exclusions

    assert "wordt alleen aangeboden in Amersfoort en Leusden" == exclusion.message


def test_target_groups_are_a_plus_not_a_gate_unless_strict():
    young = TargetGroup("jong", "Jongeren", ORGANISATION.id)
    for_young = an_instrument(id="voor-jongeren", target_groups=[young])
    for_all = an_instrument(id="voor-iedereen")
    client = ClientProfile(target_groups=["statushouders"], criteria=ON_DAY)

    assert ["voor-iedereen", "voor-jongeren"] == [m.instrument.id for m in rank(client, [for_young, for_all])]
    strict = rank(client, [for_young, for_all], strict_target_groups=True)
    assert ["voor-iedereen"] == [m.instrument.id for m in strict]
    assert ["target-group"] == codes(explain(client, for_young, strict_target_groups=True))


def test_equal_scores_are_ordered_by_id_whatever_the_input_order():
    items = [an_instrument(id=name) for name in ("c", "a", "b")]

    assert ["a", "b", "c"] == [m.instrument.id for m in rank(ClientProfile(criteria=ON_DAY), items)]
    assert ["a", "b"] == [m.instrument.id for m in rank(ClientProfile(criteria=ON_DAY), reversed(items), limit=2)]


def test_the_index_follows_updates_without_a_rebuild():
    index = CatalogueIndex([an_instrument(id="a"), an_instrument(id="b")])
    client = ClientProfile(needs=[C.WERKERVARING], criteria=ON_DAY)

    index.add(an_instrument(id="b", client_characteristics=[C.WERKERVARING]))
    index.remove("a")

    assert [("b", 1.0)] == [(m.instrument.id, m.score) for m in index.rank(client)]
    assert 1 == len(index)
    with pytest.raises(KeyError):
        index.remove("a")


def test_weights_are_checked_all_at_once_with_codes():
    with pytest.raises(InvalidRecord) as caught:
        Weights(tile=-1, rating=float("nan"), characteristic="2")  # type: ignore[arg-type]

    problems = {p.path: p.code for p in caught.value.problems}
    assert {"$.characteristic": "type", "$.tile": "negative", "$.rating": "type"} == problems
    assert "Gewicht tegel" in str(caught.value)


def test_the_demo_example_client(areas):
    client = ClientProfile(
        needs={C.BASISVAARDIGHEDEN: 2, C.SOCIALE_CULTURELE_VAARDIGHEDEN: 1},
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        criteria=Criteria(place=Place(municipality="GM0344"), published_on=DEMO_TODAY),
    )

    top = rank(client, demo_catalogue(), areas=areas, limit=3)

    assert "flankerende-taaltraining-utrecht" == top[0].instrument.id
    assert all(m.instrument.is_published(DEMO_TODAY) for m in top)


def test_ratings_are_an_optional_weighted_term():
    rated, unrated = an_instrument(id="rated"), an_instrument(id="unrated")
    client = ClientProfile(criteria=ON_DAY)
    ratings = {"rated": 4.2}

    plain = CatalogueIndex([rated, unrated], ratings=ratings).rank(client)
    weighted = CatalogueIndex([unrated, rated], ratings=ratings, weights=Weights(rating=0.5)).rank(client)

    assert ["rated", "unrated"] == [m.instrument.id for m in plain]  # by id: the weight is 0 by default
    assert [("rated", 2.1), ("unrated", 0.0)] == [(m.instrument.id, m.score) for m in weighted]
    assert "wordt door professionals beoordeeld met 4,2 (+2,1)" == str(weighted[0].reasons[0])


def test_a_limit_keeps_an_instrument_that_does_not_state_the_value():
    unstated = an_instrument(total_costs=None, intensity_hours_per_week=None, group_forms=[])
    limits = Criteria(
        published_on=DAY,
        min_costs=Decimal(1),
        max_costs=Decimal(50),
        max_hours_per_week=4,
        min_duration_days=1.0,
        group_forms=[GroupForm.GROEP],
    )

    assert [unstated] == [m.instrument for m in rank(ClientProfile(criteria=limits), [unstated])]
    assert [unstated] == CatalogueIndex([unstated]).filter(limits)
    assert limits.matches(unstated)


def test_a_result_that_meets_nothing_asked_for_says_so():
    meets, meets_nothing = an_instrument(id="a", tiles=[Tile.NAZORG]), an_instrument(id="b", tiles=[Tile.WERK_FIT])
    client = ClientProfile(tiles=[Tile.NAZORG], criteria=ON_DAY)

    found = rank(client, [meets, meets_nothing])

    assert ["a", "b"] == [m.instrument.id for m in found]
    assert ["tile"] == [r.kind for r in found[0].reasons]
    assert [("nothing-asked-for", 0.0)] == [(r.kind, r.points) for r in found[1].reasons]
    assert str(found[1].reasons[0]).startswith("voldoet aan alle harde eisen, maar")
    assert () == rank(ClientProfile(criteria=ON_DAY), [meets_nothing])[0].reasons  # nothing was asked for


def test_explain_takes_an_index_and_an_id():
    index = CatalogueIndex([an_instrument(publish=False)])

    assert ["not-published"] == codes(explain(ClientProfile(criteria=ON_DAY), "jobcoaching", index=index))
    with pytest.raises(TypeError):
        explain(ClientProfile(criteria=ON_DAY), "jobcoaching")
