"""One contract test per capability, through HTTP: what the library does, the service does with JSON."""

import json

import pytest

from eva_core.convert import dump_instrument
from eva_core.demo import DEMO_TODAY

OWN = "werk-en-inkomen-utrecht"
OWN_INSTRUMENT = "jobcoaching-utrecht"
OTHER_INSTRUMENT = "arbo-advies-amersfoort"
PROFILE = {
    "needs": {"basisvaardigheden": 2},
    "tiles": ["maatschappelijk_fit"],
    "criteria": {"place": {"municipality": "GM0344"}, "published_on": DEMO_TODAY.isoformat()},
}


def _json(value):
    return json.dumps(value).encode()


def _problem(response, status, code):
    assert status == response.status_code, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert code == body["code"]
    assert status == body["status"]
    return body


# Instruments


def test_list_pages_through_every_instrument_by_id(client, headers, repository):
    first = client.get("/instruments?limit=5", headers=headers["alleen-lezen"]).json()
    second = client.get("/instruments?limit=5&offset=5", headers=headers["alleen-lezen"]).json()

    ids = [s.id for s in repository.list()]
    assert len(ids) == first["total"]
    assert ids[:10] == [s["instrument"]["id"] for s in first["items"] + second["items"]]
    assert all(s["version"] == 1 for s in first["items"])


def test_list_by_organisation_and_query_by_criteria(client, headers, repository):
    mine = client.get(f"/instruments?organisation={OWN}&limit=1000", headers=headers["alleen-lezen"]).json()
    queried = client.post(
        "/instruments/query",
        content=_json({"criteria": {"tiles": ["werk_fit"]}, "limit": 1000}),
        headers=headers["alleen-lezen"],
    ).json()

    assert sorted(s.id for s in repository.list() if s.instrument.organisation.id == OWN) == [
        s["instrument"]["id"] for s in mine["items"]
    ]
    assert [s.id for s in repository.list() if any(t.key == "werk_fit" for t in s.instrument.tiles)] == [
        s["instrument"]["id"] for s in queried["items"]
    ]


def test_get_gives_the_instrument_as_the_library_writes_it(client, headers, repository):
    response = client.get(f"/instruments/{OWN_INSTRUMENT}", headers=headers["alleen-lezen"])

    assert 200 == response.status_code
    assert {"instrument": dump_instrument(repository.get(OWN_INSTRUMENT).instrument), "version": 1} == response.json()


def test_get_of_an_unknown_id_is_a_404_problem(client, headers):
    _problem(client.get("/instruments/bestaat-niet", headers=headers["alleen-lezen"]), 404, "not-found")


def test_create_update_remove_and_history(client, headers, repository):
    instrument = dump_instrument(repository.get(OWN_INSTRUMENT).instrument) | {"id": "nieuw-instrument"}
    beheer = headers["beheerder"]

    created = client.post("/instruments", content=_json(instrument), headers=beheer)
    assert 201 == created.status_code, created.text
    assert "/instruments/nieuw-instrument" == created.headers["location"]
    assert 1 == created.json()["version"]
    assert 1 == client.get("/instruments?organisation=" + OWN + "&limit=1000", headers=beheer).json()["items"].count(
        created.json()
    )

    changed = client.put(
        "/instruments/nieuw-instrument",
        content=_json({"instrument": instrument | {"name": "Nieuwe naam"}, "version": 1}),
        headers=beheer,
    )
    assert 200 == changed.status_code, changed.text
    assert 2 == changed.json()["version"]
    assert "Nieuwe naam" == repository.get("nieuw-instrument").instrument.name

    removed = client.delete("/instruments/nieuw-instrument?version=2", headers=beheer)
    assert 204 == removed.status_code
    assert "nieuw-instrument" not in [s.id for s in repository.list()]

    history = client.get("/instruments/nieuw-instrument/history", headers=beheer).json()
    assert ["added", "updated", "removed"] == [c["action"] for c in history]
    assert {"api-key:beheer"} == {c["actor"] for c in history}


