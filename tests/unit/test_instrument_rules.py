"""Every rule of the format, checked on a Python-built instrument, with its path, Dutch label and code."""

import datetime as dt
import pickle
from decimal import Decimal

import pytest

from eva_core import ClientCharacteristic, InvalidInstrument, Provider, Tile
from eva_core.domain import (
    RULES,
    Address,
    Contact,
    ContactPerson,
    ContactRole,
    District,
    DurationUnit,
    Instrument,
    InvalidField,
    InvalidRecord,
    Link,
    Severity,
    TargetGroup,
    fields_of,
)
from eva_core.domain._record import as_set, rebuild
from tests.helpers import ORGANISATION, an_instrument


def problems_of(**changes):
    with pytest.raises(InvalidInstrument) as caught:
        an_instrument(**changes)
    return [(p.path, p.label, p.code) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("id", "Id"),
        ("name", "Naam instrument"),
        ("summary", "Samenvatting"),
        ("aim", "Doel"),
        ("method", "Werkwijze"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_required_text_may_not_be_blank(field, label, blank):
    assert [(f"$.{field}", label, "required")] == problems_of(**{field: blank})


def test_at_least_one_execution_form():
    assert [("$.execution_forms", "Uitvoeringsvorm", "required")] == problems_of(execution_forms=[])


def test_summary_may_have_500_characters_not_501():
    an_instrument(summary="x" * 500)

    assert [("$.summary", "Samenvatting", "too-long")] == problems_of(summary="x" * 501)


@pytest.mark.parametrize(
    ("field", "label"),
    [("tiles", "Tegels werklandschap"), ("client_characteristics", "Klantkenmerken")],
)
def test_an_instrument_to_publish_needs_its_stap_2_links(field, label):
    assert [(f"$.{field}", label, "required-to-publish")] == problems_of(**{field: []})


def test_a_draft_may_lack_its_stap_2_links():
    draft = an_instrument(publish=False, tiles=[], client_characteristics=[])

    assert not draft.is_complete
    assert not draft.is_published(dt.date(2025, 1, 1))


def test_groups_are_not_linked_directly():
    problems = problems_of(client_characteristics=[ClientCharacteristic.VAKVAARDIGHEDEN])

    assert [("$.client_characteristics", "Klantkenmerken", "group-characteristic")] == problems


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("intensity_hours_per_week", -1, "Intensiteit"),
        ("total_costs", Decimal("-0.01"), "Totale kosten"),
    ],
)
def test_numbers_are_not_negative(field, value, label):
    assert [(f"$.{field}", label, "negative")] == problems_of(**{field: value})


def test_negative_duration():
    problems = problems_of(total_duration_value=-3, total_duration_unit=DurationUnit.WEEK)

    assert [("$.total_duration_value", "Totale duur", "negative")] == problems


def test_intensity_fits_in_a_week():
    an_instrument(intensity_hours_per_week=168)

    assert [("$.intensity_hours_per_week", "Intensiteit", "too-many-hours")] == problems_of(
        intensity_hours_per_week=169
    )


def test_duration_amount_and_unit_come_together():
    an_instrument(total_duration_value=12, total_duration_unit=DurationUnit.WEEK)

    assert [("$.total_duration_unit", "Totale duur (eenheid)", "duration-pair")] == problems_of(total_duration_value=12)
    assert [("$.total_duration_value", "Totale duur", "duration-pair")] == problems_of(
        total_duration_unit=DurationUnit.MAAND
    )


@pytest.mark.parametrize("amount", ["0", "12", "12.5", "12.50", "1250.00", "12.500"])
def test_costs_to_the_cent_are_fine(amount):
    assert an_instrument(total_costs=Decimal(amount)).total_costs == Decimal(amount)


@pytest.mark.parametrize("amount", ["12.345", "0.001", "NaN", "Infinity"])
def test_costs_beyond_the_cent_are_not(amount):
    [(path, label, code)] = problems_of(total_costs=Decimal(amount))

    assert ("$.total_costs", "Totale kosten") == (path, label)
    assert code in {"cents", "type"}


