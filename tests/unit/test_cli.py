"""The `eva` command through its real entry point."""

import json

import pytest
from typer.testing import CliRunner

from eva_core import dump_catalogue, dump_instrument
from eva_core.cli._app import app
from eva_core.demo import demo_catalogue
from eva_core.storage import SqlRepository
from tests.helpers import an_instrument

runner = CliRunner()


def test_demo_stores_the_catalogue_in_sqlite_and_shows_it_per_tile(tmp_path):
    database = tmp_path / "demo" / "eva.db"

    for _ in range(2):  # a second run starts afresh
        result = runner.invoke(app, ["demo", "--database", str(database)])

        assert 0 == result.exit_code, result.output
        assert "47 instrumenten" in result.output
        assert "Maatschappelijk fit" in result.output
    assert 47 == len(SqlRepository(f"sqlite:///{database}").list())


def test_db_upgrade_is_safe_to_repeat(tmp_path):
    url = f"sqlite:///{tmp_path / 'eva.db'}"

    for _ in range(2):
        result = runner.invoke(app, ["db", "upgrade", url])

        assert 0 == result.exit_code, result.output
        assert "revisie 0005" in result.output


def test_db_upgrade_refuses_what_is_not_a_database(tmp_path):
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("boodschappen: brood, kaas " * 50)

    for url in (f"sqlite:///{not_a_database}", "nonsense"):
        result = runner.invoke(app, ["db", "upgrade", url])

        assert 1 == result.exit_code
        assert "eva:" in result.output
        assert "Traceback" not in result.output


def test_validate_a_good_catalogue_shows_only_warnings(tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(dump_catalogue(demo_catalogue())), encoding="utf-8")

    result = runner.invoke(app, ["validate", str(path), "--json"])

    assert 0 == result.exit_code, result.output
    report = json.loads(result.output)
    assert [] == report["errors"]
    assert ["general-target-group"] == [w["code"] for w in report["warnings"]]


def test_validate_reports_every_error_with_field_and_exits_1(tmp_path):
    document = dump_instrument(an_instrument())
    document.update(name="", summary="x" * 501)
    path = tmp_path / "one.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = runner.invoke(app, ["validate", str(path), "--json"])

    assert 1 == result.exit_code
    errors = json.loads(result.output)["errors"]
    assert [("$.name", "Naam instrument"), ("$.summary", "Samenvatting")] == [(e["path"], e["label"]) for e in errors]


def test_validate_table_output_names_the_dutch_label(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"name": 3}), encoding="utf-8")

    result = runner.invoke(app, ["validate", str(path)])

    assert 1 == result.exit_code
    assert "Naam instrument" in result.output
    assert "fouten" in result.output


def test_unreadable_and_broken_files_give_one_line_and_no_traceback(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "eva-instrumentenformat", "version": 99, "instruments": []}))

    for path, words in (
        (tmp_path / "missing.json", "bestaat niet"),
        (broken, "niet te lezen"),
        (newer, "werk eva_core bij"),
    ):
        result = runner.invoke(app, ["validate", str(path)])

        assert 1 == result.exit_code
        assert words in result.output
        assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    database = tmp_path_factory.mktemp("cli") / "eva.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    return f"sqlite:///{database}"


def test_match_ranks_for_a_profile_given_as_options(demo_url):
    result = runner.invoke(
        app,
        [
            "match",
            "--uit",
            demo_url,
            "--kenmerk",
            "basisvaardigheden=2",
            "--kenmerk",
            "Sociale en culturele vaardigheden",
            "--tegel",
            "Maatschappelijk fit",
            "--gemeente",
            "GM0344",
            "--datum",
            "2026-11-28",
            "--json",
        ],
    )

    assert 0 == result.exit_code, result.output
    found = json.loads(result.output)
    assert "flankerende-taaltraining-utrecht" == found[0]["id"]
    assert 3.5 == found[0]["score"]
    assert {"characteristic", "tile"} == {r["kind"] for r in found[0]["reasons"]}


def test_why_not_explains_an_exclusion(demo_url):
    result = runner.invoke(
        app,
        [
            "match",
            "--uit",
            demo_url,
            "--gemeente",
            "GM0344",
            "--datum",
            "2026-11-28",
            "--waarom-niet",
            "fietslessen-amersfoort",
        ],
    )

    assert 0 == result.exit_code, result.output
    assert "staat niet in het resultaat" in result.output
    assert "Amersfoort" in result.output