def test_an_update_with_a_stale_version_is_a_409_and_changes_nothing(client, headers, repository):
    before = repository.get(OWN_INSTRUMENT)
    instrument = dump_instrument(before.instrument) | {"name": "Anders"}

    response = client.put(
        f"/instruments/{OWN_INSTRUMENT}",
        content=_json({"instrument": instrument, "version": 7}),
        headers=headers["beheerder"],
    )

    _problem(response, 409, "stale-version")
    assert before == repository.get(OWN_INSTRUMENT)
    _problem(
        client.delete(f"/instruments/{OWN_INSTRUMENT}?version=3", headers=headers["beheerder"]), 409, "stale-version"
    )
    assert before == repository.get(OWN_INSTRUMENT)


def test_a_write_for_another_organisation_is_a_403_and_changes_nothing(client, headers, repository):
    before = list(repository.list())
    other = repository.get(OTHER_INSTRUMENT)
    instrument = dump_instrument(other.instrument)
    beheer = headers["beheerder"]

    _problem(
        client.put(
            f"/instruments/{OTHER_INSTRUMENT}",
            content=_json({"instrument": instrument | {"name": "Gekaapt"}, "version": 1}),
            headers=beheer,
        ),
        403,
        "forbidden",
    )
    _problem(client.delete(f"/instruments/{OTHER_INSTRUMENT}?version=1", headers=beheer), 403, "forbidden")
    _problem(client.post("/instruments", content=_json(instrument | {"id": "kopie"}), headers=beheer), 403, "forbidden")
    organisation = {"id": other.instrument.organisation.id, "name": "Gekaapt"}
    _problem(
        client.put(
            f"/master/organisation/{organisation['id']}",
            content=_json({"record": organisation, "version": 1}),
            headers=beheer,
        ),
        403,
        "forbidden",
    )

    assert before == list(repository.list())


@pytest.mark.parametrize("role", ["alleen-lezen", "professional"])
def test_only_a_beheerder_writes_instruments(client, headers, repository, role):
    instrument = dump_instrument(repository.get(OWN_INSTRUMENT).instrument) | {"id": "van-een-lezer"}

    _problem(client.post("/instruments", content=_json(instrument), headers=headers[role]), 403, "role")
    assert "van-een-lezer" not in [s.id for s in repository.list()]


def test_no_key_or_a_wrong_key_is_a_401(client):
    _problem(client.get("/instruments"), 401, "no-key")
    _problem(client.get("/instruments", headers={"Authorization": "Bearer eva_verzonnen"}), 401, "no-key")
    _problem(client.get("/instruments", headers={"Authorization": "Basic eva_verzonnen"}), 401, "no-key")


def test_a_refused_key_is_answered_in_the_callers_language_with_its_headers(client, headers):
    from eva_core.domain import in_language, say

    dutch = client.get("/instruments")
    english = client.get("/instruments", headers={"Accept-Language": "en", "Authorization": "Bearer eva_verzonnen"})
    role = client.post("/match", content=b"{}", headers=headers["alleen-lezen"] | {"Accept-Language": "en-GB"})

    assert "Bearer" == dutch.headers["www-authenticate"] == english.headers["www-authenticate"]
    assert say("error.no-key").text("nl") == _problem(dutch, 401, "no-key")["detail"]
    assert say("error.no-key").text("en") == _problem(english, 401, "no-key")["detail"]
    with in_language("en"):
        assert (
            str(say("error.role", role="alleen-lezen", needed="professional")) == _problem(role, 403, "role")["detail"]
        )


def test_invalid_instruments_are_a_422_with_every_problem(client, headers, repository):
    instrument = dump_instrument(repository.get(OWN_INSTRUMENT).instrument) | {"id": "kapot", "name": "", "aantal": 3}

    body = _problem(
        client.post("/instruments", content=_json(instrument), headers=headers["beheerder"]), 422, "invalid-record"
    )

    assert {("$.name", "required"), ("$.aantal", "unknown-field")} <= {(p["path"], p["code"]) for p in body["problems"]}
    assert all(p["message"] for p in body["problems"])


