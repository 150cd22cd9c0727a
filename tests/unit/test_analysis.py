"""Offer analysis: coverage, comparison, offer profile, quality report, ratings, frames and the walkthrough."""

import datetime as dt
import json
import runpy
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from eva_core import ClientCharacteristic as C
from eva_core import Provider, Tile
from eva_core.analysis import available_in, compare, coverage, offer_profile, quality_report
from eva_core.demo import DEMO_TODAY, demo_catalogue
from eva_core.domain import Contact, ContactPerson, ContactRole, District, InvalidRecord, Rating, UnknownArea, summarise
from tests.helpers import ORGANISATION, an_instrument

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2025, 6, 1)


def rating(instrument_id, professional, general, *, day=1, **more):
    explanations = {"general_explanation": "Uitleg"} if general in (1, 5) else {}
    return Rating(instrument_id, professional, "o", dt.date(2025, 1, day), general, 3, 3, **explanations, **more)


# Ratings


def test_a_rating_explains_its_extreme_scores_each_on_its_own():
    with pytest.raises(InvalidRecord) as caught:
        Rating("a", "p", "o", DAY, 3, 5, 1, general_explanation="niet nodig")

    assert [("$.result_explanation", "explanation-required"), ("$.execution_explanation", "explanation-required")] == [
        (p.path, p.code) for p in caught.value.problems
    ]


@pytest.mark.parametrize("score", [0, 6])
def test_scores_are_one_to_five(score):
    with pytest.raises(InvalidRecord) as caught:
        Rating("a", "p", "o", DAY, score, 3, 3)

    assert [("$.general", "score-range")] == [(p.path, p.code) for p in caught.value.problems]


def test_below_the_minimum_count_no_mean_is_shown():
    summary = summarise([rating("a", "p1", 4), rating("a", "p2", 2)], minimum=3)["a"].scores["general"]

    assert (2, None, None, {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}) == (
        summary.count,
        summary.mean,
        summary.shrunk_mean,
        dict(summary.distribution),
    )


def test_a_new_rating_by_the_same_professional_replaces_the_old():
    summary = summarise([rating("a", "p1", 1), rating("a", "p1", 4, day=2)], minimum=1)["a"]

    assert (1, 4.0) == (summary.count, summary.scores["general"].mean)


def test_the_shrunk_mean_pulls_few_ratings_harder_towards_the_catalogue_mean():
    ratings = [rating("few", "p1", 5), rating("few", "p2", 5)] + [rating("many", f"p{n}", 2) for n in range(40)]
    catalogue_mean = (5 + 5 + 40 * 2) / 42

    summaries = summarise(ratings, minimum=1, prior=5)

    few, many = summaries["few"].scores["general"], summaries["many"].scores["general"]
    assert catalogue_mean < few.shrunk_mean < few.mean
    assert many.mean < many.shrunk_mean < catalogue_mean
    assert few.mean - few.shrunk_mean > many.shrunk_mean - many.mean
    assert (5 * catalogue_mean + 10) / 7 == pytest.approx(few.shrunk_mean)


# Coverage


def test_coverage_counts_instruments_and_providers_per_cell(areas):
    items = [
        an_instrument(id="a", tiles=[Tile.WERK_FIT], client_characteristics=[C.BASISVAARDIGHEDEN]),
        an_instrument(
            id="b",
            tiles=[Tile.WERK_FIT],
            client_characteristics=[C.BASISVAARDIGHEDEN],
            provider=Provider("andere", "Andere aanbieder"),
        ),
        an_instrument(id="c", tiles=[Tile.NAZORG], client_characteristics=[C.WERKERVARING]),
        an_instrument(id="elders", available_municipalities=["GM0307"]),
        an_instrument(id="oud", publish_until=DAY - dt.timedelta(days=1)),
    ]

    result = coverage(items, area="GM0344", on=DAY, areas=areas)

    assert 2 == result.count(Tile.WERK_FIT, C.BASISVAARDIGHEDEN)
    assert 2 == len(result.cells[(Tile.WERK_FIT, C.BASISVAARDIGHEDEN)].providers)
    assert [(Tile.NAZORG, C.WERKERVARING)] == result.single_provider_cells()
    assert 9 * 14 - 2 == len(result.empty_cells())
    assert 0 == result.count(Tile.PLAATSING, C.BASIS_WERKNEMERSVAARDIGHEDEN)  # "elders" and "oud" do not count


