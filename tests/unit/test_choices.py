import pytest

from eva_core import ClientCharacteristic, ExecutionForm, Tile
from eva_core.domain import ContactRole, DurationUnit, EvaError, GroupForm, IgmConcept, LocationType, NotAChoice

TILE_KEYS = [
    "melding",
    "diagnostiek",
    "orientatie",
    "maatschappelijk_fit",
    "werk_fit",
    "opleiden",
    "bemiddeling",
    "plaatsing",
    "nazorg",
]
LEAF_KEYS = [
    "beroepskeuze",
    "willen_en_geloof",
    "sociale_steun",
    "zelfregie",
    "psychosociaal",
    "lichamelijk",
    "praktisch",
    "basisvaardigheden",
    "sociale_culturele_vaardigheden",
    "basis_werknemersvaardigheden",
    "toekomstige_werknemersvaardigheden",
    "sollicitatievaardigheden",
    "diplomeren_certificeren",
    "werkervaring",
]


def test_tiles_are_the_nine_of_the_werklandschap_in_order():
    assert TILE_KEYS == [t.key for t in Tile]
    assert list(range(1, 10)) == [t.order for t in Tile]


def test_tile_labels_are_the_official_terms_with_the_slip_normalised():
    assert Tile.WERK_FIT.label == "Werk fit"
    assert Tile.ORIENTATIE.label == "Oriëntatie"
    assert Tile.BEMIDDELING.label == "Bemiddeling"  # Figure 2 says "Bemiddelingen"
    assert str(Tile.MAATSCHAPPELIJK_FIT) == "Maatschappelijk fit"


def test_tiles_know_the_handreikings_example_instruments():
    assert "Loonkostensubsidie (LKS)" in Tile.PLAATSING.examples
    assert "Speeddates" in Tile.BEMIDDELING.examples
    assert Tile.MELDING.examples == ()  # the handreiking names none for Melding
    assert all(t.description and t.subtitle for t in Tile)


def test_fourteen_leaves_with_the_agreed_keys():
    assert LEAF_KEYS == [c.key for c in ClientCharacteristic.all_leaves()]


def test_ten_numbered_characteristics_three_of_them_groups():
    top = ClientCharacteristic.top_level()

    assert [str(n) for n in range(1, 11)] == [c.number for c in top]
    assert ["aandachtspunten", "werknemersvaardigheden", "vakvaardigheden"] == [c.key for c in top if c.is_group]


@pytest.mark.parametrize(
    ("group", "children"),
    [
        ("aandachtspunten", ["psychosociaal", "lichamelijk", "praktisch"]),
        ("werknemersvaardigheden", ["basis_werknemersvaardigheden", "toekomstige_werknemersvaardigheden"]),
        ("vakvaardigheden", ["diplomeren_certificeren", "werkervaring"]),
    ],
)
def test_groups_and_their_children_navigate_both_ways(group, children):
    parent = ClientCharacteristic(group)

    assert children == [c.key for c in parent.children]
    assert all(c.parent is parent for c in parent.children)
    assert frozenset(parent.children) == parent.leaves


def test_numbering_follows_the_handreiking():
    assert ClientCharacteristic.PSYCHOSOCIAAL.number == "5.1"
    assert ClientCharacteristic.TOEKOMSTIGE_WERKNEMERSVAARDIGHEDEN.number == "8.2"
    assert ClientCharacteristic.WERKERVARING.number == "10.2"
    assert ClientCharacteristic.PSYCHOSOCIAAL.label == "Psychosociale aandachtspunten"  # not "Pychosociale"


def test_a_leaf_stands_for_itself():
    assert frozenset({ClientCharacteristic.ZELFREGIE}) == ClientCharacteristic.ZELFREGIE.leaves
    assert ClientCharacteristic.ZELFREGIE.parent is None
    assert ClientCharacteristic.ZELFREGIE.children == ()


def test_characteristics_link_to_the_models_of_the_appendix():
    assert IgmConcept.EIGEN_EFFECTIVITEIT in ClientCharacteristic.WILLEN_EN_GELOOF.igm
    assert IgmConcept.ZELFREGULERING in ClientCharacteristic.ZELFREGIE.igm
    assert all(c.igm for c in ClientCharacteristic)
    assert "VCA-cursus" in ClientCharacteristic.DIPLOMEREN_CERTIFICEREN.examples


def test_smaller_lists_have_the_formats_length_and_labels():
    assert 12 == len(ExecutionForm)
    assert ["(Bij)scholing", "(Vrijwilligers)werk"] == [f.label for f in list(ExecutionForm)[:2]]
    assert ["uur", "dag", "week", "maand"] == [u.key for u in DurationUnit]
    assert ["Adres", "Aanbieder", "Werkgever", "Gemeente", "Klant thuis"] == [t.label for t in LocationType]
    assert ["individueel", "groep"] == [g.key for g in GroupForm]
    assert ["intern", "extern"] == [r.key for r in ContactRole]


@pytest.mark.parametrize("text", ["werk_fit", "Werk fit", "  werk   FIT ", "WERK_FIT"])
def test_from_label_accepts_key_or_label_for_people_typing(text):
    assert Tile.WERK_FIT is Tile.from_label(text)


def test_from_label_rejects_what_is_not_on_the_list():
    with pytest.raises(ValueError, match="'Vliegen' staat niet in de lijst: geen tegel"):
        Tile.from_label("Vliegen")


@pytest.mark.parametrize("lookup", [Tile.from_label, Tile.from_key, GroupForm.from_key])
def test_a_text_off_the_list_is_an_eva_error_with_a_code(lookup):
    with pytest.raises(NotAChoice) as caught:
        lookup("Vliegen")

    assert "not-a-choice" == caught.value.code
    assert isinstance(caught.value, ValueError)  # as Enum's own lookups raise
    assert isinstance(caught.value, EvaError)
    assert "Vliegen" in str(caught.value)