@pytest.mark.parametrize("body", [b"{", b'{"a": 1, "a": 2}', b"[NaN]", b"\xff"])
def test_a_body_that_is_no_json_is_a_400(client, headers, body):
    _problem(client.post("/match", content=body, headers=headers["professional"]), 400, "not-json")


# Master data


def test_master_data_register_read_update_remove(client, headers):
    beheer = headers["beheerder"]
    provider = {"id": "nieuwe-aanbieder", "name": "Nieuwe aanbieder"}

    created = client.post("/master/provider", content=_json(provider), headers=beheer)
    assert 201 == created.status_code, created.text
    assert {"kind": "provider", "record": provider, "version": 1, "owner": OWN} == created.json()
    assert provider in client.get("/master/provider", headers=beheer).json()

    changed = client.put(
        "/master/provider/nieuwe-aanbieder",
        content=_json({"record": provider | {"name": "Andere naam"}, "version": 1}),
        headers=beheer,
    )
    assert 2 == changed.json()["version"]
    _problem(
        client.put(
            "/master/provider/nieuwe-aanbieder", content=_json({"record": provider, "version": 1}), headers=beheer
        ),
        409,
        "stale-version",
    )

    assert 204 == client.delete("/master/provider/nieuwe-aanbieder", headers=beheer).status_code
    _problem(client.get("/master/provider/nieuwe-aanbieder", headers=beheer), 404, "not-found")
    history = client.get("/master/provider/nieuwe-aanbieder/history", headers=beheer).json()
    assert ["added", "updated", "removed"] == [c["action"] for c in history]


def test_master_data_in_use_is_not_removed(client, headers, repository):
    provider = repository.get(OWN_INSTRUMENT).instrument.provider.id

    _problem(client.delete(f"/master/provider/{provider}", headers=headers["beheerder"]), 409, "in-use")


# Ratings


def test_a_professional_rates_and_reads_the_aggregates(client, headers):
    rating = {
        "instrument_id": OWN_INSTRUMENT,
        "professional": "p-1",
        "organisation": OWN,
        "on": DEMO_TODAY.isoformat(),
        "general": 4,
        "result": 3,
        "execution": 4,
    }

    response = client.put(
        f"/instruments/{OWN_INSTRUMENT}/ratings", content=_json(rating), headers=headers["professional"]
    )

    assert 200 == response.status_code, response.text
    summary = client.get(f"/instruments/{OWN_INSTRUMENT}/ratings", headers=headers["alleen-lezen"]).json()
    assert 1 == summary["count"]
    assert 1 == summary["scores"]["general"]["distribution"]["4"]
    elsewhere = rating | {"organisation": "sociaal-domein-amersfoort"}
    _problem(
        client.put(f"/instruments/{OWN_INSTRUMENT}/ratings", content=_json(elsewhere), headers=headers["professional"]),
        403,
        "forbidden",
    )


# Matching, why-not and search


def test_match_ranks_with_reasons_as_the_library_does(client, headers, repository):
    from eva_core.convert import load_profile
    from eva_core.search import CatalogueIndex

    expected = CatalogueIndex([s.instrument for s in repository.list()]).rank(load_profile(PROFILE), limit=5)

    response = client.post("/match", content=_json({"profile": PROFILE, "limit": 5}), headers=headers["professional"])

    assert 200 == response.status_code
    got = response.json()
    assert [m.instrument.id for m in expected] == [m["instrument"]["id"] for m in got]
    assert [m.score for m in expected] == [m["score"] for m in got]
    assert all(m["reasons"] and {"kind", "key", "label", "weight", "points"} <= set(m["reasons"][0]) for m in got)