def test_an_area_without_instruments_has_only_empty_cells(areas):
    result = coverage([an_instrument(available_municipalities=["GM0344"])], area="GM0193", on=DAY, areas=areas)

    assert 126 == len(result.empty_cells())
    assert [] == result.single_provider_cells()
    assert 0 == sum(row["instruments"] for row in result.rows())


def test_an_empty_catalogue_and_an_unknown_area(areas):
    assert 126 == len(coverage([], area="AM13", on=DAY, areas=areas).empty_cells())
    with pytest.raises(UnknownArea, match="GM9999 is geen gemeente") as caught:
        coverage([], area="GM9999", on=DAY, areas=areas)
    assert "unknown-municipality" == caught.value.code


def test_availability_rolls_districts_and_municipalities_up_to_the_region(areas):
    in_district = an_instrument(available_districts=[District("overvecht", "Overvecht", "GM0344")])
    in_region = an_instrument(available_regions=["AM13"])

    assert available_in(in_district, "GM0344", areas)
    assert available_in(in_district, "AM13", areas)
    assert not available_in(in_district, "GM0355", areas)
    assert available_in(in_region, "GM0355", areas)
    assert not available_in(in_region, "GM0307", areas)


def test_two_areas_side_by_side(areas):
    result = compare(demo_catalogue(), "GM0344", "GM0307", on=DEMO_TODAY, areas=areas)

    rows = result.rows()
    assert {"GM0344", "GM0307"} <= set(rows[0])
    assert result.only_in_first()
    assert len(rows) == 126


# Offer profile and quality


def test_the_offer_profile_describes_costs_forms_and_target_groups():
    items = [
        an_instrument(id="a", tiles=[Tile.WERK_FIT], total_costs=Decimal(100)),
        an_instrument(id="b", tiles=[Tile.WERK_FIT], total_costs=Decimal(300)),
        an_instrument(id="c", tiles=[Tile.WERK_FIT]),
    ]

    profile = offer_profile(items, on=DAY)

    assert (2, 100.0, 200.0, 300.0) == (
        profile.costs[Tile.WERK_FIT].count,
        profile.costs[Tile.WERK_FIT].minimum,
        profile.costs[Tile.WERK_FIT].median,
        profile.costs[Tile.WERK_FIT].maximum,
    )
    assert 0 == profile.costs[Tile.MELDING].count
    assert {"(geen doelgroep: iedereen)": 1.0} == dict(profile.target_group_shares)
    assert 3 == profile.group_forms["onbekend"]


def test_the_quality_report_finds_what_needs_care():
    contact = Contact(ContactPerson("p", "Piet"), ContactRole.INTERN)
    items = [
        an_instrument(id="fine", contacts=[contact]),
        an_instrument(id="draft", publish=False, tiles=[], contacts=[contact]),
        an_instrument(id="ended", publish_until=DAY - dt.timedelta(days=1), contacts=[contact]),
        an_instrument(id="ending", publish_until=DAY + dt.timedelta(days=10), contacts=[contact]),
        an_instrument(id="silent"),
        an_instrument(id="pricey", total_costs=Decimal(500), contacts=[contact]),
        an_instrument(
            id="copy",
            name="Job coaching",
            contacts=[contact],
            organisation=ORGANISATION.evolve(id="elders", name="Elders"),
        ),
    ]
    changed = {"fine": dt.datetime(2023, 1, 1, tzinfo=dt.UTC)}

    report = quality_report(items, on=DAY, ending_within_days=30, last_changed=changed, stale_after_months=12)

    assert ["draft"] == report.of("incomplete")
    assert ["ended"] == report.of("publication-ended")
    assert ["ending"] == report.of("publication-ending")
    assert ["silent"] == report.of("no-contact")
    assert ["pricey"] == report.of("costs-unexplained")
    assert ["fine"] == report.of("stale")
    assert {"copy", "silent", "pricey", "ended", "ending", "draft", "fine"} >= set(report.of("likely-duplicate"))
    assert "copy" in report.of("likely-duplicate")