def test_search_finds_by_dutch_text_with_filters(demo_url):
    result = runner.invoke(app, ["search", "taaltrainingen", "--uit", demo_url, "--datum", "2026-11-28", "--json"])

    assert 0 == result.exit_code, result.output
    found = json.loads(result.output)
    assert {"taaltraining-werk-utrecht", "flankerende-taaltraining-utrecht"} == {h["id"] for h in found["hits"][:2]}
    assert found["facets"]["tiles"]["maatschappelijk_fit"] >= 2


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["match", "--tegel", "vliegen"], "hoort een tegel"),
        (["match", "--kenmerk", "praktisch=veel"], "moet een getal zijn"),
        (["match", "--datum", "28-11-2026"], "JJJJ-MM-DD"),
        (["match", "--uit", "ftp://nergens"], "kent geen opslag"),
        (["match", "--waarom-niet", "bestaat-niet"], "geen instrument"),
        (["search", "x", "--tegel", "vliegen"], "hoort een tegel"),
        (["search", "x", "--gemeente", "344"], "staat niet in de CBS-indeling"),
    ],
)
def test_bad_options_give_one_line_and_exit_1(demo_url, arguments, words):
    if "--uit" not in arguments:
        arguments = [*arguments, "--uit", demo_url]

    result = runner.invoke(app, arguments)

    assert 1 == result.exit_code
    assert words in result.output
    assert "Traceback" not in result.output


def test_match_takes_the_profile_from_a_json_file(demo_url, tmp_path):
    profile = tmp_path / "client.json"
    profile.write_text(
        json.dumps(
            {
                "needs": {"sollicitatievaardigheden": 2},
                "tiles": ["werk_fit"],
                "criteria": {"published_on": "2026-11-28"},
            }
        )
    )

    result = runner.invoke(app, ["match", "--uit", demo_url, "--profiel", str(profile), "--json"])

    assert 0 == result.exit_code, result.output
    assert 5.0 > json.loads(result.output)[0]["score"] >= 2.0


def test_a_broken_profile_file_is_named_without_its_values(demo_url, tmp_path):
    profile = tmp_path / "client.json"
    profile.write_text(json.dumps({"criteria": {"place": {"municipality": 344}}, "kenmerken": ["x"]}))

    result = runner.invoke(app, ["match", "--uit", demo_url, "--profiel", str(profile)])

    assert 1 == result.exit_code
    assert "het klantprofiel klopt niet" in result.output
    assert "[type]" in result.output
    assert "344" not in result.output
    assert "kenmerken" not in result.output  # an unknown key may be personal data too


def test_search_takes_the_same_filters(demo_url):
    result = runner.invoke(
        app,
        [
            *("search", "training", "--uit", demo_url, "--uitvoeringsvorm", "bijscholing", "--max-uren", "3"),
            *("--datum", "2026-11-28", "--json"),
        ],
    )

    assert 0 == result.exit_code, result.output
    assert json.loads(result.output)["total"] >= 1


@pytest.mark.parametrize("page", [3, 10_000])
def test_eva_quality_reads_when_each_instrument_last_changed_from_the_feed(tmp_path, page):
    from eva_core.cli._analysis import last_changed
    from eva_core.demo import demo_ratings
    from eva_core.storage import Actor, add_catalogue, open_repository

    with open_repository(f"json:///{tmp_path / 'catalogus.json'}") as repository:
        catalogue = demo_catalogue()
        add_catalogue(repository, catalogue, label="test")
        first, second, *_ = repository.list()
        by = Actor(first.instrument.organisation.id, "test")
        repository.update(first.instrument.evolve(name="Nieuwe naam"), expected_version=first.version, by=by)
        repository.remove(second.id, expected_version=second.version, by=Actor(second.instrument.organisation.id, "t"))
        for rating in demo_ratings():  # ratings are in the feed too, and are no change of an instrument
            if rating.instrument_id != second.id:
                repository.rate(rating, by=Actor(rating.organisation, "test"))
        listed = [s.id for s in repository.list()]

        by_history = {i: history[-1].at for i in listed if (history := repository.history(i))}
        by_feed = last_changed(repository, page=page)

    assert len(catalogue) - 1 == len(by_history)
    assert by_history == {i: at for i, at in by_feed.items() if i in listed}
    assert by_history[first.id] > by_history[listed[1]]


def test_the_profile_file_in_the_cli_docs_works_as_written(demo_url, tmp_path):
    import re
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", page, flags=re.DOTALL)
    (tmp_path / "profiel.json").write_text(example, encoding="utf-8")

    result = runner.invoke(app, ["match", "--uit", demo_url, "--profiel", str(tmp_path / "profiel.json"), "--json"])

    assert 0 == result.exit_code, result.output
    assert json.loads(result.stdout)