def test_why_not_gives_every_hard_rule_in_dutch(client, headers):
    response = client.post(
        "/instruments/dagbesteding-zwolle/why-not", content=_json({"profile": PROFILE}), headers=headers["professional"]
    )

    assert 200 == response.status_code
    exclusions = response.json()["exclusions"]
    assert ["outside-area"] == [e["code"] for e in exclusions]
    assert "Zwolle" in exclusions[0]["message"]
    _problem(
        client.post(
            "/instruments/bestaat-niet/why-not", content=_json({"profile": PROFILE}), headers=headers["professional"]
        ),
        404,
        "not-found",
    )


def test_search_with_text_profile_and_facets(client, headers, repository):
    response = client.post(
        "/search", content=_json({"text": "taal", "profile": PROFILE, "limit": 2}), headers=headers["professional"]
    )

    assert 200 == response.status_code
    result = response.json()
    assert result["total"] >= len(result["hits"]) > 0
    assert {"tiles", "characteristics", "providers", "organisations"} <= set(result["facets"])
    from eva_core.convert import converter, load_profile
    from eva_core.search import CatalogueIndex
    from eva_core.service._routes import FACET_SIZE

    index = CatalogueIndex([s.instrument for s in repository.list()])
    expected = index.search("taal", profile=load_profile(PROFILE), facet_size=FACET_SIZE)
    assert converter.unstructure(expected.facets) == result["facets"]
    assert all({"instrument", "relevance", "score"} == set(h) for h in result["hits"])


def test_search_keeps_facet_size_keys_per_keyed_facet_and_sums_the_rest(client, headers, repository):
    from eva_core.convert import converter
    from eva_core.search import CatalogueIndex

    index = CatalogueIndex([s.instrument for s in repository.list()])

    def facets(body):
        response = client.post("/search", content=_json(body), headers=headers["professional"])
        assert 200 == response.status_code, response.text
        return response.json()["facets"]

    one = facets({"facet_size": 1})
    every = facets({"facet_size": None})

    assert converter.unstructure(index.search(facet_size=1).facets) == one
    assert converter.unstructure(index.search(facet_size=None).facets) == every
    assert "others" not in every
    assert {"providers", "organisations"} <= set(one["others"])
    for name in ("target_groups", "providers", "organisations"):
        assert len(one[name]) <= 1
        assert set(one[name]) <= set(every[name])
        assert sum(every[name].values()) == sum(one[name].values()) + one["others"].get(name, 0)
    assert facets({}) == facets({"facet_size": 20})  # the documented default
    assert one["tiles"] == every["tiles"]  # only keyed facets are cut


@pytest.mark.parametrize("size", [0, -1, 1001, "5", True, 2.5])
def test_a_facet_size_out_of_range_is_a_422(client, headers, size):
    body = _problem(
        client.post("/search", content=_json({"facet_size": size}), headers=headers["professional"]),
        422,
        "invalid-record",
    )
    assert ["$.facet_size"] == [p["path"] for p in body["problems"]]
    assert ["type"] == [p["code"] for p in body["problems"]]
    if isinstance(size, int) and not isinstance(size, bool):  # out of range: the bounds are said, in Dutch
        assert f"van 1 tot en met 1000 zijn, maar is {size}" in body["problems"][0]["message"]


def test_an_invalid_profile_is_a_422_naming_fields_only(client, headers):
    body = _problem(
        client.post(
            "/match",
            content=_json({"profile": {"needs": {"geheim-kenmerk-123": 1}, "tiles": [7]}}),
            headers=headers["professional"],
        ),
        422,
        "invalid-profile",
    )

    assert {"$.profile.needs", "$.profile.tiles"} == {p["path"] for p in body["problems"]}
    assert "geheim-kenmerk-123" not in json.dumps(body)


# Coverage, quality and the feed


