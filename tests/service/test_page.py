"""The page for professionals and the HSDS routes, through HTTP (the browser test drives a real Chromium)."""

import re

import jsonschema
import pytest

pytest.importorskip("litestar")

from litestar.testing import TestClient

from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.hsds import schema, to_hsds
from eva_core.service import ServiceOptions, create_app
from eva_core.service._page import COOKIE

DAY = DEMO_TODAY.isoformat()
MARKER = "Zwolle"  # a profile value, to find again where it must not be


@pytest.fixture
def page_client(repository, keys):
    app = create_app(repository, keys=keys[0], options=ServiceOptions(poll_interval=0.05))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def signed_in(page_client, keys):
    response = page_client.post("/pagina/sleutel", data={"sleutel": keys[1]["professional"]}, follow_redirects=False)
    assert 303 == response.status_code
    return page_client


def _text(html):
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _results(html):
    return re.findall(r'<button type="submit" name="uitleg" value="([^"]+)"', html)


def test_without_a_key_the_page_asks_for_one_and_shows_nothing_else(page_client):
    response = page_client.get("/pagina")

    assert 200 == response.status_code
    assert 'type="password"' in response.text
    assert "Klantkenmerken" not in response.text
    assert 401 == page_client.post("/pagina", data={"gemeente": "Utrecht"}).status_code


@pytest.mark.parametrize("role", ["beheerder", "alleen-lezen"])
def test_only_a_professional_key_opens_the_page(page_client, keys, role):
    response = page_client.post("/pagina/sleutel", data={"sleutel": keys[1][role]}, follow_redirects=False)

    assert 401 == response.status_code
    assert "geen geldige sleutel van een professional" in response.text
    assert COOKIE not in response.headers.get("set-cookie", "")


def test_the_key_cookie_is_httponly_strict_and_only_for_the_page(page_client, keys):
    response = page_client.post("/pagina/sleutel", data={"sleutel": keys[1]["professional"]}, follow_redirects=False)
    cookie = response.headers["set-cookie"]

    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Path=/pagina" in cookie


def test_the_page_ranks_like_the_index_and_gives_reasons(signed_in):
    form = {"tegel": ["werk_fit"], "kenmerk-basisvaardigheden": "3", "gemeente": "Utrecht", "datum": DAY}

    response = signed_in.post("/pagina", data=form)

    assert 200 == response.status_code
    shown = _results(response.text)
    assert shown
    assert "taaltraining-werk-utrecht" in shown[:3]
    text = _text(response.text)
    assert "werkt aan Basisvaardigheden (+3)" in text
    assert "past in tegel Werk fit" in text
    assert "Aanbod in Utrecht op 28 november 2026" in text  # the heatmap of the gemeente
    assert 'name="gemeente" list="gemeenten" value="Utrecht"' in response.text  # the form keeps the profile


def test_the_page_leaves_out_what_is_not_offered_in_the_gemeente(signed_in):
    utrecht = _results(signed_in.post("/pagina", data={"gemeente": "GM0344", "datum": DAY}).text)
    zwolle = _results(signed_in.post("/pagina", data={"gemeente": "GM0193", "datum": DAY}).text)

    assert "loonkostensubsidie-utrecht" in utrecht
    assert "loonkostensubsidie-utrecht" not in zwolle


def test_why_not_says_which_rule_keeps_an_instrument_out(signed_in):
    form = {"gemeente": "Zwolle", "datum": DAY, "actie": "waarom", "waarom": "loonkostensubsidie-utrecht"}

    text = _text(signed_in.post("/pagina", data=form).text)

    assert "Uitleg: Loonkostensubsidie (LKS)" in text
    assert "Dit instrument valt af voor dit profiel" in text
    assert "alleen aangeboden in Utrecht" in text