def test_results_turn_into_dataframes_and_say_when_the_extra_is_missing(areas, monkeypatch):
    result = coverage(demo_catalogue(), area="GM0344", on=DEMO_TODAY, areas=areas)

    assert 126 == len(result.to_pandas()) == len(result.to_polars())
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"eva_core\[pandas\]"):
        result.to_pandas()


def test_the_walkthrough_runs_end_to_end_and_draws_the_heatmap(tmp_path, areas, monkeypatch):
    monkeypatch.setenv("EVA_WALKTHROUGH_OUTPUT", str(tmp_path))

    runpy.run_path(str(ROOT / "docs" / "analysis_walkthrough.py"), run_name="__main__")

    heatmap = tmp_path / "coverage-utrecht.png"
    assert heatmap.read_bytes().startswith(b"\x89PNG")
    assert heatmap.stat().st_size > 10_000


def test_coverage_and_quality_on_the_command_line(tmp_path, areas):
    from typer.testing import CliRunner

    from eva_core.cli._app import app

    runner = CliRunner()
    database = tmp_path / "eva.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    url = f"sqlite:///{database}"
    png = tmp_path / "heat.png"

    shown = runner.invoke(
        app,
        [
            "coverage",
            "GM0344",
            "--uit",
            url,
            "--datum",
            "2026-11-28",
            "--vergelijk",
            "GM0307",
            "--png",
            str(png),
        ],
    )
    as_json = runner.invoke(app, ["quality", "--uit", url, "--datum", "2026-11-28", "--json"])
    unknown = runner.invoke(app, ["coverage", "GM9999", "--uit", url])

    assert 0 == shown.exit_code, shown.output
    assert "lege cellen" in shown.output
    assert png.exists()
    assert 0 == as_json.exit_code
    assert {"no-contact", "incomplete"} <= {row["code"] for row in json.loads(as_json.output)}
    assert 1 == unknown.exit_code
    assert "GM9999 is geen gemeente" in unknown.output


def test_rating_aggregates_are_a_table_too():
    from eva_core.analysis import rating_table
    from eva_core.demo import demo_ratings

    frame = rating_table(demo_ratings(), minimum=3).to_pandas()

    assert 9 * 3 == len(frame)
    shown = frame[(frame.instrument == "fietslessen-amersfoort") & (frame.score == "general")].iloc[0]
    assert (1, 1) == (shown["count"], shown["5"])
    assert shown["mean"] != shown["mean"] or shown["mean"] is None  # no mean below the minimum (NaN or None)


def test_equal_ratings_tie_and_ties_are_ordered_by_id():
    from eva_core import ClientProfile, Criteria
    from eva_core.search import CatalogueIndex, Weights

    ratings = [rating(name, f"p{n}", general) for name in ("b", "a") for n, general in enumerate((4, 3, 4))]
    summaries = summarise(ratings, minimum=3)
    shrunk = {key: s.scores["general"].shrunk_mean for key, s in summaries.items()}
    index = CatalogueIndex([an_instrument(id="b"), an_instrument(id="a")], ratings=shrunk, weights=Weights(rating=1))

    ranked = index.rank(ClientProfile(criteria=Criteria(published_on=DAY)))

    assert shrunk["a"] == shrunk["b"]
    assert ["a", "b"] == [m.instrument.id for m in ranked]