def test_coverage_and_quality_of_an_area(client, headers):
    coverage = client.get(f"/areas/GM0344/coverage?on={DEMO_TODAY}", headers=headers["alleen-lezen"]).json()
    quality = client.get(f"/areas/GM0344/quality?on={DEMO_TODAY}", headers=headers["alleen-lezen"]).json()

    assert "GM0344" == coverage["area"]
    assert any(cell["instruments"] for cell in coverage["cells"])
    assert DEMO_TODAY.isoformat() == quality["on"]
    assert all({"instrument", "code", "message"} <= set(f) for f in quality["findings"])
    _problem(client.get("/areas/GM0344/coverage?on=morgen", headers=headers["alleen-lezen"]), 400, "invalid-parameter")


def test_the_feed_pages_from_a_cursor(client, headers, repository):
    first = client.get("/changes?limit=3", headers=headers["alleen-lezen"]).json()
    rest = client.get(f"/changes?since={first['cursor']}&limit=1000", headers=headers["alleen-lezen"]).json()

    assert first["more"] is True
    entries = first["entries"] + rest["entries"]
    assert len(repository.changes(None, limit=10_000).entries) == len(entries)
    _problem(client.get("/changes?since=geen-cursor", headers=headers["alleen-lezen"]), 400, "invalid-cursor")


def test_rate_limits_per_key(repository, keys):
    from litestar.testing import TestClient

    from eva_core.service import ServiceOptions, create_app

    app = create_app(repository, keys=keys[0], options=ServiceOptions(per_minute=3))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {keys[1]['alleen-lezen']}"}
        statuses = [client.get("/instruments?limit=1", headers=headers) for _ in range(4)]
        other = client.get("/instruments?limit=1", headers={"Authorization": f"Bearer {keys[1]['beheerder']}"})

    assert [200, 200, 200, 429] == [r.status_code for r in statuses]
    assert 1 <= int(statuses[-1].headers["retry-after"]) <= 60
    assert "rate-limited" == statuses[-1].json()["code"]
    assert 200 == other.status_code


def test_an_unexpected_failure_is_a_bare_500_logged_by_type_only(client, headers, repository, monkeypatch, caplog):
    def broken(instrument_id):
        raise RuntimeError("GEHEIM-DETAIL")

    monkeypatch.setattr(repository, "get", broken)

    body = _problem(client.get(f"/instruments/{OWN_INSTRUMENT}", headers=headers["alleen-lezen"]), 500, "internal")

    assert "GEHEIM-DETAIL" not in json.dumps(body)
    assert "RuntimeError" in caplog.text
    assert "GEHEIM-DETAIL" not in caplog.text


def test_problems_are_dutch_and_english_on_request(client, headers):
    dutch = client.get("/instruments/bestaat-niet", headers=headers["alleen-lezen"]).json()
    english = client.get(
        "/instruments/bestaat-niet", headers=headers["alleen-lezen"] | {"Accept-Language": "en-GB,nl;q=0.5"}
    ).json()

    assert "bestaat niet" in dutch["detail"]
    assert "Niet gevonden" == dutch["title"]
    assert "there is no instrument" in english["detail"]
    assert "Not found" == english["title"]


def test_an_instrument_is_written_once_as_the_library_writes_it(repository):
    from eva_core.domain import Instrument, in_language
    from eva_core.service._wire import InstrumentJson, encode, unstructure

    instruments = [s.instrument for s in repository.list()]
    for language in ("nl", "en"):
        with in_language(language):
            assert [dump_instrument(i) for i in instruments] == [
                json.loads(encode(unstructure(i, Instrument))) for i in instruments
            ]
            assert [dump_instrument(i) for i in instruments] == [
                json.loads(encode(unstructure(i, Instrument))) for i in instruments
            ]

    written = []
    kept = InstrumentJson(lambda i: written.append(i.id) or dump_instrument(i), most=3)
    first, changed = instruments[0], instruments[0].evolve(name="Een nieuwe naam")
    assert kept(first) is kept(first)
    assert "Een nieuwe naam" == json.loads(encode(kept(changed)))["name"]
    for instrument in instruments[1:6]:
        kept(instrument)
    assert [first.id, first.id, *(i.id for i in instruments[1:6])] == written
    assert 3 == len(kept)
