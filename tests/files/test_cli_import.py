"""eva validate / import / export over the library's reading and batch: the same checks, rows, all or nothing."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from eva_core.cli._app import app
from eva_core.domain import Organisation
from eva_core.storage import JsonRepository, open_repository
from eva_core.tabular import write_csv
from tests.helpers import an_instrument

runner = CliRunner()
UTRECHT = Organisation("utrecht", "Gemeente Utrecht")
ZWOLLE = Organisation("zwolle", "Gemeente Zwolle")


def csv_file(path, instruments):
    with path.open("w", encoding="utf-8", newline="") as file:
        write_csv(instruments, file)
    return path


def test_validate_runs_the_imports_checks_with_row_numbers(tmp_path):
    path = csv_file(tmp_path / "twice.csv", [an_instrument(id="a"), an_instrument(id="b"), an_instrument(id="a")])

    result = runner.invoke(app, ["validate", str(path), "--json"])

    assert 1 == result.exit_code
    [error] = json.loads(result.output)["errors"]
    assert ("4", "id-twice") == (error["row"], error["code"])


def test_validate_and_dry_run_see_ids_taken_in_the_target(tmp_path):
    store = f"json://{tmp_path / 'store.json'}"
    assert (
        0
        == runner.invoke(
            app, ["import", str(csv_file(tmp_path / "a.csv", [an_instrument(id="a")])), "--naar", store]
        ).exit_code
    )
    again = csv_file(tmp_path / "again.csv", [an_instrument(id="b"), an_instrument(id="a", name="Anders")])

    checked = runner.invoke(app, ["validate", str(again), "--naar", store, "--json"])
    dry = runner.invoke(app, ["import", str(again), "--naar", store, "--proef"])

    assert 1 == checked.exit_code
    assert [("3", "id-taken")] == [(e["row"], e["code"]) for e in json.loads(checked.output)["errors"]]
    assert 1 == dry.exit_code
    assert "rij 3" in dry.output


def test_a_conflict_in_the_second_organisation_writes_nothing_for_the_first(tmp_path):
    store = tmp_path / "store.db"
    url = f"sqlite:///{store}"
    first = csv_file(tmp_path / "first.csv", [an_instrument(id="z1", organisation=ZWOLLE)])
    assert 0 == runner.invoke(app, ["import", str(first), "--naar", url]).exit_code
    both = csv_file(
        tmp_path / "both.csv",
        [an_instrument(id="u1", organisation=UTRECHT), an_instrument(id="z1", organisation=ZWOLLE, name="Nieuw")],
    )

    refused = runner.invoke(app, ["import", str(both), "--naar", url])

    assert 1 == refused.exit_code
    assert ["z1"] == [s.id for s in open_repository(url).list()]
    assert 0 == runner.invoke(app, ["import", str(both), "--naar", url, "--bijwerken"]).exit_code
    assert {"u1", "z1"} == {s.id for s in open_repository(url).list()}


def test_export_edit_reimport_with_bijwerken_changes_only_what_was_edited(tmp_path):
    store = tmp_path / "store.json"
    url = f"json://{store}"
    start = csv_file(tmp_path / "start.csv", [an_instrument(id=i) for i in ("a", "b", "c")])
    assert 0 == runner.invoke(app, ["import", str(start), "--naar", url]).exit_code
    exported = tmp_path / "export.csv"
    assert 0 == runner.invoke(app, ["export", "--uit", url, "--formaat", "csv", "--naar", str(exported)]).exit_code
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfId;")  # what Dutch Excel opens directly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    rows[1][rows[0].index("Naam instrument")] = "Jobcoaching nieuw"
    del rows[3]  # c
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    exported.write_text(buffer.getvalue(), encoding="utf-8-sig")

    result = runner.invoke(app, ["import", str(exported), "--naar", url, "--bijwerken", "--verwijder-ontbrekend"])

    assert 0 == result.exit_code, result.output
    assert "1 bijgewerkt, 1 ongewijzigd, 1 verwijderd" in result.output
    repository = JsonRepository(store)
    assert {"a": 2, "b": 1} == {s.id: s.version for s in repository.list()}
    assert "Jobcoaching nieuw" == repository.get("a").instrument.name
    assert ["added", "updated"] == [c.action for c in repository.history("a")]


def test_plain_csv_stays_available(tmp_path):
    url = f"json://{tmp_path / 'store.json'}"
    runner.invoke(app, ["import", str(csv_file(tmp_path / "a.csv", [an_instrument(id="a")])), "--naar", url])
    target = tmp_path / "plain.csv"

    assert (
        0
        == runner.invoke(
            app, ["export", "--uit", url, "--formaat", "csv", "--platte-csv", "--naar", str(target)]
        ).exit_code
    )
    assert target.read_bytes().startswith(b"Id,Organisatie,")


def test_an_eva_export_imports_with_one_command_and_names_every_field_without_a_place(tmp_path):
    from importlib.resources import files

    export = files("eva_core.files") / "_data" / "eva-export-2023.json"
    url = f"json://{tmp_path / 'store.json'}"

    result = runner.invoke(app, ["import", str(export), "--naar", url], env={"COLUMNS": "200"})

    assert 0 == result.exit_code, result.output
    assert "2 nieuw" in result.output
    assert "eva-field-unmapped" in result.output
    assert "instrument 1" in result.output
    assert 2 == len(JsonRepository(tmp_path / "store.json").list())


def test_an_update_from_an_old_export_does_not_overwrite_a_newer_change(tmp_path):
    from eva_core.storage import Actor

    store = tmp_path / "store.json"
    url = f"json://{store}"
    start = csv_file(tmp_path / "start.csv", [an_instrument(id="a"), an_instrument(id="b")])
    assert 0 == runner.invoke(app, ["import", str(start), "--naar", url]).exit_code
    exported = tmp_path / "export.xlsx"
    assert 0 == runner.invoke(app, ["export", "--uit", url, "--formaat", "xlsx", "--naar", str(exported)]).exit_code
    with JsonRepository(store) as repository:  # a colleague changes a after the export
        a = repository.get("a").instrument
        repository.update(a.evolve(name="Door een collega"), expected_version=1, by=Actor(a.organisation.id, "collega"))

    result = runner.invoke(app, ["validate", str(exported), "--naar", url, "--bijwerken", "--json"])

    assert 1 == result.exit_code
    assert [("2", "stale-version")] == [(e["row"], e["code"]) for e in json.loads(result.output)["errors"]]
    assert 1 == runner.invoke(app, ["import", str(exported), "--naar", url, "--bijwerken"]).exit_code
    assert "Door een collega" == JsonRepository(store).get("a").instrument.name


def _console(*, terminal):
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=terminal, width=120, highlight=False)


def test_import_shows_the_instruments_written_on_a_terminal_only(tmp_path, monkeypatch):
    from eva_core.cli import _files

    path = csv_file(tmp_path / "two.csv", [an_instrument(id="a"), an_instrument(id="b")])
    drawn = {}
    for terminal in (True, False):
        console = _console(terminal=terminal)
        monkeypatch.setattr(_files, "err", console)
        url = f"sqlite:///{tmp_path / f'{terminal}.db'}"
        assert 0 == runner.invoke(app, ["import", str(path), "--naar", url]).exit_code
        drawn[terminal] = console.file.getvalue()

    assert "instrumenten geschreven" in drawn[True]
    assert "2/2" in drawn[True]
    assert "" == drawn[False]


def test_validate_shows_the_instruments_checked(tmp_path, monkeypatch):
    from eva_core.cli import _files

    console = _console(terminal=True)
    monkeypatch.setattr(_files, "err", console)
    path = csv_file(tmp_path / "two.csv", [an_instrument(id="a"), an_instrument(id="b")])

    assert 0 == runner.invoke(app, ["validate", str(path)]).exit_code
    assert "instrumenten gecontroleerd" in console.file.getvalue()
    assert "instrumenten geschreven" not in console.file.getvalue()
