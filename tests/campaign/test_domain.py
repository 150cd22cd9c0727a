"""Campaign: hostile values at the domain's door. Every limit lives in the domain, so every adapter accepts the same.

Each case builds its hostile value here (no committed blobs) and asserts the exact error type and code, that
the message reads without a traceback, and, where values sit exactly at a limit, that every adapter stores
and returns them unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal

import pytest

from eva_core import (
    InvalidInstrument,
    Organisation,
    Provider,
    dump_catalogue,
    dump_instrument,
    load_catalogue,
    load_instrument,
    validate_catalogue,
    validate_instrument,
)
from eva_core.domain import (
    ID_MAX_LENGTH,
    MAX_AMOUNT,
    MAX_DURATION,
    SHORT_TEXT,
    TEXT_MAX_LENGTH,
    DurationUnit,
    InvalidRecord,
    Rating,
    TargetGroup,
    Tile,
)
from eva_core.storage import JsonRepository, MemoryRepository, SqlRepository, add_catalogue
from tests.helpers import ORGANISATION, a_document, an_instrument
from tests.storage.stores import postgres_engine_or_skip

NFD_ORIENTATIE = unicodedata.normalize("NFD", "Oriëntatie")


def refused(build, error_type=InvalidInstrument):
    """The (path, code) pairs of what *build* raises, after checking it reads as a person would want."""
    with pytest.raises(error_type) as caught:
        build()
    text = str(caught.value)
    assert "Traceback" not in text
    assert all(p.message and p.label for p in caught.value.problems)
    return [(p.path, p.code) for p in caught.value.problems]


# Issue 11, item 1: publishing without the Stap 2 keys crashed the whole report.


def test_publish_without_the_stap_2_keys_is_reported_not_a_crash():
    document = a_document(tiles=..., client_characteristics=..., publish=True)

    assert [("$.tiles", "required-to-publish"), ("$.client_characteristics", "required-to-publish")] == refused(
        lambda: load_instrument(document)
    )
    report = validate_instrument(document)
    assert ["required-to-publish", "required-to-publish"] == [p.code for p in report.errors]


def test_publish_without_the_stap_2_keys_beside_a_broken_field_reports_both():
    document = a_document(tiles=..., client_characteristics=..., publish=True, name=3)

    assert [
        ("$.name", "type"),
        ("$.tiles", "required-to-publish"),
        ("$.client_characteristics", "required-to-publish"),
    ] == refused(lambda: load_instrument(document))


def test_one_bad_instrument_does_not_stop_the_report_on_the_others():
    document = dump_catalogue([an_instrument(id="goed"), an_instrument(id="ook-goed")])
    for key in ("tiles", "client_characteristics"):
        del document["instruments"][0][key]
    document["instruments"][1]["name"] = ""

    report = validate_catalogue(document)

    assert [
        ("$.instruments[0].tiles", "required-to-publish"),
        ("$.instruments[0].client_characteristics", "required-to-publish"),
        ("$.instruments[1].name", "required"),
    ] == [(p.path, p.code) for p in report.errors]
    assert [] == refused(lambda: load_catalogue(document))[3:]


# Issue 11, item 4: every limit in the domain.

TOO_LONG_ID = "a" * (ID_MAX_LENGTH + 1)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": TOO_LONG_ID}, [("$.id", "too-long")]),
        ({"id": "met spatie"}, [("$.id", "id-format")]),
        ({"id": "a/b"}, [("$.id", "id-format")]),
        ({"id": "-begint-met-streep"}, [("$.id", "id-format")]),
        ({"id": "café"}, [("$.id", "id-format")]),
        ({"total_costs": Decimal(10) ** 12}, [("$.total_costs", "too-large")]),
        ({"total_costs": MAX_AMOUNT + Decimal("0.01")}, [("$.total_costs", "too-large")]),
        ({"total_costs": Decimal("-0.01")}, [("$.total_costs", "negative")]),
        ({"total_costs": Decimal("12.345")}, [("$.total_costs", "cents")]),
        ({"total_costs": Decimal("NaN")}, [("$.total_costs", "type")]),
        ({"name": "x" * (SHORT_TEXT + 1)}, [("$.name", "too-long")]),
        ({"aim": "x" * (TEXT_MAX_LENGTH + 1)}, [("$.aim", "too-long")]),
        ({"costs_description": "x" * (TEXT_MAX_LENGTH + 1)}, [("$.costs_description", "too-long")]),
        ({"name": "Job\ud800coaching"}, [("$.name", "surrogate")]),
        ({"name": "Job\u202ecoaching"}, [("$.name", "bidi-control")]),
        ({"aim": "\u2066Doel\u2069"}, [("$.aim", "bidi-control")]),
        ({"name": "\u200b\u200b"}, [("$.name", "required")]),
        ({"name": " \u200b\ufeff "}, [("$.name", "required")]),
        ({"name": "Job\x00coaching"}, [("$.name", "control-character")]),
        ({"name": "Job\x85coaching"}, [("$.name", "control-character")]),
        ({"method": "Stap\x9b1"}, [("$.method", "control-character")]),
        (
            {"available_municipalities": ["GM0344\x00"]},
            [("$.available_municipalities", "control-character"), ("$.available_municipalities", "municipality-code")],
        ),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_a_value_beyond_a_limit_is_refused_in_python_and_in_json(changes, expected):
    assert expected == refused(lambda: an_instrument(**changes))
    document = dump_instrument(an_instrument())
    document.update({k: str(v) if isinstance(v, Decimal) else v for k, v in changes.items()})
    if "total_costs" in changes and changes["total_costs"].is_nan():
        return  # JSON has no NaN: parse_json refuses it (tests/unit/test_convert.py)
    assert expected == refused(lambda: load_instrument(json.loads(json.dumps(document))))


def test_a_total_duration_beyond_its_limit_is_refused():
    assert [("$.total_duration_value", "too-large")] == refused(
        lambda: an_instrument(total_duration_value=MAX_DURATION + 1, total_duration_unit=DurationUnit.WEEK)
    )


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: Organisation(TOO_LONG_ID, "Gemeente"), [("$.id", "too-long")]),
        (lambda: Provider("aanbieder\x00", "Aanbieder"), [("$.id", "control-character"), ("$.id", "id-format")]),
        (lambda: TargetGroup("jongeren", "\u200b", ORGANISATION.id), [("$.name", "required")]),
        (lambda: TargetGroup("jongeren", "Jongeren", "gm utrecht"), [("$.organisation", "id-format")]),
    ],
)
def test_master_data_meets_the_same_limits(build, expected):
    assert expected == refused(build, InvalidRecord)


def test_a_master_id_beyond_its_limit_is_reported_inside_the_instrument_document():
    document = a_document(organisation={"id": TOO_LONG_ID, "name": "Gemeente"})

    assert [("$.organisation.id", "too-long")] == refused(lambda: load_instrument(document))


def test_a_rating_names_its_professional_by_an_id():
    assert [("$.professional", "id-format")] == refused(
        lambda: Rating("jobcoaching", "anna@zwolle.nl", "gm-utrecht", dt.date(2025, 1, 1), 3, 3, 3), InvalidRecord
    )


# Issue 11, item 11: Unicode at the boundary.


def test_text_enters_composed_so_nfd_and_nfc_are_the_same_instrument():
    typed_apart = an_instrument(name=f"{NFD_ORIENTATIE} op werk", aim=f"Je oefent {NFD_ORIENTATIE.lower()}.")

    assert an_instrument(name="Oriëntatie op werk", aim="Je oefent oriëntatie.") == typed_apart
    assert "Oriëntatie op werk" == typed_apart.name
    assert typed_apart == load_instrument(json.loads(json.dumps(dump_instrument(typed_apart))))


def test_a_label_typed_apart_finds_its_choice():
    assert Tile.ORIENTATIE is Tile.from_label(NFD_ORIENTATIE)
    assert Tile.ORIENTATIE is Tile.from_label(f"  {NFD_ORIENTATIE.upper()} ")


def test_a_key_sent_as_a_label_typed_apart_gets_the_suggestion():
    problems = validate_instrument(a_document(tiles=[NFD_ORIENTATIE])).errors

    assert [("$.tiles[0]", "unknown-choice")] == [(p.path, p.code) for p in problems]
    assert "orientatie" == problems[0].params["key"]


def test_direction_marks_that_reorder_nothing_are_fine():
    assert "Werk \u200f(عمل)" == an_instrument(name="Werk \u200f(عمل)").name


# Values exactly at a limit are accepted by every adapter and come back unchanged.


def _at_every_limit():
    return an_instrument(
        id="a" * ID_MAX_LENGTH,
        name="Ö" * SHORT_TEXT,
        aim="😀" * TEXT_MAX_LENGTH,
        total_costs=MAX_AMOUNT,
        total_duration_value=MAX_DURATION,
        total_duration_unit=DurationUnit.DAG,
        organisation=Organisation("o" * ID_MAX_LENGTH, "n" * SHORT_TEXT),
        provider=Provider("p" * ID_MAX_LENGTH, "Aanbieder"),
    )


@pytest.mark.parametrize("adapter", ["memory", "json", "sqlite", "postgresql"])
def test_values_at_every_limit_round_trip_through_every_adapter(adapter, tmp_path):
    instrument = _at_every_limit()
    engine = postgres_engine_or_skip() if adapter == "postgresql" else None
    if adapter == "memory":
        repository = MemoryRepository()
    elif adapter == "json":
        repository = JsonRepository(tmp_path / "catalogue.json")
    else:
        repository = SqlRepository(engine or f"sqlite:///{tmp_path / 'eva.db'}")
    try:
        add_catalogue(repository, [instrument], label="campaign")

        assert [instrument] == [s.instrument for s in repository.list()]
    finally:
        repository.close()
        if engine is not None:
            engine.dispose()


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_eva_validate_and_import_report_a_publish_without_stap_2_and_exit_1(suffix, tmp_path):
    from typer.testing import CliRunner

    from eva_core.cli._app import app
    from eva_core.tabular import write_csv

    draft = an_instrument(publish=False, tiles=[], client_characteristics=[])
    path = tmp_path / f"catalogue.{suffix}"
    if suffix == "json":
        document = dump_instrument(draft)
        document["publish"] = True
        path.write_text(json.dumps(document), encoding="utf-8")
    else:
        buffer = io.StringIO()
        write_csv([draft], buffer)
        header, row = csv.reader(io.StringIO(buffer.getvalue()))
        row[header.index("Publiceren")] = "ja"
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows([header, row])
    runner = CliRunner()

    validated = runner.invoke(app, ["validate", str(path), "--json"])
    imported = runner.invoke(app, ["import", str(path), "--naar", f"sqlite:///{tmp_path / 'eva.db'}"])

    assert (1, 1) == (validated.exit_code, imported.exit_code)
    codes = [e["code"] for e in json.loads(validated.stdout)["errors"]]
    assert ["required-to-publish", "required-to-publish"] == codes
    assert "Traceback" not in validated.output + imported.output
