"""A client profile holds special-category data: nothing shows, logs or stores its values."""

import logging
from decimal import Decimal

import pytest

from eva_core import ClientCharacteristic, ClientProfile, Tile
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import GroupForm
from eva_core.search import CatalogueIndex

CLIENT_MUNICIPALITY = "GM0344"
CLIENT_DISTRICT = "kanaleneiland"
CLIENT_COSTS = Decimal("777.77")
CLIENT_HOURS = 13
CLIENT_USED = "vca-cursus-utrecht"


@pytest.fixture
def profile():
    return ClientProfile(
        needs={ClientCharacteristic.PSYCHOSOCIAAL: 3, ClientCharacteristic.PRAKTISCH: 2},
        tiles=[Tile.MAATSCHAPPELIJK_FIT],
        municipality=CLIENT_MUNICIPALITY,
        district=CLIENT_DISTRICT,
        max_costs=CLIENT_COSTS,
        max_hours_per_week=CLIENT_HOURS,
        group_form=GroupForm.INDIVIDUEEL,
        used_instruments=[CLIENT_USED],
        on=DEMO_TODAY,
    )


def secrets_in(text: str) -> list[str]:
    values = [CLIENT_MUNICIPALITY, CLIENT_DISTRICT, str(CLIENT_COSTS), f"{CLIENT_HOURS} hours", CLIENT_USED]
    return [value for value in values if value in text]


def test_repr_and_str_show_no_values(profile):
    for text in (repr(profile), str(profile), f"{profile!r}", repr([profile])):
        assert [] == secrets_in(text)
        assert "Psychosociale" not in text
        assert "redacted" in text


def test_a_full_match_logs_and_explains_nothing_of_the_profile(profile, areas, caplog):
    caplog.set_level(logging.DEBUG)
    index = CatalogueIndex(demo_catalogue(), areas=areas)

    matches = index.rank(profile, limit=None)
    explanations = [index.explain(profile, i) for i in demo_catalogue()]
    found = index.search("training", profile=profile, limit=None)

    assert matches
    said = [r.getMessage() for r in caplog.records] + [repr(r.args) for r in caplog.records]
    said += [str(reason) for m in matches for reason in m.reasons]
    said += [str(e) for x in explanations for e in x.exclusions] + [str(r) for x in explanations for r in x.reasons]
    said += [repr((x.score, x.reasons, x.exclusions)) for x in explanations]
    said += [repr((h.score, h.relevance)) for h in found.hits] + [repr(found.facets)]
    assert [] == [text for text in said if secrets_in(text)]


def test_invalid_profiles_are_refused_without_echoing_their_values():
    with pytest.raises(ValueError) as caught:
        ClientProfile(needs={ClientCharacteristic.PRAKTISCH: -4.25})

    assert "-4.25" not in str(caught.value)