def test_text_search_narrows_the_results_and_facets_filter_them(signed_in):
    everything = _results(signed_in.post("/pagina", data={"datum": DAY}).text)
    response = signed_in.post("/pagina", data={"datum": DAY, "tekst": "taal"})
    taal = _results(response.text)

    assert taal
    assert set(taal) < set(everything) or len(taal) < len(everything)
    assert re.search(r'name="uitvoeringsvorm" value="bijscholing"', response.text)
    narrowed = _results(
        signed_in.post("/pagina", data={"datum": DAY, "tekst": "taal", "uitvoeringsvorm": "opleiding"}).text
    )
    assert set(narrowed) <= set(taal)
    assert len(narrowed) < len(taal)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("gemeente", "Atlantis", "Die gemeente ken ik niet"), ("datum", "31-02-2026", "Die datum kan ik niet lezen")],
)
def test_a_field_the_page_cannot_use_is_said_without_its_value(signed_in, field, value, words):
    response = signed_in.post("/pagina", data={field: value})

    assert 422 == response.status_code
    message = re.search(r'<p class="message" role="alert">([^<]*)</p>', response.text).group(1)
    assert words in message
    assert value not in message


def test_the_page_is_not_cached_runs_no_script_and_keeps_the_profile_out_of_urls(signed_in):
    response = signed_in.post("/pagina", data={"gemeente": MARKER, "datum": DAY})

    assert "no-store" == response.headers["cache-control"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<script" not in response.text
    for action in re.findall(r'(?:action|formaction)="([^"]*)"', response.text):
        assert MARKER not in action
        assert "?" not in action
    assert 'method="post"' in response.text


def test_every_form_control_has_a_label(signed_in):
    html = signed_in.post("/pagina", data={"datum": DAY, "gemeente": "Utrecht"}).text
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    controls = re.findall(r'<(?:input|select)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)

    assert controls
    assert set(controls) <= labelled


def test_hsds_services_are_the_export_of_the_published_catalogue(page_client, headers):
    client = page_client
    response = client.get("/hsds/services", params={"datum": DAY, "per_page": 500}, headers=headers["alleen-lezen"])

    assert 200 == response.status_code
    document = response.json()
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert to_hsds(demo_catalogue(), on=DEMO_TODAY) == document
    assert 401 == client.get("/hsds/services").status_code


def test_hsds_services_page_through_the_catalogue(page_client, headers):
    pages = [
        page_client.get(
            "/hsds/services", params={"datum": DAY, "page": n, "per_page": 20}, headers=headers["alleen-lezen"]
        ).json()
        for n in (1, 2, 3)
    ]

    assert [20, 20, 3] == [p["size"] for p in pages]
    assert [False, False, True] == [p["last_page"] for p in pages]
    whole = to_hsds(demo_catalogue(), on=DEMO_TODAY)["contents"]
    assert whole == [s for p in pages for s in p["contents"]]
    refused = page_client.get("/hsds/services", params={"per_page": 501}, headers=headers["alleen-lezen"])
    assert 400 == refused.status_code
    assert "hsds-paging" in refused.text


def test_hsds_taxonomy_terms_are_served(page_client, headers):
    client = page_client
    response = client.get("/hsds/taxonomy_terms", headers=headers["alleen-lezen"])

    assert 200 == response.status_code
    assert response.json()["total_items"] >= 9 + 17


@pytest.mark.parametrize("code", ["GM0344", "GM0307", "GM0193", "GM0014"])
def test_the_heatmap_counts_what_the_coverage_analysis_counts(code):
    from eva_core.analysis import coverage
    from eva_core.domain import ClientCharacteristic, Tile
    from eva_core.search import CatalogueIndex
    from eva_core.service._page import _heatmap

    index = CatalogueIndex(demo_catalogue())
    found = coverage(demo_catalogue(), area=code, on=DEMO_TODAY)

    heatmap = _heatmap(index, code, DEMO_TODAY)

    tiles = sorted(Tile, key=lambda t: t.order)
    expected = [[found.count(t, leaf) for t in tiles] for leaf in ClientCharacteristic.all_leaves()]
    assert expected == [row["counts"] for row in heatmap["rows"]]
    assert len(found.empty_cells()) == heatmap["empty"]
    assert found.area_name == heatmap["area"]