def test_publish_window_until_may_equal_from_but_not_precede_it():
    day = dt.date(2025, 3, 1)
    an_instrument(publish_from=day, publish_until=day)

    problems = problems_of(publish_from=day, publish_until=day - dt.timedelta(days=1))

    assert [("$.publish_until", "Publiceer tot en met", "publish-window")] == problems


@pytest.mark.parametrize(
    ("build", "path", "code"),
    [
        (lambda: ContactPerson("c", "Jan", email="jan.example.nl"), "$.email", "email"),
        (lambda: ContactPerson("c", "Jan", email="jan@example"), "$.email", "email"),
        (lambda: ContactPerson("c", "Jan", phone="12345"), "$.phone", "phone"),
        (lambda: Provider("p", "P", website="www.example.nl"), "$.website", "url"),
        (lambda: Provider("p", "P", website="ftp://example.nl/x"), "$.website", "url"),
        (lambda: Link(url="https://exa mple.nl"), "$.url", "url"),
        (lambda: Address("a", "Straat", "1", "0123 AB", "Utrecht"), "$.postcode", "postcode"),
        (lambda: District("d", "Oost", "0344"), "$.municipality", "municipality-code"),
        (lambda: TargetGroup("t", " "), "$.name", "required"),
    ],
)
def test_linked_records_check_their_own_values(build, path, code):
    with pytest.raises(InvalidRecord) as caught:
        build()

    assert [(path, code)] == [(p.path, p.code) for p in caught.value.problems]


@pytest.mark.parametrize(
    "phone", ["030 123 4567", "030-1234567", "+31 30 123 4567", "0800 1234", "14 030", "06-12345678"]
)
def test_dutch_and_international_phone_numbers_are_accepted(phone):
    assert ContactPerson("c", "Jan", phone=phone).phone == phone


def test_area_codes_are_cbs_codes():
    problems = problems_of(available_municipalities=["GM0344", "GM344"], available_regions=["AM1"])

    assert [
        ("$.available_regions", "Beschikbare regio's", "region-code"),
        ("$.available_municipalities", "Beschikbare gemeenten", "municipality-code"),
    ] == problems


def test_target_groups_belong_to_the_instruments_organisation():
    own = TargetGroup("jong", "Jongeren tot 27", organisation=ORGANISATION.id)
    shared = TargetGroup("50plus", "50-plussers")
    an_instrument(target_groups=[own, shared])

    problems = problems_of(target_groups=[TargetGroup("x", "Statushouders", organisation="gm-elders")])

    assert [("$.target_groups[0]", "Doelgroepen", "foreign-target-group")] == problems


def test_lists_do_not_name_an_item_twice():
    group = TargetGroup("jong", "Jongeren")
    person = ContactPerson("c", "Jan")

    problems = problems_of(
        target_groups=[group, group],
        contacts=[Contact(person, ContactRole.INTERN), Contact(person, ContactRole.INTERN)],
    )

    assert [
        ("$.contacts[1]", "Contactpersonen", "duplicate"),
        ("$.target_groups[1]", "Doelgroepen", "duplicate"),
    ] == problems  # in the order of the fields


def test_target_group_algemeen_is_a_warning_not_an_error():
    instrument = an_instrument(target_groups=[TargetGroup("alg", " Algemeen ")])

    [warning] = instrument.warnings()
    assert ("$.target_groups[0].name", "general-target-group", Severity.WARNING) == (
        warning.path,
        warning.code,
        warning.severity,
    )
    assert RULES["general-target-group"].severity is Severity.WARNING


def test_warnings_kept_from_construction_are_those_a_fresh_check_finds():
    instrument = an_instrument(target_groups=[TargetGroup("alg", " Algemeen ")])
    values = {f.name: getattr(instrument, f.name) for f in fields_of(Instrument)}
    fresh = tuple(p for p in Instrument.check(values) if p.severity is Severity.WARNING)

    assert fresh == instrument.warnings()
    assert fresh == rebuild(Instrument, values).warnings()  # not constructed: checked when asked
    assert fresh == pickle.loads(pickle.dumps(instrument)).warnings()
    assert () == an_instrument().warnings()


