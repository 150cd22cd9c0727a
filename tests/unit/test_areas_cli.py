"""Areas on the command line: names or codes, herindelingen, unknown places, no extra options needed."""

import json

import pytest
from typer.testing import CliRunner

from eva_core.cli._app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    database = tmp_path_factory.mktemp("cli-areas") / "eva.db"
    assert 0 == runner.invoke(app, ["demo", "--database", str(database)]).exit_code
    return f"sqlite:///{database}"


def _match(demo_url, *options):
    result = runner.invoke(
        app, ["match", "--uit", demo_url, "--datum", "2026-11-28", "--aantal", "50", "--json", *options]
    )
    assert 0 == result.exit_code, result.output
    return [m["id"] for m in json.loads(result.stdout)], result.stderr


def test_a_municipality_by_name_or_code_gives_the_same_result_regional_instruments_included(demo_url):
    by_code, _ = _match(demo_url, "--gemeente", "GM0344")
    by_name, _ = _match(demo_url, "--gemeente", "utrecht")

    assert by_code == by_name
    assert "jobcoaching-utrecht" in by_code  # offered in the arbeidsmarktregio Midden-Utrecht (AM13)
    assert "fietslessen-amersfoort" not in by_code


def test_an_abolished_municipality_warns_and_uses_its_successor(demo_url):
    weesp, said = _match(demo_url, "--gemeente", "GM0457")
    amsterdam, _ = _match(demo_url, "--gemeente", "GM0363")

    assert weesp == amsterdam
    assert "GM0457 (Weesp) is op 24 maart 2022 opgegaan in GM0363 (Amsterdam)" in said


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("GM9999", "staat niet in de CBS-indeling; geef de naam van de gemeente (zoals Utrecht) of haar CBS-code"),
        ("Utrec", "staat niet in de CBS-indeling; bedoel je Utrecht (GM0344)? [unknown-area]"),
        ("Bergen", "is niet eenduidig; bedoel je Bergen (NH.) (GM0373) of Bergen (L.) (GM0893)? [ambiguous-area]"),
    ],
)
def test_an_unknown_or_ambiguous_municipality_is_one_line_with_a_suggestion_and_exit_1(demo_url, where, message):
    result = runner.invoke(app, ["match", "--uit", demo_url, "--gemeente", where])

    assert 1 == result.exit_code
    assert 1 == len(result.stderr.strip().splitlines())
    assert message in result.stderr
    assert "GM9999" not in result.stderr  # where a client lives is not repeated (issue 11 item 10)
    assert "Traceback" not in result.output


def test_why_not_names_the_place_in_dutch(demo_url):
    result = runner.invoke(
        app,
        [
            "match",
            "--uit",
            demo_url,
            "--gemeente",
            "Utrecht",
            "--datum",
            "2026-11-28",
            "--waarom-niet",
            "fietslessen-amersfoort",
        ],
    )

    assert 0 == result.exit_code, result.output
    assert "wordt alleen aangeboden in Amersfoort" in " ".join(result.stdout.split())


def test_search_within_a_municipality_by_name(demo_url):
    result = runner.invoke(app, ["search", "jobcoaching", "--uit", demo_url, "--gemeente", "Amersfoort", "--json"])

    assert 0 == result.exit_code, result.output
    ids = [h["id"] for h in json.loads(result.stdout)["hits"]]
    assert "jobcoaching-amersfoort" in ids
    assert "jobcoaching-utrecht" not in ids


def test_coverage_needs_no_extra_options(demo_url, tmp_path):
    png = tmp_path / "kaart.png"

    result = runner.invoke(app, ["coverage", "GM0344", "--uit", demo_url, "--datum", "2026-11-28", "--png", str(png)])
    by_name = runner.invoke(app, ["coverage", "Utrecht", "--uit", demo_url, "--datum", "2026-11-28", "--json"])
    by_code = runner.invoke(app, ["coverage", "GM0344", "--uit", demo_url, "--datum", "2026-11-28", "--json"])

    assert 0 == result.exit_code, result.output
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "Aanbod in Utrecht" in result.stdout
    assert json.loads(by_name.stdout) == json.loads(by_code.stdout)


def test_coverage_as_the_quickstart_writes_it_after_eva_demo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    before = runner.invoke(app, ["coverage", "GM0344", "--png", "kaart.png"])
    assert 0 == runner.invoke(app, ["demo"]).exit_code
    after = runner.invoke(app, ["coverage", "GM0344", "--png", "kaart.png"])

    assert 1 == before.exit_code
    assert "maak de democatalogus met eva demo, of geef een opslag met --uit" in before.stderr
    assert 0 == after.exit_code, after.output
    assert (tmp_path / "kaart.png").read_bytes().startswith(b"\x89PNG")


def test_a_newer_cbs_export_can_be_given(demo_url, tmp_path):
    export = tmp_path / "Gebieden_in_Nederland_2025.csv"
    export.write_text("Code_1;Naam_2;Code_4;Naam_5\nGM0344;Utrecht;AM13;Midden-Utrecht\n", encoding="utf-8")

    known, _ = _match(demo_url, "--gemeente", "Utrecht", "--gebieden", str(export))
    unknown = runner.invoke(app, ["match", "--uit", demo_url, "--gemeente", "Zeist", "--gebieden", str(export)])
    broken = runner.invoke(app, ["match", "--uit", demo_url, "--gebieden", str(tmp_path / "weg-2025.csv")])

    assert "jobcoaching-utrecht" in known
    assert 1 == unknown.exit_code
    assert "[unknown-area]" in unknown.stderr  # where a client lives is not repeated
    assert 1 == broken.exit_code
    assert "weg-2025.csv bestaat niet" in " ".join(broken.stderr.split())
