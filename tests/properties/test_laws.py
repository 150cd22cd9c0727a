"""Laws that hold for every instrument Hypothesis can think of."""

import datetime as dt
import json
import typing

import attrs
import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from eva_core import Instrument, InvalidInstrument, dump_catalogue, dump_instrument, load_catalogue, load_instrument
from eva_core.convert import converter, parse_json
from eva_core.domain import (
    Choice,
    ClientCharacteristic,
    ExecutionForm,
    GroupForm,
    LocationType,
    Tile,
    in_publication_window,
)
from eva_core.schema import catalogue_schema, instrument_schema
from eva_core.testing import broken_documents, instruments, publication_windows
from tests.helpers import an_instrument

days = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


@given(instruments())
def test_round_trip_json(instrument):
    assert instrument == load_instrument(parse_json(json.dumps(dump_instrument(instrument))))


@given(st.lists(instruments(), max_size=4, unique_by=lambda i: i.id))
def test_round_trip_catalogue(items):
    assert tuple(items) == load_catalogue(json.loads(json.dumps(dump_catalogue(items))))


@given(instruments())
def test_dump_is_deterministic(instrument):
    assert json.dumps(dump_instrument(instrument)) == json.dumps(
        dump_instrument(load_instrument(dump_instrument(instrument)))
    )


_validator = jsonschema.Draft202012Validator(instrument_schema(), format_checker=jsonschema.FormatChecker())


@given(instruments())
def test_dumped_instruments_match_the_generated_schema(instrument):
    _validator.validate(dump_instrument(instrument))


def test_schema_is_valid_and_rejects_what_the_loader_rejects():
    jsonschema.Draft202012Validator.check_schema(catalogue_schema())
    document = dump_instrument(an_instrument())
    document["summary"] = "x" * 501
    document["tiles"] = ["vliegen"]

    assert 2 == len(list(_validator.iter_errors(document)))


@given(broken_documents())
def test_every_fault_in_a_document_is_reported_at_once(case):
    document, faults = case
    try:
        load_instrument(document)
    except InvalidInstrument as error:
        reported = {(p.path, p.code) for p in error.problems}
    else:
        reported = set()

    assert {(f.path, f.code) for f in faults} <= reported


@given(days, publication_windows())
def test_publication_window_includes_both_ends(day, window):
    start, until = window
    instrument = an_instrument(publish_from=start, publish_until=until)

    expected = (start is None or start <= day) and (until is None or day <= until)
    assert expected == instrument.is_published(day) == in_publication_window(day, start, until)


@given(days)
def test_first_and_last_day_are_published_and_the_days_around_them_not(day):
    instrument = an_instrument(publish_from=day, publish_until=day + dt.timedelta(days=3))

    assert instrument.is_published(day)
    assert instrument.is_published(day + dt.timedelta(days=3))
    assert not instrument.is_published(day - dt.timedelta(days=1))
    assert not instrument.is_published(day + dt.timedelta(days=4))


@given(instruments(), days)
def test_only_complete_instruments_with_the_flag_are_published(instrument, day):
    if instrument.is_published(day):
        assert instrument.publish
        assert instrument.tiles
        assert instrument.client_characteristics


_CHOICE_KINDS = (Tile, ClientCharacteristic, ExecutionForm, GroupForm, LocationType)


def _written_by_the_general_road(value):
    """How a set is written without the shortcuts: sorted by `order` (choices) or by value, each item written."""
    first = next(iter(value), None)
    items = sorted(value, key=lambda m: m.order) if isinstance(first, Choice) else sorted(value)
    return [converter.unstructure(item) for item in items]


@given(st.sampled_from(_CHOICE_KINDS).flatmap(lambda kind: st.frozensets(st.sampled_from(list(kind)))), st.data())
def test_a_set_of_choices_is_written_as_the_general_road_writes_it_each_time(members, data):
    kind = type(next(iter(members))) if members else data.draw(st.sampled_from(_CHOICE_KINDS))
    first = converter.unstructure(members, frozenset[kind])
    first.append("changed by the caller")  # a kept list is copied, never handed out
    again = converter.unstructure(frozenset(list(members)), frozenset[kind])  # equal, another object
    assert again == _written_by_the_general_road(members)


@given(st.frozensets(st.text(max_size=5)))
def test_a_set_of_text_is_written_sorted(values):
    assert converter.unstructure(values, frozenset[str]) == _written_by_the_general_road(values)


_PLAIN_OPTIONAL = [name for name, hint in typing.get_type_hints(Instrument).items() if hint in (str | None, int | None)]


@given(instruments())
def test_an_instruments_sets_and_optional_text_are_written_as_the_general_road_writes_them(instrument):
    written = dump_instrument(instrument)
    for name, value in attrs.asdict(instrument, recurse=False).items():
        if isinstance(value, frozenset) and value:
            assert written[name] == _written_by_the_general_road(value), name
    for name in _PLAIN_OPTIONAL:  # written as it is, and left out at its default (None)
        assert written.get(name) == getattr(instrument, name), name
        assert (name in written) == (getattr(instrument, name) is not None), name
    assert written == dump_instrument(instrument)