def test_records_share_equal_sets_and_nothing_else_shows_it():
    first = an_instrument()
    second = an_instrument(id="tweede", tiles=(Tile.NAZORG, Tile.PLAATSING))

    assert second.tiles is first.tiles  # one object per distinct set: less memory, index builds read few objects
    assert second.client_characteristics is first.client_characteristics
    assert first == an_instrument()
    assert hash(first) == hash(an_instrument())
    assert repr(first) == repr(an_instrument())
    assert as_set([1]) is not as_set([True])  # equal, but their items differ: such sets are not shared
    assert {type(item) for item in as_set([True])} == {bool}


def test_python_callers_get_type_problems_too():
    problems = problems_of(name=3, tiles=["werk_fit"], publish_from="2024-01-01")

    assert [
        ("$.name", "Naam instrument", "type"),
        ("$.publish_from", "Publiceer vanaf", "type"),
        ("$.tiles", "Tegels werklandschap", "type"),
    ] == sorted(problems)


def test_every_problem_is_reported_at_once():
    problems = problems_of(
        name="",
        summary="x" * 501,
        execution_forms=[],
        tiles=[],
        total_costs=Decimal("-1.005"),
        publish_from=dt.date(2025, 2, 1),
        publish_until=dt.date(2025, 1, 1),
    )

    assert {
        "$.name",
        "$.summary",
        "$.execution_forms",
        "$.tiles",
        "$.total_costs",
        "$.publish_until",
    } == {path for path, _, _ in problems}


def test_errors_carry_path_label_and_message_and_read_well():
    with pytest.raises(InvalidInstrument) as caught:
        an_instrument(summary="x" * 501)

    [field] = caught.value.exceptions
    assert isinstance(field, InvalidField)
    assert isinstance(field, ValueError)
    assert ("$.summary", "Samenvatting") == (field.path, field.label)
    assert {"limit": 500, "length": 501} == field.problem.params
    assert "mag hoogstens 500 tekens lang zijn, maar is er 501" == field.message
    assert "Samenvatting ($.summary): mag hoogstens 500 tekens lang zijn, maar is er 501" == str(field)


def test_evolve_checks_again():
    instrument = an_instrument()

    with pytest.raises(InvalidInstrument):
        instrument.evolve(name="")
    assert "Andere naam" == instrument.evolve(name="Andere naam").name


def test_every_rule_code_used_is_in_the_rule_table():
    assert all(rule.code == code for code, rule in RULES.items())
    assert {"required", "too-long", "publish-window", "general-target-group"} <= set(RULES)


def test_published_needs_flag_completeness_and_window():
    day = dt.date(2025, 6, 15)

    assert an_instrument().is_published(day)
    assert not an_instrument(publish=False).is_published(day)
    assert an_instrument(publish_from=day, publish_until=day).is_published(day)
    assert not an_instrument(publish_from=day + dt.timedelta(days=1)).is_published(day)
    assert not an_instrument(publish_until=day - dt.timedelta(days=1)).is_published(day)


def test_area_restriction():
    assert not an_instrument().has_area_restriction
    assert an_instrument(available_municipalities=["GM0344"]).has_area_restriction
    assert Tile.NAZORG in an_instrument().tiles


@pytest.mark.parametrize("text", ["Job\x00coaching", "Job\x1bcoaching", "Job\x7f"])
def test_texts_hold_no_control_characters(text):
    assert [("$.name", "Naam instrument", "control-character")] == problems_of(name=text)


def test_tabs_and_line_breaks_are_fine_in_texts():
    assert "Regel 1\nRegel 2\r\n\tklaar" == an_instrument(method="Regel 1\nRegel 2\r\n\tklaar").method
